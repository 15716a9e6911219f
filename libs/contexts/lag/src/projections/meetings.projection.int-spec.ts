import { randomUUID } from 'node:crypto';
import type { DataSource } from 'typeorm';
import type { RecordedEvent } from '@hubline/event-store';
import {
  applyOneByOne,
  expectReplaysChangeNothing,
  recordedInOrder,
  snapshotTables,
} from '../../../../../test/support/set-apply';
import { LAG_MIGRATIONS } from '../index';
import { MeetingsProjection } from './meetings.projection';
import { openProjectionDatabase } from '../../../../../test/support/log-database';

const SEALED = { v: 1, iv: 'iv', ct: 'ct', tag: 'tag' };
const at = (day: number, hour = 9) => new Date(Date.UTC(2026, 10, day, hour)).toISOString();

/**
 * The meetings read model replayed: an event applied again (after a crash before its checkpoint,
 * twice, or on its own after later ones) must not carry an action forward twice, nor take a
 * meeting back to an earlier time or state.
 */
describe('lag meetings projection replayed', () => {
  let db: DataSource;
  const projection = new MeetingsProjection();
  const partnershipId = randomUUID();
  const police = randomUUID();
  const chair = randomUUID();
  let log: RecordedEvent[];

  beforeAll(async () => {
    db = await openProjectionDatabase('lag_meetings_replay', LAG_MIGRATIONS);

    const events: Array<Pick<RecordedEvent, 'streamId' | 'type' | 'data'>> = [];
    for (let i = 0; i < 3; i++) {
      const meetingId = randomUUID();
      const streamId = `lag-meeting-${meetingId}`;
      const on = (type: string, data: Record<string, unknown>) =>
        events.push({ streamId, type, data: { meetingId, partnershipId, ...data } as never });
      on('MeetingScheduled', {
        localityId: randomUUID(),
        startsAt: at(10 + i),
        cutOffDays: 3,
        cutOffAt: at(7 + i),
        urgent: null,
        scheduledByUserId: chair,
        scheduledAt: at(1),
      });
      on('MeetingRescheduled', {
        previousStartsAt: at(10 + i),
        startsAt: at(12 + i),
        cutOffAt: at(9 + i),
        reason: 'chair_unavailable',
        rescheduledByUserId: chair,
        rescheduledAt: at(2),
      });
      const referrals = [randomUUID(), randomUUID()];
      for (const referralId of referrals)
        on('CaseAddedToAgenda', {
          referralId,
          item: 'review',
          band: 'high',
          addedByUserId: chair,
          addedAt: at(3),
        });
      on('MeetingAttendanceRecorded', { agencyId: police, userId: null, recordedAt: at(12 + i) });
      on('MeetingConfidentialityConfirmed', { chairUserId: chair, confirmedAt: at(12 + i, 10) });
      on('CaseDiscussed', {
        referralId: referrals[0],
        notes: SEALED,
        decisions: ['actions_agreed'],
        recordedByUserId: chair,
        recordedAt: at(12 + i, 11),
      });
      on('ActionsCarriedForward', {
        referralId: referrals[0],
        actionIds: [randomUUID(), randomUUID()],
        recordedByUserId: chair,
        recordedAt: at(12 + i, 11),
      });
      if (i === 2) {
        on('MeetingCancelled', { reason: 'not_quorate', cancelledByUserId: chair, cancelledAt: at(12 + i, 12) });
        continue;
      }
      on('MeetingClosed', { notDiscussedReferralIds: [referrals[1]], closedByUserId: chair, closedAt: at(12 + i, 12) });
      on('MeetingMinutesIssued', { recipients: [], cases: [], issuedByUserId: chair, issuedAt: at(13 + i) });
    }
    log = recordedInOrder(events);
  });
  afterAll(async () => {
    await db?.destroy();
  });

  it('carries each action forward once, however the batches are replayed', async () => {
    const oneByOne = await applyOneByOne(db, projection, log);
    const carried: Array<{ n: number }> = await db.query(
      'SELECT cardinality(carried_action_ids) AS n FROM lag.agenda_items WHERE discussed',
    );
    expect(carried).toEqual([{ n: 2 }, { n: 2 }, { n: 2 }]);
    await expectReplaysChangeNothing(db, projection, log, oneByOne, [1, 4, 7]);
  });

  it('an event replayed on its own after later ones changes nothing', async () => {
    const committed = await applyOneByOne(db, projection, log);
    for (const event of log) await db.transaction((m) => projection.apply(event, m));
    expect(await snapshotTables(db, projection.tables)).toEqual(committed);
  });
});
