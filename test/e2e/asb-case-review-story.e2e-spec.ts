import { addDays, londonDay } from '@hubline/calendar';
import { seedPartnership, THURROCK, type SeededPartnership } from '@hubline/demo';
import { ok, TestHub } from '../support/test-hub';

/**
 * One victim's story from first report to the PFCC's review, over HTTP, as the Thurrock demo users.
 * Margaret reports the neighbour's behaviour three times to two agencies, one incident to both;
 * the police, receiving her second incident, explain the ASB Case Review to her; a councillor
 * applies on her behalf with her consent; the relevant bodies answer the information requests; the
 * threshold is met under the partnership's own number, recorded with its version; a panel makes a
 * recommendation, the outcome is sent, and her appeal to the PFCC's office is referred back. A second
 * victim's application falls below the threshold and is refused with its reasons. The year's
 * statutory figures count both, and the victim's and the alleged perpetrator's timelines tell the
 * story, each only to the extent the law allows.
 */
describe('an ASB Case Review, from the first report to the PFCC', () => {
  let hub: TestHub;
  let thurrock: SeededPartnership;
  const admin = 'admin@thurrock.demo';
  const coordinator = 'case.review@thurrock.demo';
  const council = 'lag.chair@thurrock.demo'; // a council ASB officer (practitioner)
  const pc = 'pc.okafor@essex-police.demo';
  const housing = 'panel.housing@thurrock.demo';
  const pfcc = 'reviews@essex-pfcc.demo';

  const today = londonDay(new Date());
  const daysAgo = (n: number) => addDays(today, -n);

  let margaret: string;
  let dean: string;
  let ray: string;
  let ward: string;
  let firstReport: string;
  let sameIncidentReport: string;
  let secondIncidentReport: string;
  let reviewId: string;
  let raysReviewId: string;
  /** The version of the threshold rules this story sets (the one after the partnership's current). */
  let rulesVersion: number;
  let etag: string;

  const settle = () => hub.settle();
  const get = (subject: string, url: string) => ok(hub.as(subject, { url }));
  async function send(
    subject: string,
    method: 'POST' | 'PUT' | 'PATCH',
    url: string,
    body: unknown,
    status = 200,
    ifMatch?: string,
  ) {
    const res = await hub.as(subject, { method, url, body, ...(ifMatch ? { headers: { 'if-match': ifMatch } } : {}) });
    const json = await ok(res, status);
    if (res.headers.etag) etag = String(res.headers.etag);
    return json;
  }
  const post = (subject: string, url: string, body: unknown, status = 200, ifMatch?: string) =>
    send(subject, 'POST', url, body, status, ifMatch);

  async function register(givenName: string, familyName: string, dateOfBirth: string): Promise<string> {
    return (await post(council, '/people', { givenName, familyName, dateOfBirth }, 201)).personId;
  }
  const report = (victim: string, over: Record<string, unknown>) => ({
    agencyReference: `REF-${Math.random().toString(36).slice(2, 8)}`,
    reporter: { kind: 'person', personId: victim },
    category: 'nuisance',
    ward,
    alleged: [dean],
    narrative: 'Music through the wall until 3am and the bins kicked over, again.',
    ...over,
  });

  beforeAll(async () => {
    hub = await TestHub.start();
    thurrock = await seedPartnership(hub.commands, THURROCK);
    await settle();
    ward = thurrock.wards['Grays Riverside'];
    margaret = await register('Margaret', 'Osei', '1950-03-14');
    dean = await register('Dean', 'Walsh', '1996-08-30');
    ray = await register('Ray', 'Dunmore', '1971-11-02');
    await settle();
  });
  afterAll(() => hub?.close());

  it("sets the partnership's procedure: two qualifying complaints, the housing provider co-opted", async () => {
    rulesVersion = (await get(coordinator, '/case-reviews/settings')).rules.version + 1;
    await send(admin, 'PUT', '/case-reviews/settings/threshold-rules', {
      qualifyingComplaints: 2,
      windowMonths: 6,
      oneHateIncidentMeets: false,
      community: { enabled: false, reports: 5, windowMonths: 6, minDistinctReporters: 2 },
      discretionAllowed: true,
    });
    await send(admin, 'PUT', `/partnership/agencies/${thurrock.agencies.housing}/case-review-role`, {
      caseReviewRole: 'co_opted',
    });
    await settle();
    expect((await get(coordinator, '/case-reviews/settings')).rules).toMatchObject({
      version: rulesVersion,
      qualifyingComplaints: 2,
    });
  });

  it('records three reports to two agencies, one incident reported to both', async () => {
    firstReport = (
      await post(council, '/asb/reports', report(margaret, { behaviourOn: daysAgo(50), reportedOn: daysAgo(49) }), 201)
    ).reportId;
    sameIncidentReport = (
      await post(
        pc,
        '/asb/reports',
        report(margaret, { behaviourOn: daysAgo(50), reportedOn: daysAgo(48), sameIncidentAsReportId: firstReport }),
        201,
      )
    ).reportId;
    await settle();
    // Reported to the police as the same incident: no second incident, so nothing to explain yet.
    expect(await get(pc, '/asb/work-list?purpose=case_management')).toEqual([]);

    secondIncidentReport = (
      await post(
        pc,
        '/asb/reports',
        report(margaret, { category: 'personal', behaviourOn: daysAgo(20), reportedOn: daysAgo(20) }),
        201,
      )
    ).reportId;
    await settle();
    const own = await get(council, `/asb/reports/${firstReport}?purpose=case_management`);
    expect(own.sameIncident.map((r: { reportId: string }) => r.reportId)).toEqual([sameIncidentReport]);
  });

  it("puts the second-report prompt on the police's work list, and records the explanation", async () => {
    const [item, ...more] = await get(pc, '/asb/work-list?purpose=case_management');
    expect(more).toEqual([]);
    expect(item).toMatchObject({
      victimPersonId: margaret,
      agencyId: thurrock.agencies.police,
      reportId: secondIncidentReport,
      status: 'due',
    });
    // The council received no second incident: nothing on its list.
    expect(await get(council, '/asb/work-list?purpose=case_management')).toEqual([]);
    await post(
      pc,
      `/asb/explanations/${item.dutyId}`,
      { how: 'phone', explainedOn: daysAgo(19) },
      200,
      `"${item.version}"`,
    );
    await settle();
    expect(await get(pc, '/asb/work-list?purpose=case_management')).toEqual([]);
  });

  it("takes a councillor's application on Margaret's behalf, with her consent, and acknowledges it", async () => {
    const consent = await post(
      council,
      '/sharing/consents',
      {
        personId: margaret,
        givenBy: { kind: 'person' },
        recipients: {
          kind: 'agencies',
          agencyIds: [thurrock.agencies.asb, thurrock.agencies.police, thurrock.agencies.housing],
        },
        purposes: ['asb_case_review'],
        dataCategories: ['identity', 'contact', 'incident_details'],
        obtained: 'written',
      },
      201,
    );
    await settle();
    const applied = await post(
      coordinator,
      '/case-reviews',
      {
        route: 'phone',
        receivedOn: today,
        applicant: {
          kind: 'on_behalf',
          name: 'Cllr Amir Khan',
          relationship: 'councillor',
          consentId: consent.consentId,
        },
        victimPersonId: margaret,
        wardId: ward,
      },
      201,
    );
    reviewId = applied.reviewId;
    expect(applied).toMatchObject({ status: 'received' });
    await post(
      coordinator,
      `/case-reviews/${reviewId}/acknowledge`,
      { acknowledgedOn: today, route: 'letter' },
      200,
      etag,
    );
  });

  it('asks every relevant body for its records, and each answers', async () => {
    const asked = await post(coordinator, `/case-reviews/${reviewId}/information-requests`, { askedOn: today }, 201);
    expect(asked.requests.map((r: { agencyId: string }) => r.agencyId).sort()).toEqual(
      [thurrock.agencies.asb, thurrock.agencies.police, thurrock.agencies.housing].sort(),
    );
    await settle();
    const answers: Array<[string, unknown]> = [
      [pc, { supplied: { summary: 'Two reports logged; words of advice given to the neighbour.', reportIds: [] } }],
      [council, { supplied: { summary: 'One report; noise diary sent, no visit made.', reportIds: [firstReport] } }],
      [housing, { nothingHeld: true }],
    ];
    for (const [officer, answer] of answers) {
      const [request, ...others] = await get(officer, '/case-reviews/information-requests');
      expect(others).toEqual([]);
      expect(request.reviewId).toBe(reviewId);
      await post(officer, `/case-reviews/${reviewId}/information-requests/${request.requestId}/answer`, {
        answeredOn: today,
        ...(answer as object),
      });
    }
    await settle();
    for (const [officer] of answers) expect(await get(officer, '/case-reviews/information-requests')).toEqual([]);
  });

  it("meets the threshold on the partnership's number, counting the incident told to both agencies once", async () => {
    const decided = await post(coordinator, `/case-reviews/${reviewId}/threshold-decision`, { decidedOn: today });
    expect(decided).toMatchObject({ met: true, basis: 'local_number', rulesVersion, notMetExplanation: [] });
    await settle();
    const view = await get(coordinator, `/case-reviews/${reviewId}?purpose=case_management`);
    const step = view.steps.find((s: { type: string }) => s.type === 'CaseReviewThresholdDecided');
    const verdicts = Object.fromEntries(
      step.data.judgement.complaints.map((v: { reportId: string }) => [v.reportId, v]),
    );
    expect(verdicts[firstReport]).toMatchObject({ qualifies: true, reasons: [] });
    expect(verdicts[sameIncidentReport]).toMatchObject({
      qualifies: false,
      reasons: ['SAME_INCIDENT_AS_ANOTHER'],
      sameAsReportId: firstReport,
    });
    expect(verdicts[secondIncidentReport]).toMatchObject({ qualifies: true });
    expect(step.data.judgement).toMatchObject({ qualifyingIncidents: 2, rulesVersion });
  });

  it('holds a panel with Margaret, agrees a recommendation she is consulted on, and sends the outcome', async () => {
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
      agenciesAttended: [thurrock.agencies.police, thurrock.agencies.asb, thurrock.agencies.housing],
      victimAttended: true,
      impactStatementGiven: true,
    });
    await post(housing, `/case-reviews/${reviewId}/findings`, {
      findings: 'The two agencies did not share what each had been told.',
    });
    const recommendation = await post(
      housing,
      `/case-reviews/${reviewId}/recommendations`,
      {
        owningAgencyId: thurrock.agencies.asb,
        text: 'Visit the neighbour with the police and issue a Community Protection Warning.',
        dueOn: addDays(today, 21),
      },
      201,
    );
    await settle();
    expect(await get(council, '/case-reviews/recommendations')).toEqual([
      expect.objectContaining({ recommendationId: recommendation.createdId }),
    ]);
    await post(coordinator, `/case-reviews/${reviewId}/victim-consultation`, {
      consultedOn: today,
      route: 'phone',
      views: 'Wants the visit to be soon.',
    });
    await post(coordinator, `/case-reviews/${reviewId}/action-plan/finalise`, { finalisedOn: today });
    await post(coordinator, `/case-reviews/${reviewId}/outcome`, { sentOn: today, route: 'letter' });
    await settle();
    const view = await get(coordinator, `/case-reviews/${reviewId}?purpose=case_management`);
    expect(view.status).toBe('outcome_sent');
    expect(view.milestones.find((m: { milestone: string }) => m.milestone === 'appeal_window')).toMatchObject({
      dueOn: expect.any(String),
      breached: false,
    });
  });

  it("takes Margaret's appeal to the PFCC's office, which refers the review back", async () => {
    await post(coordinator, `/case-reviews/${reviewId}/escalation`, {
      requestedOn: today,
      grounds: ['handling'],
      detail: 'The housing provider was not asked what it could do.',
    });
    await settle();
    expect((await get(pfcc, '/case-reviews')).map((r: { reviewId: string }) => r.reviewId)).toEqual([reviewId]);
    const decided = await post(pfcc, `/case-reviews/${reviewId}/pfcc-decision`, {
      decision: 'referred_back',
      reasons: 'The panel should hear from the housing provider.',
      decidedOn: today,
    });
    expect(decided.status).toBe('received');
    await settle();
    expect(await get(coordinator, `/case-reviews/${reviewId}?purpose=case_management`)).toMatchObject({
      round: 2,
      escalatedToPfcc: true,
      thresholdDecidedOn: null,
    });
  });

  it("refuses a second victim's application below the threshold, with its reasons and the route to query it", async () => {
    await post(council, '/asb/reports', report(ray, { behaviourOn: daysAgo(10), reportedOn: daysAgo(10) }), 201);
    await settle();
    const applied = await post(
      coordinator,
      '/case-reviews',
      { route: 'paper', receivedOn: today, applicant: { kind: 'victim' }, victimPersonId: ray, wardId: ward },
      201,
    );
    raysReviewId = applied.reviewId;
    await post(coordinator, `/case-reviews/${applied.reviewId}/acknowledge`, {
      acknowledgedOn: today,
      route: 'letter',
    });
    const decided = await post(coordinator, `/case-reviews/${applied.reviewId}/threshold-decision`, {
      decidedOn: today,
    });
    expect(decided).toMatchObject({ met: false, basis: null, rulesVersion, queryRoute: 'pfcc_review' });
    expect(decided.notMetExplanation).toEqual([expect.stringMatching(/^1 qualifying complaint\(s\).*2 are needed/)]);
    await settle();
    const view = await get(coordinator, `/case-reviews/${applied.reviewId}?purpose=case_management`);
    expect(view.status).toBe('not_met');
    expect(view.milestones.find((m: { milestone: string }) => m.milestone === 'panel_meeting')).toMatchObject({
      applies: false,
      dueOn: null,
    });
  });

  it('counts the four statutory figures for the year from both applications', async () => {
    const { figures, from, to } = await get(coordinator, '/case-reviews/figures');
    expect(from <= today && today < to).toBe(true);
    const byName = Object.fromEntries(
      (figures as Array<{ name: string; count: number; reviewIds: string[] }>).map((f) => [f.name, f]),
    );
    expect(byName.applications_received).toMatchObject({ count: 2 });
    expect(byName.applications_received.reviewIds).toEqual(expect.arrayContaining([reviewId, raysReviewId]));
    expect(byName.threshold_not_met).toMatchObject({ count: 1, reviewIds: [raysReviewId] });
    expect(byName.reviews_carried_out).toMatchObject({ count: 1, reviewIds: [reviewId] });
    expect(byName.reviews_with_recommendations).toMatchObject({ count: 1, reviewIds: [reviewId] });
  });

  it("tells the story on Margaret's timeline", async () => {
    const timeline = await get(coordinator, `/timelines/victims/${margaret}?purpose=case_management`);
    const types: string[] = timeline.entries.map((e: { type: string }) => e.type);
    for (const type of [
      'AsbReportRecorded',
      'CaseReviewExplanationDue',
      'CaseReviewExplained',
      'CaseReviewApplied',
      'CaseReviewThresholdDecided',
      'CaseReviewPanelHeld',
      'CaseReviewOutcomeSent',
      'CaseReviewEscalated',
      'CaseReviewPfccReviewDecided',
    ])
      expect(types).toContain(type);
    expect(types.filter((t) => t === 'AsbReportRecorded')).toHaveLength(3);
    const summaries: string[] = timeline.entries.map((e: { summary: string }) => e.summary);
    expect(summaries).toEqual(
      expect.arrayContaining([
        'ASB Case Review explained by phone by Essex Police on ' + daysAgo(19),
        'ASB Case Review threshold met (the local number of complaints)',
        'The PFCC’s office referred the ASB Case Review back for a fresh review',
      ]),
    );
  });

  it("tells Dean's side as an alleged perpetrator, without Margaret or the review", async () => {
    // Read by the council, which registered him and received reports naming him.
    const timeline = await get(council, `/timelines/offenders/${dean}?purpose=case_management`);
    expect(timeline.locked).toBeFalsy();
    const summaries: string[] = timeline.entries.map((e: { summary: string }) => e.summary);
    expect(summaries.filter((s) => s.startsWith('Named as an alleged perpetrator'))).toHaveLength(4);
    const text = JSON.stringify(timeline.entries);
    for (const secret of [margaret, 'Margaret', 'Osei', ray, 'Case Review', 'Music'])
      expect(text).not.toContain(secret);
  });

  it("gives Margaret's subject access export her reviews, their findings opened, officers by agency", async () => {
    const exported = await get(admin, `/subject-access/${margaret}?purpose=subject_access_request`);
    const reviews: Array<{ reviewId: string; steps: Array<{ type: string; data: Record<string, unknown> }> }> =
      exported.caseReviews;
    expect(reviews.map((r) => r.reviewId)).toEqual([reviewId]);
    const findings = reviews[0].steps.find((s) => s.type === 'CaseReviewFindingsRecorded');
    expect(findings?.data.findings).toBe('The two agencies did not share what each had been told.');
    // Officers appear by agency only.
    expect(JSON.stringify(reviews)).not.toMatch(/UserId/);
    // Ray's review is not Margaret's, and his export has his own, its texts his.
    expect(JSON.stringify(reviews)).not.toContain(raysReviewId);
    const raysExport = await get(admin, `/subject-access/${ray}?purpose=subject_access_request`);
    expect(raysExport.caseReviews.map((r: { reviewId: string }) => r.reviewId)).toEqual([raysReviewId]);
  });

  it('will not forget Margaret while her review is open unless the review is named', async () => {
    const forget = (extra: Record<string, unknown> = {}) =>
      hub.as(admin, {
        method: 'POST',
        url: `/people/${margaret}/forget`,
        body: { legalGround: 'uk_gdpr_art17_1_a', reason: 'Erasure request ER-2026-031 upheld', ...extra },
      });
    const refused = await ok(forget(), 409);
    expect(refused).toMatchObject({ code: 'PERSON.OPEN_CASES_NOT_CONFIRMED' });
    expect(refused.openCases).toContainEqual({ type: 'asb_case_review', id: reviewId });
  });
});
