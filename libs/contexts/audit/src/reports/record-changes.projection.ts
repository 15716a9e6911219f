import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { RecordedEvent } from '@hubline/event-store';
import type { Projection } from '@hubline/projections';

/**
 * The events the people and retention contexts publish about records themselves, as stored
 * contracts (their names and meanings never change). The audit context reads them from the log
 * and keeps its own copy of the fields it reports: it imports neither context.
 */
type CaseRef = { type: string; id: string };
type RecordEvent =
  | {
      type: 'PersonForgotten';
      data: {
        personId: string;
        partnershipId: string;
        forgottenAt: string;
        forgottenBy: string;
        legalGround: string;
        reason: string;
        openCases?: CaseRef[];
      };
    }
  | {
      type: 'PeopleMerged';
      data: { partnershipId: string; survivorId: string; mergedId: string; mergedAt: string; reason: string };
    }
  | {
      type: 'LegalHoldPlaced';
      data: { partnershipId: string; personId: string; reason: string; placedBy: string; placedAt: string };
    }
  | {
      type: 'LegalHoldReleased';
      data: { partnershipId: string; personId: string; reason: string; releasedBy: string; releasedAt: string };
    }
  | {
      type: 'RetentionSweepCompleted';
      data: {
        sweepId: string;
        partnershipId: string;
        asOf: string;
        forgottenPersonIds: string[];
        heldPersonIds: string[];
        failedPersonIds: string[];
        sweptBy: string;
        completedAt: string;
      };
    };

export const RECORD_CHANGE_EVENT_TYPES = [
  'PersonForgotten',
  'PeopleMerged',
  'LegalHoldPlaced',
  'LegalHoldReleased',
  'RetentionSweepCompleted',
] as const;

/** The ground a retention sweep forgets on; a sweep's erasures name the sweep as their cause. */
const RETENTION_GROUND = 'retention_period_expired';

type Row = {
  personId: string;
  partnershipId: string;
  action: 'forgotten' | 'merged_into' | 'merged_from' | 'hold_placed' | 'hold_released' | 'included_in_sweep';
  at: string;
  by: string | null;
  legalGround?: string;
  reason?: string;
  otherPersonId?: string;
  sweepId?: string;
  sweepOutcome?: 'forgotten' | 'held' | 'failed';
  manual?: boolean;
  openCases?: CaseRef[];
};

function rowsOf(event: RecordEvent, recorded: RecordedEvent): Row[] {
  switch (event.type) {
    case 'PersonForgotten': {
      const d = event.data;
      const sweepId =
        d.legalGround === RETENTION_GROUND && recorded.metadata.causationId ? recorded.metadata.causationId : undefined;
      return [
        {
          personId: d.personId,
          partnershipId: d.partnershipId,
          action: 'forgotten',
          at: d.forgottenAt,
          by: d.forgottenBy,
          legalGround: d.legalGround,
          reason: d.reason,
          manual: sweepId === undefined,
          ...(sweepId ? { sweepId } : {}),
          openCases: d.openCases ?? [],
        },
      ];
    }
    case 'PeopleMerged': {
      const d = event.data;
      const common = {
        partnershipId: d.partnershipId,
        at: d.mergedAt,
        by: recorded.metadata.userId ?? null,
        reason: d.reason,
      };
      return [
        { ...common, personId: d.mergedId, action: 'merged_into', otherPersonId: d.survivorId },
        { ...common, personId: d.survivorId, action: 'merged_from', otherPersonId: d.mergedId },
      ];
    }
    case 'LegalHoldPlaced': {
      const d = event.data;
      const { personId, partnershipId, reason } = d;
      return [{ personId, partnershipId, action: 'hold_placed', at: d.placedAt, by: d.placedBy, reason }];
    }
    case 'LegalHoldReleased': {
      const d = event.data;
      const { personId, partnershipId, reason } = d;
      return [{ personId, partnershipId, action: 'hold_released', at: d.releasedAt, by: d.releasedBy, reason }];
    }
    case 'RetentionSweepCompleted': {
      const d = event.data;
      const line = (personId: string, sweepOutcome: 'forgotten' | 'held' | 'failed'): Row => ({
        personId,
        partnershipId: d.partnershipId,
        action: 'included_in_sweep',
        at: d.completedAt,
        by: d.sweptBy,
        sweepId: d.sweepId,
        sweepOutcome,
        reason: `Retention sweep as of ${d.asOf}`,
      });
      return [
        ...d.forgottenPersonIds.map((id) => line(id, 'forgotten')),
        ...d.heldPersonIds.map((id) => line(id, 'held')),
        ...d.failedPersonIds.map((id) => line(id, 'failed')),
      ];
    }
    default: {
      const unexpected: never = event;
      return unexpected;
    }
  }
}

/**
 * audit.record_changes: every erasure, merge, legal hold and sweep, per person, for the person's
 * trail and the exceptions report (DPA 2018 s.62: who did what to whose record, when, on what ground).
 */
@Injectable()
export class RecordChangesProjection implements Projection {
  readonly name = 'audit.record-changes';
  readonly tables = ['audit.record_changes'];
  readonly eventTypes: ReadonlySet<string> = new Set(RECORD_CHANGE_EVENT_TYPES);

  async apply(recorded: RecordedEvent, m: EntityManager): Promise<void> {
    const event = { type: recorded.type, data: recorded.data } as RecordEvent;
    for (const r of rowsOf(event, recorded)) {
      await m.query(
        `INSERT INTO audit.record_changes (event_id, person_id, partnership_id, action, at, by_user_id, legal_ground, reason,
                                           other_person_id, sweep_id, sweep_outcome, manual, open_cases)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13) ON CONFLICT DO NOTHING`,
        [
          recorded.id,
          r.personId,
          r.partnershipId,
          r.action,
          r.at,
          r.by,
          r.legalGround ?? null,
          r.reason ?? null,
          r.otherPersonId ?? null,
          r.sweepId ?? null,
          r.sweepOutcome ?? null,
          r.manual ?? null,
          JSON.stringify(r.openCases ?? []),
        ],
      );
    }
  }

  async reset(m: EntityManager): Promise<void> {
    await m.query('TRUNCATE audit.record_changes');
  }
}
