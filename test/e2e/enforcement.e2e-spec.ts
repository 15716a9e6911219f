import { randomUUID } from 'node:crypto';
import { addDays, londonDay } from '@hubline/calendar';
import { seedPartnership, THURROCK, type SeededPartnership } from '@hubline/demo';
import { DEFAULT_ASB_RISK_MATRIX } from '@hubline/lag';
import { ok, TestHub } from '../support/test-hub';

/**
 * Enforcement orders over HTTP: the council serves a CPW and then a CPN on a perpetrator of an
 * open LAG case, the police record a breach, the council varies and discharges; who may serve what,
 * who may change what, the personal-data policy on conditions and breach accounts, the expiry
 * warnings and their partnership window, and the orders on the offender's timeline and header.
 */
describe('enforcement orders over HTTP', () => {
  let hub: TestHub;
  let thurrock: SeededPartnership;
  const pc = 'pc.okafor@essex-police.demo';
  const council = 'asb.officer@thurrock.demo';
  const chair = 'lag.chair@thurrock.demo';
  const fire = 'station.officer@essex-fire.demo';
  const admin = 'admin@thurrock.demo';
  const CONDITIONS = 'Not to play amplified music audible outside flat 9 Seabrook Rise between 11pm and 7am.';
  const BREACH = 'Music heard from the car park at 2am on two nights; neighbours woken.';
  const today = londonDay(new Date());
  let vera: string;
  let oscar: string;
  let theo: string;
  let caseId: string;
  let cpw: string;
  let cpn: string;

  beforeAll(async () => {
    hub = await TestHub.start();
    thurrock = await seedPartnership(hub.commands, THURROCK);
    await hub.settle();
    vera = await register('Vera', 'Lane');
    oscar = await register('Oscar', 'Reed');
    theo = await register('Theodora', 'Quill');
    await hub.settle();
    const riskAnswers = Object.fromEntries(
      DEFAULT_ASB_RISK_MATRIX.questions.map((q) => [q.id, [...q.answers].sort((a, b) => b.score - a.score)[0].id]),
    );
    caseId = (
      await ok(
        post(pc, '/lag/referrals', {
          localityId: thurrock.localities.Grays,
          category: 'asb',
          victimIds: [vera],
          perpetratorIds: [oscar],
          incidentSummary: 'Loud music and threats through the wall most nights since the summer.',
          vulnerabilities: ['older_person'],
          riskAnswers,
          multiAgencyReason: 'Police warnings alone have not stopped it; the council and housing must act.',
        }),
        201,
      )
    ).referralId;
    await ok(post(chair, `/lag/referrals/${caseId}/accept`, {}));
    await hub.settle();
  });
  afterAll(() => hub?.close());

  async function register(givenName: string, familyName: string): Promise<string> {
    return (await ok(post(pc, '/people', { givenName, familyName }), 201)).personId;
  }
  const post = (subject: string, url: string, body: unknown, headers: Record<string, string> = {}) =>
    hub.as(subject, { method: 'POST', url, body, headers });
  const get = (subject: string, url: string) => hub.as(subject, { url });
  const served = async () =>
    Number(
      (await hub.db.query(`SELECT count(*) AS n FROM event_store.events WHERE type = 'EnforcementOrderServed'`))[0].n,
    );
  const order = (over: Record<string, unknown> = {}) => ({
    kind: 'community_protection_warning',
    personId: oscar,
    agencyReference: `CPW-${randomUUID().slice(0, 6)}`,
    servedOn: addDays(today, -20),
    conditions: CONDITIONS,
    ...over,
  });

  it('records a CPW the council served, its conditions sealed in the stored event', async () => {
    const res = await post(council, '/enforcement/orders', order());
    expect(res.statusCode).toBe(201);
    expect(res.headers.etag).toBe('"0"');
    cpw = res.json().orderId;
    expect(res.json()).toEqual({ orderId: cpw, version: 0 });
    const [stored] = await hub.store.readStream(`enforcement-order-${cpw}`);
    expect(stored.type).toBe('EnforcementOrderServed');
    expect(JSON.stringify(stored.data)).not.toContain('Seabrook');
  });

  it('refuses what the law or the request does not allow, recording nothing', async () => {
    const before = await served();
    const byFire = await post(fire, '/enforcement/orders', order());
    expect(byFire.statusCode).toBe(403);
    expect(byFire.headers['content-type']).toContain('application/problem+json');
    expect(byFire.json().code).toBe('ORDER.AGENCY_MAY_NOT_ISSUE');
    const noWarning = await post(council, '/enforcement/orders', order({ kind: 'community_protection_notice' }));
    expect({ status: noWarning.statusCode, code: noWarning.json().code }).toEqual({
      status: 422,
      code: 'ORDER.WARNING_REQUIRED',
    });
    const future = await post(council, '/enforcement/orders', order({ servedOn: addDays(today, 1) }));
    expect(future.json().code).toBe('ORDER.SERVED_IN_FUTURE');
    const otherCase = await post(council, '/enforcement/orders', order({ lagCaseId: randomUUID() }));
    expect(otherCase.json().code).toBe('ENFORCEMENT.UNKNOWN_LAG_CASE');
    const notInCase = await post(council, '/enforcement/orders', order({ personId: theo, lagCaseId: caseId }));
    expect({ status: notInCase.statusCode, code: notInCase.json().code }).toEqual({
      status: 422,
      code: 'ENFORCEMENT.PERSON_NOT_IN_LAG_CASE',
    });
    expect((await post(council, '/enforcement/orders', order({ kind: 'asbo' }))).statusCode).toBe(400);
    expect((await post(council, '/enforcement/orders', order({ servedOn: '1 Nov' }))).statusCode).toBe(400);
    expect((await post(council, '/enforcement/orders', order({ extra: true }))).statusCode).toBe(400);
    expect((await post(pc, '/enforcement/orders', order({ personId: randomUUID() }))).json().code).toBe(
      'ENFORCEMENT.UNKNOWN_PERSON',
    );
    expect(await served()).toBe(before);
  });

  it('serves a CPN after the CPW in the LAG case, ending within the expiry window', async () => {
    const res = await post(
      council,
      '/enforcement/orders',
      order({
        kind: 'community_protection_notice',
        servedOn: addDays(today, -5),
        expiresOn: addDays(today, 10),
        lagCaseId: caseId,
        particulars: { warningOrderId: cpw },
      }),
    );
    expect(res.statusCode).toBe(201);
    cpn = res.json().orderId;
  });

  it('records a breach by another agency with a response the kind allows', async () => {
    const fpnForWarning = await post(pc, `/enforcement/orders/${cpw}/breaches`, {
      occurredOn: addDays(today, -2),
      whatHappened: BREACH,
      response: 'fixed_penalty_notice',
    });
    expect(fpnForWarning.json().code).toBe('ORDER.RESPONSE_NOT_FOR_KIND');
    const res = await post(pc, `/enforcement/orders/${cpn}/breaches`, {
      occurredOn: addDays(today, -2),
      whatHappened: BREACH,
      response: 'under_investigation',
    });
    expect(res.statusCode).toBe(201);
    expect(res.headers.etag).toBe('"1"');
    const { breachId } = res.json();
    const events = await hub.store.readStream(`enforcement-order-${cpn}`);
    expect(JSON.stringify(events.map((e) => e.data))).not.toContain('car park');
    const answered = await post(
      pc,
      `/enforcement/orders/${cpn}/breach-responses`,
      { breachId, response: 'fixed_penalty_notice', respondedOn: today },
      { 'if-match': '"1"' },
    );
    expect(answered.statusCode).toBe(200);
    expect(answered.headers.etag).toBe('"2"');
  });

  it('lets only the serving agency vary, with If-Match concurrency', async () => {
    const byPolice = await post(pc, `/enforcement/orders/${cpn}/variations`, {
      variedOn: today,
      conditions: CONDITIONS,
    });
    expect({ status: byPolice.statusCode, code: byPolice.json().code }).toEqual({
      status: 403,
      code: 'ORDER.NOT_YOUR_AGENCY',
    });
    const stale = await post(
      council,
      `/enforcement/orders/${cpn}/variations`,
      { variedOn: today, expiresOn: addDays(today, 12) },
      { 'if-match': '"0"' },
    );
    expect(stale.statusCode).toBe(412);
    const varied = await post(
      council,
      `/enforcement/orders/${cpn}/variations`,
      { variedOn: today, expiresOn: addDays(today, 12) },
      { 'if-match': '"2"' },
    );
    expect(varied.statusCode).toBe(200);
    expect(varied.json()).toEqual({ orderId: cpn, version: 3 });
    await hub.settle();
  });

  it('shows the order in full to the serving agency and an involved one, and locked to others', async () => {
    const full = await get(council, `/enforcement/orders/${cpn}?purpose=case_management`);
    expect(full.statusCode).toBe(200);
    expect(full.headers.etag).toBe('"3"');
    expect(full.json()).toMatchObject({
      locked: false,
      kind: 'community_protection_notice',
      standing: 'expiring',
      expiresOn: addDays(today, 12),
      lagCaseId: caseId,
      conditions: CONDITIONS,
      particulars: { warningOrderId: cpw },
      breaches: 1,
      breachList: [{ occurredOn: addDays(today, -2), response: 'fixed_penalty_notice', whatHappened: BREACH }],
      history: [expect.objectContaining({ event: 'varied', previousExpiresOn: addDays(today, 10) })],
      person: expect.objectContaining({ personId: oscar, givenName: 'Oscar' }),
    });
    // The police work the LAG case: the policy lets them read the person's case.
    expect((await ok(get(pc, `/enforcement/orders/${cpn}?purpose=case_management`))).conditions).toBe(CONDITIONS);
    const locked = await ok(get(fire, `/enforcement/orders/${cpn}?purpose=case_management`));
    expect(locked).toMatchObject({ locked: true, kind: 'community_protection_notice', breaches: 1 });
    expect(JSON.stringify(locked)).not.toMatch(/Oscar|Seabrook|car park/);
    expect((await get(council, `/enforcement/orders/${cpn}`)).statusCode).toBe(400);
    expect((await get(council, `/enforcement/orders/${randomUUID()}?purpose=case_management`)).statusCode).toBe(404);

    const consulted = await hub.db.query(
      `SELECT count(*) AS n FROM event_store.events WHERE type = 'PersonalDataConsulted' AND data->>'view' = 'enforcement_order' AND data::jsonb->'personIds' ? $1`,
      [oscar],
    );
    expect(Number(consulted[0].n)).toBeGreaterThanOrEqual(2);

    const listed = await ok(get(pc, `/enforcement/orders?personId=${oscar}&purpose=case_management`));
    expect(listed.map((o: { orderId: string }) => o.orderId)).toEqual([cpw, cpn]);
    expect(await ok(get(fire, `/enforcement/orders?personId=${oscar}&purpose=case_management`))).toEqual([]);
  });

  it('warns the serving agency of orders expiring while the LAG case is open, in the partnership window', async () => {
    const expiring = await ok(get(council, '/enforcement/orders/expiring?purpose=case_management'));
    expect(expiring).toEqual([
      expect.objectContaining({
        orderId: cpn,
        openLagCaseIds: [caseId],
        person: expect.objectContaining({ personId: oscar }),
      }),
    ]);
    expect(await ok(get(pc, '/enforcement/orders/expiring?purpose=case_management'))).toEqual([]);
    // The LAG case view names the orders taken in the case, the expiring one marked.
    const lagCase = await ok(get(chair, `/lag/referrals/${caseId}?purpose=case_management`));
    expect(lagCase.enforcementOrders).toEqual([
      expect.objectContaining({
        orderId: cpn,
        kind: 'community_protection_notice',
        personId: oscar,
        expiring: true,
        breaches: 1,
      }),
    ]);

    expect(await ok(get(pc, '/enforcement/settings'))).toEqual({ expiryWindowDays: 28, version: null });
    const tooShort = await hub.as(admin, {
      method: 'PUT',
      url: '/enforcement/settings/expiry-window',
      body: { days: 3 },
    });
    expect({ status: tooShort.statusCode, code: tooShort.json().code }).toEqual({
      status: 400,
      code: 'ENFORCEMENT_SETTINGS.OUT_OF_BOUNDS',
    });
    const set = await hub.as(admin, { method: 'PUT', url: '/enforcement/settings/expiry-window', body: { days: 7 } });
    expect(set.json()).toEqual({ expiryWindowDays: 7, version: 0 });
    expect(set.headers.etag).toBe('"0"');
    expect(await ok(get(council, '/enforcement/orders/expiring?purpose=case_management'))).toEqual([]);
    await hub.settle();
    const header = (await ok(get(pc, `/timelines/offenders/${oscar}?purpose=case_management`))).header;
    expect(header.orders).toMatchObject({ expiryWindowDays: 7, expiring: [] });
    await ok(
      hub.as(admin, {
        method: 'PUT',
        url: '/enforcement/settings/expiry-window',
        body: { days: 28 },
        headers: { 'if-match': '"0"' },
      }),
    );
    await hub.settle();
  });

  it('puts the orders and the breach on the offender timeline, with the orders header', async () => {
    const res = await ok(get(pc, `/timelines/offenders/${oscar}?purpose=case_management`));
    const asb = { agencyId: thurrock.agencies.asb, name: 'Thurrock Council Community Safety and ASB Team' };
    expect(res.header.orders).toEqual({
      expiryWindowDays: 28,
      inForce: [
        expect.objectContaining({ orderId: cpn, kind: 'community_protection_notice', agency: asb, breaches: 1 }),
        expect.objectContaining({ orderId: cpw, kind: 'community_protection_warning', expiresOn: null, breaches: 0 }),
      ],
      expiring: [expect.objectContaining({ orderId: cpn, expiresOn: addDays(today, 12) })],
      breached: [expect.objectContaining({ orderId: cpn, lastBreachOn: addDays(today, -2) })],
    });
    const summaries = res.entries.map((e: { summary: string }) => e.summary);
    expect(summaries).toEqual(
      expect.arrayContaining([
        `Community Protection Notice served by ${asb.name} on ${addDays(today, -5)}, in force until ${addDays(today, 10)}`,
        `Community Protection Notice breached on ${addDays(today, -2)}; response: under investigation`,
        'Response to a breach decided (Community Protection Notice): a fixed penalty notice',
        `Community Protection Notice varied, now until ${addDays(today, 12)}`,
      ]),
    );
    const served = res.entries.find(
      (e: { type: string; case: { id: string } }) => e.type === 'EnforcementOrderServed' && e.case.id === cpn,
    );
    expect(served.case).toEqual({ type: 'enforcement_order', id: cpn, link: `/enforcement/orders/${cpn}` });
    expect(served.agency).toEqual(asb);
    expect(JSON.stringify(res)).not.toMatch(/Seabrook|car park/);
  });

  it("shows the orders header on the person page's offender timeline", async () => {
    const form = await hub.app.inject({ url: '/sign-in/demo' });
    const cookie = ([] as string[])
      .concat(form.headers['set-cookie'] ?? [])
      .map((c) => c.split(';')[0])
      .find((c) => c.startsWith('hubline_csrf='))!;
    const token = /name="_csrf" value="([^"]+)"/.exec(form.body)![1];
    const posted = await hub.app.inject({
      method: 'POST',
      url: '/sign-in/demo',
      headers: { cookie, 'content-type': 'application/x-www-form-urlencoded' },
      payload: new URLSearchParams({ _csrf: token, subject: pc }).toString(),
    });
    const session = ([] as string[]).concat(posted.headers['set-cookie'] ?? []).map((c) => c.split(';')[0]);
    const page = await hub.app.inject({
      url: `/person/${oscar}?purpose=case_management&timeline=offender`,
      headers: { cookie: session.join('; ') },
    });
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('Enforcement orders');
    expect(page.body).toContain('expiring within 28 days');
    expect(page.body).toContain('Expiring');
    expect(page.body).toContain('Breached 1 time');
    expect(page.body).toContain('Thurrock Council Community Safety and ASB Team');
    expect(page.body).not.toMatch(/Seabrook|car park/);
  });

  it('discharges with a reason; a discharged order is no longer in force', async () => {
    const wrong = await post(council, `/enforcement/orders/${cpw}/discharge`, {
      dischargedOn: today,
      reason: 'forgot',
    });
    expect(wrong.statusCode).toBe(400);
    const res = await post(council, `/enforcement/orders/${cpw}/discharge`, {
      dischargedOn: today,
      reason: 'complied',
    });
    expect(res.statusCode).toBe(200);
    const again = await post(council, `/enforcement/orders/${cpw}/discharge`, {
      dischargedOn: today,
      reason: 'complied',
    });
    expect({ status: again.statusCode, code: again.json().code }).toEqual({ status: 409, code: 'ORDER.DISCHARGED' });
    await hub.settle();
    const header = (await ok(get(pc, `/timelines/offenders/${oscar}?purpose=case_management`))).header;
    expect(header.orders.inForce.map((o: { orderId: string }) => o.orderId)).toEqual([cpn]);
    expect((await ok(get(council, `/enforcement/orders/${cpw}?purpose=case_management`))).standing).toBe('discharged');
  });
});
