import { randomUUID } from 'node:crypto';
import type { DataSource } from 'typeorm';
import type { RecordedEvent } from '@hubline/event-store';
import { sendWrites, type Writes } from '@hubline/projections';
import {
  applyInBatches,
  applyOneByOne,
  inBatches,
  recordedInOrder,
  snapshotTables,
} from '../../../../../test/support/set-apply';
import { statementsThrough } from '../../../../../test/support/statements';
import { LAG_MIGRATIONS } from '../index';
import { ReferralsProjection } from './referrals.projection';
import { openProjectionDatabase } from '../../../../../test/support/log-database';

const SEALED = { v: 1, iv: 'iv', ct: 'ct', tag: 'tag' };
const at = (day: number) => new Date(Date.UTC(2026, 10, day, 9)).toISOString();

/**
 * The referrals read model replayed: a batch applied again (after a crash before its checkpoint,
 * or twice) must not count a review twice nor repeat a line of a case's history.
 */
describe('lag referrals projection replayed', () => {
  let db: DataSource;
  const projection = new ReferralsProjection();
  const partnershipId = randomUUID();
  const police = randomUUID();
  const council = randomUUID();
  let log: RecordedEvent[];
  /** The same events with the referrals' streams interleaved, each stream still in its order. */
  let interleaved: RecordedEvent[];

  beforeAll(async () => {
    db = await openProjectionDatabase('lag_referrals_sets', LAG_MIGRATIONS);

    const events: Array<Pick<RecordedEvent, 'streamId' | 'type' | 'data'>> = [];
    for (let i = 0; i < 6; i++) {
      const referralId = randomUUID();
      const streamId = `lag-referral-${referralId}`;
      const on = (type: string, data: Record<string, unknown>) =>
        events.push({ streamId, type, data: { referralId, partnershipId, ...data } as never });
      const risk = (band: string) => ({
        matrixId: 'm',
        matrixVersion: 1,
        answers: {},
        score: 20,
        scoredBand: band,
        band,
        judgement: null,
      });
      on('VictimReferred', {
        localityId: randomUUID(),
        wardId: null,
        category: 'asb',
        protectedCharacteristics: [],
        vulnerabilities: ['socially_isolated'],
        victimIds: [randomUUID()],
        perpetratorIds: [randomUUID()],
        referringAgencyId: police,
        riskAssessment: risk('standard'),
        repeat: false,
        repeatVictimIds: [],
        incidentSummary: SEALED,
        multiAgencyReason: SEALED,
        referredAt: at(1),
      });
      on('CaseInvolvementChanged', {
        caseId: referralId,
        caseType: 'lag_referral',
        personIds: [],
        agencyIds: [police, council],
        open: true,
      });
      if (i === 5) {
        // Reassessed before a decision (no review date to move yet), then declined.
        on('RiskReassessed', {
          assessedAt: at(2),
          previousBand: 'standard',
          riskAssessment: risk('medium'),
          nextReviewDate: '2026-11-30',
        });
        on('ReferralDeclined', { declinedAt: at(2), reason: 'not_lag_threshold', note: SEALED });
        continue;
      }
      on('ReferralOpenedForDecision', { openedAt: at(2), chairAgencyId: council });
      on('ReferralAccepted', { acceptedAt: at(2), acceptedByAgencyId: council, nextReviewDate: '2026-11-20' });
      const actionId = randomUUID();
      on('ActionAgreed', {
        actionId,
        owningAgencyId: police,
        assigneeUserId: null,
        kind: 'visit',
        dueDate: '2026-11-10',
        meetingId: null,
        targetPersonId: null,
        description: SEALED,
        agreedAt: at(3),
      });
      on('ActionStatusChanged', { actionId, from: 'open', to: 'done', outcome: SEALED, changedAt: at(4) });
      if (i % 2 === 0)
        on('ActionStatusChanged', { actionId, from: 'done', to: 'open', outcome: null, changedAt: at(5) });
      for (const day of [5, 6, 7].slice(0, 1 + (i % 3)))
        on('ReferralReviewed', {
          reviewedAt: at(day),
          meetingId: randomUUID(),
          band: 'high',
          nextReviewDate: `2026-12-0${day}`,
        });
      on('RiskReassessed', {
        assessedAt: at(8),
        previousBand: 'standard',
        riskAssessment: risk('high'),
        nextReviewDate: '2026-12-09',
      });
      if (i % 2) {
        on('ReferralClosed', { closedAt: at(9), reason: 'resolved', outcomes: ['safe'], outcomeNarrative: SEALED });
        on('ReferralReopened', { reopenedAt: at(10), reason: SEALED, nextReviewDate: '2026-12-20' });
      }
    }
    log = recordedInOrder(events);
    const streams = new Map<string, typeof events>();
    for (const e of events) streams.set(e.streamId, [...(streams.get(e.streamId) ?? []), e]);
    const queues = [...streams.values()];
    const mixed: typeof events = [];
    while (queues.some((q) => q.length > 0)) for (const q of queues) if (q.length > 0) mixed.push(q.shift()!);
    interleaved = recordedInOrder(mixed);
  });
  afterAll(async () => {
    await db?.destroy();
  });

  it('counts each review once and keeps one history line per event', async () => {
    await applyOneByOne(db, projection, log);
    const rows: Array<{ review_count: number; lines: number; reviewed: number }> = await db.query(
      `SELECT review_count, jsonb_array_length(history) AS lines,
              (SELECT count(*)::int FROM jsonb_array_elements(history) h WHERE h->>'type' = 'reviewed') AS reviewed
         FROM lag.referrals ORDER BY referred_at, referral_id`,
    );
    expect(rows.map((r) => r.review_count).sort()).toEqual([0, 1, 1, 2, 2, 3]);
    for (const r of rows) expect(r.reviewed).toBe(r.review_count);
  });

  it('a batch applied again after a crash in it, twice in one go, or after everything, changes nothing', async () => {
    const oneByOne = await applyOneByOne(db, projection, log);
    for (const size of [1, 4, 13])
      for (const replay of ['none', 'crash', 'crash-midway', 'twice', 'again'] as const)
        expect({ size, replay, rows: await applyInBatches(db, projection, log, size, replay) }).toEqual({
          size,
          replay,
          rows: oneByOne,
        });
  });

  it('an event replayed on its own after later ones changes nothing', async () => {
    const committed = await applyOneByOne(db, projection, log);
    const reviews = log.filter((e) => e.type === 'ReferralReviewed' || e.type === 'ReferralAccepted');
    for (const event of reviews) await db.transaction((m) => projection.apply(event, m));
    expect(await snapshotTables(db, projection.tables)).toEqual(committed);
  });

  it('leaves the same rows with the referrals interleaved in the log, replayed or not', async () => {
    const oneByOne = await applyOneByOne(db, projection, interleaved);
    for (const size of [2, 5, 13, interleaved.length])
      for (const replay of ['none', 'crash-midway', 'again'] as const)
        expect({ size, replay, rows: await applyInBatches(db, projection, interleaved, size, replay) }).toEqual({
          size,
          replay,
          rows: oneByOne,
        });
  });

  /**
   * As the runner applies a batch (\`writesOfBatch\`): one read, whatever the batch's size and
   * kinds of event, and its writes handed back to go with the checkpoint's move as one statement.
   * The batch's transaction then holds no row between round trips of the hub.
   */
  it('reads a batch of any size in one statement and writes nothing itself', async () => {
    const costs: Array<{ size: number; sent: string[]; writes: boolean }> = [];
    for (const size of [1, 3, 13]) {
      await db.transaction((m) => projection.reset(m));
      for (const batch of inBatches(log, size))
        await db.transaction(async (m) => {
          let writes: Writes | null = null;
          const sent = await statementsThrough(m, async () => {
            writes = await projection.writesOfBatch(batch, m);
          });
          costs.push({ size, sent: sent.map((s) => s.sql.trim().split(/\s+/)[0]), writes: writes !== null });
          await sendWrites(m, writes);
        });
    }
    for (const c of costs) expect(c).toEqual({ size: c.size, sent: ['SELECT'], writes: true });
  });
});
