import { Inject, Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { EVENT_STORE, type EventStore } from '@hubline/event-store';
import { stopIfClientGone } from '@hubline/http';
import type { Actor } from '../roles';
import type { Purpose } from './purpose';

/** What kind of read it was, e.g. `person_profile`, `person_search`, `victim_timeline`. */
export type ConsultedView = string;

export const consultationStream = (id: string) => `consultation-${id}`;

/**
 * The consultation log (DPA 2018 s.62): every read of personal data is recorded as an event
 * (tamper-evident like every event) before the data is returned, with who, for which agency,
 * when, what was viewed and why. It holds ids and codes, never the data itself. A read whose
 * client has gone is stopped instead (ClientGoneError): nobody will see the data, so nobody consulted it.
 */
@Injectable()
export class ConsultationLog {
  constructor(@Inject(EVENT_STORE) private readonly store: EventStore) {}

  async record(
    actor: Actor,
    entry: { personIds: string[]; view: ConsultedView; purpose: Purpose; correlationId?: string },
  ): Promise<void> {
    const personIds = [...new Set(entry.personIds)];
    if (personIds.length === 0) return;
    stopIfClientGone();
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
