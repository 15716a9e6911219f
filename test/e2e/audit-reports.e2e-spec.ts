import { londonDay } from '@hubline/calendar';
import { seedPartnership, THURROCK, type SeededPartnership } from '@hubline/demo';
import { ok, TestHub } from '../support/test-hub';
import { BASILDON, BASILDON_PC } from '../support/fixtures';

/**
 * The auditor's reports through HTTP, on a small story: a consent, a disclosure on it, the consent
 * withdrawn later, an emergency disclosure, consultations by an involved agency and by a recipient
 * with no link of its own, and one user viewing several people in a day. Another partnership's
 * sharing and viewing happen alongside and must never show.
 */
describe('audit reports over HTTP', () => {
  let hub: TestHub;
  let thurrock: SeededPartnership;
  let basildon: SeededPartnership;
  const pc = 'pc.okafor@essex-police.demo';
  const fire = 'station.officer@essex-fire.demo';
  const admin = 'admin@thurrock.demo';
  const auditor = 'auditor@thurrock.demo';
  const formulaUser = 'formula@essex-police.demo';
  const FORMULA_NAME = '=HYPERLINK("http://x.example/?a,b","Click")';
  const basildonPc = BASILDON_PC;
  const basildonFire = 'watch.manager@basildon-fire.demo';
  const JUSTIFICATION = 'Smoke reported at the address and the occupant is not answering';

  let victimId: string;
  let neighbourId: string;
  let witnessId: string;
  let consentId: string;
  let consentDisclosureId: string;
  let emergencyDisclosureId: string;
  let basildonPersonId: string;
  let basildonDisclosureId: string;

  const register = async (subject: string, body: Record<string, unknown>): Promise<string> =>
    (await ok(hub.as(subject, { method: 'POST', url: '/people', body }), 201)).personId;
  const view = (subject: string, personId: string) =>
    ok(hub.as(subject, { url: `/people/${personId}?purpose=safeguarding` }));
  const read = (url: string, subject = auditor) => ok(hub.as(subject, { url }));

  beforeAll(async () => {
    hub = await TestHub.start();
    thurrock = await seedPartnership(hub.commands, THURROCK);
    basildon = await seedPartnership(hub.commands, {
      ...BASILDON,
      agencies: [
        ...BASILDON.agencies,
        { key: 'fire', name: 'Essex County Fire and Rescue Service', kind: 'fire_and_rescue' },
      ],
      users: [
        ...BASILDON.users,
        { subject: basildonFire, displayName: 'Watch Manager Reed', agency: 'fire', roles: ['practitioner'] },
      ],
    });
    await hub.settle();
    const a = thurrock.agencies;

    // A user whose name a spreadsheet would run as a formula.
    await ok(
      hub.as(admin, {
        method: 'POST',
        url: '/users',
        body: { subject: formulaUser, displayName: FORMULA_NAME, agencyId: a.police, roles: ['practitioner'] },
      }),
      201,
    );

    victimId = await register(pc, { givenName: 'Maureen', familyName: 'Adeyemi', dateOfBirth: '1948-05-12' });
    neighbourId = await register(pc, { givenName: 'Denise', familyName: 'Harlow', dateOfBirth: '1961-08-30' });
    witnessId = await register(pc, { givenName: 'Tomasz', familyName: 'Nowak', dateOfBirth: '1990-01-15' });
    await hub.settle();
    consentId = (
      await ok(
        hub.as(pc, {
          method: 'POST',
          url: '/sharing/consents',
          body: {
            personId: victimId,
            givenBy: { kind: 'person' },
            recipients: { kind: 'agencies', agencyIds: [a.fire] },
            purposes: ['safeguarding'],
            dataCategories: ['identity', 'contact'],
            obtained: 'written',
          },
        }),
        201,
      )
    ).consentId;
    consentDisclosureId = (
      await ok(
        hub.as(pc, {
          method: 'POST',
          url: '/sharing/disclosures',
          body: {
            recipientAgencyIds: [a.fire],
            personIds: [victimId],
            dataCategories: ['identity', 'contact'],
            purpose: 'safeguarding',
            basis: { kind: 'consent', consentId },
          },
        }),
        201,
      )
    ).disclosureId;
    await hub.settle();
    // The fire service holds no record of the victim: it sees her only through the disclosure.
    await view(fire, victimId);
    await ok(
      hub.as(pc, { method: 'POST', url: `/sharing/consents/${consentId}/withdraw`, body: { method: 'written' } }),
    );

    emergencyDisclosureId = (
      await ok(
        hub.as(pc, {
          method: 'POST',
          url: '/sharing/disclosures',
          body: {
            recipientAgencyIds: [a.fire],
            personIds: [neighbourId],
            dataCategories: ['identity', 'address'],
            purpose: 'safeguarding',
            basis: { kind: 'vital_interests', justification: JUSTIFICATION },
          },
        }),
        201,
      )
    ).disclosureId;
    await hub.settle();
    await view(fire, neighbourId);
    // The police, who registered all three, view each: three distinct people in one day.
    for (const id of [victimId, neighbourId, witnessId]) await view(pc, id);
    await view(formulaUser, victimId);

    // Basildon: its own emergency disclosure, and views by an agency with no link.
    basildonPersonId = await register(basildonPc, {
      givenName: 'Rita',
      familyName: 'Basildon',
      dateOfBirth: '1970-03-03',
    });
    await hub.settle();
    basildonDisclosureId = (
      await ok(
        hub.as(basildonPc, {
          method: 'POST',
          url: '/sharing/disclosures',
          body: {
            recipientAgencyIds: [basildon.agencies.fire],
            personIds: [basildonPersonId],
            dataCategories: ['identity'],
            purpose: 'safeguarding',
            basis: { kind: 'vital_interests', justification: JUSTIFICATION },
          },
        }),
        201,
      )
    ).disclosureId;
    await hub.settle();
    await view(basildonFire, basildonPersonId);
    for (let i = 0; i < 3; i++) await view(basildonPc, basildonPersonId);
    await hub.settle();
  });
  afterAll(() => hub?.close());

  /** The ids and names of the other partnership, none of which may appear in Thurrock's reports. */
  const foreign = () => [
    basildonPersonId,
    basildonDisclosureId,
    basildon.users[basildonPc],
    basildon.users[basildonFire],
    basildon.agencies.police,
    basildon.agencies.fire,
    'PC Ward',
    'Watch Manager',
  ];
  /** People's personal data, which no report may hold. */
  const PERSONAL = ['Maureen', 'Adeyemi', 'Denise', 'Harlow', 'Tomasz', 'Nowak', '1948-05-12', 'Smoke reported'];
  /** `justifications`: the report shows the justifications the auditor judges, and nothing else personal. */
  function expectClean(text: string, { justifications = false } = {}) {
    const personal = justifications ? PERSONAL.filter((p) => !JUSTIFICATION.startsWith(p)) : PERSONAL;
    for (const needle of [...foreign(), ...personal])
      expect({ needle, found: text.includes(needle) }).toEqual({ needle, found: false });
  }

  describe("a person's trail", () => {
    it('shows the disclosure with its basis valid when made and not standing now, and every consultation, in time order', async () => {
      const trail = await read(`/audit/people/${victimId}/trail`);
      expect(trail.personId).toBe(victimId);
      const entries: Array<Record<string, any>> = trail.entries;
      const at = entries.map((e) => e.at);
      expect(at).toEqual([...at].sort());

      const disclosure = entries.find((e) => e.entry === 'disclosure')!;
      expect(disclosure).toMatchObject({
        disclosureId: consentDisclosureId,
        fromAgency: { agencyId: thurrock.agencies.police, name: 'Essex Police' },
        recipients: [{ agencyId: thurrock.agencies.fire, name: 'Essex County Fire and Rescue Service' }],
        dataCategories: ['identity', 'contact'],
        purpose: 'safeguarding',
        by: { userId: thurrock.users[pc], name: 'PC Grace Okafor' },
        basis: { kind: 'consent', consentId },
        validAtDisclosure: true,
        standsNow: false,
        lapsedBecause: 'SHARING.CONSENT_WITHDRAWN',
      });
      expect(disclosure.invalidAtDisclosureBecause).toBeUndefined();

      const consultations = entries.filter((e) => e.entry === 'consultation');
      expect(consultations.map((c) => [c.agency.agencyId, c.by.userId])).toEqual(
        expect.arrayContaining([
          [thurrock.agencies.fire, thurrock.users[fire]],
          [thurrock.agencies.police, thurrock.users[pc]],
        ]),
      );
      expect(consultations.find((c) => c.by.userId === thurrock.users[fire])).toMatchObject({
        personId: victimId,
        view: 'person_profile',
        purpose: 'safeguarding',
        by: { name: 'Chris Dunn (fire prevention)' },
      });
      // The fire service's view came after the disclosure that allowed it.
      expect(entries.indexOf(disclosure)).toBeLessThan(entries.findIndex((e) => e.by?.userId === thurrock.users[fire]));
      expectClean(JSON.stringify(trail));
    });

    it('shows the auditor the justification of a vital-interests disclosure to judge, recording each showing as a consultation with purpose audit', async () => {
      const auditorId = thurrock.users[auditor];
      const logOf = async () =>
        (await read(`/audit/consultations?personId=${neighbourId}&userId=${auditorId}`)) as Array<
          Record<string, unknown>
        >;
      const before = (await logOf()).length;
      const trail = await read(`/audit/people/${neighbourId}/trail`);
      const disclosure = trail.entries.find((e: { disclosureId?: string }) => e.disclosureId === emergencyDisclosureId);
      expect(disclosure).toMatchObject({ basis: { kind: 'vital_interests' }, justification: JUSTIFICATION });
      await hub.settle();
      const log = await logOf();
      expect(log).toHaveLength(before + 1);
      expect(log[0]).toMatchObject({
        personId: neighbourId,
        user: { userId: auditorId },
        view: 'disclosure_justification',
        purpose: 'audit',
        categories: ['incident_details'],
      });
      // The trail shows the auditor's own reading among the consultations of the person.
      const again = await read(`/audit/people/${neighbourId}/trail`);
      expect(again.entries).toContainEqual(
        expect.objectContaining({ entry: 'consultation', view: 'disclosure_justification', purpose: 'audit' }),
      );
      // A consent-based disclosure has no justification, and its trail records no such reading.
      const victimTrail = await read(`/audit/people/${victimId}/trail`);
      expect(
        victimTrail.entries.find((e: { entry: string }) => e.entry === 'disclosure').justification,
      ).toBeUndefined();
      const report = await read('/audit/exceptions?threshold=2');
      expect(report.emergencyDisclosures[0]).toMatchObject({ justification: JUSTIFICATION });
      // The auditor's readings are not exceptions: the auditor has no agency link to anyone by design.
      expect(
        report.consultationsWithoutInvolvement.some((c: { by: { userId: string } }) => c.by.userId === auditorId),
      ).toBe(false);
    });

    it('keeps to the period asked for', async () => {
      const future = new Date(Date.now() + 86_400_000).toISOString();
      expect((await read(`/audit/people/${victimId}/trail?from=${future}`)).entries).toEqual([]);
      const past = await read(
        `/audit/people/${victimId}/trail?to=${encodeURIComponent(new Date(Date.now() - 86_400_000).toISOString())}`,
      );
      expect(past.entries).toEqual([]);
      const bad = await hub.as(auditor, { url: `/audit/people/${victimId}/trail?from=yesterday&format=xml` });
      expect(bad.statusCode).toBe(400);
    });

    it("is 404 for another partnership's person", async () => {
      const res = await hub.as(auditor, { url: `/audit/people/${basildonPersonId}/trail` });
      expect({ status: res.statusCode, code: res.json().code }).toEqual({
        status: 404,
        code: 'AUDIT.PERSON_NOT_FOUND',
      });
    });
  });

  describe("the consultation log's users", () => {
    it('names everyone who consulted records, with the agency of their latest consultation, as the log does', async () => {
      const users = (await read('/audit/consultations/users')) as Array<{
        userId: string;
        name: string | null;
        agency: { agencyId: string; name: string | null };
      }>;
      const log = (await read('/audit/consultations?limit=1000')) as Array<{
        userId: string;
        agency: { agencyId: string; name: string | null };
        user: { userId: string; name: string | null };
      }>;
      expect(log.length).toBeLessThan(1000);
      // Every user of the log once, named as the log names them, with their latest line's agency.
      const latest = new Map<string, (typeof log)[number]>();
      for (const line of log) if (!latest.has(line.userId)) latest.set(line.userId, line);
      expect(users).toHaveLength(latest.size);
      expect(new Set(users.map((u) => u.userId))).toEqual(new Set(latest.keys()));
      for (const u of users) expect(u).toEqual({ ...latest.get(u.userId)!.user, agency: latest.get(u.userId)!.agency });
      expect(users).toContainEqual({
        userId: thurrock.users[fire],
        name: 'Chris Dunn (fire prevention)',
        agency: { agencyId: thurrock.agencies.fire, name: 'Essex County Fire and Rescue Service' },
      });
      // Only this partnership's users.
      expect(users.map((u) => u.userId)).not.toContain(basildon.users[basildonPc]);
    });

    it('keeps to the period asked for, and refuses one that is not a time', async () => {
      const future = encodeURIComponent(new Date(Date.now() + 86_400_000).toISOString());
      expect(await read(`/audit/consultations/users?from=${future}`)).toEqual([]);
      const past = encodeURIComponent(new Date(Date.now() - 86_400_000).toISOString());
      expect(await read(`/audit/consultations/users?to=${past}`)).toEqual([]);
      const res = await hub.as(auditor, { url: '/audit/consultations/users?from=yesterday' });
      expect({ status: res.statusCode, code: res.json().code }).toEqual({
        status: 400,
        code: 'HTTP.VALIDATION_FAILED',
      });
    });
  });

  describe("an agency's sharing", () => {
    it('lists what the police disclosed, with bases judged then and now', async () => {
      const report = await read(`/audit/agencies/${thurrock.agencies.police}/sharing`);
      expect(report).toMatchObject({
        agency: { agencyId: thurrock.agencies.police, name: 'Essex Police' },
        disclosedCount: 2,
        receivedCount: 0,
      });
      expect(
        report.entries.map((e: { disclosureId: string; direction: string }) => [e.disclosureId, e.direction]),
      ).toEqual([
        [consentDisclosureId, 'disclosed'],
        [emergencyDisclosureId, 'disclosed'],
      ]);
      expect(report.entries[1]).toMatchObject({
        basis: { kind: 'vital_interests' },
        flags: ['vital_interests'],
        validAtDisclosure: true,
        standsNow: true,
      });
      expectClean(JSON.stringify(report));
    });

    it('lists what the fire service received', async () => {
      const report = await read(`/audit/agencies/${thurrock.agencies.fire}/sharing`);
      expect(report).toMatchObject({ disclosedCount: 0, receivedCount: 2 });
      expect(report.entries.every((e: { direction: string }) => e.direction === 'received')).toBe(true);
    });

    it("is 404 for another partnership's agency", async () => {
      expect((await hub.as(auditor, { url: `/audit/agencies/${basildon.agencies.fire}/sharing` })).statusCode).toBe(
        404,
      );
    });
  });

  describe('the exceptions report', () => {
    it('catches the emergency disclosure, views by an agency with no link of its own, and a user viewing more people than the threshold', async () => {
      const report = await read('/audit/exceptions?threshold=2');
      expect(report.threshold).toBe(2);
      expect(report.emergencyDisclosures.map((d: { disclosureId: string }) => d.disclosureId)).toEqual([
        emergencyDisclosureId,
      ]);

      const uninvolved: Array<Record<string, any>> = report.consultationsWithoutInvolvement;
      expect(uninvolved.map((c) => [c.personId, c.agency.agencyId, c.coveredByDisclosureIds, c.agencyLinkNow])).toEqual(
        [
          [victimId, thurrock.agencies.fire, [consentDisclosureId], 'none'],
          [neighbourId, thurrock.agencies.fire, [emergencyDisclosureId], 'none'],
        ],
      );
      // The police registered these people: their views are not exceptions.
      expect(uninvolved.some((c) => c.agency.agencyId === thurrock.agencies.police)).toBe(false);

      const today = londonDay(new Date());
      expect(report.highDailyViews).toEqual([
        {
          day: today,
          user: { userId: thurrock.users[pc], name: 'PC Grace Okafor' },
          agency: { agencyId: thurrock.agencies.police, name: 'Essex Police' },
          distinctPeople: 3,
          consultations: expect.any(Number),
        },
      ]);
      expectClean(JSON.stringify(report), { justifications: true });
    });

    it('takes its default threshold from the configuration', async () => {
      const report = await read('/audit/exceptions');
      expect(report.threshold).toBe(hub.config.audit.dailyViewThreshold);
      expect(report.highDailyViews).toEqual([]);
    });
  });

  describe('CSV exports', () => {
    /** A small RFC 4180 reader: quoted fields, doubled quotes, commas and line breaks inside quotes. */
    function parseCsv(text: string): string[][] {
      const rows: string[][] = [];
      let row: string[] = [];
      let cell = '';
      let quoted = false;
      for (let i = 0; i < text.length; i++) {
        const ch = text[i];
        if (quoted) {
          if (ch === '"' && text[i + 1] === '"') {
            cell += '"';
            i++;
          } else if (ch === '"') quoted = false;
          else cell += ch;
        } else if (ch === '"') quoted = true;
        else if (ch === ',') {
          row.push(cell);
          cell = '';
        } else if (ch === '\r' && text[i + 1] === '\n') {
          row.push(cell);
          rows.push(row);
          row = [];
          cell = '';
          i++;
        } else cell += ch;
      }
      if (cell || row.length) {
        row.push(cell);
        rows.push(row);
      }
      return rows;
    }
    const records = (text: string) => {
      const [header, ...lines] = parseCsv(text);
      for (const line of lines) expect(line).toHaveLength(header.length);
      return lines.map((line) => Object.fromEntries(header.map((h, i) => [h, line[i]])));
    };

    it("exports a person's trail as a CSV attachment that parses back, with a formula-like name neutralised", async () => {
      const res = await hub.as(auditor, { url: `/audit/people/${victimId}/trail?format=csv` });
      expect(res.statusCode).toBe(200);
      expect(res.headers['content-type']).toMatch(/^text\/csv/);
      expect(res.headers['content-disposition']).toBe(`attachment; filename="audit-trail-${victimId}.csv"`);
      const json = await read(`/audit/people/${victimId}/trail`);
      const rows = records(res.body);
      expect(rows.map((r) => r.id)).toEqual(
        json.entries.map((e: { disclosureId?: string; consultationId?: string }) => e.disclosureId ?? e.consultationId),
      );
      expect(rows[0]).toMatchObject({
        entry: 'disclosure',
        basis_kind: 'consent',
        basis_reference: consentId,
        valid_at_disclosure: 'true',
        stands_now: 'false',
        lapsed_because: 'SHARING.CONSENT_WITHDRAWN',
      });
      const formulaRow = rows.find(
        (r) =>
          r.user_id ===
          (json.entries.find((e: { by: { name: string } }) => e.by.name === FORMULA_NAME)?.by.userId as string),
      )!;
      expect(formulaRow.user).toBe(`'${FORMULA_NAME}`);
      expect(rows.every((r) => Object.values(r).every((cell) => !/^[=+\-@]/.test(cell)))).toBe(true);
      expectClean(res.body);
    });

    it("exports an agency's sharing and the exceptions the same way", async () => {
      const sharing = await hub.as(auditor, { url: `/audit/agencies/${thurrock.agencies.fire}/sharing?format=csv` });
      expect(sharing.headers['content-disposition']).toMatch(/^attachment; filename="agency-sharing-.+\.csv"$/);
      expect(records(sharing.body).map((r) => [r.direction, r.id])).toEqual([
        ['received', consentDisclosureId],
        ['received', emergencyDisclosureId],
      ]);

      const exceptions = await hub.as(auditor, { url: '/audit/exceptions?format=csv&threshold=2' });
      expect(exceptions.headers['content-type']).toMatch(/^text\/csv/);
      const rows = records(exceptions.body);
      expect(rows.map((r) => r.kind)).toEqual([
        'emergency_disclosure',
        'consultation_without_involvement',
        'consultation_without_involvement',
        'high_daily_views',
      ]);
      expect(rows[3]).toMatchObject({ user_id: thurrock.users[pc], distinct_people: '3' });
      expect(rows[0].justification).toBe(JUSTIFICATION);
      expectClean(exceptions.body, { justifications: true });
    });
  });

  describe('who may read them', () => {
    it('refuses every other role with 403', async () => {
      const urls = [
        `/audit/people/${victimId}/trail`,
        `/audit/agencies/${thurrock.agencies.police}/sharing`,
        '/audit/exceptions',
        '/audit/exceptions?format=csv',
        '/audit/consultations/users',
      ];
      for (const subject of [
        pc,
        fire,
        admin,
        'lag.chair@thurrock.demo',
        'panel.housing@thurrock.demo',
        'case.review@thurrock.demo',
      ]) {
        for (const url of urls) {
          const res = await hub.as(subject, { url });
          expect({ subject, url, status: res.statusCode, code: res.json().code }).toEqual({
            subject,
            url,
            status: 403,
            code: 'ACCESS.ROLE_REQUIRED',
          });
        }
      }
      expect((await hub.as(null, { url: '/audit/exceptions' })).statusCode).toBe(401);
    });
  });
});
