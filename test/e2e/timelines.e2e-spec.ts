import { randomUUID } from 'node:crypto';
import { londonDay } from '@hubline/calendar';
import { seedPartnership, THURROCK, type SeededPartnership } from '@hubline/demo';
import type { JsonObject } from '@hubline/event-store';
import { DEFAULT_ASB_RISK_MATRIX } from '@hubline/lag';
import { TestHub } from '../support/test-hub';
import { BASILDON, BASILDON_PC } from '../support/fixtures';

/**
 * Timelines over HTTP. People are registered through the API. The main story's Locality Action
 * Group events are appended to the store in the shapes of libs/contexts/lag/src/domain (referral.ts), with
 * sealed narratives the timeline must never carry, so the story does not depend on the LAG API;
 * one case is also made through the LAG API, to hold the projection to what that context publishes.
 */
describe('timelines over HTTP', () => {
  let hub: TestHub;
  let thurrock: SeededPartnership;
  const pc = 'pc.okafor@essex-police.demo';
  const chair = 'lag.chair@thurrock.demo';
  const fire = 'station.officer@essex-fire.demo';
  const admin = 'admin@thurrock.demo';
  const basildonPc = BASILDON_PC;
  const SEALED = { v: 1, iv: 'aXZpdml2aXZpdml2', ct: 'c2VhbGVkLW5hcnJhdGl2ZQ', tag: 'dGFndGFndGFndGFn' };

  let vera: string;
  let oscar: string;
  let theo: string;
  const referralId = randomUUID();
  const actionId = randomUUID();

  beforeAll(async () => {
    hub = await TestHub.start();
    thurrock = await seedPartnership(hub.commands, THURROCK);
    await seedPartnership(hub.commands, BASILDON);
    await settle();
    vera = await register({ givenName: 'Vera', familyName: 'Lane', dateOfBirth: '1961-04-12' });
    oscar = await register({ givenName: 'Oscar', familyName: 'Reed', dateOfBirth: '1999-09-09' });
    theo = await register({ givenName: 'Theodora', familyName: 'Quill', dateOfBirth: '1975-01-30' });
    await settle();

    // Each event a millisecond after the last, all after the registrations: the story has one order.
    let clock = Date.now();
    const next = () => new Date(++clock).toISOString();
    const { police, asb } = thurrock.agencies;
    const grays = thurrock.localities.Grays;
    await append(`lag-referral-${referralId}`, police, [
      {
        type: 'VictimReferred',
        data: {
          referralId,
          partnershipId: thurrock.partnershipId,
          localityId: grays,
          wardId: thurrock.wards['Grays Riverside'],
          category: 'asb',
          protectedCharacteristics: [],
          victimIds: [vera, theo],
          perpetratorIds: [oscar],
          incidentSummary: SEALED,
          vulnerabilities: ['older_person'],
          riskAssessment: {
            matrixId: 'default-asb-victim-risk',
            matrixVersion: 1,
            answers: {},
            score: 22,
            scoredBand: 'high',
            band: 'high',
            judgement: null,
          },
          multiAgencyReason: SEALED,
          referringAgencyId: police,
          referredByUserId: thurrock.users[pc],
          referredAt: next(),
          repeat: true,
          repeatVictimIds: [vera],
        },
      },
      {
        type: 'CaseInvolvementChanged',
        data: {
          partnershipId: thurrock.partnershipId,
          caseId: referralId,
          caseType: 'lag_referral',
          personIds: [vera, theo, oscar],
          agencyIds: [police],
          open: true,
        },
      },
    ]);
    await append(`lag-referral-${referralId}`, asb, [
      {
        type: 'ReferralAccepted',
        data: {
          referralId,
          partnershipId: thurrock.partnershipId,
          acceptedByUserId: thurrock.users[chair],
          acceptedByAgencyId: asb,
          acceptedAt: next(),
          acceptedOn: '2026-11-23',
          nextReviewDate: '2026-12-07',
        },
      },
      {
        type: 'CaseInvolvementChanged',
        data: {
          partnershipId: thurrock.partnershipId,
          caseId: referralId,
          caseType: 'lag_referral',
          personIds: [vera, theo, oscar],
          agencyIds: [police, asb],
          open: true,
        },
      },
    ]);
    await append(`lag-referral-${referralId}`, asb, [
      {
        type: 'ActionAgreed',
        data: {
          referralId,
          partnershipId: thurrock.partnershipId,
          actionId,
          owningAgencyId: police,
          assigneeUserId: null,
          kind: 'acceptable_behaviour_contract',
          description: SEALED,
          dueDate: '2099-12-01',
          meetingId: null,
          targetPersonId: oscar,
          agreedByUserId: thurrock.users[chair],
          agreedAt: next(),
        },
      },
    ]);
    await settle();
  });
  afterAll(() => hub?.close());

  // ---- helpers ----
  const settle = () => hub.settle();
  async function register(details: Record<string, string>): Promise<string> {
    const res = await hub.as(pc, { method: 'POST', url: '/people', body: details });
    expect(res.statusCode).toBe(201);
    return res.json().personId;
  }
  async function append(
    stream: string,
    agencyId: string,
    events: Array<{ type: string; data: JsonObject }>,
  ): Promise<void> {
    const metadata = { userId: thurrock.users[chair], agencyId, correlationId: randomUUID() };
    await hub.store.append(
      stream,
      events.map((e) => ({ id: randomUUID(), type: e.type, data: e.data, metadata })),
      'any',
    );
  }
  const timeline = (subject: string, kind: 'victims' | 'offenders', id: string, query = 'purpose=case_management') =>
    hub.as(subject, { url: `/timelines/${kind}/${id}?${query}` });
  const consultations = async (personId: string, view?: string): Promise<number> =>
    Number(
      (
        await hub.db.query(
          `SELECT count(*) AS n FROM event_store.events WHERE type = 'PersonalDataConsulted' AND data::jsonb->'personIds' ? $1 AND ($2::text IS NULL OR data->>'view' = $2)`,
          [personId, view ?? null],
        )
      )[0].n,
    );

  it("shows an involved agency the victim's story in order, with names, plain-language summaries and links, recording one consultation", async () => {
    const before = await consultations(vera, 'victim_timeline');
    const res = await timeline(pc, 'victims', vera);
    expect(res.statusCode).toBe(200);
    const body = res.json();
    expect(body).toMatchObject({
      personId: vera,
      kind: 'victim',
      person: { personId: vera, givenName: 'Vera', familyName: 'Lane' },
      header: { currentBand: 'high', referrals: 1, openReferrals: 1, repeat: true, openActions: 1, overdueActions: 0 },
      nextBefore: null,
    });
    expect(body.header.outstandingActions).toEqual([
      {
        actionId,
        referralId,
        kind: 'acceptable_behaviour_contract',
        status: 'open',
        owningAgency: { agencyId: thurrock.agencies.police, name: 'Essex Police' },
        dueDate: '2099-12-01',
        overdue: false,
      },
    ]);
    expect(body.entries.map((e: { summary: string }) => e.summary)).toEqual([
      'Action agreed: acceptable behaviour contract, owned by Essex Police, due 2099-12-01',
      'Referral accepted by the LAG chair; first review due 2026-12-07',
      'Referred to the Grays LAG for anti-social behaviour; risk high (repeat referral)',
      'Record created by Essex Police',
    ]);
    expect(body.entries[2]).toEqual({
      eventId: expect.any(String),
      type: 'VictimReferred',
      occurredAt: expect.any(String),
      role: 'victim',
      agency: { agencyId: thurrock.agencies.police, name: 'Essex Police' },
      summary: 'Referred to the Grays LAG for anti-social behaviour; risk high (repeat referral)',
      case: { type: 'lag_referral', id: referralId, link: `/lag/referrals/${referralId}` },
    });
    expect(body.entries[1].agency).toEqual({
      agencyId: thurrock.agencies.asb,
      name: 'Thurrock Council Community Safety and ASB Team',
    });
    expect(JSON.stringify(body)).not.toMatch(/c2VhbGVk|aXZpdml2|older_person|Oscar|Theodora/);
    expect(await consultations(vera, 'victim_timeline')).toBe(before + 1);
  });

  it("shows the offender's timeline, with the actions about them, to the LAG chair's agency", async () => {
    const before = await consultations(oscar);
    const res = await timeline(chair, 'offenders', oscar, 'purpose=meeting_preparation');
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({
      kind: 'offender',
      person: { givenName: 'Oscar', familyName: 'Reed' },
      header: {
        referrals: 1,
        openReferrals: 1,
        overdueActions: 0,
        actionsTargeting: [{ kind: 'acceptable_behaviour_contract', status: 'open', count: 1 }],
      },
    });
    expect(res.json().entries.map((e: { summary: string }) => e.summary)).toEqual([
      'Action agreed about this person: acceptable behaviour contract, owned by Essex Police, due 2099-12-01',
      'Referral accepted by the LAG chair; first review due 2026-12-07',
      'Named as a perpetrator in a referral to the Grays LAG for anti-social behaviour; risk high',
      'Record created by Essex Police',
    ]);
    const after = (
      await hub.db.query(
        `SELECT data FROM event_store.events WHERE type = 'PersonalDataConsulted' AND data::jsonb->'personIds' ? $1 ORDER BY seq`,
        [oscar],
      )
    ).map((r: { data: Record<string, unknown> }) => r.data);
    expect(after).toHaveLength(before + 1);
    expect(after.at(-1)).toMatchObject({
      view: 'offender_timeline',
      purpose: 'meeting_preparation',
      userId: thurrock.users[chair],
      personIds: [oscar],
    });
  });

  it('pages newest first with nextBefore, without gaps or repeats, recording one consultation per page', async () => {
    const full = (await timeline(pc, 'victims', vera)).json().entries.map((e: { eventId: string }) => e.eventId);
    const before = await consultations(vera);
    const first = (await timeline(pc, 'victims', vera, 'purpose=case_management&limit=3')).json();
    expect(first.entries).toHaveLength(3);
    expect(first.nextBefore).toEqual(expect.any(String));
    const second = (
      await timeline(pc, 'victims', vera, `purpose=case_management&limit=3&before=${first.nextBefore}`)
    ).json();
    expect(second.nextBefore).toBeNull();
    expect([...first.entries, ...second.entries].map((e: { eventId: string }) => e.eventId)).toEqual(full);
    expect(await consultations(vera)).toBe(before + 2);
  });

  it('shows an uninvolved agency only the locked view: no name, no header, no entries, recorded as a locked view', async () => {
    const before = await consultations(vera);
    const lockedBefore = await consultations(vera, 'locked_view');
    const res = await timeline(fire, 'victims', vera);
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({
      personId: vera,
      kind: 'victim',
      person: {
        personId: vera,
        locked: true,
        agencies: [
          { agencyId: thurrock.agencies.police, name: 'Essex Police' },
          { agencyId: thurrock.agencies.asb, name: 'Thurrock Council Community Safety and ASB Team' },
        ],
      },
      locked: true,
      header: null,
      entries: [],
      nextBefore: null,
    });
    expect(await consultations(vera)).toBe(before + 1);
    expect(await consultations(vera, 'locked_view')).toBe(lockedBefore + 1);
  });

  it('answers another partnership with 404, exactly as for an unknown person', async () => {
    const other = await timeline(basildonPc, 'victims', vera);
    const unknown = await timeline(basildonPc, 'victims', randomUUID());
    expect(other.statusCode).toBe(404);
    expect(unknown.statusCode).toBe(404);
    const strip = (body: Record<string, unknown>) => ({ ...body, instance: undefined, requestId: undefined });
    expect(strip(other.json())).toEqual(strip(unknown.json()));
    expect((await timeline(basildonPc, 'offenders', oscar)).statusCode).toBe(404);
  });

  it('requires a purpose, and refuses bad limits and cursors, without recording anything', async () => {
    const before = await consultations(vera);
    expect((await timeline(pc, 'victims', vera, '')).statusCode).toBe(400);
    expect((await timeline(pc, 'offenders', oscar, 'purpose=curiosity')).statusCode).toBe(400);
    expect((await timeline(pc, 'victims', vera, 'purpose=case_management&limit=501')).statusCode).toBe(400);
    expect((await timeline(pc, 'victims', vera, 'purpose=case_management&limit=0')).statusCode).toBe(400);
    const badCursor = await timeline(pc, 'victims', vera, 'purpose=case_management&before=bm90LWEtY3Vyc29y');
    expect(badCursor.statusCode).toBe(400);
    expect(badCursor.json()).toMatchObject({ code: 'TIMELINE.INVALID_CURSOR' });
    expect((await hub.as(pc, { url: '/timelines/victims/not-a-uuid?purpose=case_management' })).statusCode).toBe(400);
    expect(await consultations(vera)).toBe(before);
  });

  it("shows a merged duplicate's entries on the survivor's timeline, and points the duplicate to the survivor", async () => {
    const duplicate = await register({ givenName: 'Vee', familyName: 'Lane-Smith' });
    const merge = await hub.as(admin, {
      method: 'POST',
      url: `/people/${vera}/merge`,
      body: { duplicateId: duplicate, reason: 'Registered twice by police' },
    });
    expect(merge.statusCode).toBe(200);
    await settle();

    const survivor = (await timeline(pc, 'victims', vera)).json();
    expect(survivor.entries.slice(0, 2).map((e: { summary: string }) => e.summary)).toEqual([
      'A duplicate record was merged into this one',
      'Duplicate record created by Essex Police',
    ]);
    expect(survivor.entries.filter((e: { type: string }) => e.type === 'PeopleMerged')).toHaveLength(1);
    const before = await consultations(duplicate);
    expect((await timeline(pc, 'victims', duplicate)).json()).toEqual({
      personId: duplicate,
      kind: 'victim',
      person: { personId: duplicate, mergedInto: vera },
      mergedInto: vera,
      header: null,
      entries: [],
      nextBefore: null,
    });
    expect(await consultations(duplicate)).toBe(before);
  });

  it("shows a forgotten person as erased, with their non-personal entries only to involved agencies, and leaves everyone else's timeline readable", async () => {
    const forget = await hub.as(admin, {
      method: 'POST',
      url: `/people/${theo}/forget`,
      // Theo is still a party to an open case: forgetting him is confirmed for it.
      body: { legalGround: 'uk_gdpr_art17_1_a', reason: 'Erasure request ER-2026-031 upheld', confirmOpenCases: true },
    });
    expect(forget.statusCode).toBe(200);
    const forgottenOn = londonDay(forget.json().forgottenAt);
    await settle();

    const before = await consultations(theo);
    const res = await timeline(pc, 'victims', theo);
    expect(res.statusCode).toBe(200);
    const body = res.json();
    expect(body).toMatchObject({
      personId: theo,
      erased: true,
      person: { personId: theo, erased: true },
      header: { referrals: 1, openReferrals: 1, repeat: false },
    });
    expect(body.entries.map((e: { summary: string }) => e.summary)).toEqual([
      `Record erased on ${forgottenOn} (UK GDPR Art 17)`,
      'Action agreed: acceptable behaviour contract, owned by Essex Police, due 2099-12-01',
      'Referral accepted by the LAG chair; first review due 2026-12-07',
      'Referred to the Grays LAG for anti-social behaviour; risk high',
      'Record created by Essex Police',
    ]);
    expect(JSON.stringify(body)).not.toMatch(/Theodora|Quill|1975|ER-2026-031/);
    expect(await consultations(theo)).toBe(before);

    // An agency that never held the record or worked the case learns only that the person was erased.
    expect((await timeline(fire, 'victims', theo)).json()).toMatchObject({ erased: true, header: null, entries: [] });

    // Another victim of the same case is untouched.
    const other = await timeline(pc, 'victims', vera);
    expect(other.statusCode).toBe(200);
    expect(other.json()).toMatchObject({
      person: { givenName: 'Vera' },
      header: { currentBand: 'high', openReferrals: 1 },
    });
    expect(other.json().entries.map((e: { type: string }) => e.type)).toContain('VictimReferred');
  });

  it('follows a case made through the LAG API, from the events that context actually publishes', async () => {
    const victim = await register({ givenName: 'Nadia', familyName: 'Okoro', dateOfBirth: '1988-03-03' });
    const perpetrator = await register({ givenName: 'Ryan', familyName: 'Doyle', dateOfBirth: '2001-07-07' });
    await settle(); // the LAG context checks the people register before referring
    // The highest-scoring answer to every question of the default matrix: very high risk.
    const riskAnswers = Object.fromEntries(
      DEFAULT_ASB_RISK_MATRIX.questions.map((q) => [q.id, [...q.answers].sort((a, b) => b.score - a.score)[0].id]),
    );
    const referred = await hub.as(pc, {
      method: 'POST',
      url: '/lag/referrals',
      body: {
        localityId: thurrock.localities.Tilbury,
        category: 'hate_crime',
        protectedCharacteristics: ['religion'],
        victimIds: [victim],
        perpetratorIds: [perpetrator],
        incidentSummary: 'Abuse shouted at the victim on the way to worship, every Friday.',
        vulnerabilities: ['socially_isolated'],
        riskAnswers,
        multiAgencyReason: 'Police action alone has not stopped it; housing and the council must act too.',
      },
    });
    expect(referred.statusCode).toBe(201);
    const caseId: string = referred.json().referralId;
    expect((await hub.as(chair, { method: 'POST', url: `/lag/referrals/${caseId}/accept` })).statusCode).toBe(200);
    const agreed = await hub.as(chair, {
      method: 'POST',
      url: `/lag/referrals/${caseId}/actions`,
      body: {
        owningAgencyId: thurrock.agencies.housing,
        kind: 'warning_letter',
        description: 'Warning letter to the tenant at number 9.',
        dueDate: '2099-01-15',
        targetPersonId: perpetrator,
      },
    });
    expect(agreed.statusCode).toBe(201);
    await settle();

    const victimView = (await timeline(pc, 'victims', victim)).json();
    expect(victimView.header).toMatchObject({
      currentBand: 'very_high',
      referrals: 1,
      openReferrals: 1,
      openActions: 1,
    });
    expect(victimView.entries.map((e: { summary: string }) => e.summary)).toEqual([
      'Action agreed: warning letter, owned by Thurrock Council Housing, due 2099-01-15',
      expect.stringMatching(/^Referral accepted by the LAG chair; first review due \d{4}-\d{2}-\d{2}$/),
      'Referred to the Tilbury LAG for hate crime (religion); risk very high',
      'Record created by Essex Police',
    ]);
    expect(victimView.entries[2].case).toEqual({ type: 'lag_referral', id: caseId, link: `/lag/referrals/${caseId}` });
    expect(JSON.stringify(victimView)).not.toMatch(/worship|tenant at number 9|Ryan|Doyle/);
    const offenderView = (await timeline(chair, 'offenders', perpetrator)).json();
    expect(offenderView.header.actionsTargeting).toEqual([{ kind: 'warning_letter', status: 'open', count: 1 }]);
    expect(offenderView.entries[0].summary).toBe(
      'Action agreed about this person: warning letter, owned by Thurrock Council Housing, due 2099-01-15',
    );
  });

  it("gives no offender timeline to a victim from their own support referral; an offender's header counts only actions of cases naming them as a perpetrator", async () => {
    const victim = await register({ givenName: 'Paula', familyName: 'Marsh', dateOfBirth: '1958-05-05' });
    const perpetrator = await register({ givenName: 'Gary', familyName: 'Venn', dateOfBirth: '1996-06-06' });
    await settle();
    const riskAnswers = Object.fromEntries(
      DEFAULT_ASB_RISK_MATRIX.questions.map((q) => [q.id, [...q.answers].sort((a, b) => b.score - a.score)[0].id]),
    );
    const referred = await hub.as(pc, {
      method: 'POST',
      url: '/lag/referrals',
      body: {
        localityId: thurrock.localities.Grays,
        category: 'asb',
        victimIds: [victim],
        perpetratorIds: [perpetrator],
        incidentSummary: 'Repeated banging on the door late at night.',
        vulnerabilities: ['older_person'],
        riskAnswers,
        multiAgencyReason: 'The victim needs support as well as enforcement.',
      },
    });
    expect(referred.statusCode).toBe(201);
    const caseId: string = referred.json().referralId;
    expect((await hub.as(chair, { method: 'POST', url: `/lag/referrals/${caseId}/accept` })).statusCode).toBe(200);
    const support = await hub.as(chair, {
      method: 'POST',
      url: `/lag/referrals/${caseId}/actions`,
      body: {
        owningAgencyId: thurrock.agencies.asb,
        kind: 'support_referral',
        description: 'Refer the victim to victim support.',
        dueDate: '2099-02-01',
        targetPersonId: victim,
      },
    });
    expect(support.statusCode).toBe(201);
    await settle();

    const before = await consultations(victim, 'offender_timeline');
    const asOffender = await timeline(chair, 'offenders', victim, 'purpose=meeting_preparation');
    expect(asOffender.statusCode).toBe(404);
    expect(asOffender.headers['content-type']).toMatch(/application\/problem\+json/);
    expect(asOffender.json()).toMatchObject({ code: 'TIMELINE.NOT_AN_ALLEGED_PERPETRATOR' });
    expect(await consultations(victim, 'offender_timeline')).toBe(before);
    // An agency that may not see the victim learns nothing from the question: the locked view, as for anyone.
    const locked = await timeline(fire, 'offenders', victim);
    expect(locked.statusCode).toBe(200);
    expect(locked.json()).toMatchObject({ locked: true, header: null, entries: [] });

    // The victim's own timeline shows their support; the perpetrator's header does not count it.
    const asVictim = (await timeline(chair, 'victims', victim, 'purpose=meeting_preparation')).json();
    expect(asVictim.entries[0].summary).toMatch(/^Action agreed about this person: referral to support services/);
    const offenderView = await timeline(chair, 'offenders', perpetrator, 'purpose=meeting_preparation');
    expect(offenderView.statusCode).toBe(200);
    expect(offenderView.json().header).toMatchObject({ referrals: 1, actionsTargeting: [] });
  });

  it('refuses roles that do not work cases', async () => {
    for (const subject of [admin, 'auditor@thurrock.demo']) {
      const res = await timeline(subject, 'victims', vera);
      expect(res.statusCode).toBe(403);
      expect(res.json()).toMatchObject({ code: 'ACCESS.ROLE_REQUIRED' });
    }
  });

  it('documents both routes in the OpenAPI document', async () => {
    const doc = (await hub.as(null, { url: '/openapi.json' })).json();
    expect(Object.keys(doc.paths)).toEqual(
      expect.arrayContaining(['/timelines/victims/{personId}', '/timelines/offenders/{personId}']),
    );
  });
});
