import { Inject, Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { EVENT_STORE, type EventStore } from '@hubline/event-store';
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
  constructor(@Inject(EVENT_STORE) private readonly store: EventStore) {}

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
    await this.store.append(
      consultationStream(id),
      [
        {
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
        },
      ],
      'no_stream',
    );
  }
}
