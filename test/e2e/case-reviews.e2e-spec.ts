import { randomUUID } from 'node:crypto';
import { RecordAsbReport } from '@hubline/asb-reports';
import { addDays, addMonths, londonDay } from '@hubline/calendar';
import { actorOf, seedCaseReviewProcedure, seedPartnership, THURROCK, type SeededPartnership } from '@hubline/demo';
import { createHttpApp } from '@hubline/http';
import { caseReviewsService } from '../../apps/case-reviews/src/case-reviews.module';
import { ok, TestHub } from '../support/test-hub';

/**
 * The ASB Case Review routes over HTTP, as the Thurrock demo users: the partnership's procedure
 * and the agencies' part in it, an application and its refusals, information requests and their
 * answers (and the disclosure they record), the threshold, the panel and its action plan, the
 * outcome, the PFCC's review, and who may see and do what.
 */
describe('ASB Case Reviews over HTTP', () => {
  let hub: TestHub;
  let thurrock: SeededPartnership;
  const admin = 'admin@thurrock.demo';
  const coordinator = 'case.review@thurrock.demo';
  const pc = 'pc.okafor@essex-police.demo';
  const panel = 'panel.housing@thurrock.demo';
  const pfcc = 'reviews@essex-pfcc.demo';
  const auditor = 'auditor@thurrock.demo';
  const fire = 'station.officer@essex-fire.demo';
  const today = londonDay(new Date());
  const weekAgo = addDays(today, -7);

  let victimId: string;
  let reviewId: string;
  let etag: string;

  const settle = () => hub.settle();
  const get = (subject: string, url: string, status = 200) => ok(hub.as(subject, { url }), status);
  const post = async (subject: string, url: string, body: unknown, status = 200, ifMatch?: string) => {
    const res = await hub.as(subject, {
      method: 'POST',
      url,
      body,
      ...(ifMatch ? { headers: { 'if-match': ifMatch } } : {}),
    });
    const json = await ok(res, status);
    if (res.headers.etag) etag = String(res.headers.etag);
    return json;
  };
  const problem = async (
    subject: string,
    method: 'POST' | 'PUT' | 'PATCH',
    url: string,
    body: unknown,
    status: number,
  ) => {
    const res = await hub.as(subject, { method, url, body });
    expect({ status: res.statusCode, type: res.headers['content-type'] }).toEqual({
      status,
      type: expect.stringContaining('application/problem+json'),
    });
    return res.json();
  };

  beforeAll(async () => {
    hub = await TestHub.start();
    thurrock = await seedPartnership(hub.commands, THURROCK);
    await settle();
    victimId = (
      await ok(
        hub.as(coordinator, {
          method: 'POST',
          url: '/people',
          body: { givenName: 'Doreen', familyName: 'Castell', dateOfBirth: '1951-02-11', postcode: 'RM16 2XP' },
        }),
        201,
      )
    ).personId;
    await settle();
    // One hate incident reported to the police a week ago.
    await hub.commands.execute(
      new RecordAsbReport(
        actorOf(THURROCK, thurrock, pc),
        {
          agencyReference: 'EP/42/2026',
          reporter: { kind: 'person', personId: victimId },
          behaviourOn: weekAgo,
          behaviourTo: null,
          reportedOn: weekAgo,
          category: 'hate',
          protectedCharacteristics: ['race'],
          ward: thurrock.wards['Grays Riverside'],
          alleged: [],
          narrative: 'Racist abuse shouted through the letterbox.',
          sameIncidentAsReportId: null,
        },
        { userId: 'seed', correlationId: randomUUID() },
      ),
    );
    await settle();
  });
  afterAll(() => hub?.close());

  describe("the partnership's procedure", () => {
    it('refuses a local threshold above the statutory three, naming the law', async () => {
      const refused = await problem(
        admin,
        'PUT',
        '/case-reviews/settings/threshold-rules',
        {
          qualifyingComplaints: 4,
          windowMonths: 6,
          oneHateIncidentMeets: false,
          community: { enabled: false, reports: 5, windowMonths: 6, minDistinctReporters: 2 },
          discretionAllowed: true,
        },
        422,
      );
      expect(refused.code).toBe('CASE_REVIEW.THRESHOLD_ABOVE_STATUTORY_LIMIT');
      expect(refused.detail).toContain('Anti-social Behaviour, Crime and Policing Act 2014 (s.104)');
      expect((await get(admin, '/case-reviews/settings')).rules.version).toBe(1);
    });

    it('versions each change: one hate incident meets it', async () => {
      const res = await hub.as(admin, {
        method: 'PUT',
        url: '/case-reviews/settings/threshold-rules',
        body: {
          qualifyingComplaints: 3,
          windowMonths: 6,
          oneHateIncidentMeets: true,
          community: { enabled: false, reports: 5, windowMonths: 6, minDistinctReporters: 2 },
          discretionAllowed: true,
        },
      });
      expect(res.statusCode).toBe(200);
      await settle();
      const settings = await get(coordinator, '/case-reviews/settings');
      expect(settings).toMatchObject({ rules: { version: 2, oneHateIncidentMeets: true }, reportingYearStartMonth: 4 });
      const stale = await hub.as(admin, {
        method: 'PUT',
        url: '/case-reviews/settings/reporting-year',
        body: { startMonth: 1 },
        headers: { 'if-match': '"7"' },
      });
      expect(stale.statusCode).toBe(412);
    });

    it("sets an agency's case review role by its kind", async () => {
      const housing = thurrock.agencies.housing;
      await ok(
        hub.as(admin, {
          method: 'PUT',
          url: `/partnership/agencies/${housing}/case-review-role`,
          body: { caseReviewRole: 'co_opted' },
        }),
      );
      const refused = await problem(
        admin,
        'PUT',
        `/partnership/agencies/${thurrock.agencies.fire}/case-review-role`,
        { caseReviewRole: 'relevant_body' },
        422,
      );
      expect(refused.code).toBe('PARTNERSHIP.CASE_REVIEW_ROLE_NOT_FOR_KIND');
      await settle();
      const agencies: Array<{ agencyId: string; caseReviewRole: string }> = (await get(admin, '/partnership')).agencies;
      expect(Object.fromEntries(agencies.map((a) => [a.agencyId, a.caseReviewRole]))).toMatchObject({
        [thurrock.agencies.police]: 'relevant_body',
        [thurrock.agencies.asb]: 'relevant_body',
        [housing]: 'co_opted',
        [thurrock.agencies.fire]: 'none',
      });
    });
  });

  describe('an application', () => {
    it('is never anonymous, and one on the victim’s behalf needs a consent covering it', async () => {
      const base = { route: 'phone', receivedOn: today };
      expect(
        (await problem(coordinator, 'POST', '/case-reviews', { ...base, applicant: { kind: 'victim' } }, 400)).code,
      ).toBe('CASE_REVIEW.VICTIM_REQUIRED');
      const onBehalf = { kind: 'on_behalf', name: 'Cllr Amir Khan', relationship: 'councillor' };
      expect(
        (
          await problem(
            coordinator,
            'POST',
            '/case-reviews',
            { ...base, applicant: onBehalf, victimPersonId: victimId },
            400,
          )
        ).code,
      ).toBe('CASE_REVIEW.CONSENT_REQUIRED');
      expect(
        (
          await problem(
            coordinator,
            'POST',
            '/case-reviews',
            { ...base, applicant: { ...onBehalf, consentId: randomUUID() }, victimPersonId: victimId },
            422,
          )
        ).code,
      ).toBe('CASE_REVIEW.CONSENT_NOT_VALID');
      await problem(
        coordinator,
        'POST',
        '/case-reviews',
        { ...base, receivedOn: addDays(today, 1), applicant: { kind: 'victim' }, victimPersonId: victimId },
        422,
      );
      await problem(
        coordinator,
        'POST',
        '/case-reviews',
        { ...base, route: 'carrier_pigeon', applicant: { kind: 'victim' }, victimPersonId: victimId },
        400,
      );
      expect((await hub.as(pc, { method: 'POST', url: '/case-reviews', body: { ...base } })).statusCode).toBe(403);
    });

    it('is recorded by the single point of contact and acknowledged once', async () => {
      const applied = await post(
        coordinator,
        '/case-reviews',
        {
          route: 'phone',
          receivedOn: today,
          applicant: { kind: 'victim' },
          victimPersonId: victimId,
          wardId: thurrock.wards['Grays Riverside'],
        },
        201,
      );
      reviewId = applied.reviewId;
      expect(applied).toMatchObject({ version: 1, status: 'received' });
      expect(etag).toBe('"1"');
      await post(
        coordinator,
        `/case-reviews/${reviewId}/acknowledge`,
        { acknowledgedOn: today, route: 'letter' },
        200,
        etag,
      );
      await post(coordinator, `/case-reviews/${reviewId}/acknowledge`, { acknowledgedOn: today, route: 'letter' }, 409);
      const stale = await hub.as(coordinator, {
        method: 'POST',
        url: `/case-reviews/${reviewId}/information-requests`,
        body: { askedOn: today },
        headers: { 'if-match': '"1"' },
      });
      expect(stale.statusCode).toBe(412);
    });
  });

  describe('information requests (Sch 4 para 7)', () => {
    let policeRequestId: string;

    it('go to every relevant body, each seeing only its own outstanding requests', async () => {
      const asked = await post(coordinator, `/case-reviews/${reviewId}/information-requests`, { askedOn: today }, 201);
      expect(asked.requests.map((r: { agencyId: string }) => r.agencyId).sort()).toEqual(
        [thurrock.agencies.police, thurrock.agencies.asb, thurrock.agencies.housing].sort(),
      );
      await settle();
      const mine: Array<{ requestId: string; agencyId: string; reviewId: string }> = await get(
        pc,
        '/case-reviews/information-requests',
      );
      expect(mine.map((r) => r.agencyId)).toEqual([thurrock.agencies.police]);
      policeRequestId = mine[0].requestId;
      expect((await hub.as(fire, { url: '/case-reviews/information-requests' })).json()).toEqual([]);
    });

    it('are answered by the agency asked, and the supply is in the auditor’s disclosure trail', async () => {
      const url = `/case-reviews/${reviewId}/information-requests/${policeRequestId}/answer`;
      const refused = await problem(panel, 'POST', url, { answeredOn: today, nothingHeld: true }, 403);
      expect(refused.code).toBe('CASE_REVIEW.NOT_ASKED_AGENCY');
      await problem(pc, 'POST', url, { answeredOn: today }, 400);
      await post(pc, url, {
        answeredOn: today,
        supplied: { summary: 'One hate incident logged, crime reference issued.', reportIds: [] },
      });
      await problem(pc, 'POST', url, { answeredOn: today, nothingHeld: true }, 409);
      await settle();
      expect(await get(pc, '/case-reviews/information-requests')).toEqual([]);
      const trail = await get(auditor, `/audit/people/${victimId}/trail`);
      expect(trail.entries).toEqual(
        expect.arrayContaining([
          expect.objectContaining({
            entry: 'disclosure',
            purpose: 'asb_case_review',
            basis: { kind: 'statutory_duty', duty: 'asbcpa_2014_sch4_para7' },
            case: { type: 'asb_case_review', id: reviewId },
          }),
        ]),
      );
    });
  });

  describe('the threshold, the panel and the action plan', () => {
    let recommendationId: string;

    it('meets the threshold on one hate incident under the local rules, recording the rules version', async () => {
      const decided = await post(coordinator, `/case-reviews/${reviewId}/threshold-decision`, { decidedOn: today });
      expect(decided).toMatchObject({
        met: true,
        basis: 'hate_incident',
        rulesVersion: 2,
        status: 'in_review',
        queryRoute: null,
      });
      await post(coordinator, `/case-reviews/${reviewId}/threshold-decision`, { decidedOn: today }, 409);
    });

    it('holds a panel, records findings and a recommendation the owning agency sees on its list', async () => {
      await post(
        coordinator,
        `/case-reviews/${reviewId}/panel`,
        {
          meetingOn: today,
          chairName: 'Ruth Ellison',
          independentChair: true,
          agencyIds: [thurrock.agencies.police, thurrock.agencies.asb, thurrock.agencies.housing],
          victimInvited: true,
        },
        201,
      );
      await post(coordinator, `/case-reviews/${reviewId}/panel/held`, {
        heldOn: today,
        agenciesAttended: [thurrock.agencies.police, thurrock.agencies.asb],
        victimAttended: true,
        impactStatementGiven: true,
      });
      await post(panel, `/case-reviews/${reviewId}/findings`, {
        findings: 'The first report was not linked to the earlier calls.',
      });
      const made = await post(
        panel,
        `/case-reviews/${reviewId}/recommendations`,
        {
          owningAgencyId: thurrock.agencies.police,
          text: 'Flag the address for a hate crime response.',
          dueOn: addDays(today, 30),
        },
        201,
      );
      recommendationId = made.createdId;
      await settle();
      const list: Array<{ recommendationId: string; overdue: boolean }> = await get(
        pc,
        '/case-reviews/recommendations',
      );
      expect(list).toEqual([expect.objectContaining({ recommendationId, overdue: false })]);
      await problem(
        panel,
        'PATCH',
        `/case-reviews/${reviewId}/recommendations/${recommendationId}`,
        { status: 'in_progress', note: 'Not ours' },
        403,
      );
      const progressed = await hub.as(pc, {
        method: 'PATCH',
        url: `/case-reviews/${reviewId}/recommendations/${recommendationId}`,
        body: { status: 'in_progress', note: 'Flag requested.' },
      });
      expect(progressed.statusCode).toBe(200);
    });

    it('refuses to finalise the plan before the victim is consulted', async () => {
      const refused = await problem(
        coordinator,
        'POST',
        `/case-reviews/${reviewId}/action-plan/finalise`,
        { finalisedOn: today },
        409,
      );
      expect(refused.code).toBe('CASE_REVIEW.VICTIM_NOT_CONSULTED');
      await post(coordinator, `/case-reviews/${reviewId}/victim-consultation`, {
        consultedOn: today,
        route: 'phone',
        views: 'Happy with the plan.',
      });
      await post(coordinator, `/case-reviews/${reviewId}/action-plan/finalise`, { finalisedOn: today });
      await post(coordinator, `/case-reviews/${reviewId}/outcome`, { sentOn: today, route: 'letter' });
    });

    it('shows the review whole to the coordinator, with the findings, and records the consultation', async () => {
      await settle();
      const view = await get(coordinator, `/case-reviews/${reviewId}?purpose=case_management`);
      expect(view).toMatchObject({
        locked: false,
        status: 'outcome_sent',
        victim: { personId: victimId, givenName: 'Doreen' },
      });
      const findings = view.steps.find((s: { type: string }) => s.type === 'CaseReviewFindingsRecorded');
      expect(findings.data.findings).toBe('The first report was not linked to the earlier calls.');
      expect(view.milestones.map((m: { milestone: string }) => m.milestone)).toContain('appeal_window');
      await problem(
        coordinator,
        'POST',
        `/case-reviews/${reviewId}/close`,
        { closedOn: today, reason: 'nonsense', toldToVictim: 'x' },
        400,
      );
      expect((await hub.as(fire, { url: `/case-reviews/${reviewId}?purpose=case_management` })).statusCode).toBe(403);
      const consultations = await get(auditor, `/audit/consultations?personId=${victimId}`);
      expect(JSON.stringify(consultations)).toContain('asb_case_review');
    });
  });

  describe('deadlines and the published figures', () => {
    it('lists open reviews with a step due or overdue for the coordinator', async () => {
      // A second application, received a month ago and never acknowledged: every step is late.
      const late = await post(
        coordinator,
        '/case-reviews',
        { route: 'online', receivedOn: addDays(today, -30), applicant: { kind: 'business', name: 'Riverside Café' } },
        201,
      );
      await settle();
      const due: Array<{
        reviewId: string;
        overdue: boolean;
        milestones: Array<{ milestone: string; breached: boolean; workingDaysLeft: number | null }>;
      }> = await get(coordinator, '/case-reviews/due');
      const listed = due.find((r) => r.reviewId === late.reviewId)!;
      expect(listed.overdue).toBe(true);
      expect(listed.milestones.find((m) => m.milestone === 'acknowledgement')).toMatchObject({ breached: true });
      expect(listed.milestones.find((m) => m.milestone === 'acknowledgement')!.workingDaysLeft).toBeLessThan(0);
      expect(due[0].reviewId).toBe(late.reviewId);
    });

    it('counts the four statutory figures for the reporting year, with the reviews behind each, as JSON or CSV', async () => {
      const figures = await get(admin, `/case-reviews/figures?from=${addDays(today, -200)}`);
      const byName = Object.fromEntries(
        (figures.figures as Array<{ name: string; count: number; reviewIds: string[] }>).map((f) => [f.name, f]),
      );
      expect(byName.applications_received.reviewIds).toEqual(expect.arrayContaining([reviewId]));
      expect(byName.applications_received.count).toBe(byName.applications_received.reviewIds.length);
      expect(byName.reviews_carried_out.reviewIds).toEqual([reviewId]);
      expect(byName.reviews_with_recommendations.reviewIds).toEqual([reviewId]);
      expect(byName.threshold_not_met.count).toBe(0);
      expect(
        figures.medianWorkingDays.find((m: { milestone: string }) => m.milestone === 'acknowledgement'),
      ).toMatchObject({ median: 0 });
      expect(figures).toMatchObject({ from: addDays(today, -200), to: addMonths(addDays(today, -200), 12) });

      const csv = await hub.as(admin, { url: '/case-reviews/figures', headers: { accept: 'text/csv' } });
      expect(csv.statusCode).toBe(200);
      expect(csv.headers['content-type']).toContain('text/csv');
      const lines = csv.body.trim().split('\r\n');
      expect(lines[0]).toBe('figure,count,from,to_exclusive,description');
      expect(lines.slice(1).map((l) => l.split(',')[0])).toEqual([
        'applications_received',
        'threshold_not_met',
        'reviews_carried_out',
        'reviews_with_recommendations',
      ]);
      expect((await hub.as(admin, { url: '/case-reviews/figures?format=csv' })).headers['content-type']).toContain(
        'text/csv',
      );
      expect((await hub.as(pc, { url: '/case-reviews/figures' })).statusCode).toBe(403);
    });
  });

  describe("the PFCC's review", () => {
    it('shows a PFCC reviewer only the reviews escalated to the office', async () => {
      expect(await get(pfcc, '/case-reviews')).toEqual([]);
      expect((await hub.as(pfcc, { url: `/case-reviews/${reviewId}?purpose=case_management` })).statusCode).toBe(404);
      await problem(
        pfcc,
        'POST',
        `/case-reviews/${reviewId}/pfcc-decision`,
        { decision: 'upheld', reasons: 'x', decidedOn: today },
        404,
      );
    });

    it('takes an escalation within the appeal window and a referral back opens a fresh round', async () => {
      await post(coordinator, `/case-reviews/${reviewId}/escalation`, {
        requestedOn: today,
        grounds: ['handling'],
        detail: 'Nobody called back.',
      });
      await settle();
      const listed: Array<{ reviewId: string }> = await get(pfcc, '/case-reviews');
      expect(listed.map((r) => r.reviewId)).toEqual([reviewId]);
      const seen = await get(pfcc, `/case-reviews/${reviewId}?purpose=case_management`);
      expect(seen.locked).toBe(false);
      expect(
        (await hub.as(coordinator, { method: 'POST', url: `/case-reviews/${reviewId}/pfcc-decision`, body: {} }))
          .statusCode,
      ).toBe(403);
      const decided = await post(pfcc, `/case-reviews/${reviewId}/pfcc-decision`, {
        decision: 'referred_back',
        reasons: 'The panel did not hear from housing.',
        decidedOn: today,
      });
      expect(decided.status).toBe('received');
      await settle();
      const after = await get(coordinator, `/case-reviews/${reviewId}?purpose=case_management`);
      expect(after).toMatchObject({ round: 2, thresholdDecidedOn: null, escalatedToPfcc: true });
    });

    it("puts the review's steps on the victim's timeline, linked to the review", async () => {
      const timeline = await get(coordinator, `/timelines/victims/${victimId}?purpose=case_management`);
      const reviewEntries = (
        timeline.entries as Array<{ type: string; summary: string; case: { link: string } | null }>
      ).filter((e) => e.case?.link === `/case-reviews/${reviewId}`);
      expect(reviewEntries.map((e) => e.type).sort()).toEqual(
        [
          'CaseReviewApplied',
          'CaseReviewThresholdDecided',
          'CaseReviewPanelHeld',
          'CaseReviewOutcomeSent',
          'CaseReviewEscalated',
          'CaseReviewPfccReviewDecided',
        ].sort(),
      );
      expect(reviewEntries.map((e) => e.summary)).toContain('ASB Case Review threshold met (a hate incident)');
    });
  });

  it('runs as a service of its own on the shared database, serving only its own routes', async () => {
    const service = await createHttpApp(caseReviewsService(hub.config, hub.databaseUrl), {
      title: 'Case reviews',
      description: 'test',
    });
    try {
      await service.init();
      await service.getHttpAdapter().getInstance().ready();
      const token = await hub.token(coordinator);
      const list = await service.inject({
        method: 'GET',
        url: '/case-reviews',
        headers: { authorization: `Bearer ${token}` },
      });
      expect(list.statusCode).toBe(200);
      expect(list.json().map((r: { reviewId: string }) => r.reviewId)).toContain(reviewId);
      const paths = Object.keys((await service.inject({ method: 'GET', url: '/openapi.json' })).json().paths);
      expect(paths).toEqual(
        expect.arrayContaining(['/case-reviews', '/case-reviews/{reviewId}', '/case-reviews/figures']),
      );
      expect(paths.filter((p) => /^\/(timelines|people|users|partnership|lag)/.test(p))).toEqual([]);
    } finally {
      await service.close();
    }
  });

  it("seeds Thurrock's procedure (one hate incident, the ICB a relevant body) once, however often it runs", async () => {
    const adminActor = actorOf(THURROCK, thurrock, admin);
    await seedCaseReviewProcedure(hub.commands, thurrock, adminActor);
    await seedCaseReviewProcedure(hub.commands, thurrock, adminActor);
    await settle();
    // The rules set above are Thurrock's already: no new version.
    expect((await get(admin, '/case-reviews/settings')).rules).toMatchObject({
      version: 2,
      oneHateIncidentMeets: true,
    });
    const agencies: Array<{ agencyId: string; caseReviewRole: string }> = (await get(admin, '/partnership')).agencies;
    expect(agencies.find((a) => a.agencyId === thurrock.agencies.icb)?.caseReviewRole).toBe('icb');
  });
});
