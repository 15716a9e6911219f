import { addDays, addYears, londonDay } from '@hubline/calendar';
import { seedPartnership, THURROCK, type SeededPartnership } from '@hubline/demo';
import type { RiskMatrix } from '@hubline/lag';
import { ok, TestHub } from '../support/test-hub';

/**
 * Subject access exports and retention through HTTP, as the Thurrock demo users. Every case is
 * closed today; "six years later" is reached by sweeping as of a future day.
 */
describe('subject access and retention over HTTP', () => {
  let hub: TestHub;
  let thurrock: SeededPartnership;
  const pc = 'pc.okafor@essex-police.demo';
  const chair = 'lag.chair@thurrock.demo';
  const admin = 'admin@thurrock.demo';
  const auditor = 'auditor@thurrock.demo';

  const today = londonDay(new Date());
  const lastKept = addYears(today, 6);
  const firstGone = addDays(lastKept, 1);

  // Each person's name and address: none may appear in anyone else's export.
  const PEOPLE = {
    alice: {
      givenName: 'Alisande',
      familyName: 'Marchbank',
      dateOfBirth: '1950-03-04',
      postcode: 'RM17 6SL',
      address: { lines: ['3 Quarry Close'], town: 'Grays' },
    },
    bernard: {
      givenName: 'Bernardo',
      familyName: 'Oakhurst',
      dateOfBirth: '1961-07-08',
      postcode: 'RM16 2AB',
      address: { lines: ['8 Heron Way'], town: 'Grays' },
    },
    cora: {
      givenName: 'Corisande',
      familyName: 'Pellowe',
      dateOfBirth: '1972-11-12',
      postcode: 'RM18 7QQ',
      address: { lines: ['21 Kestrel Row'], town: 'Tilbury' },
    },
    eamon: {
      givenName: 'Eamonn',
      familyName: 'Throssell',
      dateOfBirth: '1998-01-02',
      postcode: 'RM17 5ZZ',
      address: { lines: ['14 Gannet Lane'], town: 'Grays' },
    },
    fiona: {
      givenName: 'Fionnula',
      familyName: 'Dewhirst',
      dateOfBirth: '1985-05-06',
      postcode: 'SS17 0AA',
      address: { lines: ['5 Plover Court'], town: 'Stanford' },
    },
    gwen: {
      givenName: 'Gwenllian',
      familyName: 'Ashdown',
      dateOfBirth: '1944-09-10',
      postcode: 'RM20 3XY',
      address: { lines: ['9 Linnet Drive'], town: 'Grays' },
    },
  };
  type Name = keyof typeof PEOPLE;
  const id: Record<Name, string> = {} as Record<Name, string>;
  const needlesOf = (name: Name) => [
    PEOPLE[name].givenName,
    PEOPLE[name].familyName,
    PEOPLE[name].address.lines[0],
    PEOPLE[name].postcode,
    id[name],
  ];
  const INCIDENT = 'Repeated shouting and banging on the front door late at night for weeks';
  const REASON = 'Housing and police both need to act together to stop it quickly';
  const OUTCOME = 'The victim reports the nights are quiet again since the warning';

  let matrix: RiskMatrix;
  const referralOf: Record<string, string> = {};

  beforeAll(async () => {
    hub = await TestHub.start({ RETENTION_SWEEP_INTERVAL_HOURS: '0' });
    thurrock = await seedPartnership(hub.commands, THURROCK);
    await settle();
    for (const name of Object.keys(PEOPLE) as Name[])
      id[name] = (await ok(hub.as(pc, { method: 'POST', url: '/people', body: PEOPLE[name] }), 201)).personId;
    await settle();
    matrix = (await ok(hub.as(pc, { url: '/lag/settings' }), 200)).riskMatrix;

    // Alice's and Bernard's cases close today; Gwen's is declined; Cora's stays open. Eamon is the
    // perpetrator in all of them, so Cora's open case keeps him. Fiona has no case at all.
    for (const victim of ['alice', 'bernard', 'cora', 'gwen'] as Name[])
      referralOf[victim] = (
        await ok(hub.as(pc, { method: 'POST', url: '/lag/referrals', body: referral(victim) }), 201)
      ).referralId;
    for (const victim of ['alice', 'bernard', 'cora'] as Name[])
      await ok(hub.as(chair, { method: 'POST', url: `/lag/referrals/${referralOf[victim]}/accept` }), 200);
    await ok(
      hub.as(chair, {
        method: 'POST',
        url: `/lag/referrals/${referralOf.gwen}/decline`,
        body: { reason: 'criteria_not_met' },
      }),
      200,
    );
    for (const victim of ['alice', 'bernard'] as Name[]) {
      await ok(
        hub.as(chair, {
          method: 'POST',
          url: `/lag/referrals/${referralOf[victim]}/close`,
          body: { outcomes: ['incidents_stopped'], reason: 'risk_reduced', outcomeNarrative: OUTCOME },
        }),
        200,
      );
    }
    await ok(hub.as(pc, { url: `/people/${id.alice}?purpose=case_management` }), 200);
    await settle();
  });
  afterAll(() => hub?.close());

  // ---- helpers ----
  const settle = () => hub.settle();
  function referral(victim: Name) {
    return {
      localityId: thurrock.localities.Grays,
      category: 'asb',
      victimIds: [id[victim]],
      perpetratorIds: [id.eamon],
      incidentSummary: INCIDENT,
      vulnerabilities: ['older_person'],
      riskAnswers: Object.fromEntries(matrix.questions.map((q) => [q.id, q.answers[0].id])),
      multiAgencyReason: REASON,
    };
  }
  const eventsOf = async (type: string) =>
    (await hub.db.query(
      'SELECT stream_id, data, metadata FROM event_store.events WHERE type = $1 ORDER BY tx_id, seq',
      [type],
    )) as Array<{ stream_id: string; data: Record<string, unknown>; metadata: Record<string, unknown> }>;
  const sweep = (query: string) => ok(hub.as(admin, { method: 'POST', url: `/retention/sweep?${query}` }), 200);
  const sorted = (names: Name[]) => names.map((n) => id[n]).sort();
  const idsOf = (list: Array<{ personId: string }>) => list.map((p) => p.personId).sort();

  it('refuses every retention and subject access route to anyone but the partnership administrator, but lets auditors read the policy', async () => {
    const calls = [
      { url: '/retention/policy' },
      { method: 'PUT' as const, url: '/retention/policy', body: { retentionYears: 1, reason: 'Shorter please' } },
      { method: 'POST' as const, url: '/retention/holds', body: { personId: id.fiona, reason: 'Hold it' } },
      { method: 'POST' as const, url: `/retention/holds/${id.fiona}/release`, body: { reason: 'Release it' } },
      { method: 'POST' as const, url: `/retention/sweep?asOf=${firstGone}` },
      { url: `/subject-access/${id.alice}?purpose=subject_access_request` },
    ];
    for (const user of [pc, chair, auditor]) {
      for (const call of calls.filter((c) => user !== auditor || c !== calls[0]))
        expect({ user, url: call.url, status: (await hub.as(user, call)).statusCode }).toEqual({
          user,
          url: call.url,
          status: 403,
        });
    }
    expect(await ok(hub.as(auditor, calls[0]), 200)).toEqual({ retentionYears: 6, version: null, holds: [] });
    expect(await eventsOf('RetentionSweepCompleted')).toEqual([]);
    expect(await eventsOf('PersonForgotten')).toEqual([]);
  });

  describe('subject access export', () => {
    it("gives the first victim their record, their case with its narratives, and who viewed them, and no one else's data or id", async () => {
      const res = await ok(hub.as(admin, { url: `/subject-access/${id.alice}?purpose=subject_access_request` }), 200);
      expect(res.records).toEqual([
        { personId: id.alice, status: 'active', events: [expect.objectContaining({ type: 'PersonRegistered' })] },
      ]);
      expect(res.records[0].events[0].data.personal).toMatchObject({
        givenName: 'Alisande',
        familyName: 'Marchbank',
        address: { lines: ['3 Quarry Close'], town: 'Grays' },
      });
      expect(res.lagCases).toHaveLength(1);
      const [kase] = res.lagCases;
      expect(kase).toMatchObject({
        referralId: referralOf.alice,
        status: 'closed',
        people: [
          { role: 'victim', who: 'you' },
          { role: 'perpetrator', who: 'another person' },
        ],
        referringAgency: { agencyId: thurrock.agencies.police, name: expect.stringMatching(/Police/) },
        aboutTheVictim: { incidentSummary: INCIDENT, multiAgencyReason: REASON, vulnerabilities: ['older_person'] },
      });
      expect(kase.history.find((h: { type: string }) => h.type === 'closed')).toMatchObject({ note: OUTCOME });
      expect(res.consultations).toEqual([
        expect.objectContaining({
          view: 'person_profile',
          purpose: 'case_management',
          agency: { agencyId: thurrock.agencies.police, name: expect.stringMatching(/Police/) },
        }),
      ]);

      const text = JSON.stringify(res);
      for (const other of ['bernard', 'cora', 'eamon', 'fiona', 'gwen'] as Name[])
        for (const needle of needlesOf(other))
          expect({ other, needle, found: text.includes(needle) }).toEqual({ other, needle, found: false });
    });

    it("gives the perpetrator their own record and the cases naming them, but not the victims' narratives, names or ids", async () => {
      const res = await ok(hub.as(admin, { url: `/subject-access/${id.eamon}?purpose=subject_access_request` }), 200);
      expect(res.records[0].events[0].data.personal).toMatchObject({ givenName: 'Eamonn', familyName: 'Throssell' });
      expect(res.lagCases.map((c: { referralId: string }) => c.referralId).sort()).toEqual(
        [referralOf.alice, referralOf.bernard, referralOf.cora, referralOf.gwen].sort(),
      );
      for (const kase of res.lagCases) {
        expect(kase.people).toEqual([
          { role: 'victim', who: 'another person' },
          { role: 'perpetrator', who: 'you' },
        ]);
        expect(kase.aboutTheVictim).toEqual({ withheld: 'sealed_with_another_persons_key' });
      }
      const text = JSON.stringify(res);
      expect(text).not.toContain(INCIDENT);
      expect(text).not.toContain(OUTCOME);
      for (const other of ['alice', 'bernard', 'cora', 'fiona', 'gwen'] as Name[])
        for (const needle of needlesOf(other))
          expect({ other, needle, found: text.includes(needle) }).toEqual({ other, needle, found: false });
    });

    it("records each export in the consultation log, needs the subject access purpose, and knows only its partnership's people", async () => {
      const logged = (await eventsOf('PersonalDataConsulted')).filter((e) => e.data.view === 'subject_access_export');
      expect(logged.map((e) => e.data)).toEqual([
        expect.objectContaining({
          personIds: [id.alice],
          purpose: 'subject_access_request',
          userId: thurrock.users[admin],
        }),
        expect.objectContaining({ personIds: [id.eamon], purpose: 'subject_access_request' }),
      ]);
      expect((await hub.as(admin, { url: `/subject-access/${id.alice}` })).statusCode).toBe(400);
      expect((await hub.as(admin, { url: `/subject-access/${id.alice}?purpose=case_management` })).statusCode).toBe(
        400,
      );
      expect(
        await ok(
          hub.as(admin, { url: `/subject-access/${thurrock.localities.Grays}?purpose=subject_access_request` }),
          404,
        ),
      ).toMatchObject({ code: 'PERSON.NOT_FOUND' });
    });
  });

  describe('retention', () => {
    it('starts from the default policy, six years, and keeps changes to it as events', async () => {
      expect(await ok(hub.as(admin, { url: '/retention/policy' }), 200)).toEqual({
        retentionYears: 6,
        version: null,
        holds: [],
      });
      expect(
        await ok(
          hub.as(admin, {
            method: 'PUT',
            url: '/retention/policy',
            body: { retentionYears: 7, reason: 'Board decision 2026/04' },
          }),
          200,
        ),
      ).toEqual({ retentionYears: 7, version: 0 });
      // Seven years: as of six years and a day, nobody is due yet.
      expect((await sweep(`asOf=${firstGone}&dryRun=true`)).forgotten).toEqual([]);
      const stale = await hub.as(admin, {
        method: 'PUT',
        url: '/retention/policy',
        headers: { 'if-match': '"5"' },
        body: { retentionYears: 6, reason: 'Back to six' },
      });
      expect(stale.statusCode).toBe(412);
      expect(
        await ok(
          hub.as(admin, {
            method: 'PUT',
            url: '/retention/policy',
            headers: { 'if-match': '"0"' },
            body: { retentionYears: 6, reason: 'Back to six years' },
          }),
          200,
        ),
      ).toEqual({ retentionYears: 6, version: 1 });
      expect(
        (
          await ok(
            hub.as(admin, {
              method: 'PUT',
              url: '/retention/policy',
              body: { retentionYears: 0, reason: 'Nothing at all' },
            }),
            400,
          )
        ).code,
      ).toBe('HTTP.VALIDATION_FAILED');
      expect((await hub.store.readStream(`retention-policy-${thurrock.partnershipId}`)).map((e) => e.type)).toEqual([
        'RetentionPolicyChanged',
        'RetentionPolicyChanged',
      ]);
    });

    it('places a legal hold on Bernard, once, on a known person', async () => {
      expect(
        await ok(
          hub.as(admin, {
            method: 'POST',
            url: '/retention/holds',
            body: { personId: id.bernard, reason: 'Civil claim CL-2026-031 pending' },
          }),
          201,
        ),
      ).toEqual({ personId: id.bernard, version: 2 });
      expect(
        await ok(
          hub.as(admin, { method: 'POST', url: '/retention/holds', body: { personId: id.bernard, reason: 'Again' } }),
          409,
        ),
      ).toMatchObject({ code: 'RETENTION.ALREADY_ON_HOLD' });
      expect(
        await ok(
          hub.as(admin, {
            method: 'POST',
            url: '/retention/holds',
            body: { personId: thurrock.localities.Grays, reason: 'Nobody' },
          }),
          404,
        ),
      ).toMatchObject({ code: 'RETENTION.UNKNOWN_PERSON' });
      expect(
        await ok(
          hub.as(admin, {
            method: 'POST',
            url: `/retention/holds/${id.fiona}/release`,
            body: { reason: 'Never held' },
          }),
          409,
        ),
      ).toMatchObject({ code: 'RETENTION.NOT_ON_HOLD' });
      expect((await ok(hub.as(admin, { url: '/retention/policy' }), 200)).holds).toEqual([
        {
          personId: id.bernard,
          reason: 'Civil claim CL-2026-031 pending',
          placedBy: thurrock.users[admin],
          placedAt: expect.any(String),
        },
      ]);
    });

    it('previews with a dry run: nobody on the last day kept; the day after, Alice and Gwen, with Bernard held; nothing is recorded', async () => {
      expect(await sweep(`asOf=${lastKept}&dryRun=true`)).toEqual({
        dryRun: true,
        asOf: lastKept,
        policyVersion: 2,
        retentionYears: 6,
        forgotten: [],
        held: [],
        failed: [],
      });
      const preview = await sweep(`asOf=${firstGone}&dryRun=true`);
      expect(idsOf(preview.forgotten)).toEqual(sorted(['alice', 'gwen']));
      expect(preview.forgotten[0]).toEqual({
        personId: expect.any(String),
        lastEndedOn: today,
        retainedUntil: lastKept,
      });
      expect(idsOf(preview.held)).toEqual([id.bernard]);
      expect(await eventsOf('RetentionSweepCompleted')).toEqual([]);
      expect(await eventsOf('PersonForgotten')).toEqual([]);
      expect((await hub.as(admin, { method: 'POST', url: '/retention/sweep?asOf=2026-02-30' })).statusCode).toBe(400);
    });

    it('sweeps: forgets exactly the expired, unheld people through ForgetPerson, records the sweep, and leaves everyone else readable', async () => {
      const report = await sweep(`asOf=${firstGone}`);
      expect(report).toMatchObject({
        sweepId: expect.any(String),
        dryRun: false,
        asOf: firstGone,
        policyVersion: 2,
        retentionYears: 6,
        failed: [],
      });
      expect(idsOf(report.forgotten)).toEqual(sorted(['alice', 'gwen']));
      expect(idsOf(report.held)).toEqual([id.bernard]);

      const forgotten = await eventsOf('PersonForgotten');
      expect(forgotten.map((e) => e.data.personId).sort()).toEqual(sorted(['alice', 'gwen']));
      for (const e of forgotten) {
        expect(e.data).toMatchObject({
          legalGround: 'retention_period_expired',
          forgottenBy: thurrock.users[admin],
          reason: expect.stringContaining(`sweep ${report.sweepId} as of ${firstGone}`),
        });
        expect(e.metadata).toMatchObject({ userId: thurrock.users[admin], causationId: report.sweepId });
      }
      const [summary] = await eventsOf('RetentionSweepCompleted');
      expect(summary.stream_id).toBe(`retention-sweep-${report.sweepId}`);
      expect({ ...summary.data, forgottenPersonIds: (summary.data.forgottenPersonIds as string[]).sort() }).toEqual({
        sweepId: report.sweepId,
        partnershipId: thurrock.partnershipId,
        asOf: firstGone,
        policyVersion: 2,
        retentionYears: 6,
        forgottenPersonIds: sorted(['alice', 'gwen']),
        heldPersonIds: [id.bernard],
        failedPersonIds: [],
        sweptBy: thurrock.users[admin],
        startedAt: expect.any(String),
        completedAt: expect.any(String),
      });

      await settle();
      for (const name of ['alice', 'gwen'] as Name[])
        expect(await ok(hub.as(admin, { url: `/people/${id[name]}?purpose=data_quality` }), 200)).toMatchObject({
          personId: id[name],
          erased: true,
        });
      for (const name of ['bernard', 'cora', 'eamon', 'fiona'] as Name[]) {
        // Read by the police, who registered them (the administrator's agency sees closed cases' people locked).
        expect(await ok(hub.as(pc, { url: `/people/${id[name]}?purpose=case_management` }), 200)).toMatchObject({
          givenName: PEOPLE[name].givenName,
          familyName: PEOPLE[name].familyName,
        });
      }
      // The forgotten victim's export still answers, showing their data as erased.
      const erased = await ok(
        hub.as(admin, { url: `/subject-access/${id.alice}?purpose=subject_access_request` }),
        200,
      );
      expect(erased.records[0]).toMatchObject({ status: 'erased' });
      expect(erased.records[0].events[0].data.personal).toEqual({ erased: true });
      expect(erased.lagCases[0].aboutTheVictim.incidentSummary).toEqual({ erased: true });
    });

    it('runs one sweep at a time, across instances, by an advisory lock', async () => {
      const other = hub.db.createQueryRunner();
      await other.connect();
      try {
        await other.query("SELECT pg_advisory_lock(hashtext('hubline:retention-sweep'))");
        expect(
          await ok(hub.as(admin, { method: 'POST', url: `/retention/sweep?asOf=${firstGone}` }), 409),
        ).toMatchObject({ code: 'RETENTION.SWEEP_IN_PROGRESS' });
        // A dry run changes nothing, so it does not wait for the lock.
        expect((await sweep(`asOf=${firstGone}&dryRun=true`)).dryRun).toBe(true);
      } finally {
        await other.query("SELECT pg_advisory_unlock(hashtext('hubline:retention-sweep'))");
        await other.release();
      }
    });

    it('does not forget anyone twice, and forgets Bernard once his hold is released', async () => {
      const again = await sweep(`asOf=${firstGone}`);
      expect({ forgotten: again.forgotten, held: idsOf(again.held) }).toEqual({ forgotten: [], held: [id.bernard] });
      await ok(
        hub.as(admin, {
          method: 'POST',
          url: `/retention/holds/${id.bernard}/release`,
          body: { reason: 'Civil claim CL-2026-031 settled' },
        }),
        200,
      );
      const released = await sweep(`asOf=${firstGone}`);
      expect({ forgotten: idsOf(released.forgotten), held: released.held }).toEqual({
        forgotten: [id.bernard],
        held: [],
      });
      expect(await eventsOf('RetentionSweepCompleted')).toHaveLength(3);
      expect((await eventsOf('PersonForgotten')).map((e) => e.data.personId).sort()).toEqual(
        sorted(['alice', 'bernard', 'gwen']),
      );
      // Cora's open case keeps her and Eamon whatever the day.
      expect((await sweep('asOf=2099-01-01&dryRun=true')).forgotten).toEqual([]);
    });
  });
  describe('erasure safeguards and what auditors see of them', () => {
    const hold = (name: Name, reason: string) =>
      ok(hub.as(admin, { method: 'POST', url: '/retention/holds', body: { personId: id[name], reason } }), 201);
    const release = (name: Name, reason: string) =>
      ok(hub.as(admin, { method: 'POST', url: `/retention/holds/${id[name]}/release`, body: { reason } }), 200);
    const forget = (name: Name, extra: Record<string, unknown> = {}, query = '') =>
      hub.as(admin, {
        method: 'POST',
        url: `/people/${id[name]}/forget${query}`,
        body: { legalGround: 'uk_gdpr_art17_1_a', reason: 'Erasure request ER-2026-014 upheld', ...extra },
      });
    const forgottenIds = async () => (await eventsOf('PersonForgotten')).map((e) => e.data.personId);

    it('refuses to forget a person on legal hold, naming the hold, until it is released', async () => {
      await hold('fiona', 'Complaint CMP-2026-077 under investigation');
      const refused = await ok(forget('fiona', { confirmOpenCases: true }), 409);
      expect(refused).toMatchObject({
        code: 'PERSON.ON_LEGAL_HOLD',
        hold: {
          reason: 'Complaint CMP-2026-077 under investigation',
          placedBy: thurrock.users[admin],
          placedAt: expect.any(String),
        },
      });
      expect(refused.detail).toContain('Complaint CMP-2026-077 under investigation');
      expect(await forgottenIds()).not.toContain(id.fiona);
      await release('fiona', 'Complaint CMP-2026-077 closed');
      expect(await ok(forget('fiona'), 200)).toMatchObject({ personId: id.fiona, erased: true });
    });

    it('forgets a party to an open case only when that case is confirmed, listing the open cases by id and type alone', async () => {
      const refused = await ok(forget('cora'), 409);
      expect(refused).toMatchObject({
        code: 'PERSON.OPEN_CASES_NOT_CONFIRMED',
        openCases: [{ type: 'lag_referral', id: referralOf.cora }],
      });
      expect(JSON.stringify(refused)).not.toContain(id.eamon);
      expect(await ok(forget('cora', { confirmOpenCases: ['another-case'] }), 409)).toMatchObject({
        code: 'PERSON.OPEN_CASES_NOT_CONFIRMED',
      });
      expect(await forgottenIds()).not.toContain(id.cora);
      await ok(forget('cora', { confirmOpenCases: [referralOf.cora] }), 200);
      const [event] = (await eventsOf('PersonForgotten')).filter((e) => e.data.personId === id.cora);
      expect(event.data.openCases).toEqual([{ type: 'lag_referral', id: referralOf.cora }]);
    });

    it("takes a sweep's dryRun and asOf from a JSON body as from the query, and refuses them when they disagree", async () => {
      const sweeps = (await eventsOf('RetentionSweepCompleted')).length;
      const post = (url: string, body?: unknown) => hub.as(admin, { method: 'POST', url, body });
      const preview = await ok(post('/retention/sweep', { dryRun: true, asOf: '2099-01-01' }), 200);
      expect(preview).toMatchObject({ dryRun: true, asOf: '2099-01-01' });
      expect(await ok(post('/retention/sweep?dryRun=false', { dryRun: true }), 400)).toMatchObject({
        code: 'RETENTION.CONFLICTING_PARAMETERS',
      });
      expect(
        await ok(post('/retention/sweep?asOf=2099-01-01', { asOf: '2099-01-02', dryRun: true }), 400),
      ).toMatchObject({ code: 'RETENTION.CONFLICTING_PARAMETERS' });
      expect((await post('/retention/sweep?dryRun=true', { dryRun: true })).statusCode).toBe(200);
      for (const body of [{ dryRun: 'yes' }, { dryRun: null }, { dryrun: true }, { asOf: '2099-13-01' }])
        expect({ body, status: (await post('/retention/sweep', body)).statusCode }).toEqual({ body, status: 400 });
      expect(await eventsOf('RetentionSweepCompleted')).toHaveLength(sweeps);
    });

    it('refuses a field a destructive route does not take, in the query or the body, before doing anything', async () => {
      await hold('eamon', 'Civil claim CL-2026-099 pending');
      const duplicate = (await ok(hub.as(pc, { method: 'POST', url: '/people', body: PEOPLE.gwen }), 201)).personId;
      const deactivated = thurrock.users[chair];
      const refusals = [
        forget('eamon', { confirmOpenCases: true }, '?confirmOpenCases=true'),
        forget('eamon', { force: true }),
        hub.as(admin, {
          method: 'POST',
          url: `/people/${id.bernard}/merge?force=true`,
          body: { duplicateId: duplicate, reason: 'Same person registered twice' },
        }),
        hub.as(admin, {
          method: 'POST',
          url: `/retention/holds/${id.eamon}/release?now=true`,
          body: { reason: 'Claim settled' },
        }),
        hub.as(admin, { method: 'POST', url: `/retention/sweep?dryRun=true&scope=all` }),
        hub.as(admin, {
          method: 'POST',
          url: `/users/${deactivated}/deactivate?immediately=true`,
          body: { reason: 'Left the council' },
        }),
        hub.as(admin, { method: 'POST', url: `/users/${deactivated}/reactivate`, body: { reason: 'Back' } }),
      ];
      for (const response of await Promise.all(refusals)) {
        expect(response.statusCode).toBe(400);
        expect(response.headers['content-type']).toContain('application/problem+json');
      }
      expect(await ok(hub.as(admin, { url: '/retention/policy' }), 200)).toMatchObject({
        holds: expect.arrayContaining([expect.objectContaining({ personId: id.eamon })]),
      });
      expect(await eventsOf('PeopleMerged')).toEqual([]);
      expect((await eventsOf('UserDeactivated')).length).toBe(0);
      expect(await forgottenIds()).not.toContain(id.eamon);
    });

    it("holds a person through a hold on a record merged into them, and shows the merge in both records' trails", async () => {
      const hana = {
        givenName: 'Hanorah',
        familyName: 'Quillfeather',
        dateOfBirth: '1979-02-03',
        postcode: 'RM16 4PQ',
        address: { lines: ['2 Wren Walk'], town: 'Grays' },
      };
      const register = async (details: object) =>
        (await ok(hub.as(pc, { method: 'POST', url: '/people', body: details }), 201)).personId as string;
      const survivor = await register(hana);
      // Registered on purpose although it may be Hana: the officer confirms it is a new person.
      const duplicate = await register({
        ...hana,
        givenName: 'Hannah',
        dateOfBirth: '1979-03-02',
        confirmNewPerson: true,
      });
      await ok(
        hub.as(admin, {
          method: 'POST',
          url: `/people/${survivor}/merge`,
          body: { duplicateId: duplicate, reason: 'Same person registered twice' },
        }),
        200,
      );
      await ok(
        hub.as(admin, {
          method: 'POST',
          url: '/retention/holds',
          body: { personId: duplicate, reason: 'Civil claim CL-2026-120 pending' },
        }),
        201,
      );
      await settle();
      const refused = await hub.as(admin, {
        method: 'POST',
        url: `/people/${survivor}/forget`,
        body: { legalGround: 'uk_gdpr_art17_1_a', reason: 'Erasure request ER-2026-020 upheld' },
      });
      expect({ status: refused.statusCode, code: refused.json().code, reason: refused.json().hold?.reason }).toEqual({
        status: 409,
        code: 'PERSON.ON_LEGAL_HOLD',
        reason: 'Civil claim CL-2026-120 pending',
      });
      expect(await eventsOf('PersonForgotten')).not.toContainEqual(
        expect.objectContaining({ stream_id: `person-${survivor}` }),
      );
      const changes = async (personId: string) =>
        (await ok(hub.as(auditor, { url: `/audit/people/${personId}/trail` }), 200)).entries
          .filter((e: { entry: string }) => e.entry === 'record_change')
          .map((e: { action: string; otherPersonId: string | null }) => [e.action, e.otherPersonId]);
      expect(await changes(duplicate)).toEqual([
        ['merged_into', survivor],
        ['hold_placed', null],
      ]);
      expect(await changes(survivor)).toEqual([['merged_from', duplicate]]);
    });

    it("shows auditors each erasure, hold and sweep in the person's trail and the exceptions report, as JSON and CSV", async () => {
      await settle();
      const entriesOf = async (name: Name) =>
        (await ok(hub.as(auditor, { url: `/audit/people/${id[name]}/trail` }), 200)).entries.filter(
          (e: { entry: string }) => e.entry === 'record_change',
        );
      const byAdmin = { userId: thurrock.users[admin], name: expect.any(String) };
      expect(await entriesOf('fiona')).toEqual([
        expect.objectContaining({
          action: 'hold_placed',
          by: byAdmin,
          reason: 'Complaint CMP-2026-077 under investigation',
        }),
        expect.objectContaining({ action: 'hold_released', by: byAdmin, reason: 'Complaint CMP-2026-077 closed' }),
        expect.objectContaining({
          action: 'forgotten',
          by: byAdmin,
          legalGround: 'uk_gdpr_art17_1_a',
          reason: 'Erasure request ER-2026-014 upheld',
          manual: true,
          openCases: [],
        }),
      ]);
      const alice = await entriesOf('alice');
      const sweepId = alice.find((e: { action: string }) => e.action === 'forgotten').sweepId;
      expect(sweepId).toEqual(expect.any(String));
      expect(alice).toEqual([
        expect.objectContaining({
          action: 'forgotten',
          legalGround: 'retention_period_expired',
          manual: false,
          sweepId,
          by: byAdmin,
        }),
        expect.objectContaining({ action: 'included_in_sweep', sweepId, sweepOutcome: 'forgotten' }),
      ]);
      expect(
        (await entriesOf('bernard')).map((e: { action: string; sweepOutcome: string }) => [e.action, e.sweepOutcome]),
      ).toEqual([
        ['hold_placed', null],
        ['included_in_sweep', 'held'],
        ['included_in_sweep', 'held'],
        ['hold_released', null],
        ['forgotten', null],
        ['included_in_sweep', 'forgotten'],
      ]);

      const report = await ok(hub.as(auditor, { url: '/audit/exceptions' }), 200);
      expect(report.manualErasures.map((e: { personId: string }) => e.personId)).toEqual([id.fiona, id.cora]);
      expect(report.erasuresWithOpenCases).toEqual([
        expect.objectContaining({ personId: id.cora, openCases: [{ type: 'lag_referral', id: referralOf.cora }] }),
      ]);
      expect(report.holdsReleased.map((e: { personId: string }) => e.personId)).toEqual([id.bernard, id.fiona]);

      const csv = await hub.as(auditor, { url: '/audit/exceptions?format=csv' });
      const lines = csv.body
        .split(/\r?\n/)
        .filter(
          (l) =>
            l.startsWith('manual_erasure') || l.startsWith('erasure_with_open_cases') || l.startsWith('hold_released'),
        );
      expect(lines).toHaveLength(5);
      expect(lines.find((l) => l.startsWith('erasure_with_open_cases'))).toContain(referralOf.cora);
      const trailCsv = (await hub.as(auditor, { url: `/audit/people/${id.fiona}/trail?format=csv` })).body;
      expect(trailCsv).toContain('uk_gdpr_art17_1_a');
      expect(trailCsv).toContain('hold_released');
    });
  });
});
