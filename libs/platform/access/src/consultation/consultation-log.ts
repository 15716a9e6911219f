import { Inject, Injectable } from '@nestjs/common';
import { AsyncLocalStorage } from 'node:async_hooks';
import { randomUUID } from 'node:crypto';
import { EVENT_STORE, type EventStore, type NewEvent } from '@hubline/event-store';
import { stopIfClientGone } from '@hubline/http';
import type { DataCategory } from '../policy/data-categories';
import type { Actor } from '../roles';
import type { Purpose } from './purpose';

/** What kind of read it was, e.g. `person_profile`, `person_search`, `victim_timeline`. */
export type ConsultedView = string;
/** A person shown locked: that they exist, and which agencies are involved; no personal data. */
export const LOCKED_VIEW = 'locked_view';
/** A person a search matched but withheld from the caller (0019): nothing about them was shown. */
export const LOCKED_SEARCH_RESULT = 'locked_search_result';

export const consultationStream = (id: string) => `consultation-${id}`;

/**
 * The consultation log (DPA 2018 s.62): every read of personal data is recorded as an event
 * (tamper-evident like every event) before the data is returned, with who, for which agency,
 * when, what was viewed (which people, and which data categories of each) and why. Locked views
 * and withheld search results are recorded too, with no categories, so the auditor sees who looked
 * for whom. It holds ids and codes, never the data itself.
 * A read whose client has gone is stopped instead (ClientGoneError): nobody will see the data, so
 * nobody consulted it.
 */
@Injectable()
export class ConsultationLog {
  /** The consultations a read in `inOneAppend` has recorded so far, appended when it ends. */
  private readonly held = new AsyncLocalStorage<Array<{ streamId: string; event: NewEvent }>>();

  constructor(@Inject(EVENT_STORE) private readonly store: EventStore) {}

  /**
   * Runs a read that records several consultations (the people shown, those shown locked, a case's
   * narrative subjects) and appends them all at its end, in one round trip: the store sends appends
   * made together as one batch. What `work` returns must be returned only through this method,
   * which resolves once every consultation is stored: nothing is shown unrecorded. If `work` fails,
   * nothing was shown and nothing is recorded.
   */
  async inOneAppend<T>(work: () => Promise<T>): Promise<T> {
    const held: Array<{ streamId: string; event: NewEvent }> = [];
    const result = await this.held.run(held, work);
    if (held.length) {
      stopIfClientGone();
      await Promise.all(held.map(({ streamId, event }) => this.store.append(streamId, [event], 'no_stream')));
    }
    return result;
  }

  async record(
    actor: Actor,
    entry: {
      personIds: string[];
      view: ConsultedView;
      purpose: Purpose;
      correlationId?: string;
      /** The categories shown of each person; a person left out showed none. */
      categories?: ReadonlyMap<string, readonly DataCategory[]>;
    },
  ): Promise<void> {
    const personIds = [...new Set(entry.personIds)];
    if (personIds.length === 0) return;
    stopIfClientGone();
    const categoriesShown = entry.categories
      ? Object.fromEntries(personIds.map((p) => [p, [...(entry.categories!.get(p) ?? [])]]))
      : undefined;
    const id = randomUUID();
    const event: NewEvent = {
      id,
      type: 'PersonalDataConsulted',
      data: {
        consultationId: id,
        partnershipId: actor.partnershipId,
        userId: actor.userId,
        agencyId: actor.agencyId,
        personIds,
        view: entry.view,
        purpose: entry.purpose,
        ...(categoriesShown ? { categoriesShown } : {}),
        consultedAt: new Date().toISOString(),
      },
      metadata: {
        userId: actor.userId,
        agencyId: actor.agencyId,
        ...(entry.correlationId ? { correlationId: entry.correlationId } : {}),
      },
    };
    const held = this.held.getStore();
    if (held) held.push({ streamId: consultationStream(id), event });
    else await this.store.append(consultationStream(id), [event], 'no_stream');
  }
}
