import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { stableId, type RecordedEvent } from '@hubline/event-store';
import type { Reaction, Reactor } from '@hubline/projections';
import {
  EXPLANATION_EVENT_TYPES,
  REPORT_EVENT_TYPES,
  decideVictim,
  evolveVictim,
  initialVictimState,
  victimStream,
  type VictimEvent,
  type VictimState,
} from '../domain';

/**
 * The second-report duty (decision 0023): a reactor (0016) that follows every victim's reports in
 * the order of the global log and, when a report makes a second distinct incident within six
 * months, appends CaseReviewExplanationDue to the victim's stream; when a link or a withdrawal
 * means an explanation still owed no longer holds, it appends CaseReviewExplanationWithdrawn. Its state, each victim's
 * reports and duties, is its own table, moved with its checkpoint; one instance runs at a time and
 * it reads the log in order, so two reports recorded at the same moment by two agencies are still
 * judged one after the other and the duty arises once. The duty's id derives from the event that
 * caused it, so a replay appends nothing new (the store takes the same id on the same stream as
 * already appended).
 */
@Injectable()
export class ExplanationDutyReactor implements Reactor {
  readonly name = 'asb-reports.explanation-duty';
  readonly eventTypes: ReadonlySet<string> = new Set([...REPORT_EVENT_TYPES, ...EXPLANATION_EVENT_TYPES]);

  async react(recorded: RecordedEvent, m: EntityManager): Promise<Reaction[]> {
    const event = { type: recorded.type, data: recorded.data } as VictimEvent;
    const victimPersonId = event.data.victimPersonId;
    if (!victimPersonId) return [];
    const partnershipId = event.data.partnershipId;
    const [row]: Array<{ state: VictimState }> = await m.query(
      'SELECT state FROM asb_reports.victim_duty_state WHERE victim_person_id = $1',
      [victimPersonId],
    );
    let state = evolveVictim(row?.state ?? initialVictimState, event);
    const reactions: Reaction[] = [];
    // A report newly counted as an incident of its own: recorded, or unlinked from another's incident.
    if (event.type === 'AsbReportRecorded' || event.type === 'AsbReportUnlinkedFromIncident') {
      const due = decideVictim(
        {
          type: 'ConsiderExplanationDuty',
          partnershipId,
          victimPersonId,
          reportId: event.data.reportId,
          dutyId: stableId(recorded.id, 'case-review-explanation-due'),
          now: recorded.recordedAt,
        },
        state,
      );
      for (const e of due) {
        state = evolveVictim(state, e);
        reactions.push({
          stream: victimStream(victimPersonId),
          id: e.data.dutyId,
          type: e.type,
          data: e.data,
          expected: 'any',
        });
      }
    }
    // A report now counted with another's incident, or no longer counted: duties still owed may no longer hold.
    if (event.type === 'AsbReportLinkedToIncident' || event.type === 'AsbReportWithdrawn') {
      const withdrawn = decideVictim(
        {
          type: 'ReviewExplanationDuties',
          partnershipId,
          victimPersonId,
          becauseOfReportId: event.data.reportId,
          reason: event.type === 'AsbReportWithdrawn' ? 'report_withdrawn' : 'reports_linked_as_one_incident',
          now: recorded.recordedAt,
        },
        state,
      );
      for (const e of withdrawn) {
        state = evolveVictim(state, e);
        reactions.push({
          stream: victimStream(victimPersonId),
          id: stableId(recorded.id, 'case-review-explanation-withdrawn', e.data.dutyId),
          type: e.type,
          data: e.data,
          expected: 'any',
        });
      }
    }
    await m.query(
      `INSERT INTO asb_reports.victim_duty_state (victim_person_id, partnership_id, state) VALUES ($1, $2, $3)
       ON CONFLICT (victim_person_id) DO UPDATE SET state = EXCLUDED.state`,
      [victimPersonId, partnershipId, JSON.stringify(state)],
    );
    return reactions;
  }

  async reset(m: EntityManager): Promise<void> {
    await m.query('TRUNCATE asb_reports.victim_duty_state');
  }
}
