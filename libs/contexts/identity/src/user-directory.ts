import { Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { DirectoryPlatformAdmin, DirectoryUser, Role, UserDirectory } from '@hubline/access';
import { EVENT_STORE, loadState, type EventStore } from '@hubline/event-store';
import { evolve, initialState, userStream } from './domain/user';

interface UserRow {
  user_id: string;
  subject: string;
  display_name: string;
  partnership_id: string;
  agency_id: string;
  roles: Role[];
  active: boolean;
  version: string;
  registered_at: Date;
}

export interface UserView extends DirectoryUser {
  version: number;
  registeredAt: string;
}

const toView = (r: UserRow): UserView => ({
  userId: r.user_id,
  subject: r.subject,
  displayName: r.display_name,
  partnershipId: r.partnership_id,
  agencyId: r.agency_id,
  roles: r.roles,
  active: r.active,
  version: Number(r.version),
  registeredAt: r.registered_at.toISOString(),
});

interface PlatformAdminRow {
  platform_admin_id: string;
  subject: string;
  display_name: string;
  active: boolean;
}

/** Users kept in memory by subject; the oldest is dropped beyond this (a partnership's officers fit many times over). */
const CACHED_USERS = 10_000;

/** The users read model (and the platform administrators'); also the directory the authentication guard asks. */
@Injectable()
export class Users implements UserDirectory {
  /** Read-model rows by subject, each true as of its `version` (the user stream's revision it applied). */
  private readonly bySubject = new Map<string, UserView>();

  constructor(
    private readonly db: DataSource,
    @Inject(EVENT_STORE) private readonly store: EventStore,
  ) {}

  /**
   * Who a token's subject is, for authentication. The read model lags the log by a moment, so the
   * user's stream head is checked too: a user deactivated (or whose roles were narrowed) is
   * refused from the moment the event is appended, in every process, not once the projection
   * has caught up (decision 0006).
   *
   * That check is also what lets the row be kept in memory: every change to a user is an event on
   * their stream, so a row read at version V is true while the stream's revision is V. A known
   * subject costs one indexed read of the stream head (decision 0032); a deactivation, a change of
   * roles or of subject is seen on the next request, in every process.
   */
  async findBySubject(subject: string): Promise<UserView | DirectoryPlatformAdmin | null> {
    const cached = this.bySubject.get(subject);
    if (cached) {
      const revision = await this.store.streamRevision(userStream(cached.userId));
      if (revision <= cached.version) return cached;
      this.bySubject.delete(subject);
    }
    const user = await this.userBySubject(subject);
    if (!user) return await this.platformAdminBySubject(subject);
    return this.asStreamSaysNow(user);
  }

  private remember(user: UserView): void {
    this.bySubject.delete(user.subject);
    if (this.bySubject.size >= CACHED_USERS) this.bySubject.delete(this.bySubject.keys().next().value!);
    this.bySubject.set(user.subject, user);
  }

  private async asStreamSaysNow(user: UserView): Promise<UserView> {
    const stream = userStream(user.userId);
    if ((await this.store.streamRevision(stream)) <= user.version) {
      this.remember(user);
      return user;
    }
    const { state, version } = await loadState(this.store, stream, { initialState, evolve });
    if (state.status === 'none') return user;
    return { ...user, active: state.status === 'active', roles: state.roles, version };
  }

  async userBySubject(subject: string): Promise<UserView | null> {
    const [row]: UserRow[] = await this.db.query('SELECT * FROM identity.users WHERE subject = $1', [subject]);
    return row ? toView(row) : null;
  }

  async platformAdminBySubject(subject: string): Promise<DirectoryPlatformAdmin | null> {
    const [row]: PlatformAdminRow[] = await this.db.query(
      'SELECT platform_admin_id, subject, display_name, active FROM identity.platform_admins WHERE subject = $1',
      [subject],
    );
    return row
      ? {
          platformAdminId: row.platform_admin_id,
          subject: row.subject,
          displayName: row.display_name,
          active: row.active,
        }
      : null;
  }

  async get(partnershipId: string, userId: string): Promise<UserView | null> {
    const [row]: UserRow[] = await this.db.query(
      'SELECT * FROM identity.users WHERE partnership_id = $1 AND user_id = $2',
      [partnershipId, userId],
    );
    return row ? toView(row) : null;
  }

  async list(partnershipId: string): Promise<UserView[]> {
    const rows: UserRow[] = await this.db.query(
      'SELECT * FROM identity.users WHERE partnership_id = $1 ORDER BY display_name, user_id',
      [partnershipId],
    );
    return rows.map(toView);
  }
}
