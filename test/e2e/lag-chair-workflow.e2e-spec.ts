import { addDays, londonDay } from '@hubline/calendar';
import { seedPartnership, THURROCK, type SeededPartnership } from '@hubline/demo';
import type { RiskMatrix } from '@hubline/lag';
import { ok, TestHub } from '../support/test-hub';

/**
 * The LAG as the chair works it: reading a referral to decide on it, triaging the referral list,
 * running a meeting on its day, late cases, one open case per victim, sharing not covered by an
 * agreement, access at closure, the locality's overdue actions and professional judgement.
 */
describe('the LAG chair workflow over HTTP', () => {
  let hub: TestHub;
  let thurrock: SeededPartnership;
  const pc = 'pc.okafor@essex-police.demo';
  const chair = 'lag.chair@thurrock.demo';
  const fire = 'station.officer@essex-fire.demo';
  const today = londonDay(new Date());

  const INCIDENT = 'Eggs and stones thrown at the door most evenings by the family across the road';
  const REASON = 'Housing and police acting alone have not stopped it; the victim no longer goes out';
  let matrix: RiskMatrix;

  beforeAll(async () => {
    hub = await TestHub.start();
    thurrock = await seedPartnership(hub.commands, THURROCK);
    await hub.settle();
    matrix = (await ok(hub.as(pc, { url: '/lag/settings' }))).riskMatrix;
  });
  afterAll(() => hub?.close());

  // ---- helpers ----
  const answers = (overrides: Record<string, string> = {}) => ({
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
  const person = async (givenName: string, familyName: string, as = pc): Promise<string> =>
    (
      await ok(
        hub.as(as, { method: 'POST', url: '/people', body: { givenName, familyName, dateOfBirth: '1950-02-03' } }),
        201,
      )
    ).personId;
  const refer = async (victimId: string, overrides: Record<string, unknown> = {}, as = pc) =>
    ok(
      hub.as(as, {
        method: 'POST',
        url: '/lag/referrals',
        body: {
          localityId: thurrock.localities.Grays,
          category: 'asb',
          victimIds: [victimId],
          perpetratorIds: [],
          incidentSummary: INCIDENT,
          vulnerabilities: ['older_person'],
          riskAnswers: HIGH(),
          multiAgencyReason: REASON,
          ...overrides,
        },
      }),
      201,
    );
  /** Refers, opens and accepts a case for a new victim: what a chair has before a meeting. */
  const acceptedCase = async (givenName: string, familyName: string, overrides: Record<string, unknown> = {}) => {
    const victimId = await person(givenName, familyName);
    const { referralId } = await refer(victimId, overrides);
    await hub.settle();
    const res = await hub.as(chair, { url: `/lag/referrals/${referralId}?purpose=case_management` });
    await ok(
      hub.as(chair, {
        method: 'POST',
        url: `/lag/referrals/${referralId}/accept`,
        headers: { 'if-match': String(res.headers.etag) },
      }),
    );
    await hub.settle();
    return { victimId, referralId };
  };
  const scheduleMeeting = async (startsAt: string, extra: Record<string, unknown> = {}): Promise<string> =>
    (
      await ok(
        hub.as(chair, {
          method: 'POST',
          url: '/lag/meetings',
          body: { localityId: thurrock.localities.Grays, startsAt, ...extra },
        }),
        201,
      )
    ).meetingId;
  const eventsOfType = async (type: string): Promise<number> =>
    Number((await hub.db.query('SELECT count(*) AS n FROM event_store.events WHERE type = $1', [type]))[0].n);
  const caseDisclosures = async (referralId: string) =>
    (
      await hub.db.query(
        `SELECT data FROM event_store.events WHERE type = 'InformationDisclosed' AND data->'case'->>'id' = $1 ORDER BY seq`,
        [referralId],
      )
    ).map((r: { data: Record<string, any> }) => r.data);
  const consultationsOf = async (userId: string, view: string) =>
    (
      await hub.db.query(
        `SELECT data FROM event_store.events WHERE type = 'PersonalDataConsulted' AND data->>'userId' = $1 AND data->>'view' = $2 ORDER BY seq`,
        [userId, view],
      )
    ).map((r: { data: Record<string, any> }) => r.data);

  describe('the chair reads a referral to decide on it', () => {
    it('shows the chair the whole referral before acceptance, recorded as a disclosure to their agency and a consultation', async () => {
      const victimId = await person('Gwen', 'Holloway');
      const { referralId } = await refer(victimId);
      await hub.settle();
      // A practitioner of another agency still sees only the locked view.
      const locked = await ok(hub.as(fire, { url: `/lag/referrals/${referralId}?purpose=case_management` }));
      expect(locked).toMatchObject({ locked: true });
      expect(JSON.stringify(locked)).not.toContain('Holloway');

      const res = await hub.as(chair, { url: `/lag/referrals/${referralId}?purpose=case_management` });
      const view = await ok(res);
      expect(view).toMatchObject({
        locked: false,
        status: 'referred',
        incidentSummary: INCIDENT,
        multiAgencyReason: REASON,
        victims: [{ personId: victimId, givenName: 'Gwen', familyName: 'Holloway' }],
        risk: { band: 'high' },
      });
      expect(res.headers.etag).toBe(`"${view.version}"`);
      expect(view.involvedAgencyIds).toEqual(expect.arrayContaining([thurrock.agencies.asb]));

      await hub.settle();
      const [disclosure] = await caseDisclosures(referralId);
      expect(disclosure).toMatchObject({
        fromAgencyId: thurrock.agencies.police,
        recipientAgencyIds: [thurrock.agencies.asb],
        personIds: [victimId],
        purpose: 'lag_case_coordination',
        basis: { kind: 'case_involvement', occasion: 'referred_for_decision' },
      });
      const chairId = thurrock.users[chair];
      const seen = await consultationsOf(chairId, 'lag_referral');
      expect(
        seen.some((c: Record<string, any>) => c.personIds.includes(victimId) && c.purpose === 'case_management'),
      ).toBe(true);

      // Opening it again records no second disclosure; declining keeps the record.
      await ok(hub.as(chair, { url: `/lag/referrals/${referralId}?purpose=case_management` }));
      const declined = await ok(
        hub.as(chair, {
          method: 'POST',
          url: `/lag/referrals/${referralId}/decline`,
          body: { reason: 'criteria_not_met' },
          headers: { 'if-match': `"${view.version}"` },
        }),
      );
      expect(declined).toMatchObject({ status: 'declined' });
      await hub.settle();
      expect(await caseDisclosures(referralId)).toHaveLength(1);
    });
  });

  describe('the referral list for triage', () => {
    it("names the victims the chair's agency may see, with band, repeat and days waiting, one consultation for the people shown", async () => {
      const known = await person('Iris', 'Pemberton');
      const stranger = await person('Olu', 'Bankole');
      const first = await refer(known);
      const second = await refer(stranger);
      await hub.settle();
      // The chair has opened the first one to decide on it; not the second.
      await ok(hub.as(chair, { url: `/lag/referrals/${first.referralId}?purpose=case_management` }));
      await hub.settle();

      const chairId = thurrock.users[chair];
      const before = (await consultationsOf(chairId, 'lag_referral_list')).length;
      const list = await ok(hub.as(chair, { url: '/lag/referrals?status=referred&purpose=meeting_preparation' }));
      const item = (id: string) => list.find((r: { referralId: string }) => r.referralId === id);
      expect(item(first.referralId)).toMatchObject({
        band: 'high',
        repeat: false,
        daysWaiting: 0,
        victims: [{ personId: known, givenName: 'Iris', familyName: 'Pemberton' }],
      });
      expect(item(second.referralId)).toMatchObject({
        band: 'high',
        daysWaiting: 0,
        victims: [{ personId: stranger, locked: true }],
      });
      expect(JSON.stringify(item(second.referralId))).not.toContain('Bankole');

      const logged = (await consultationsOf(chairId, 'lag_referral_list')).slice(before);
      expect(logged).toHaveLength(1);
      expect(logged[0]).toMatchObject({ purpose: 'meeting_preparation' });
      expect(logged[0].personIds).toContain(known);
      expect(logged[0].personIds).not.toContain(stranger);

      // Without a purpose the list shows no personal data, as before.
      const bare = await ok(hub.as(chair, { url: '/lag/referrals?status=referred' }));
      expect(JSON.stringify(bare)).not.toContain('Pemberton');
      expect(bare.find((r: { referralId: string }) => r.referralId === first.referralId)).toMatchObject({
        daysWaiting: 0,
      });
      // An unknown purpose is refused.
      expect((await hub.as(chair, { url: '/lag/referrals?purpose=curiosity' })).statusCode).toBe(400);
    });
  });

  describe('a meeting runs on its day', () => {
    it('refuses the session 13 days early, says which day it is on, and runs once rescheduled to today with a reason', async () => {
      const { referralId } = await acceptedCase('Harold', 'Finch');
      const startsAt = new Date(Date.now() + 13 * 86_400_000).toISOString();
      const meetingId = await scheduleMeeting(startsAt);
      await hub.settle();
      await ok(
        hub.as(chair, { method: 'POST', url: `/lag/meetings/${meetingId}/agenda`, body: { referralId, item: 'new' } }),
        201,
      );
      await hub.settle();
      const confirmed = await eventsOfType('MeetingConfidentialityConfirmed');
      const reviewed = await eventsOfType('ReferralReviewed');

      const early = await hub.as(chair, { method: 'POST', url: `/lag/meetings/${meetingId}/confidentiality` });
      expect(early.statusCode).toBe(409);
      expect(early.headers['content-type']).toContain('application/problem+json');
      expect(early.json()).toMatchObject({ code: 'MEETING.NOT_ITS_DAY', meetingDay: londonDay(startsAt), today });
      const review = await hub.as(chair, {
        method: 'POST',
        url: `/lag/referrals/${referralId}/reviews`,
        body: { meetingId },
      });
      expect(review.statusCode).toBe(409);
      expect(review.json()).toMatchObject({ code: 'MEETING.NOT_ITS_DAY' });
      expect(await eventsOfType('MeetingConfidentialityConfirmed')).toBe(confirmed);
      expect(await eventsOfType('ReferralReviewed')).toBe(reviewed);

      // Brought forward to today, with a reason: the session runs.
      const todayNoon = `${today}T12:00:00Z`;
      const moved = await hub.as(chair, {
        method: 'POST',
        url: `/lag/meetings/${meetingId}/reschedule`,
        body: { startsAt: todayNoon, reason: 'brought_forward' },
      });
      expect(moved.statusCode).toBe(200);
      const [rescheduled] = (
        await hub.db.query(
          `SELECT data FROM event_store.events WHERE type = 'MeetingRescheduled' AND data->>'meetingId' = $1`,
          [meetingId],
        )
      ).map((r: { data: Record<string, unknown> }) => r.data);
      expect(rescheduled).toMatchObject({
        previousStartsAt: startsAt,
        startsAt: new Date(todayNoon).toISOString(),
        reason: 'brought_forward',
      });
      const past = await hub.as(chair, {
        method: 'POST',
        url: `/lag/meetings/${meetingId}/reschedule`,
        body: { startsAt: `${addDays(today, -1)}T12:00:00Z`, reason: 'other' },
      });
      expect(past.statusCode).toBe(422);
      await hub.settle();
      const pack = await ok(hub.as(chair, { url: `/lag/meetings/${meetingId}/pack?purpose=meeting_preparation` }));
      expect(pack).toMatchObject({ startsAt: new Date(todayNoon).toISOString(), asOf: today });
      await ok(hub.as(chair, { method: 'POST', url: `/lag/meetings/${meetingId}/confidentiality` }));
      const discussed = await ok(
        hub.as(chair, {
          method: 'POST',
          url: `/lag/meetings/${meetingId}/cases/${referralId}`,
          body: {
            notes: 'Housing to visit; police patrols agreed',
            decisions: ['information_shared'],
            recordReview: true,
          },
        }),
        201,
      );
      expect(discussed.nextReviewDate).toBe(addDays(today, 14));
    });
  });

  describe('late additions and urgent meetings', () => {
    it('lets the chair add a high-risk case past the cut-off with a reason, recorded; puts the case calling an urgent meeting on its agenda', async () => {
      const { referralId } = await acceptedCase('Edna', 'Marsh');
      // Five days away: the cut-off (ten days before) has passed.
      const meetingId = await scheduleMeeting(new Date(Date.now() + 5 * 86_400_000).toISOString());
      await hub.settle();
      const refused = await hub.as(chair, {
        method: 'POST',
        url: `/lag/meetings/${meetingId}/agenda`,
        body: { referralId, item: 'new' },
      });
      expect({ status: refused.statusCode, code: refused.json().code }).toEqual({
        status: 422,
        code: 'MEETING.CUT_OFF_PASSED',
      });
      await ok(
        hub.as(chair, {
          method: 'POST',
          url: `/lag/meetings/${meetingId}/agenda`,
          body: { referralId, item: 'new', lateReason: 'risk_escalated' },
        }),
        201,
      );
      const [added] = (
        await hub.db.query(
          `SELECT data FROM event_store.events WHERE type = 'CaseAddedToAgenda' AND data->>'meetingId' = $1`,
          [meetingId],
        )
      ).map((r: { data: Record<string, unknown> }) => r.data);
      expect(added).toMatchObject({ referralId, lateAddition: { reason: 'risk_escalated' } });

      const urgentCase = await acceptedCase('Walter', 'Briggs', {
        professionalJudgement: { band: 'very_high', reason: 'Threats to burn the house down' },
      });
      const urgentMeetingId = await scheduleMeeting(new Date(Date.now() + 2 * 86_400_000).toISOString(), {
        urgent: { referralId: urgentCase.referralId, reason: 'Threats to burn the house down this week' },
      });
      await hub.settle();
      const pack = await ok(
        hub.as(chair, { url: `/lag/meetings/${urgentMeetingId}/pack?purpose=meeting_preparation` }),
      );
      expect(pack.cases).toEqual([
        expect.objectContaining({ referralId: urgentCase.referralId, item: 'new', band: 'very_high' }),
      ]);
    });
  });

  describe('professional judgement', () => {
    it('keeps the reason of a judgement that agrees with the scored band', async () => {
      const victimId = await person('Ada', 'Quarshie');
      const { referralId } = await refer(victimId, {
        professionalJudgement: { band: 'high', reason: 'The score is right: she is housebound and alone' },
      });
      await hub.settle();
      const view = await ok(hub.as(pc, { url: `/lag/referrals/${referralId}?purpose=case_management` }));
      expect(view.risk).toMatchObject({
        scoredBand: 'high',
        band: 'high',
        judgement: { band: 'high', reason: 'The score is right: she is housebound and alone' },
      });
    });
  });

  describe("the locality's overdue actions", () => {
    it("lists every agency's overdue actions of a locality in one list for the chair, and to nobody else", async () => {
      const { referralId } = await acceptedCase('Mabel', 'Osei');
      const nextWeek = addDays(today, 7);
      const agree = (owningAgencyId: string, kind: string) =>
        ok(
          hub.as(chair, {
            method: 'POST',
            url: `/lag/referrals/${referralId}/actions`,
            body: { owningAgencyId, kind, description: 'Visit and agree next steps', dueDate: nextWeek },
          }),
          201,
        );
      const police = (await agree(thurrock.agencies.police, 'warning_letter')).actionId;
      const housingAction = (await agree(thurrock.agencies.housing, 'target_hardening')).actionId;
      await hub.settle();
      const asOf = addDays(today, 8);
      const list = await ok(
        hub.as(chair, {
          url: `/lag/actions?agencyId=all&state=overdue&localityId=${thurrock.localities.Grays}&asOf=${asOf}`,
        }),
      );
      const ids = list.map((a: { actionId: string }) => a.actionId);
      expect(ids).toEqual(expect.arrayContaining([police, housingAction]));
      expect(
        list.every(
          (a: { overdue: boolean; localityId: string }) => a.overdue && a.localityId === thurrock.localities.Grays,
        ),
      ).toBe(true);
      const elsewhere = await ok(
        hub.as(chair, {
          url: `/lag/actions?agencyId=all&state=overdue&localityId=${thurrock.localities.Tilbury}&asOf=${asOf}`,
        }),
      );
      expect(elsewhere.map((a: { actionId: string }) => a.actionId)).not.toContain(police);
      const practitioner = await hub.as(pc, { url: `/lag/actions?agencyId=all&state=overdue` });
      expect({ status: practitioner.statusCode, code: practitioner.json().code }).toEqual({
        status: 403,
        code: 'LAG.NOT_YOUR_AGENCY',
      });
    });
  });

  describe('sharing not covered by an agreement', () => {
    it("names the agencies present that no agreement covers before the discussion is recorded, and records the chair's decision", async () => {
      const { referralId } = await acceptedCase('Lionel', 'Achebe');
      const meetingId = await scheduleMeeting(new Date(Date.now() + 13 * 86_400_000).toISOString());
      await hub.settle();
      await ok(
        hub.as(chair, { method: 'POST', url: `/lag/meetings/${meetingId}/agenda`, body: { referralId, item: 'new' } }),
        201,
      );
      await ok(
        hub.as(chair, {
          method: 'POST',
          url: `/lag/meetings/${meetingId}/attendance`,
          body: {
            entries: [
              { agencyId: thurrock.agencies.police, attendance: 'present' },
              { agencyId: thurrock.agencies.housing, attendance: 'present' },
            ],
          },
        }),
      );
      await ok(
        hub.as(chair, {
          method: 'POST',
          url: `/lag/meetings/${meetingId}/reschedule`,
          body: { startsAt: `${today}T12:00:00Z`, reason: 'brought_forward' },
        }),
      );
      await ok(hub.as(chair, { method: 'POST', url: `/lag/meetings/${meetingId}/confidentiality` }));
      const discussed = await eventsOfType('CaseDiscussed');
      const discussion = { notes: 'Housing confirmed the tenancy', decisions: ['information_shared'] };

      // No agreement in this partnership covers housing: the chair is told before anything is recorded.
      const warned = await hub.as(chair, {
        method: 'POST',
        url: `/lag/meetings/${meetingId}/cases/${referralId}`,
        body: discussion,
      });
      expect(warned.statusCode).toBe(409);
      expect(warned.json()).toMatchObject({
        code: 'MEETING.SHARING_NOT_COVERED',
        agencies: [
          { agencyId: thurrock.agencies.housing, name: expect.any(String), notCoveredBecause: expect.any(String) },
        ],
      });
      expect(warned.json().detail).toContain(warned.json().agencies[0].name);
      expect(await eventsOfType('CaseDiscussed')).toBe(discussed);

      const noBasis = await hub.as(chair, {
        method: 'POST',
        url: `/lag/meetings/${meetingId}/cases/${referralId}`,
        body: { ...discussion, notCoveredAgencies: 'share' },
      });
      expect(noBasis.statusCode).toBe(400);

      await ok(
        hub.as(chair, {
          method: 'POST',
          url: `/lag/meetings/${meetingId}/cases/${referralId}`,
          body: { ...discussion, notCoveredAgencies: 'exclude' },
        }),
        201,
      );
      await ok(
        hub.as(chair, {
          method: 'POST',
          url: `/lag/meetings/${meetingId}/cases/${referralId}`,
          body: {
            ...discussion,
            notCoveredAgencies: 'share',
            sharingJustification: 'Crime and Disorder Act s.115: housing must act on the tenancy',
          },
        }),
        201,
      );
      await hub.settle();
      const recorded = (
        await hub.db.query(
          `SELECT data FROM event_store.events WHERE type = 'CaseDiscussed' AND data->>'meetingId' = $1 ORDER BY seq`,
          [meetingId],
        )
      ).map((r: { data: Record<string, any> }) => r.data);
      expect(recorded.map((d: Record<string, any>) => d.notCovered?.decision)).toEqual(['excluded', 'shared']);
      expect(recorded[0].notCovered.agencyIds).toEqual([thurrock.agencies.housing]);
      // Excluded from the first item, housing heard only the second.
      const heard = (await caseDisclosures(referralId)).filter(
        (d: Record<string, any>) => d.basis.occasion === 'discussed_at_meeting',
      );
      expect(heard).toHaveLength(1);
      expect(heard[0]).toMatchObject({ recipientAgencyIds: [thurrock.agencies.housing], flags: ['no_agreement'] });
    });
  });
});
