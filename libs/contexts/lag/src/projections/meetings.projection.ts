import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { RecordedEvent } from '@hubline/event-store';
import type { Projection } from '@hubline/projections';
import type { MeetingEvent } from '../domain';

const STREAM_PREFIX = 'lag-meeting-';

/** Meetings, their agendas and the (sealed) notes of each case discussion. */
@Injectable()
export class MeetingsProjection implements Projection {
  readonly name = 'lag.meetings';
  readonly tables = ['lag.meetings', 'lag.agenda_items', 'lag.case_discussions'];
  readonly eventTypes = new Set([
    'MeetingScheduled',
    'MeetingRescheduled',
    'CaseAddedToAgenda',
    'MeetingAttendanceRecorded',
    'MeetingApologiesRecorded',
    'MeetingConfidentialityConfirmed',
    'CaseDiscussed',
    'ActionsCarriedForward',
    'MeetingClosed',
    'MeetingCancelled',
    'MeetingMinutesIssued',
  ]);

  async apply(recorded: RecordedEvent, m: EntityManager): Promise<void> {
    if (!recorded.streamId.startsWith(STREAM_PREFIX)) return;
    const event = { type: recorded.type, data: recorded.data } as MeetingEvent;
    if (event.type !== 'MeetingScheduled') {
      // The meeting's version moves to this event first: when it is there already, the event was
      // applied (a replay) and nothing below runs again, in particular no action carried twice.
      // TypeORM answers an UPDATE on PostgreSQL as [rows, affectedCount].
      const [, moved]: [unknown, number] = await m.query(
        'UPDATE lag.meetings SET version = $2 WHERE meeting_id = $1 AND version < $2',
        [event.data.meetingId, recorded.revision],
      );
      if (moved === 0) return;
    }
    switch (event.type) {
      case 'MeetingScheduled': {
        const d = event.data;
        await m.query(
          `INSERT INTO lag.meetings (meeting_id, partnership_id, locality_id, starts_at, cut_off_at, status, urgent_referral_id, version)
           VALUES ($1, $2, $3, $4, $5, 'scheduled', $6, $7) ON CONFLICT (meeting_id) DO NOTHING`,
          [
            d.meetingId,
            d.partnershipId,
            d.localityId,
            d.startsAt,
            d.cutOffAt,
            d.urgent?.referralId ?? null,
            recorded.revision,
          ],
        );
        break;
      }
      case 'MeetingRescheduled':
        await m.query('UPDATE lag.meetings SET starts_at = $2, cut_off_at = $3 WHERE meeting_id = $1', [
          event.data.meetingId,
          event.data.startsAt,
          event.data.cutOffAt,
        ]);
        break;
      case 'CaseAddedToAgenda': {
        const d = event.data;
        await m.query(
          `INSERT INTO lag.agenda_items (meeting_id, referral_id, partnership_id, item, band, position)
           VALUES ($1, $2, $3, $4, $5, (SELECT count(*) FROM lag.agenda_items WHERE meeting_id = $1)) ON CONFLICT DO NOTHING`,
          [d.meetingId, d.referralId, d.partnershipId, d.item, d.band],
        );
        break;
      }
      case 'MeetingAttendanceRecorded':
      case 'MeetingApologiesRecorded': {
        const d = event.data;
        const entry = { agencyId: d.agencyId, userId: d.userId, present: event.type === 'MeetingAttendanceRecorded' };
        await m.query('UPDATE lag.meetings SET attendance = attendance || $2::jsonb WHERE meeting_id = $1', [
          d.meetingId,
          JSON.stringify({ [`${d.agencyId}/${d.userId ?? ''}`]: entry }),
        ]);
        break;
      }
      case 'MeetingConfidentialityConfirmed':
        await m.query(
          `UPDATE lag.meetings SET status = 'in_session', confidentiality_confirmed_at = $2 WHERE meeting_id = $1`,
          [event.data.meetingId, event.data.confirmedAt],
        );
        break;
      case 'CaseDiscussed': {
        const d = event.data;
        await m.query(
          `INSERT INTO lag.case_discussions (event_id, meeting_id, referral_id, partnership_id, notes, decisions, recorded_at)
           VALUES ($1, $2, $3, $4, $5, $6, $7) ON CONFLICT DO NOTHING`,
          [recorded.id, d.meetingId, d.referralId, d.partnershipId, JSON.stringify(d.notes), d.decisions, d.recordedAt],
        );
        await m.query('UPDATE lag.agenda_items SET discussed = true WHERE meeting_id = $1 AND referral_id = $2', [
          d.meetingId,
          d.referralId,
        ]);
        break;
      }
      case 'ActionsCarriedForward': {
        const d = event.data;
        await m.query(
          'UPDATE lag.agenda_items SET carried_action_ids = carried_action_ids || $3::uuid[] WHERE meeting_id = $1 AND referral_id = $2',
          [d.meetingId, d.referralId, d.actionIds],
        );
        break;
      }
      case 'MeetingClosed':
        await m.query(`UPDATE lag.meetings SET status = 'closed', closed_at = $2 WHERE meeting_id = $1`, [
          event.data.meetingId,
          event.data.closedAt,
        ]);
        break;
      case 'MeetingCancelled':
        await m.query(
          `UPDATE lag.meetings SET status = 'cancelled', cancelled_at = $2, cancellation_reason = $3 WHERE meeting_id = $1`,
          [event.data.meetingId, event.data.cancelledAt, event.data.reason],
        );
        break;
      case 'MeetingMinutesIssued':
        // Read from the meeting's stream by the minutes; here only the version moves.
        break;
      default: {
        const unexpected: never = event;
        return unexpected;
      }
    }
  }

  async reset(m: EntityManager): Promise<void> {
    await m.query('TRUNCATE lag.meetings, lag.agenda_items, lag.case_discussions');
  }
}
