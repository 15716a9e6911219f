import { addDays, londonDay } from '@hubline/calendar';
import { seedPartnership, THURROCK, type SeededPartnership } from '@hubline/demo';
import { createHttpApp } from '@hubline/http';
import type { RiskMatrix } from '@hubline/lag';
import { lagReferralsService } from '../../apps/lag-referrals/src/lag-referrals.module';
import { callUrgentMeeting } from '../support/lag-meetings';
import { ok, TestHub } from '../support/test-hub';

/**
 * The whole Locality Action Group cycle through HTTP, as the Thurrock demo users: a referral, the
 * chair's acceptance, a meeting with its agenda, attendance, confidentiality statement and case
 * discussion, the action plan carried out by two agencies (one action going overdue), a
 * reassessment, closure, a repeat referral, who may see what, the partnership's settings, and
 * erasure of the victim.
 */
describe('Locality Action Groups over HTTP', () => {
  let hub: TestHub;
  let thurrock: SeededPartnership;
  const pc = 'pc.okafor@essex-police.demo';
  const chair = 'lag.chair@thurrock.demo';
  const housing = 'panel.housing@thurrock.demo';
  const fire = 'station.officer@essex-fire.demo';
  const admin = 'admin@thurrock.demo';

  // The partnership's calendar day, as the service counts review and due dates.
  const today = londonDay(new Date());
  const tomorrow = addDays(today, 1);
  // Scheduled 14 days ahead, then brought forward to today (noon, London's day whatever the season) to run it.
  const plannedStart = new Date(Date.now() + 14 * 86_400_000).toISOString();
  const meetingStart = new Date(`${today}T12:00:00Z`).toISOString();
  const meetingDay = today;

  const INCIDENT = 'Stones thrown at the front window three times this month by the neighbour at number 14';
  const REASON = 'Police warnings alone have not stopped it and the victim is isolated and frightened';

  let matrix: RiskMatrix;
  let victimId: string;
  let perpetratorId: string;
  let referralId: string;
  let referralEtag: string;
  let meetingId: string;
  let policeActionId: string;
  let housingActionId: string;
  let repeatReferralId: string;

  beforeAll(async () => {
    hub = await TestHub.start();
    thurrock = await seedPartnership(hub.commands, THURROCK);
    await settle();
    victimId = (
      await ok(
        hub.as(pc, {
          method: 'POST',
          url: '/people',
          body: { givenName: 'Maureen', familyName: 'Adeyemi', dateOfBirth: '1948-05-12', postcode: 'RM17 6SL' },
        }),
        201,
      )
    ).personId;
    perpetratorId = (
      await ok(
        hub.as(pc, {
          method: 'POST',
          url: '/people',
          body: { givenName: 'Kyle', familyName: 'Denton', dateOfBirth: '1999-10-03' },
        }),
        201,
      )
    ).personId;
    await settle();
  });
  afterAll(() => hub?.close());

  // ---- helpers ----
  const settle = () => hub.settle();
  const eventCount = async (type?: string): Promise<number> =>
    Number(
      (
        await hub.db.query('SELECT count(*) AS n FROM event_store.events WHERE $1::text IS NULL OR type = $1', [
          type ?? null,
        ])
      )[0].n,
    );
  const consultations = async (
    view: string,
  ): Promise<Array<{ userId: string; personIds: string[]; purpose: string }>> =>
    (
      await hub.db.query(
        `SELECT data FROM event_store.events WHERE type = 'PersonalDataConsulted' AND data->>'view' = $1 ORDER BY seq`,
        [view],
      )
    ).map((r: { data: never }) => r.data);
  /** Answers to the partnership's matrix: the first answer everywhere, except as given. */
  const answers = (overrides: Record<string, string>) => ({
    ...Object.fromEntries(matrix.questions.map((q) => [q.id, q.answers[0].id])),
    ...overrides,
  });
  /** Scores 22 on the default matrix: high. */
  const HIGH = () =>
    answers({
      repeat_victimisation: 'several',
      incidents_12_months: 'six_or_more',
      mental_health: 'significant',
      vulnerability: 'yes',
      fear_at_home: 'often',
      hate_motivated: 'yes',
      support_network: 'limited',
      perpetrator_proximity: 'neighbour',
      escalation: 'escalating',
    });
  /** Scores 11: medium. */
  const MEDIUM = () =>
    answers({
      incidents_12_months: 'three_to_five',
      mental_health: 'some',
      fear_at_home: 'often',
      perpetrator_proximity: 'nearby',
      escalation: 'escalating',
    });
  const referral = (overrides: Record<string, unknown> = {}) => ({
    localityId: thurrock.localities.Grays,
    wardId: thurrock.wards['Grays Riverside'],
    category: 'asb',
    victimIds: [victimId],
    perpetratorIds: [perpetratorId],
    incidentSummary: INCIDENT,
    vulnerabilities: ['older_person', 'socially_isolated'],
    riskAnswers: HIGH(),
    multiAgencyReason: REASON,
    ...overrides,
  });

  describe('referral and acceptance', () => {
    it('scores a referral with the default matrix: high, not a repeat, its narratives sealed in the event', async () => {
      const settings = await ok(hub.as(pc, { url: '/lag/settings' }), 200);
      expect(settings).toMatchObject({
        version: null,
        reviewCadence: { very_high: 7, high: 14, medium: 28, standard: 56 },
        riskMatrix: { id: 'default-asb-victim-risk', version: 1 },
      });
      matrix = settings.riskMatrix;

      const res = await hub.as(pc, { method: 'POST', url: '/lag/referrals', body: referral() });
      const body = await ok(res, 201);
      expect(body).toEqual({
        referralId: expect.any(String),
        version: 1,
        score: 22,
        band: 'high',
        repeat: false,
        repeatVictimIds: [],
      });
      expect(res.headers.etag).toBe('"1"');
      referralId = body.referralId;
      referralEtag = res.headers.etag as string;

      const events = await hub.store.readStream(`lag-referral-${referralId}`);
      expect(events.map((e) => e.type)).toEqual(['VictimReferred', 'CaseInvolvementChanged']);
      expect(events[0].data).toMatchObject({
        referringAgencyId: thurrock.agencies.police,
        victimIds: [victimId],
        perpetratorIds: [perpetratorId],
        repeat: false,
      });
      expect(JSON.stringify(events.map((e) => e.data))).not.toMatch(/Stones|number 14|isolated and frightened/);
    });

    it.each([
      ['an unknown field', { colour: 'red' }, /property colour should not exist/],
      ['a victim id that is not a UUID', { victimIds: ['someone'] }, /each value in victimIds must be a UUID/],
      ['no victim', { victimIds: [] }, /victimIds must contain at least 1 elements/],
      [
        'a summary too short',
        { incidentSummary: 'Bad' },
        /incidentSummary must be longer than or equal to 10 characters/,
      ],
      ['an unknown category', { category: 'burglary' }, /category must be one of/],
      ['an unknown vulnerability', { vulnerabilities: ['tall'] }, /each value in vulnerabilities must be one of/],
      [
        'answers that are not codes',
        { riskAnswers: { escalation: 3 } },
        /riskAnswers must be an object of question id to answer id/,
      ],
      [
        'a judgement band that does not exist',
        { professionalJudgement: { band: 'extreme', reason: 'Because the victim is at risk of serious harm' } },
        /band must be one of/,
      ],
    ])('answers %s with a 400 problem and records nothing', async (_label, overrides, message) => {
      const before = await eventCount();
      const res = await hub.as(pc, { method: 'POST', url: '/lag/referrals', body: referral(overrides) });
      expect(res.statusCode).toBe(400);
      expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
      expect(res.json()).toMatchObject({ code: 'HTTP.VALIDATION_FAILED' });
      expect(res.json().errors.join('\n')).toMatch(message);
      expect(await eventCount()).toBe(before);
    });

    it('answers a summary with control characters with a 400 problem naming it, before any rule of the field', async () => {
      const before = await eventCount();
      const body = referral({ incidentSummary: 'Stones thrown \u0007 again and again' });
      const res = await hub.as(pc, { method: 'POST', url: '/lag/referrals', body });
      expect(res.statusCode).toBe(400);
      expect(res.json()).toMatchObject({ code: 'HTTP.INVALID_TEXT' });
      expect(res.json().errors).toEqual([expect.stringMatching(/^incidentSummary must not hold control characters/)]);
      expect(await eventCount()).toBe(before);
    });

    it.each([
      [
        'an unanswered question',
        () => referral({ riskAnswers: { escalation: 'violence' } }),
        400,
        'RISK.UNANSWERED_QUESTION',
      ],
      [
        'an answer to an unknown question',
        () => referral({ riskAnswers: { ...HIGH(), shoe_size: 'large' } }),
        400,
        'RISK.UNKNOWN_QUESTION',
      ],
      [
        'judgement that lowers the band',
        () => referral({ professionalJudgement: { band: 'medium', reason: 'The victim seems to be coping well now' } }),
        422,
        'REFERRAL.BAND_CANNOT_BE_LOWERED',
      ],
      [
        'an unregistered person',
        () => referral({ perpetratorIds: ['6f1c7a55-3b1e-4c55-9d1a-2b8f0e6c1d42'] }),
        422,
        'LAG.UNKNOWN_PERSON',
      ],
      ['a ward of another locality', () => referral({ wardId: thurrock.wards.Belhus }), 422, 'LAG.UNKNOWN_WARD'],
      [
        'a characteristic on an ASB referral',
        () => referral({ protectedCharacteristics: ['race'] }),
        422,
        'REFERRAL.CHARACTERISTIC_NOT_APPLICABLE',
      ],
    ])('refuses %s and records nothing', async (_label, body, status, code) => {
      const before = await eventCount();
      const res = await hub.as(pc, { method: 'POST', url: '/lag/referrals', body: body() });
      expect({ status: res.statusCode, code: res.json().code }).toEqual({ status, code });
      expect(await eventCount()).toBe(before);
    });

    it('lets only a chair accept, honours If-Match, and starts the review clock: high is reviewed in 14 days', async () => {
      expect((await hub.as(pc, { method: 'POST', url: `/lag/referrals/${referralId}/accept` })).statusCode).toBe(403);
      const stale = await hub.as(chair, {
        method: 'POST',
        url: `/lag/referrals/${referralId}/accept`,
        headers: { 'if-match': '"0"' },
      });
      expect(stale.statusCode).toBe(412);
      expect(stale.json()).toMatchObject({ code: 'HTTP.VERSION_MISMATCH', currentVersion: 1 });

      const res = await hub.as(chair, {
        method: 'POST',
        url: `/lag/referrals/${referralId}/accept`,
        headers: { 'if-match': referralEtag },
      });
      expect(await ok(res, 200)).toEqual({
        referralId,
        version: 3,
        status: 'accepted',
        band: 'high',
        nextReviewDate: addDays(today, 14),
      });
      expect(res.headers.etag).toBe('"3"');
      expect(
        await ok(hub.as(chair, { method: 'POST', url: `/lag/referrals/${referralId}/accept` }), 409),
      ).toMatchObject({ code: 'REFERRAL.ALREADY_ACCEPTED' });
      await settle();
    });
  });

  describe('the meeting', () => {
    it('schedules a Grays meeting, refusing an urgent one for a case that is not very high risk', async () => {
      const urgent = await callUrgentMeeting(
        hub,
        chair,
        thurrock.localities.Grays,
        referralId,
        'Threats made yesterday against the victim',
      );
      expect({ status: urgent.statusCode, code: urgent.json().code }).toEqual({
        status: 422,
        code: 'MEETING.URGENT_NEEDS_VERY_HIGH_RISK',
      });
      const zoneless = await hub.as(chair, {
        method: 'POST',
        url: '/lag/meetings',
        body: { localityId: thurrock.localities.Grays, startsAt: '2030-01-01T10:00' },
      });
      expect(zoneless.statusCode).toBe(400);

      const body = await ok(
        hub.as(chair, {
          method: 'POST',
          url: '/lag/meetings',
          body: { localityId: thurrock.localities.Grays, startsAt: plannedStart },
        }),
        201,
      );
      expect(body).toEqual({ meetingId: expect.any(String), version: 0 });
      meetingId = body.meetingId;
      await settle();
    });

    it('puts the case on the agenda as new, from the referrals read model, and records attendance and apologies', async () => {
      const added = await hub.as(chair, {
        method: 'POST',
        url: `/lag/meetings/${meetingId}/agenda`,
        body: { referralId, item: 'new' },
      });
      expect(await ok(added, 201)).toEqual({ meetingId, version: 1 });
      const unknown = await hub.as(chair, {
        method: 'POST',
        url: `/lag/meetings/${meetingId}/agenda`,
        body: { referralId: thurrock.localities.Tilbury, item: 'new' },
      });
      expect(unknown.json()).toMatchObject({ code: 'REFERRAL.NOT_FOUND' });

      const attendance = await hub.as(chair, {
        method: 'POST',
        url: `/lag/meetings/${meetingId}/attendance`,
        headers: { 'if-match': '"1"' },
        body: {
          entries: [
            { agencyId: thurrock.agencies.police, userId: thurrock.users[pc], attendance: 'present' },
            { agencyId: thurrock.agencies.housing, userId: thurrock.users[housing], attendance: 'present' },
            { agencyId: thurrock.agencies.asb, userId: thurrock.users[chair], attendance: 'present' },
            { agencyId: thurrock.agencies.fire, attendance: 'apologies' },
          ],
        },
      });
      expect(await ok(attendance, 200)).toEqual({ meetingId, version: 5 });
      const wrongUser = await hub.as(chair, {
        method: 'POST',
        url: `/lag/meetings/${meetingId}/attendance`,
        body: { entries: [{ agencyId: thurrock.agencies.fire, userId: thurrock.users[pc], attendance: 'present' }] },
      });
      expect(wrongUser.json()).toMatchObject({ code: 'LAG.UNKNOWN_USER' });
    });

    it('refuses to record a case discussion before the confidentiality statement, and records nothing', async () => {
      const before = await eventCount();
      const res = await hub.as(chair, {
        method: 'POST',
        url: `/lag/meetings/${meetingId}/cases/${referralId}`,
        body: {
          notes: 'Police shared the incident log.',
          decisions: ['information_shared'],
          actions: [
            {
              owningAgencyId: thurrock.agencies.police,
              kind: 'warning_letter',
              description: 'Warning letter to the neighbour',
              dueDate: tomorrow,
            },
          ],
        },
      });
      expect({ status: res.statusCode, code: res.json().code }).toEqual({
        status: 409,
        code: 'MEETING.CONFIDENTIALITY_NOT_CONFIRMED',
      });
      expect(await eventCount()).toBe(before);
    });

    it('refuses the statement before the meeting day; brought forward to today (recorded, with a reason), it runs', async () => {
      const early = await hub.as(chair, { method: 'POST', url: `/lag/meetings/${meetingId}/confidentiality` });
      expect({ status: early.statusCode, code: early.json().code }).toEqual({
        status: 409,
        code: 'MEETING.NOT_ITS_DAY',
      });
      const moved = await hub.as(chair, {
        method: 'POST',
        url: `/lag/meetings/${meetingId}/reschedule`,
        headers: { 'if-match': '"5"' },
        body: { startsAt: meetingStart, reason: 'brought_forward' },
      });
      expect(await ok(moved, 200)).toEqual({ meetingId, version: 6 });
    });

    it('after the statement, records the discussion, agrees a police and a housing action and the review, in one request', async () => {
      expect(
        await ok(hub.as(chair, { method: 'POST', url: `/lag/meetings/${meetingId}/confidentiality` }), 200),
      ).toEqual({ meetingId, version: 7 });
      const res = await hub.as(chair, {
        method: 'POST',
        url: `/lag/meetings/${meetingId}/cases/${referralId}`,
        headers: { 'if-match': '"7"' },
        body: {
          // No agreement covers housing and the chair's agency here: the chair shares on a stated basis.
          notCoveredAgencies: 'share',
          sharingJustification: 'Crime and Disorder Act 1998 s.115: housing holds the tenancy',
          notes: 'Police shared the incident log; housing confirmed the tenancy of number 14.',
          decisions: ['information_shared', 'actions_agreed'],
          actions: [
            {
              owningAgencyId: thurrock.agencies.police,
              assigneeUserId: thurrock.users[pc],
              kind: 'warning_letter',
              description: 'Warning letter to the neighbour at number 14',
              dueDate: tomorrow,
              targetPersonId: perpetratorId,
            },
            {
              owningAgencyId: thurrock.agencies.housing,
              kind: 'target_hardening',
              description: 'Fit a letterbox guard and window film for the victim',
              dueDate: tomorrow,
              targetPersonId: victimId,
            },
          ],
          recordReview: true,
        },
      });
      const body = await ok(res, 201);
      expect(body).toEqual({
        meetingId,
        referralId,
        version: 8,
        referralVersion: expect.any(Number),
        actionIds: [expect.any(String), expect.any(String)],
        nextReviewDate: addDays(today, 14),
      });
      expect(res.headers.etag).toBe('"8"');
      [policeActionId, housingActionId] = body.actionIds;
      // Police were already involved (they referred); housing becomes involved with its action.
      const types = (await hub.store.readStream(`lag-referral-${referralId}`)).map((e) => e.type).slice(4);
      expect(types).toEqual(['ActionAgreed', 'ActionAgreed', 'CaseInvolvementChanged', 'ReferralReviewed']);
      await settle();
    });

    it('refuses an action due before today, one a practitioner gives another agency, and one from an uninvolved agency', async () => {
      const yesterday = addDays(today, -1);
      const past = await hub.as(chair, {
        method: 'POST',
        url: `/lag/referrals/${referralId}/actions`,
        body: {
          owningAgencyId: thurrock.agencies.police,
          kind: 'other',
          description: 'Too late already',
          dueDate: yesterday,
        },
      });
      expect({ status: past.statusCode, code: past.json().code }).toEqual({
        status: 422,
        code: 'REFERRAL.ACTION_DUE_DATE_IN_PAST',
      });
      const forOthers = await hub.as(pc, {
        method: 'POST',
        url: `/lag/referrals/${referralId}/actions`,
        body: {
          owningAgencyId: thurrock.agencies.housing,
          kind: 'eviction',
          description: 'Start eviction proceedings',
          dueDate: tomorrow,
        },
      });
      expect({ status: forOthers.statusCode, code: forOthers.json().code }).toEqual({
        status: 403,
        code: 'LAG.NOT_YOUR_AGENCY',
      });
      const outsider = await hub.as(fire, {
        method: 'POST',
        url: `/lag/referrals/${referralId}/actions`,
        body: {
          owningAgencyId: thurrock.agencies.fire,
          kind: 'target_hardening',
          description: 'Home fire safety visit',
          dueDate: tomorrow,
        },
      });
      expect({ status: outsider.statusCode, code: outsider.json().code }).toEqual({
        status: 403,
        code: 'LAG.AGENCY_NOT_INVOLVED',
      });
    });
  });

  describe('the action plan', () => {
    it('shows each agency its own actions, without narratives', async () => {
      const police = await ok(hub.as(pc, { url: '/lag/actions?agencyId=mine&state=open' }), 200);
      expect(police).toEqual([
        expect.objectContaining({
          actionId: policeActionId,
          referralId,
          localityId: thurrock.localities.Grays,
          owningAgencyId: thurrock.agencies.police,
          kind: 'warning_letter',
          status: 'open',
          dueDate: tomorrow,
          overdue: false,
          meetingId,
        }),
      ]);
      expect(
        (await ok(hub.as(housing, { url: '/lag/actions' }), 200)).map((a: { actionId: string }) => a.actionId),
      ).toEqual([housingActionId]);
      expect(await ok(hub.as(fire, { url: '/lag/actions' }), 200)).toEqual([]);
      expect(JSON.stringify(police)).not.toMatch(/Warning letter|letterbox|Maureen|Adeyemi/);
    });

    it('lets the owning agency complete its action (with an outcome) and no other agency touch it', async () => {
      const byFire = await hub.as(fire, {
        method: 'PATCH',
        url: `/lag/referrals/${referralId}/actions/${housingActionId}`,
        body: { status: 'in_progress' },
      });
      expect({ status: byFire.statusCode, code: byFire.json().code }).toEqual({
        status: 403,
        code: 'LAG.NOT_YOUR_AGENCY',
      });
      const noOutcome = await hub.as(pc, {
        method: 'PATCH',
        url: `/lag/referrals/${referralId}/actions/${policeActionId}`,
        body: { status: 'completed' },
      });
      expect({ status: noOutcome.statusCode, code: noOutcome.json().code }).toEqual({
        status: 400,
        code: 'REFERRAL.ACTION_OUTCOME_REQUIRED',
      });

      const done = await hub.as(pc, {
        method: 'PATCH',
        url: `/lag/referrals/${referralId}/actions/${policeActionId}`,
        body: { status: 'completed', outcome: 'Letter hand-delivered; the neighbour acknowledged it' },
      });
      expect(await ok(done, 200)).toMatchObject({ referralId, actionId: policeActionId, status: 'completed' });
      const again = await hub.as(pc, {
        method: 'PATCH',
        url: `/lag/referrals/${referralId}/actions/${policeActionId}`,
        body: { status: 'cancelled' },
      });
      expect(again.json()).toMatchObject({ code: 'REFERRAL.ACTION_FINISHED' });
      await settle();
      expect(await ok(hub.as(pc, { url: '/lag/actions' }), 200)).toEqual([]);
    });

    it('lists the housing action as overdue once its due date has passed (asOf), for housing and for the chair only', async () => {
      expect(await ok(hub.as(housing, { url: '/lag/actions?state=overdue' }), 200)).toEqual([]);
      const later = addDays(tomorrow, 1);
      const overdue = await ok(hub.as(housing, { url: `/lag/actions?state=overdue&asOf=${later}` }), 200);
      expect(overdue).toEqual([
        expect.objectContaining({ actionId: housingActionId, status: 'open', dueDate: tomorrow, overdue: true }),
      ]);
      expect(
        await ok(
          hub.as(chair, { url: `/lag/actions?agencyId=${thurrock.agencies.housing}&state=overdue&asOf=${later}` }),
          200,
        ),
      ).toEqual(overdue);
      expect((await hub.as(pc, { url: `/lag/actions?agencyId=${thurrock.agencies.housing}` })).json()).toMatchObject({
        code: 'LAG.NOT_YOUR_AGENCY',
      });
      expect((await hub.as(housing, { url: '/lag/actions?state=late&asOf=2026-02-30' })).statusCode).toBe(400);

      const [summary] = await ok(hub.as(pc, { url: `/lag/referrals?status=accepted&asOf=${later}` }), 200);
      expect(summary).toMatchObject({
        referralId,
        openActions: 1,
        overdueActions: 1,
        dueForReview: false,
        nextReviewDate: addDays(today, 14),
      });
      const due = await ok(hub.as(pc, { url: `/lag/referrals?dueForReview=true&asOf=${addDays(today, 14)}` }), 200);
      expect(due.map((r: { referralId: string }) => r.referralId)).toEqual([referralId]);
      expect(await ok(hub.as(pc, { url: `/lag/referrals?dueForReview=true&asOf=${today}` }), 200)).toEqual([]);
    });

    it('gives the chair the meeting pack, with people and the incident summary, recording one consultation', async () => {
      expect((await hub.as(chair, { url: `/lag/meetings/${meetingId}/pack` })).statusCode).toBe(400);
      const before = await consultations('lag_meeting_pack');
      const pack = await ok(hub.as(chair, { url: `/lag/meetings/${meetingId}/pack?purpose=meeting_preparation` }), 200);
      expect(pack).toMatchObject({
        meetingId,
        status: 'in_session',
        asOf: meetingDay,
        localityId: thurrock.localities.Grays,
      });
      expect(pack.attendance).toHaveLength(4);
      expect(pack.cases).toEqual([
        expect.objectContaining({
          referralId,
          item: 'new',
          discussed: true,
          band: 'high',
          repeat: false,
          locked: false,
          reviewCount: 1,
          incidentSummary: INCIDENT,
          victims: [expect.objectContaining({ personId: victimId, givenName: 'Maureen', familyName: 'Adeyemi' })],
          perpetrators: [expect.objectContaining({ personId: perpetratorId, givenName: 'Kyle' })],
          openActions: [
            expect.objectContaining({
              actionId: housingActionId,
              // As at the meeting's day (today): not yet due.
              overdue: false,
              description: 'Fit a letterbox guard and window film for the victim',
            }),
          ],
          overdueActions: 0,
        }),
      ]);
      const after = await consultations('lag_meeting_pack');
      expect(after).toHaveLength(before.length + 1);
      expect(after.at(-1)).toMatchObject({
        userId: thurrock.users[chair],
        purpose: 'meeting_preparation',
        personIds: [victimId, perpetratorId],
      });
    });

    it('lists the meeting and closes it; a closed meeting takes no more cases', async () => {
      const [listed] = await ok(
        hub.as(pc, { url: `/lag/meetings?localityId=${thurrock.localities.Grays}&from=${today}` }),
        200,
      );
      expect(listed).toMatchObject({
        meetingId,
        status: 'in_session',
        agenda: [{ referralId, item: 'new', band: 'high', discussed: true, carriedActionIds: [] }],
      });
      expect(await ok(hub.as(chair, { method: 'POST', url: `/lag/meetings/${meetingId}/close` }), 200)).toMatchObject({
        meetingId,
      });
      const late = await hub.as(chair, {
        method: 'POST',
        url: `/lag/meetings/${meetingId}/cases/${referralId}`,
        body: { notes: 'After the meeting', decisions: ['information_shared'] },
      });
      expect(late.json()).toMatchObject({ code: 'MEETING.CLOSED' });
      expect(
        (
          await hub.as(chair, {
            method: 'POST',
            url: `/lag/meetings/${meetingId}/cancel`,
            body: { reason: 'no_cases' },
          })
        ).json(),
      ).toMatchObject({ code: 'MEETING.CLOSED' });
    });
  });

  describe('reassessment, closure and a repeat referral', () => {
    it('reassesses the case to medium: the next review moves from 14 to 28 days after the last review', async () => {
      const outsider = await hub.as(fire, {
        method: 'POST',
        url: `/lag/referrals/${referralId}/reassess`,
        body: { riskAnswers: MEDIUM() },
      });
      expect({ status: outsider.statusCode, code: outsider.json().code }).toEqual({
        status: 403,
        code: 'LAG.AGENCY_NOT_INVOLVED',
      });
      const res = await hub.as(pc, {
        method: 'POST',
        url: `/lag/referrals/${referralId}/reassess`,
        body: { riskAnswers: MEDIUM() },
      });
      expect(await ok(res, 200)).toMatchObject({
        referralId,
        status: 'accepted',
        band: 'medium',
        nextReviewDate: addDays(today, 28),
      });
    });

    it('refuses to close with an outstanding action, then closes cancelling it', async () => {
      const close = {
        outcomes: ['victim_feels_safer', 'incidents_reduced'],
        reason: 'risk_reduced',
        outcomeNarrative: 'Mrs Adeyemi says she feels safe at home again',
      };
      const refused = await hub.as(chair, { method: 'POST', url: `/lag/referrals/${referralId}/close`, body: close });
      expect(refused.statusCode).toBe(409);
      expect(refused.json()).toMatchObject({ code: 'REFERRAL.OUTSTANDING_ACTIONS', actionIds: [housingActionId] });
      const closed = await hub.as(chair, {
        method: 'POST',
        url: `/lag/referrals/${referralId}/close`,
        body: { ...close, cancelOutstandingActions: true },
      });
      expect(await ok(closed, 200)).toMatchObject({ status: 'closed', nextReviewDate: null });
      await settle();
      expect(await ok(hub.as(housing, { url: '/lag/actions' }), 200)).toEqual([]);
    });

    it('shows the police (involved, and who registered the people) the whole case, recording the consultation', async () => {
      const before = await consultations('lag_referral');
      const res = await hub.as(pc, { url: `/lag/referrals/${referralId}?purpose=case_management` });
      const view = await ok(res, 200);
      expect(res.headers.etag).toBe(`"${view.version}"`);
      expect(view).toMatchObject({
        referralId,
        locked: false,
        status: 'closed',
        band: 'medium',
        victims: [
          {
            personId: victimId,
            givenName: 'Maureen',
            familyName: 'Adeyemi',
            dateOfBirth: '1948-05-12',
            postcode: 'RM17 6SL',
          },
        ],
        perpetrators: [expect.objectContaining({ personId: perpetratorId, givenName: 'Kyle', familyName: 'Denton' })],
        incidentSummary: INCIDENT,
        multiAgencyReason: REASON,
        vulnerabilities: ['older_person', 'socially_isolated'],
        risk: { matrixId: 'default-asb-victim-risk', matrixVersion: 1, score: 11, band: 'medium', judgement: null },
      });
      expect(view.actions).toEqual([
        expect.objectContaining({
          actionId: policeActionId,
          status: 'completed',
          description: 'Warning letter to the neighbour at number 14',
          outcome: 'Letter hand-delivered; the neighbour acknowledged it',
        }),
        expect.objectContaining({ actionId: housingActionId, status: 'cancelled', outcome: null }),
      ]);
      expect(view.history.map((h: { type: string }) => h.type)).toEqual([
        'referred',
        'accepted',
        'reviewed',
        'risk_reassessed',
        'closed',
      ]);
      expect(view.history.at(-1)).toMatchObject({
        reason: 'risk_reduced',
        note: 'Mrs Adeyemi says she feels safe at home again',
      });
      expect(view.discussions).toEqual([
        expect.objectContaining({
          meetingId,
          decisions: ['information_shared', 'actions_agreed'],
          notes: expect.stringContaining('tenancy of number 14'),
        }),
      ]);
      const after = await consultations('lag_referral');
      expect(after).toHaveLength(before.length + 1);
      expect(after.at(-1)).toMatchObject({
        userId: thurrock.users[pc],
        purpose: 'case_management',
        personIds: [victimId, perpetratorId],
      });
    });

    it('keeps narratives and names sealed in the LAG read models', async () => {
      const tables: Array<{ table_name: string }> = await hub.db.query(
        `SELECT table_name FROM information_schema.tables WHERE table_schema = 'lag' ORDER BY 1`,
      );
      expect(tables.map((t) => t.table_name)).toEqual([
        'actions',
        'agenda_items',
        'case_discussions',
        'case_orders',
        'enforcement_window',
        'meetings',
        'referrals',
        'settings',
      ]);
      for (const { table_name } of tables) {
        const rows: Array<{ row: string }> = await hub.db.query(`SELECT t::text AS row FROM lag."${table_name}" t`);
        expect({ table_name, text: rows.map((r) => r.row).join('\n') }).not.toEqual({
          table_name,
          text: expect.stringMatching(/Stones|Maureen|Adeyemi|letterbox|tenancy|safe at home|hand-delivered/),
        });
      }
    });

    it('shows the fire service (never involved) only the locked view, and records no consultation', async () => {
      const before = await eventCount('PersonalDataConsulted');
      const view = await ok(hub.as(fire, { url: `/lag/referrals/${referralId}?purpose=case_management` }), 200);
      expect(view).toMatchObject({ referralId, locked: true, status: 'closed', band: 'medium' });
      expect(view.agencies.map((a: { name: string }) => a.name).sort()).toEqual([
        'Essex Police',
        'Thurrock Council Community Safety and ASB Team',
        'Thurrock Council Housing',
      ]);
      expect(JSON.stringify(view)).not.toMatch(/Maureen|Adeyemi|Kyle|Stones|letterbox|safe at home/);
      expect(JSON.stringify(view)).not.toContain(victimId);
      expect(await eventCount('PersonalDataConsulted')).toBe(before);
      const list = await ok(hub.as(fire, { url: '/lag/referrals' }), 200);
      expect(list.map((r: { referralId: string }) => r.referralId)).toEqual([referralId]);
      expect(JSON.stringify(list)).not.toMatch(new RegExp(`Maureen|Stones|${victimId}|${perpetratorId}`));
    });

    it('flags a new referral of the same victim within 12 months as a repeat', async () => {
      const body = await ok(
        hub.as(pc, {
          method: 'POST',
          url: '/lag/referrals',
          body: referral({
            perpetratorIds: [],
            incidentSummary: 'Abuse shouted through the letterbox again last night',
          }),
        }),
        201,
      );
      expect(body).toMatchObject({ band: 'high', repeat: true, repeatVictimIds: [victimId] });
      repeatReferralId = body.referralId;
      await settle();
    });

    it('reopens the closed case, keeping its history; its review is counted at its band (medium)', async () => {
      const res = await hub.as(chair, {
        method: 'POST',
        url: `/lag/referrals/${referralId}/reopen`,
        body: { reason: "New incidents reported by the victim's daughter" },
      });
      expect(await ok(res, 200)).toMatchObject({
        status: 'accepted',
        band: 'medium',
        nextReviewDate: addDays(today, 28),
      });
    });
  });

  describe('partnership settings', () => {
    it('lets an administrator change the review cadence (If-Match honoured), which the next acceptance uses', async () => {
      const cadence = { very_high: 7, high: 10, medium: 28, standard: 56 };
      expect((await hub.as(pc, { method: 'PUT', url: '/lag/settings/review-cadence', body: cadence })).statusCode).toBe(
        403,
      );
      const invalid = await hub.as(admin, {
        method: 'PUT',
        url: '/lag/settings/review-cadence',
        body: { ...cadence, high: 30 },
      });
      expect({ status: invalid.statusCode, code: invalid.json().code }).toEqual({
        status: 400,
        code: 'REVIEW.INVALID_CADENCE',
      });
      expect(
        (
          await hub.as(admin, {
            method: 'PUT',
            url: '/lag/settings/review-cadence',
            body: { ...cadence, medium: undefined },
          })
        ).statusCode,
      ).toBe(400);

      const res = await hub.as(admin, { method: 'PUT', url: '/lag/settings/review-cadence', body: cadence });
      expect(await ok(res, 200)).toEqual({ version: 0 });
      expect(
        (
          await hub.as(admin, {
            method: 'PUT',
            url: '/lag/settings/review-cadence',
            body: { ...cadence, high: 12 },
            headers: { 'if-match': '"5"' },
          })
        ).statusCode,
      ).toBe(412);
      await settle();
      const settings = await hub.as(chair, { url: '/lag/settings' });
      expect(settings.headers.etag).toBe('"0"');
      expect(settings.json().reviewCadence).toEqual(cadence);

      // One open case per victim: the reopened case is closed before the repeat referral is accepted.
      const refused = await hub.as(chair, { method: 'POST', url: `/lag/referrals/${repeatReferralId}/accept` });
      expect(refused.json()).toMatchObject({ code: 'LAG.VICTIM_HAS_OPEN_CASE', openReferralId: referralId });
      await ok(
        hub.as(chair, {
          method: 'POST',
          url: `/lag/referrals/${referralId}/close`,
          body: {
            outcomes: ['incidents_reduced'],
            reason: 'other',
            outcomeNarrative: 'Carried on under the repeat referral',
            cancelOutstandingActions: true,
          },
        }),
        200,
      );
      const accepted = await ok(
        hub.as(chair, { method: 'POST', url: `/lag/referrals/${repeatReferralId}/accept` }),
        200,
      );
      expect(accepted).toMatchObject({ band: 'high', nextReviewDate: addDays(today, 10) });
    });

    it('adopts a new risk matrix only as a valid, new version', async () => {
      const renamed = { ...matrix, name: 'Same version, different name' };
      expect(
        (await hub.as(admin, { method: 'PUT', url: '/lag/settings/risk-matrix', body: renamed })).json(),
      ).toMatchObject({ code: 'RISK.MATRIX_VERSION_USED' });
      const unreachable = { ...matrix, version: 2, thresholds: { medium: 10, high: 20, veryHigh: 500 } };
      const invalid = await hub.as(admin, { method: 'PUT', url: '/lag/settings/risk-matrix', body: unreachable });
      expect({ status: invalid.statusCode, code: invalid.json().code }).toEqual({
        status: 400,
        code: 'RISK.INVALID_MATRIX',
      });
      const adopted = await hub.as(admin, {
        method: 'PUT',
        url: '/lag/settings/risk-matrix',
        body: { ...matrix, version: 2, thresholds: { medium: 8, high: 16, veryHigh: 30 } },
        headers: { 'if-match': '"0"' },
      });
      expect(await ok(adopted, 200)).toEqual({ version: 1 });
      await settle();
      // Assessments from now on name version 2 of the matrix.
      const rescored = await ok(
        hub.as(pc, {
          method: 'POST',
          url: `/lag/referrals/${repeatReferralId}/reassess`,
          body: { riskAnswers: HIGH() },
        }),
        200,
      );
      expect(rescored).toMatchObject({ band: 'high' });
      const [event] = (await hub.store.readStream(`lag-referral-${repeatReferralId}`)).filter(
        (e) => e.type === 'RiskReassessed',
      );
      expect(event.data).toMatchObject({
        riskAssessment: { matrixId: 'default-asb-victim-risk', matrixVersion: 2, score: 22, scoredBand: 'high' },
      });
    });
  });

  describe('the LAG service on its own', () => {
    it("composes only what LAG needs, and serves the same partnership's cases from the shared database", async () => {
      // Same data directory (signing and master keys) and database as the hub; its projection
      // runners stand by while the hub's hold the locks.
      const service = await createHttpApp(lagReferralsService(hub.config, hub.databaseUrl), {
        title: 'LAG',
        description: 'test',
      });
      try {
        await service.init();
        await service.getHttpAdapter().getInstance().ready();
        const as = async (subject: string, url: string) =>
          service.inject({ method: 'GET', url, headers: { authorization: `Bearer ${await hub.token(subject)}` } });
        expect((await service.inject({ method: 'GET', url: '/health/ready' })).statusCode).toBe(200);
        const list = await as(chair, '/lag/referrals');
        expect(list.statusCode).toBe(200);
        expect(
          list
            .json()
            .map((r: { referralId: string }) => r.referralId)
            .sort(),
        ).toEqual([referralId, repeatReferralId].sort());
        const view = await as(pc, `/lag/referrals/${referralId}?purpose=case_management`);
        expect(view.json()).toMatchObject({ referralId, locked: false, incidentSummary: INCIDENT });
        const paths = Object.keys((await service.inject({ method: 'GET', url: '/openapi.json' })).json().paths);
        expect(paths).toEqual(
          expect.arrayContaining(['/lag/referrals', '/lag/meetings/{meetingId}/pack', '/lag/settings']),
        );
        // Other contexts are read through their directories; their APIs belong to their own services.
        expect(paths.filter((p) => /^\/(timelines|people|users|partnership)/.test(p))).toEqual([]);
      } finally {
        await service.close();
      }
    });
  });

  describe('erasure', () => {
    it('forgetting the first victim erases every narrative of their cases, which were sealed with their key', async () => {
      await ok(
        hub.as(admin, {
          method: 'POST',
          url: `/people/${victimId}/forget`,
          // Their case is still open: forgetting them is confirmed for it.
          body: {
            legalGround: 'uk_gdpr_art17_1_a',
            reason: 'Erasure request ER-2026-001 upheld.',
            confirmOpenCases: true,
          },
        }),
        200,
      );
      await settle();
      const view = await ok(hub.as(chair, { url: `/lag/referrals/${referralId}?purpose=case_management` }), 200);
      expect(view).toMatchObject({
        locked: false,
        victims: [{ personId: victimId, erased: true }],
        incidentSummary: { erased: true },
        multiAgencyReason: { erased: true },
      });
      expect(
        view.actions.every((a: { description: unknown }) => JSON.stringify(a.description) === '{"erased":true}'),
      ).toBe(true);
      expect(view.discussions[0].notes).toEqual({ erased: true });
      expect(JSON.stringify(view)).not.toMatch(/Stones|letterbox|tenancy|safe at home|daughter/);
      // The perpetrator's own record is untouched: the police, who recorded it, still see it. The
      // chair's agency no longer does: its access through the closed case ended (decision 0029).
      expect(view.perpetrators).toEqual([expect.objectContaining({ personId: perpetratorId, locked: true })]);
      const police = await ok(hub.as(pc, { url: `/lag/referrals/${referralId}?purpose=case_management` }), 200);
      expect(police.perpetrators).toEqual([expect.objectContaining({ personId: perpetratorId, givenName: 'Kyle' })]);
      const repeat = await ok(
        hub.as(chair, { url: `/lag/referrals/${repeatReferralId}?purpose=case_management` }),
        200,
      );
      expect(repeat.incidentSummary).toEqual({ erased: true });
    });
  });
});
