import { randomUUID } from 'node:crypto';
import { seedPartnership, THURROCK, type SeededPartnership } from '@hubline/demo';
import { ok, TestHub } from '../support/test-hub';

/**
 * ASB reports over HTTP: two agencies record reports of one victim, link a duplicate, see the
 * same-incident suggestions, and the agency that received the second distinct incident finds the
 * Case Review explanation on its work list and records it; the victim's and the alleged
 * perpetrator's timelines; and the personal-data policy on the narrative.
 */
describe('ASB reports over HTTP', () => {
  let hub: TestHub;
  let thurrock: SeededPartnership;
  const pc = 'pc.okafor@essex-police.demo';
  const council = 'case.review@thurrock.demo';
  const fire = 'station.officer@essex-fire.demo';
  const auditor = 'auditor@thurrock.demo';
  const NARRATIVE = 'Bins set alight outside the flat twice; shouting through the letterbox at night.';
  let vera: string;
  let oscar: string;
  let ward: string;

  beforeAll(async () => {
    hub = await TestHub.start();
    thurrock = await seedPartnership(hub.commands, THURROCK);
    await hub.settle();
    ward = thurrock.wards['Grays Riverside'];
    vera = await register('Vera', 'Lane');
    oscar = await register('Oscar', 'Reed');
    await hub.settle();
  });
  afterAll(() => hub?.close());

  async function register(givenName: string, familyName: string): Promise<string> {
    return (await ok(hub.as(pc, { method: 'POST', url: '/people', body: { givenName, familyName } }), 201)).personId;
  }
  const report = (over: Record<string, unknown> = {}) => ({
    agencyReference: `ASB-${randomUUID().slice(0, 6)}`,
    reporter: { kind: 'person', personId: vera },
    behaviourOn: '2026-11-01',
    reportedOn: '2026-11-02',
    category: 'nuisance',
    ward,
    alleged: [oscar],
    narrative: NARRATIVE,
    ...over,
  });
  const post = (subject: string, url: string, body: unknown, headers: Record<string, string> = {}) =>
    hub.as(subject, { method: 'POST', url, body, headers });
  const get = (subject: string, url: string) => hub.as(subject, { url });

  let first: string;
  let duplicate: string;
  let second: string;
  let dutyId: string;

  it('records reports from two agencies, the narrative sealed in the stored event', async () => {
    const res = await post(council, '/asb/reports', report());
    expect(res.statusCode).toBe(201);
    expect(res.headers.etag).toBe('"0"');
    first = res.json().reportId;
    expect(res.json()).toEqual({ reportId: first, incidentId: first, version: 0 });
    const [stored] = await hub.store.readStream(`asb-report-${first}`);
    expect(JSON.stringify(stored.data)).not.toContain('letterbox');

    duplicate = (await ok(post(pc, '/asb/reports', report({ behaviourOn: '2026-11-02' })), 201)).reportId;
    await hub.settle();
  });

  it('refuses bad input with a problem response, recording nothing', async () => {
    const before = (
      await hub.db.query(`SELECT count(*) AS n FROM event_store.events WHERE type = 'AsbReportRecorded'`)
    )[0].n;
    const hate = await post(council, '/asb/reports', report({ category: 'hate' }));
    expect(hate.statusCode).toBe(422);
    expect(hate.headers['content-type']).toContain('application/problem+json');
    expect(hate.json().code).toBe('ASB_REPORT.CHARACTERISTIC_REQUIRED');
    const early = await post(council, '/asb/reports', report({ reportedOn: '2026-10-30' }));
    expect({ status: early.statusCode, code: early.json().code }).toEqual({
      status: 422,
      code: 'ASB_REPORT.REPORTED_BEFORE_BEHAVIOUR',
    });
    expect((await post(council, '/asb/reports', report({ behaviourOn: '1 Nov' }))).statusCode).toBe(400);
    expect((await post(council, '/asb/reports', report({ reporter: { kind: 'business' } }))).statusCode).toBe(400);
    expect((await post(council, '/asb/reports', report({ ward: randomUUID() }))).json().code).toBe('ASB.UNKNOWN_WARD');
    const after = (
      await hub.db.query(`SELECT count(*) AS n FROM event_store.events WHERE type = 'AsbReportRecorded'`)
    )[0].n;
    expect(after).toBe(before);
  });

  it('suggests the other agency’s report of the same incident, and links it on the officer’s decision', async () => {
    // Until linked, the two reports are two incidents: the police owe an explanation.
    expect(await ok(get(pc, '/asb/work-list?purpose=case_management'))).toEqual([
      expect.objectContaining({ reportId: duplicate, status: 'due', agencyId: thurrock.agencies.police }),
    ]);
    const suggestions = await ok(get(pc, `/asb/reports/${duplicate}/same-incident-suggestions`));
    expect(suggestions.map((s: { reportId: string }) => s.reportId)).toEqual([first]);
    expect(suggestions[0]).toMatchObject({
      category: 'nuisance',
      wardName: 'Grays Riverside',
      agencyId: thurrock.agencies.asb,
    });
    expect((await get(council, `/asb/reports/${duplicate}/same-incident-suggestions`)).statusCode).toBe(403);

    const linked = await post(
      pc,
      `/asb/reports/${duplicate}/incident-link`,
      { sameIncidentAsReportId: first },
      { 'if-match': '"0"' },
    );
    expect(linked.statusCode).toBe(200);
    expect(linked.headers.etag).toBe('"1"');
    expect(linked.json()).toEqual({ reportId: duplicate, incidentId: first, version: 1 });
    const stale = await post(
      pc,
      `/asb/reports/${duplicate}/incident-link`,
      { sameIncidentAsReportId: first },
      { 'if-match': '"0"' },
    );
    expect(stale.statusCode).toBe(412);
    // Another agency may not link the police's report.
    expect(
      (await post(council, `/asb/reports/${duplicate}/incident-unlink`, { reason: 'linked_in_error' })).statusCode,
    ).toBe(403);
    await hub.settle();
    expect(await ok(get(pc, `/asb/reports/${duplicate}/same-incident-suggestions`))).toEqual([]);
    // Recorded unlinked, the police's report was a second incident: the explanation it raised is
    // withdrawn, with the reason, once the two are one incident.
    expect(await ok(get(pc, '/asb/work-list?purpose=case_management'))).toEqual([]);
    expect(await ok(get(pc, '/asb/work-list?purpose=case_management&includeExplained=true'))).toEqual([
      expect.objectContaining({
        reportId: duplicate,
        status: 'withdrawn',
        withdrawalReason: 'reports_linked_as_one_incident',
      }),
    ]);
  });

  it('puts the Case Review explanation on the work list of the agency that received the second incident', async () => {
    second = (
      await ok(
        post(
          pc,
          '/asb/reports',
          report({
            category: 'hate',
            protectedCharacteristics: ['race'],
            behaviourOn: '2026-11-20',
            reportedOn: '2026-11-21',
          }),
        ),
        201,
      )
    ).reportId;
    await hub.settle();
    const [item, ...more] = await ok(get(pc, '/asb/work-list?purpose=case_management'));
    expect(more).toEqual([]);
    expect(item).toMatchObject({
      victimPersonId: vera,
      victim: { personId: vera, givenName: 'Vera', familyName: 'Lane' },
      agencyId: thurrock.agencies.police,
      reportId: second,
      otherReportIds: [first, duplicate].sort(),
      arisenOn: '2026-11-21',
      status: 'due',
    });
    dutyId = item.dutyId;
    expect(await ok(get(council, '/asb/work-list?purpose=case_management'))).toEqual([]);
    expect((await get(pc, '/asb/work-list')).statusCode).toBe(400);

    const body = { how: 'phone', explainedOn: '2026-11-22' };
    expect((await post(council, `/asb/explanations/${dutyId}`, body)).statusCode).toBe(403);
    expect(
      (await post(pc, `/asb/explanations/${dutyId}`, body, { 'if-match': `"${item.version + 5}"` })).statusCode,
    ).toBe(412);
    expect((await post(pc, `/asb/explanations/${dutyId}`, { ...body, explainedOn: '2026-11-20' })).json().code).toBe(
      'CASE_REVIEW_EXPLANATION.BEFORE_DUTY',
    );
    const explained = await post(pc, `/asb/explanations/${dutyId}`, body, { 'if-match': `"${item.version}"` });
    expect(explained.statusCode).toBe(200);
    expect(explained.json()).toEqual({ dutyId, version: item.version + 1 });
    await hub.settle();
    expect(await ok(get(pc, '/asb/work-list?purpose=case_management'))).toEqual([]);
    expect(await ok(get(pc, '/asb/work-list?purpose=case_management&includeExplained=true'))).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ dutyId, status: 'explained', how: 'phone', explainedOn: '2026-11-22' }),
      ]),
    );
    expect((await post(pc, `/asb/explanations/${dutyId}`, body)).statusCode).toBe(409);
  });

  it('shows the victim’s timeline with the reports, the link and the explanation', async () => {
    const timeline = await ok(get(pc, `/timelines/victims/${vera}?purpose=case_management`));
    const summaries = timeline.entries.map((e: { summary: string }) => e.summary);
    expect(summaries).toEqual(
      expect.arrayContaining([
        'ASB report (nuisance) received by Thurrock Council Community Safety and ASB Team, ward Grays Riverside, reported on 2026-11-02',
        'ASB report (nuisance) received by Essex Police, ward Grays Riverside, reported on 2026-11-02',
        'ASB report linked to the same incident as another report: the incident counts once',
        'ASB Case Review explanation no longer due: reports linked as one incident',
        'Hate incident report (race) received by Essex Police, ward Grays Riverside, reported on 2026-11-21',
        'Second incident reported within six months: Essex Police to explain the ASB Case Review',
        'ASB Case Review explained by phone by Essex Police on 2026-11-22',
      ]),
    );
    expect(timeline.entries.find((e: { type: string }) => e.type === 'AsbReportRecorded').case).toMatchObject({
      type: 'asb_report',
      link: expect.stringMatching(/^\/asb\/reports\//),
    });
  });

  it('shows the alleged perpetrator’s timeline without the victim’s details', async () => {
    const timeline = await ok(get(pc, `/timelines/offenders/${oscar}?purpose=case_management`));
    const summaries = timeline.entries.map((e: { summary: string }) => e.summary);
    expect(summaries).toEqual(
      expect.arrayContaining([
        'Named as an alleged perpetrator in an ASB report (nuisance) received by Essex Police, ward Grays Riverside',
        'Named as an alleged perpetrator in a hate incident report received by Essex Police, ward Grays Riverside',
      ]),
    );
    const text = JSON.stringify(timeline.entries);
    for (const secret of [vera, 'Vera', 'Lane', 'letterbox', 'race', 'Case Review']) expect(text).not.toContain(secret);
  });

  it('shows the narrative to the receiving agency and where the policy allows, and refuses it to another agency', async () => {
    const own = await ok(get(council, `/asb/reports/${first}?purpose=case_management`));
    expect(own).toMatchObject({ locked: false, narrative: NARRATIVE, incidentId: first });
    expect(own.sameIncident.map((r: { reportId: string }) => r.reportId)).toEqual([duplicate]);
    // The police hold Vera's record: the policy lets them read the council's report.
    const police = await ok(get(pc, `/asb/reports/${first}?purpose=case_management`));
    expect(police).toMatchObject({ locked: false, narrative: NARRATIVE, victim: { givenName: 'Vera' } });
    // The fire service has no reason to see Vera: codes and days only.
    const refused = await get(fire, `/asb/reports/${first}?purpose=case_management`);
    expect(refused.statusCode).toBe(200);
    expect(refused.json()).toMatchObject({ locked: true, reportId: first, category: 'nuisance' });
    expect(JSON.stringify(refused.json())).not.toMatch(/letterbox|Vera|narrative/);
    expect(await ok(get(fire, `/asb/reports?personId=${vera}&purpose=case_management`))).toEqual([]);
    expect((await get(auditor, `/asb/reports/${first}?purpose=audit`)).statusCode).toBe(403);
    expect((await get(pc, `/asb/reports/${first}`)).statusCode).toBe(400);

    const listed = await ok(get(pc, `/asb/reports?personId=${oscar}&purpose=case_management`));
    expect(listed).toHaveLength(3);
    expect(listed.every((r: { roles: string[] }) => r.roles.join() === 'alleged')).toBe(true);
    const consulted = await hub.db.query(
      `SELECT count(*) AS n FROM event_store.events WHERE type = 'PersonalDataConsulted' AND data->>'view' = 'asb_report' AND data::jsonb->'personIds' ? $1`,
      [vera],
    );
    expect(Number(consulted[0].n)).toBeGreaterThan(0);
  });

  it('gives the victim their reports and explanations in a subject access export, and the alleged perpetrator nothing of the victim', async () => {
    const admin = 'admin@thurrock.demo';
    const victimExport = await ok(get(admin, `/subject-access/${vera}?purpose=subject_access_request`));
    expect(victimExport.asbReports).toHaveLength(3);
    expect(victimExport.asbReports.find((r: { reportId: string }) => r.reportId === first)).toMatchObject({
      reportId: first,
      victim: 'you',
      alleged: ['another person'],
      narrative: NARRATIVE,
      receivingAgency: { agencyId: thurrock.agencies.asb, name: 'Thurrock Council Community Safety and ASB Team' },
    });
    expect(victimExport.caseReviewExplanations).toEqual(
      expect.arrayContaining([expect.objectContaining({ dutyId, status: 'explained', how: 'phone' })]),
    );
    const offenderExport = await ok(get(admin, `/subject-access/${oscar}?purpose=subject_access_request`));
    expect(offenderExport.asbReports).toHaveLength(3);
    expect(offenderExport.asbReports.find((r: { reportId: string }) => r.reportId === first)).toMatchObject({
      victim: 'another person',
      alleged: ['you'],
      narrative: { withheld: 'sealed_with_another_persons_key' },
    });
    expect(offenderExport.caseReviewExplanations).toEqual([]);
    expect(JSON.stringify(offenderExport.asbReports)).not.toMatch(new RegExp(`letterbox|${vera}|race`));
  });

  it('keeps the people a report names through the retention period, and then lets the sweep forget them', async () => {
    const admin = 'admin@thurrock.demo';
    const sweep = async (asOf: string) =>
      (await ok(hub.as(admin, { method: 'POST', url: `/retention/sweep?dryRun=true&asOf=${asOf}` })))
        .forgotten as Array<{ personId: string; lastEndedOn: string }>;
    const today = new Date().toISOString().slice(0, 10);
    expect((await sweep(today)).map((p) => p.personId)).not.toContain(vera);
    const later = `${Number(today.slice(0, 4)) + 7}${today.slice(4, 8)}01`;
    const due = await sweep(later);
    expect(due.map((p) => p.personId)).toEqual(expect.arrayContaining([vera, oscar]));
  });

  it('makes the narrative unreadable once its victim is forgotten', async () => {
    const wren = await register('Wren', 'Hollis');
    await hub.settle();
    const { reportId } = await ok(
      post(council, '/asb/reports', report({ reporter: { kind: 'person', personId: wren }, alleged: [] })),
      201,
    );
    const forgotten = await hub.as('admin@thurrock.demo', {
      method: 'POST',
      url: `/people/${wren}/forget`,
      body: { legalGround: 'uk_gdpr_art17_1_a', reason: 'Recorded for a test of erasure.' },
    });
    expect(forgotten.statusCode).toBe(200);
    await hub.settle();
    const shown = await ok(get(council, `/asb/reports/${reportId}?purpose=case_management`));
    expect(shown.narrative).toEqual({ erased: true });
  });

  it('withdraws a report recorded in error: it stays on record, and no longer counts', async () => {
    const version = (await ok(get(pc, `/asb/reports/${second}?purpose=case_management`))).version;
    const res = await post(
      pc,
      `/asb/reports/${second}/withdraw`,
      { reason: 'recorded_in_error' },
      { 'if-match': `"${version}"` },
    );
    expect(res.json()).toEqual({ reportId: second, version: version + 1 });
    await hub.settle();
    const shown = await ok(get(pc, `/asb/reports/${second}?purpose=case_management`));
    expect(shown).toMatchObject({ status: 'withdrawn', withdrawalReason: 'recorded_in_error' });
    expect((await post(pc, `/asb/reports/${second}/withdraw`, { reason: 'recorded_in_error' })).statusCode).toBe(409);
  });
});
