import { randomUUID } from 'node:crypto';
import type { DataSource, EntityManager } from 'typeorm';
import type { RecordedEvent } from '@hubline/event-store';
import { roundTrips } from '../../../../../test/support/query-counter';
import {
  applyAsRunner,
  applyInBatches,
  applyOneByOne,
  recordedInOrder,
  snapshotTables,
} from '../../../../../test/support/set-apply';
import { TIMELINES_MIGRATIONS } from '../index';
import { TimelineProjection } from './timeline.projection';
import { openProjectionDatabase } from '../../../../../test/support/log-database';

/**
 * Timelines applied in sets (`applyBatch`, the small tables kept in memory for the batch) against
 * the same log applied event by event (`apply`, each write sent as it comes), on the real tables:
 * every event type the projection reads, with later events reading cases, people in cases,
 * actions, meetings and orders made earlier in the same batch (large batches) or in an earlier
 * one (small batches), people added to a case after some of its events, repeated events that
 * must change nothing, and several changes of one row in one batch.
 */
describe('timelines applied in sets', () => {
  let db: DataSource;
  /** As the runner applies a batch: in sets whatever its size, its writes handed back (`writesOfBatch`). */
  const projection = new TimelineProjection();
  /**
   * `applyBatch`, as the rebuild applies a batch: in statements below `setsFrom` and in sets from
   * it (`chosen`), every batch in statements, or every batch in sets.
   */
  const applyBatch = (setsFrom: number) =>
    Object.assign(new TimelineProjection(), { setsFrom, writesOfBatch: undefined }) as TimelineProjection;
  const chosen = applyBatch(projection.setsFrom);
  const inStatements = applyBatch(Number.POSITIVE_INFINITY);
  const inSets = applyBatch(1);
  const ways = { asTheRunner: projection, chosen, inStatements, inSets };
  const partnershipId = randomUUID();
  const otherPartnership = randomUUID();
  const [police, council, asb] = [randomUUID(), randomUUID(), randomUUID()];
  const [v1, v2, o1, o2, reporter, x] = Array.from({ length: 6 }, () => randomUUID());
  const [r1, r2, report, review, order, meeting, unknownMeeting] = Array.from({ length: 7 }, () => randomUUID());
  const [a1, a2, a3] = [randomUUID(), randomUUID(), randomUUID()];
  const grays = randomUUID();
  const at = (day: number, hour = 9) => new Date(Date.UTC(2026, 10, day, hour)).toISOString();
  let log: RecordedEvent[];
  /** The log without the two events that add people to a case already open (the domain never does). */
  let asTheDomainWritesIt: RecordedEvent[];

  beforeAll(async () => {
    db = await openProjectionDatabase('timelines_sets', TIMELINES_MIGRATIONS);

    const events: Array<Pick<RecordedEvent, 'streamId' | 'type' | 'data' | 'metadata'>> = [];
    const on = (streamId: string, type: string, data: Record<string, unknown>, agencyId: string = asb) =>
      events.push({ streamId, type, data: { partnershipId, ...data } as never, metadata: { agencyId } as never });
    const person = (personId: string, type: string, data: Record<string, unknown>) =>
      on(`person-${personId}`, type, { personId, ...data }, police);
    const lag = (referralId: string, type: string, data: Record<string, unknown>) =>
      on(`lag-referral-${referralId}`, type, { referralId, ...data });
    const meet = (meetingId: string, type: string, data: Record<string, unknown>) =>
      on(`lag-meeting-${meetingId}`, type, { meetingId, ...data });
    const enforce = (type: string, data: Record<string, unknown>) =>
      on(`enforcement-order-${order}`, type, { orderId: order, ...data });
    const review_ = (type: string, data: Record<string, unknown>) =>
      on(`asb-case-review-${review}`, type, { reviewId: review, ...data });
    const referred = (referralId: string, victimIds: string[], perpetratorIds: string[], day: number) =>
      lag(referralId, 'VictimReferred', {
        localityId: grays,
        category: 'hate_crime',
        protectedCharacteristics: ['race'],
        victimIds,
        perpetratorIds,
        repeatVictimIds: [victimIds[0]],
        riskAssessment: { band: 'high' },
        referringAgencyId: police,
        referredAt: at(day),
      });

    for (const [i, id] of [v1, v2, o1, o2, reporter, x].entries())
      person(id, 'PersonRegistered', { registeredByAgencyId: i % 2 ? council : police, registeredAt: at(1, i) });
    person(v1, 'PersonAgencyReferenceAdded', { agencyId: council, reference: { v: 1 } });
    meet(meeting, 'MeetingScheduled', { localityId: grays, startsAt: at(4, 14) });
    referred(r1, [v1, v2], [o1], 2);
    lag(r1, 'ReferralAccepted', { acceptedByAgencyId: asb, acceptedAt: at(3), nextReviewDate: '2026-11-17' });
    meet(meeting, 'CaseAddedToAgenda', { referralId: r1, item: 'new', band: 'high', addedAt: at(3, 12) });
    meet(meeting, 'CaseDiscussed', { referralId: r1, decisions: ['actions_agreed'], recordedAt: at(4, 15) });
    const agreed = (actionId: string, target: string | null, day: number) =>
      lag(r1, 'ActionAgreed', {
        actionId,
        owningAgencyId: police,
        kind: 'acceptable_behaviour_contract',
        dueDate: '2026-12-01',
        meetingId: meeting,
        targetPersonId: target,
        agreedAt: at(day),
      });
    agreed(a1, o1, 5);
    agreed(a2, null, 5);
    const status = (actionId: string, from: string, to: string, day: number) =>
      lag(r1, 'ActionStatusChanged', { actionId, from, to, changedAt: at(day) });
    status(a1, 'open', 'in_progress', 6);
    status(a2, 'open', 'cancelled', 6);
    status(a3, 'open', 'completed', 6); // no such action: the entry says so, no row appears
    lag(r1, 'RiskReassessed', { riskAssessment: { band: 'very_high' }, previousBand: 'high', assessedAt: at(7) });
    lag(r1, 'ReferralReviewed', {
      band: 'medium',
      meetingId: meeting,
      reviewedOn: '2026-11-08',
      nextReviewDate: '2026-11-22',
      reviewedAt: at(8),
    });
    lag(r1, 'ReferralReviewed', {
      band: 'medium',
      meetingId: unknownMeeting,
      reviewedOn: '2026-11-09',
      reviewedAt: at(9),
    });
    meet(meeting, 'ActionsCarriedForward', { referralId: r1, actionIds: [a1], recordedAt: at(9, 15) });
    // The same meeting scheduled again (another time): the first row stays.
    meet(meeting, 'MeetingScheduled', { localityId: randomUUID(), startsAt: at(20, 14) });
    referred(r2, [x], [v1], 10);
    lag(r2, 'ReferralDeclined', { reason: 'not_lag', declinedAt: at(11) });
    agreed(a1, o1, 11); // agreed again: the first row stays, its status too
    status(a1, 'in_progress', 'completed', 12);
    lag(r1, 'ReferralClosed', { reason: 'risk_reduced', outcomes: ['victim_feels_safer'], closedAt: at(12) });
    lag(r1, 'ReferralReopened', { reopenedAt: at(13), nextReviewDate: '2026-11-27' });
    // r1 told again with one more perpetrator: o2 joins the case from here on, the earlier entries stay theirs.
    const lateJoiners = [events.length];
    referred(r1, [v1, v2], [o1, o2], 13);
    lag(r1, 'ReferralReviewed', { band: 'low', meetingId: meeting, reviewedOn: '2026-11-14', reviewedAt: at(14) });

    on(`asb-report-${report}`, 'AsbReportRecorded', {
      reportId: report,
      victimPersonId: v2,
      alleged: [o2, v2],
      reporter: { personId: reporter },
      category: 'noise',
      ward: randomUUID(),
      reportedOn: '2026-11-14',
      behaviourOn: '2026-11-13',
      protectedCharacteristics: [],
      agencyId: council,
      recordedAt: at(14),
    });
    on(`asb-report-${report}`, 'AsbReportLinkedToIncident', { reportId: report, linkedAt: at(15) });
    on(`asb-report-${report}`, 'AsbReportUnlinkedFromIncident', {
      reportId: report,
      reason: 'x',
      unlinkedAt: at(15, 10),
    });
    on(`asb-report-${report}`, 'CaseReviewExplanationDue', {
      reportId: report,
      victimPersonId: v2,
      agencyId: council,
      arisenOn: '2026-11-15',
      arisenAt: at(15, 11),
    });
    on(`asb-report-${report}`, 'CaseReviewExplained', {
      victimPersonId: v2,
      agencyId: council,
      how: 'letter',
      explainedOn: '2026-11-16',
      recordedAt: at(16),
    });
    on(`asb-report-${report}`, 'CaseReviewExplanationWithdrawn', {
      victimPersonId: v2,
      agencyId: council,
      reason: 'none',
      withdrawnAt: at(16, 10),
    });
    on(`asb-report-${report}`, 'AsbReportWithdrawn', { reportId: report, reason: 'resolved', withdrawnAt: at(16, 11) });

    review_('CaseReviewApplied', {
      victimPersonId: v2,
      coordinatorAgencyId: council,
      route: 'online',
      applicantKind: 'victim',
      receivedOn: '2026-11-16',
      recordedAt: at(16, 12),
    });
    on(`asb-case-review-${randomUUID()}`, 'CaseReviewApplied', {
      reviewId: randomUUID(),
      victimPersonId: null,
      applicantKind: 'business',
      recordedAt: at(16, 13),
    });
    review_('CaseReviewThresholdDecided', {
      met: true,
      judgement: { basis: 'count' },
      rules: { version: 2 },
      round: 1,
      decidedAt: at(17),
    });
    review_('CaseReviewPanelHeld', { heldOn: '2026-11-18', victimAttended: true, at: at(18) });
    review_('CaseReviewOutcomeSent', { sentOn: '2026-11-19', thresholdMet: true, appealBy: '2026-12-03', at: at(19) });
    review_('CaseReviewEscalated', { grounds: ['process'], at: at(19, 10) });
    review_('CaseReviewPfccReviewDecided', { decision: 'upheld', byAgencyId: police, at: at(19, 11) });
    review_('CaseReviewClosed', { closedOn: '2026-11-20', reason: 'done', at: at(20) });

    enforce('EnforcementOrderServed', {
      personId: o1,
      kind: 'community_protection_notice',
      agencyId: council,
      servedOn: '2026-11-20',
      expiresOn: '2027-05-20',
      lagCaseId: r1,
      recordedAt: at(20),
    });
    enforce('EnforcementOrderVaried', {
      variedOn: '2026-11-21',
      expiresOn: '2027-06-20',
      previousExpiresOn: '2027-05-20',
      conditions: null,
      recordedAt: at(21),
    });
    const breach = (occurredOn: string, day: number) =>
      enforce('EnforcementOrderBreached', {
        kind: 'community_protection_notice',
        occurredOn,
        response: 'warning',
        recordedAt: at(day),
      });
    breach('2026-11-22', 22);
    breach('2026-11-21', 23); // an earlier day told later: the latest day stays
    enforce('EnforcementBreachResponded', { response: 'fixed_penalty', respondedOn: '2026-11-24', recordedAt: at(24) });
    // Served again on someone else: the first row stays, and o2 joins the order's case.
    lateJoiners.push(events.length);
    enforce('EnforcementOrderServed', {
      personId: o2,
      kind: 'other',
      servedOn: '2026-11-24',
      recordedAt: at(24, 10),
    });
    enforce('EnforcementOrderDischarged', { dischargedOn: '2026-11-25', reason: 'complied', recordedAt: at(25) });
    on(`enforcement-order-${randomUUID()}`, 'EnforcementOrderServed', {
      orderId: randomUUID(),
      personId: 'not-a-person',
      kind: 'x',
      servedOn: '2026-11-25',
    });
    on(`enforcement-settings-${partnershipId}`, 'EnforcementExpiryWindowChanged', { days: 14 });
    on(`enforcement-settings-${otherPartnership}`, 'EnforcementExpiryWindowChanged', {
      partnershipId: otherPartnership,
      days: 7,
    });
    on(`enforcement-settings-${partnershipId}`, 'EnforcementExpiryWindowChanged', { days: 21 });

    const merged = (day: number) =>
      person(o2, 'PeopleMerged', { mergedId: o2, survivorId: o1, mergedAt: at(day), reason: 'duplicate' });
    merged(26);
    merged(27);
    person(x, 'PersonForgotten', { forgottenAt: at(27), legalGround: 'article_17_1_a' });
    // After the merge and the erasure, the cases go on reaching their people.
    status(a1, 'completed', 'completed', 28);
    lag(r2, 'ReferralReopened', { reopenedAt: at(28), nextReviewDate: null });
    log = recordedInOrder(events);
    asTheDomainWritesIt = log.filter((_, i) => !lateJoiners.includes(i));
  });
  afterAll(async () => {
    await db?.destroy();
  });

  it('applied in batches, leaves exactly the rows of applying the log event by event', async () => {
    const oneByOne = await applyOneByOne(db, projection, log);
    // Not a vacuous comparison: the log reaches every table, and later events read earlier rows.
    for (const [table, rows] of Object.entries(oneByOne))
      expect({ table, some: rows.length > 0 }).toEqual({ table, some: true });
    const entries = oneByOne['timelines.entries'].map((r) => JSON.parse(r) as Record<string, never>);
    const of = (type: string, personId: string) =>
      entries
        .filter((e) => e.event_type === type && e.person_id === personId)
        .map((e) => e.facts as Record<string, unknown>);
    expect(of('CaseDiscussed', v1)).toEqual([
      expect.objectContaining({ meetingId: meeting, meetingDate: '2026-11-04' }),
    ]);
    expect(of('ActionStatusChanged', v2).map((f) => f.kind)).toEqual(
      expect.arrayContaining(['acceptable_behaviour_contract', null]),
    );
    expect(of('ActionAgreed', o1)).toContainEqual(expect.objectContaining({ actionId: a1, aboutThisPerson: true }));
    expect(of('EnforcementOrderDischarged', o1)).toEqual([
      expect.objectContaining({ kind: 'community_protection_notice' }),
    ]);
    // o2 joined r1 with its second telling: reached by the review after it, not by the one before.
    expect(of('ReferralReviewed', o2).map((f) => f.reviewedOn)).toEqual(['2026-11-14']);
    expect(oneByOne['timelines.orders']).toEqual([expect.stringContaining('"breaches": 2')]);
    expect(oneByOne['timelines.orders'][0]).toContain('"last_breach_on": "2026-11-22"');
    expect(oneByOne['timelines.meetings']).toEqual([expect.stringContaining(at(4, 14).slice(0, 10))]);

    for (const size of [1, 2, 3, 4, 5, 16, 500])
      for (const [way, p] of Object.entries(ways))
        expect({ size, way, rows: await applyInBatches(db, p, log, size) }).toEqual({ size, way, rows: oneByOne });
  });

  // As the rebuild's switch and a live runner see them: small batches while it keeps up, a large
  // one after falling behind, so each way of \`applyBatch\` reads rows the other wrote.
  it('batches of changing sizes, some in statements and some in sets, leave the rows of event by event', async () => {
    const oneByOne = await applyOneByOne(db, projection, log);
    for (const sizes of [
      [1, 4, 2, 9, 3, 5],
      [6, 1, 1, 3, 12, 2],
    ]) {
      await db.transaction((m) => projection.reset(m));
      const ways: string[] = [];
      for (let from = 0, i = 0; from < log.length; i++) {
        const batch = log.slice(from, from + sizes[i % sizes.length]);
        from += batch.length;
        ways.push(batch.length < chosen.setsFrom ? 'statements' : 'sets');
        await db.transaction((m) => applyAsRunner(chosen, batch, m));
      }
      expect(new Set(ways)).toEqual(new Set(['statements', 'sets']));
      expect({ sizes, rows: await snapshotTables(db, projection.tables) }).toEqual({ sizes, rows: oneByOne });
    }
  });

  it('a batch applied again after a crash in it changes nothing', async () => {
    const oneByOne = await applyOneByOne(db, projection, log);
    for (const size of [3, 16, 500])
      for (const replay of ['crash', 'crash-midway'] as const)
        for (const [way, p] of Object.entries(ways))
          expect({ size, replay, way, rows: await applyInBatches(db, p, log, size, replay) }).toEqual({
            size,
            replay,
            way,
            rows: oneByOne,
          });
  });

  // Applied again once committed, a case's events reach the people the case has now; people join
  // a case only with its first event, so that is whom they reached the first time.
  it('a batch applied twice in one go, or again after everything, changes nothing', async () => {
    const oneByOne = await applyOneByOne(db, projection, asTheDomainWritesIt);
    for (const size of [3, 16, 500])
      for (const replay of ['twice', 'again'] as const)
        for (const [way, p] of Object.entries(ways))
          expect({
            size,
            replay,
            way,
            rows: await applyInBatches(db, p, asTheDomainWritesIt, size, replay),
          }).toEqual({ size, replay, way, rows: oneByOne });
  });

  /**
   * What the live path pays: a live batch is a few events, here reviews of open referrals as the
   * hub's commands write them. As the runner applies a batch (`writesOfBatch`: its reads, then
   * its writes sent with the checkpoint's move as one statement), every size costs one read and
   * that one statement, fewer than each event's own statements and the checkpoint's (the path of
   * every batch before sets). The other statements of the transaction (begin, commit) are the
   * same both ways.
   */
  it('costs the runner one read and one statement for a batch of any size, fewer than its events in statements', async () => {
    await applyInBatches(db, projection, asTheDomainWritesIt, 500);
    const last = asTheDomainWritesIt[asTheDomainWritesIt.length - 1];
    let n = Number(last.position.split('/')[1]);
    const reviews = (count: number): RecordedEvent[] =>
      Array.from({ length: count }, (_, i) => {
        n += 1;
        return {
          ...last,
          id: randomUUID(),
          streamId: `lag-referral-${i % 2 ? r1 : r2}`,
          type: 'ReferralReviewed',
          data: {
            partnershipId,
            referralId: i % 2 ? r1 : r2,
            band: 'low',
            meetingId: i % 3 ? null : meeting,
            reviewedOn: '2026-11-30',
            nextReviewDate: '2026-12-14',
            reviewedAt: at(30),
          } as never,
          position: `0/${n}`,
        };
      });
    const statements = async (apply: (m: EntityManager) => Promise<unknown>) =>
      (await roundTrips(() => db.transaction(apply))).statements.filter((s) =>
        /^\s*(INSERT|UPDATE|DELETE|SELECT|WITH)\b/i.test(s),
      ).length;
    const costs: Array<{ size: number; asTheRunner: number; inStatements: number; wrote: boolean }> = [];
    for (const size of [1, 2, 3, 4, 5, 8, 16, 50, 500]) {
      const batch = reviews(size);
      let wrote = false;
      costs.push({
        size,
        // The reads it sends, and the one statement the runner sends with the writes and the checkpoint.
        asTheRunner:
          (await statements(async (m) => {
            wrote = (await projection.writesOfBatch(batch, m)) !== null;
          })) + 1,
        // Each event's statements, and the checkpoint's move.
        inStatements: (await statements((m) => projection.applyInStatements(batch, m))) + 1,
        wrote,
      });
    }
    for (const c of costs)
      expect(c).toEqual({ size: c.size, asTheRunner: 2, inStatements: c.inStatements, wrote: true });
    for (const c of costs) expect({ ...c, fewer: c.asTheRunner < c.inStatements }).toEqual({ ...c, fewer: true });
  });
});
