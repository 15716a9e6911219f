import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { RecordedEvent } from '@hubline/event-store';
import type { Projection } from '@hubline/projections';
import type { UserEvent } from '../domain/user';

@Injectable()
export class UsersProjection implements Projection {
  readonly name = 'identity.users';
  readonly tables = ['identity.users'];
  readonly eventTypes = new Set(['UserRegistered', 'UserRolesChanged', 'UserDeactivated', 'UserReactivated']);

  async apply(recorded: RecordedEvent, m: EntityManager): Promise<void> {
    const event = { type: recorded.type, data: recorded.data } as UserEvent;
    switch (event.type) {
      case 'UserRegistered':
        await m.query(
          `INSERT INTO identity.users (user_id, partnership_id, subject, display_name, agency_id, roles, active, version, registered_at)
           VALUES ($1, $2, $3, $4, $5, $6, true, $7, $8) ON CONFLICT (user_id) DO NOTHING`,
          [
            event.data.userId,
            event.data.partnershipId,
            event.data.subject,
            event.data.displayName,
            event.data.agencyId,
            event.data.roles,
            recorded.revision,
            event.data.registeredAt,
          ],
        );
        return;
      case 'UserRolesChanged':
        await m.query('UPDATE identity.users SET roles = $2, version = $3 WHERE user_id = $1', [
          event.data.userId,
          event.data.roles,
          recorded.revision,
        ]);
        return;
      case 'UserDeactivated':
        await m.query('UPDATE identity.users SET active = false, version = $2 WHERE user_id = $1', [
          event.data.userId,
          recorded.revision,
        ]);
        return;
      case 'UserReactivated':
        await m.query('UPDATE identity.users SET active = true, version = $2 WHERE user_id = $1', [
          event.data.userId,
          recorded.revision,
        ]);
        return;
    }
  }

  async reset(m: EntityManager): Promise<void> {
    await m.query('TRUNCATE identity.users');
  }
}
