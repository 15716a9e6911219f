import { randomUUID } from 'node:crypto';
import { seedPartnership, THURROCK, type SeededPartnership } from '@hubline/demo';
import { ERASED, PersonalDataVault, type Sealed } from '@hubline/privacy';
import { TestHub } from '../support/test-hub';
import { BASILDON, BASILDON_PC } from '../support/fixtures';

describe('people over HTTP', () => {
  let hub: TestHub;
  let thurrock: SeededPartnership;
  const pc = 'pc.okafor@essex-police.demo';
  const fire = 'station.officer@essex-fire.demo';
  const chair = 'lag.chair@thurrock.demo';
  const admin = 'admin@thurrock.demo';
  const auditor = 'auditor@thurrock.demo';
  const basildonPc = BASILDON_PC;

  const john = {
    givenName: 'John',
    familyName: 'Smith',
    aliases: ['Johnny Smith'],
    dateOfBirth: '1980-02-01',
    address: { lines: ['14 Orsett Road'], town: 'Grays' },
    postcode: 'RM17 6SL',
    contactPreferences: { method: 'phone', notes: 'After 6pm', safeToLeaveMessage: false },
    vulnerabilities: ['Lives alone'],
    protectedCharacteristics: ['disability'],
    agencyReference: 'ECP/24/001234',
  };
  let johnId: string;
  let jonId: string;

  beforeAll(async () => {
    hub = await TestHub.start();
    thurrock = await seedPartnership(hub.commands, THURROCK);
    await seedPartnership(hub.commands, BASILDON);
    await settle();
    const res = await hub.as(pc, { method: 'POST', url: '/people', body: john });
    expect(res.statusCode).toBe(201);
    johnId = res.json().personId;
    await settle();
  });
  afterAll(() => hub?.close());

  // ---- helpers ----
  const settle = () => hub.settle();
  const profileOf = (subject: string, id: string, purpose = 'case_management') =>
    hub.as(subject, { url: `/people/${id}?purpose=${purpose}` });
  const search = (subject: string, query: string) => hub.as(subject, { url: `/people?${query}` });
  const eventCount = async (type?: string): Promise<number> =>
    Number(
      (
        await hub.db.query('SELECT count(*) AS n FROM event_store.events WHERE $1::text IS NULL OR type = $1', [
          type ?? null,
        ])
      )[0].n,
    );
  /** The consultation log as stored: PersonalDataConsulted events naming the person, oldest first. */
  const consultationsOf = async (
    personId: string,
  ): Promise<
    Array<{ view: string; purpose: string; userId: string; personIds: string[]; categoriesShown?: unknown }>
  > =>
    (
      await hub.db.query(
        `SELECT data FROM event_store.events WHERE type = 'PersonalDataConsulted' AND data::jsonb->'personIds' ? $1 ORDER BY seq`,
        [personId],
      )
    ).map((r: { data: { view: string; purpose: string; userId: string; personIds: string[] } }) => r.data);
  const allConsultations = () => eventCount('PersonalDataConsulted');

  /** Every row of every base table of every schema as text, and the tables where any needle occurs (case-insensitive). */
  async function scanDatabase(needles: string[]): Promise<Record<string, string[]>> {
    const tables: Array<{ table_schema: string; table_name: string }> = await hub.db.query(
      `SELECT table_schema, table_name FROM information_schema.tables WHERE table_type = 'BASE TABLE' ORDER BY 1, 2`,
    );
    expect(tables.map((t) => `${t.table_schema}.${t.table_name}`)).toEqual(
      expect.arrayContaining(['event_store.events', 'people.people', 'people.search_tokens', 'access.consultations']),
    );
    const found: Record<string, string[]> = {};
    for (const { table_schema, table_name } of tables) {
      const rows: Array<{ row: string }> = await hub.db.query(
        `SELECT t::text AS row FROM "${table_schema}"."${table_name}" t`,
      );
      const text = rows
        .map((r) => r.row)
        .join('\n')
        .toLowerCase();
      for (const needle of needles)
        if (text.includes(needle.toLowerCase())) (found[needle] ??= []).push(`${table_schema}.${table_name}`);
    }
    return found;
  }

  describe('registering and reading', () => {
    it('registers a person and shows the registering agency the full profile with an ETag, recording one consultation', async () => {
      const events = await hub.store.readStream(`person-${johnId}`);
      expect(events.map((e) => e.type)).toEqual(['PersonRegistered', 'PersonAgencyReferenceAdded']);
      expect(events[0].data).toMatchObject({
        personId: johnId,
        partnershipId: thurrock.partnershipId,
        registeredByAgencyId: thurrock.agencies.police,
      });
      expect(JSON.stringify(events.map((e) => e.data))).not.toMatch(/John|Smith|1980-02-01|RM17|Orsett|ECP\/24/i);

      const before = await consultationsOf(johnId);
      const res = await profileOf(pc, johnId);
      expect(res.statusCode).toBe(200);
      expect(res.headers.etag).toBe('"1"');
      expect(res.json()).toMatchObject({
        personId: johnId,
        status: 'active',
        version: 1,
        givenName: 'John',
        familyName: 'Smith',
        aliases: ['Johnny Smith'],
        dateOfBirth: '1980-02-01',
        address: { lines: ['14 Orsett Road'], town: 'Grays' },
        postcode: 'RM17 6SL',
        contactPreferences: { method: 'phone', notes: 'After 6pm', safeToLeaveMessage: false },
        vulnerabilities: ['Lives alone'],
        protectedCharacteristics: ['disability'],
        registeredBy: { agencyId: thurrock.agencies.police, name: 'Essex Police' },
        agencyReferences: [
          { agencyId: thurrock.agencies.police, agencyName: 'Essex Police', reference: 'ECP/24/001234' },
        ],
      });
      const after = await consultationsOf(johnId);
      expect(after).toHaveLength(before.length + 1);
      expect(after.at(-1)).toMatchObject({
        view: 'person_profile',
        purpose: 'case_management',
        userId: thurrock.users[pc],
        personIds: [johnId],
      });
    });

    it('shows an uninvolved agency (fire) the locked view naming Essex Police, lists nobody in its search, and records both', async () => {
      const before = (await consultationsOf(johnId)).length;
      const res = await profileOf(fire, johnId);
      expect(res.statusCode).toBe(200);
      expect(res.json()).toEqual({
        personId: johnId,
        locked: true,
        agencies: [{ agencyId: thurrock.agencies.police, name: 'Essex Police' }],
      });
      expect(res.headers.etag).toBeUndefined();
      const found = await search(fire, 'name=John%20Smith&purpose=case_management');
      expect(found.json()).toEqual({ results: [], truncated: false });
      expect(JSON.stringify([res.json(), found.json()])).not.toMatch(/John|Smith|1980|RM17/);
      expect((await consultationsOf(johnId)).slice(before)).toEqual([
        expect.objectContaining({ view: 'locked_view', personIds: [johnId], categoriesShown: { [johnId]: [] } }),
        expect.objectContaining({
          view: 'locked_search_result',
          personIds: [johnId],
          categoriesShown: { [johnId]: [] },
        }),
      ]);
    });

    it('answers another partnership with 404, exactly as for an unknown id, and its search finds nothing', async () => {
      const other = await profileOf(basildonPc, johnId);
      const unknown = await profileOf(basildonPc, randomUUID());
      expect(other.statusCode).toBe(404);
      expect(unknown.statusCode).toBe(404);
      const strip = (body: Record<string, unknown>) => ({ ...body, instance: undefined, requestId: undefined });
      expect(strip(other.json())).toEqual(strip(unknown.json()));
      expect(other.json()).toMatchObject({ code: 'PERSON.NOT_FOUND' });
      for (const query of [
        'name=John%20Smith',
        'dateOfBirth=1980-02-01',
        'postcode=RM17%206SL',
        'agencyReference=ECP/24/001234',
      ]) {
        const res = await search(basildonPc, `${query}&purpose=case_management`);
        expect(res.statusCode).toBe(200);
        expect(res.json()).toEqual({ results: [], truncated: false });
      }
      const change = await hub.as(basildonPc, {
        method: 'PUT',
        url: `/people/${johnId}/details`,
        body: { givenName: 'X', familyName: 'Y' },
        headers: { 'if-match': '"1"' },
      });
      expect(change.statusCode).toBe(404);
      // Search tokens are scoped to the partnership: the same person elsewhere is not a duplicate.
      const elsewhere = await hub.as(basildonPc, {
        method: 'POST',
        url: '/people',
        body: { givenName: 'John', familyName: 'Smith', dateOfBirth: '1980-02-01' },
      });
      expect(elsewhere.statusCode).toBe(201);
    });
  });

  describe('duplicate detection', () => {
    it('finds "Jon Smyth" born the same day as "John Smith" (409, nothing registered, the check recorded), then registers on confirmation', async () => {
      const registered = await eventCount('PersonRegistered');
      const checksBefore = (await consultationsOf(johnId)).filter((c) => c.view === 'person_duplicate_check').length;
      const jon = { givenName: 'Jon', familyName: 'Smyth', dateOfBirth: '1980-02-01' };
      const res = await hub.as(chair, { method: 'POST', url: '/people', body: jon });
      expect(res.statusCode).toBe(409);
      expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
      expect(res.json()).toMatchObject({
        code: 'PERSON.POSSIBLE_DUPLICATE',
        // The LAG chair's agency may not see John: listed by id alone, locked, as decision 0019 accepts for this match.
        candidates: [{ personId: johnId, confidence: 'high', reasons: ['name_similar', 'dob_match'], locked: true }],
      });
      expect(JSON.stringify(res.json())).not.toMatch(/John|Smith|RM17|Orsett/);
      expect(await eventCount('PersonRegistered')).toBe(registered);
      const checks = (await consultationsOf(johnId)).filter((c) => c.view === 'person_duplicate_check');
      expect(checks).toHaveLength(checksBefore + 1);
      expect(checks.at(-1)).toMatchObject({ purpose: 'duplicate_check', userId: thurrock.users[chair] });

      const confirmed = await hub.as(chair, {
        method: 'POST',
        url: '/people',
        body: { ...jon, confirmNewPerson: true },
      });
      expect(confirmed.statusCode).toBe(201);
      jonId = confirmed.json().personId;
      expect(jonId).not.toBe(johnId);
      expect(await eventCount('PersonRegistered')).toBe(registered + 1);
      await settle();
    });

    it.each([
      [
        'the same agency reference',
        pc,
        { givenName: 'Peter', familyName: 'Jones', agencyReference: 'ECP/24/001234' },
        ['agency_reference'],
      ],
      [
        'the same postcode and a similar name',
        pc,
        { givenName: 'Jon', familyName: 'Smyth', postcode: 'rm176sl' },
        ['name_similar', 'postcode_match'],
        'medium',
      ],
    ])('finds a possible duplicate by %s', async (_label, subject, body, reasons, confidence = 'high') => {
      const registered = await eventCount('PersonRegistered');
      const res = await hub.as(subject, { method: 'POST', url: '/people', body });
      expect(res.statusCode).toBe(409);
      expect(res.json().candidates).toEqual([{ personId: johnId, confidence, reasons }]);
      expect(await eventCount('PersonRegistered')).toBe(registered);
    });

    it('finds "Aysha Rahmen" with no date of birth or postcode as a low-confidence duplicate of "Aisha Rahman", on the name alone', async () => {
      const aisha = await hub.as(pc, {
        method: 'POST',
        url: '/people',
        body: { givenName: 'Aisha', familyName: 'Rahman', dateOfBirth: '1991-04-18', confirmNewPerson: true },
      });
      expect(aisha.statusCode).toBe(201);
      await settle();
      const registered = await eventCount('PersonRegistered');
      const res = await hub.as(pc, {
        method: 'POST',
        url: '/people',
        body: { givenName: 'Aysha', familyName: 'Rahmen' },
      });
      expect(res.statusCode).toBe(409);
      expect(res.json().candidates).toEqual([
        { personId: aisha.json().personId, confidence: 'low', reasons: ['name_similar'] },
      ]);
      expect(JSON.stringify(res.json())).not.toMatch(/Aisha|Rahman|1991/);
      expect(await eventCount('PersonRegistered')).toBe(registered);
      // A date of birth known to differ on both sides makes a name alone no duplicate.
      const other = await hub.as(pc, {
        method: 'POST',
        url: '/people',
        body: { givenName: 'Aysha', familyName: 'Rahmen', dateOfBirth: '1960-10-30' },
      });
      expect(other.statusCode).toBe(201);
    });

    it('finds "Dan Witmore" with the day and month of birth swapped as a duplicate of "Dan Whitmore"', async () => {
      const dan = await hub.as(pc, {
        method: 'POST',
        url: '/people',
        body: { givenName: 'Dan', familyName: 'Whitmore', dateOfBirth: '1985-03-07', confirmNewPerson: true },
      });
      expect(dan.statusCode).toBe(201);
      await settle();
      const res = await hub.as(pc, {
        method: 'POST',
        url: '/people',
        body: { givenName: 'Dan', familyName: 'Witmore', dateOfBirth: '1985-07-03' },
      });
      expect(res.statusCode).toBe(409);
      expect(res.json().candidates).toEqual([
        { personId: dan.json().personId, confidence: 'medium', reasons: ['name_similar', 'dob_transposed'] },
      ]);
      expect(JSON.stringify(res.json())).not.toMatch(/Whitmore|1985-03-07/);
    });

    it('reveals to an agency that may not see them no one matched on a name alone, a transposed date or a postcode, and records them as withheld', async () => {
      const housing = 'panel.housing@thurrock.demo';
      const aishaId = (await search(pc, 'name=Aisha%20Rahman&dateOfBirth=1991-04-18&purpose=duplicate_check')).json()
        .results[0].personId as string;
      const danId = (await search(pc, 'name=Dan%20Whitmore&dateOfBirth=1985-03-07&purpose=duplicate_check')).json()
        .results[0].personId as string;
      const withheld = async (id: string) =>
        (await consultationsOf(id)).filter((c) => c.view === 'locked_search_result' && c.purpose === 'duplicate_check');
      const before = [
        (await withheld(johnId)).length,
        (await withheld(aishaId)).length,
        (await withheld(danId)).length,
      ];
      for (const body of [
        { givenName: 'Aysha', familyName: 'Rahmen' },
        { givenName: 'Dan', familyName: 'Witmore', dateOfBirth: '1985-07-03' },
        { givenName: 'Jane', familyName: 'Smyth', postcode: 'rm176sl' },
      ]) {
        const res = await hub.as(housing, { method: 'POST', url: '/people', body });
        expect({ body, status: res.statusCode }).toEqual({ body, status: 201 });
      }
      expect([
        (await withheld(johnId)).length,
        (await withheld(aishaId)).length,
        (await withheld(danId)).length,
      ]).toEqual(before.map((n) => n + 1));
      expect((await withheld(danId)).at(-1)).toMatchObject({
        userId: thurrock.users[housing],
        categoriesShown: { [danId]: [] },
      });
    });

    it('does not call a namesake at another postcode, with no date of birth, a duplicate', async () => {
      const res = await hub.as(fire, {
        method: 'POST',
        url: '/people',
        body: { givenName: 'John', familyName: 'Smith', postcode: 'SS1 1AA' },
      });
      expect(res.statusCode).toBe(201);
    });
  });

  describe('searching', () => {
    it('finds people by a differently spelled name, listing only visible people, and records the others as withheld', async () => {
      const johnBefore = (await consultationsOf(johnId)).length;
      const jonBefore = (await consultationsOf(jonId)).length;
      const res = await search(pc, 'name=Jon%20Smyth&dateOfBirth=1980-02-01&purpose=risk_assessment');
      expect(res.statusCode).toBe(200);
      const results = res.json().results as Array<{ personId: string }>;
      expect(results).toHaveLength(1);
      expect(results.find((r) => r.personId === johnId)).toEqual({
        personId: johnId,
        givenName: 'John',
        familyName: 'Smith',
        dateOfBirth: '1980-02-01',
        postcode: 'RM17 6SL',
      });
      const johnAfter = await consultationsOf(johnId);
      expect(johnAfter).toHaveLength(johnBefore + 1);
      expect(johnAfter.at(-1)).toMatchObject({
        view: 'person_search',
        purpose: 'risk_assessment',
        personIds: [johnId],
      });
      const jonAfter = await consultationsOf(jonId);
      expect(jonAfter).toHaveLength(jonBefore + 1);
      expect(jonAfter.at(-1)).toMatchObject({ view: 'locked_search_result', personIds: [jonId] });
    });

    it.each([
      ['postcode', 'postcode=rm17%206sl'],
      ["the caller's own agency reference", 'agencyReference=ECP/24/001234'],
      ['an alias', 'name=Johnny'],
    ])('finds by %s', async (_label, query) => {
      const res = await search(pc, `${query}&purpose=case_management`);
      expect(res.json().results.map((r: { personId: string }) => r.personId)).toContain(johnId);
    });

    it("does not find by another agency's reference", async () => {
      const res = await search(fire, 'agencyReference=ECP/24/001234&purpose=case_management');
      expect(res.json().results).toEqual([]);
    });

    it('refuses a search without criteria, and reads without a valid purpose, recording nothing', async () => {
      const before = await allConsultations();
      const none = await search(pc, 'purpose=case_management');
      expect(none.statusCode).toBe(400);
      expect(none.json()).toMatchObject({ code: 'PERSON.SEARCH_CRITERIA_REQUIRED' });
      for (const url of [
        `/people/${johnId}`,
        `/people/${johnId}?purpose=curiosity`,
        '/people?name=Smith',
        '/people?name=Smith&purpose=',
      ]) {
        const res = await hub.as(pc, { url });
        expect(res.statusCode).toBe(400);
        expect(res.json()).toMatchObject({ code: 'HTTP.VALIDATION_FAILED' });
        expect(res.json().errors.join('\n')).toMatch(/purpose is required/);
      }
      expect(await allConsultations()).toBe(before);
    });

    it('lets the auditor see each read with its purpose', async () => {
      await settle();
      const res = await hub.as(auditor, { url: `/audit/consultations?personId=${johnId}&order=asc` });
      expect(res.statusCode).toBe(200);
      const log = res.json() as Array<{ view: string; purpose: string; userId: string }>;
      expect(log.map((c) => `${c.view}/${c.purpose}`)).toEqual(
        expect.arrayContaining([
          'person_profile/case_management',
          'person_search/risk_assessment',
          'person_duplicate_check/duplicate_check',
        ]),
      );
      expect(log).toHaveLength((await consultationsOf(johnId)).length);
      expect((await hub.as(auditor, { url: `/people/${johnId}?purpose=audit` })).statusCode).toBe(403);
    });

    it('names each user and their agency in the consultation log, since the auditor may not read /users', async () => {
      expect((await hub.as(auditor, { url: '/users' })).statusCode).toBe(403);
      const res = await hub.as(auditor, {
        url: `/audit/consultations?personId=${johnId}&userId=${thurrock.users[pc]}`,
      });
      expect(res.statusCode).toBe(200);
      const log = res.json() as Array<Record<string, unknown>>;
      expect(log.length).toBeGreaterThan(0);
      for (const line of log)
        expect(line).toMatchObject({
          userId: thurrock.users[pc],
          agencyId: thurrock.agencies.police,
          user: { userId: thurrock.users[pc], name: 'PC Grace Okafor' },
          agency: { agencyId: thurrock.agencies.police, name: 'Essex Police' },
        });
    });
  });

  describe('refusing bad input', () => {
    const valid = { givenName: 'Ada', familyName: 'Lovelace', confirmNewPerson: true };
    it.each([
      ['an unknown field', { ...valid, nickname: 'x' }, /property nickname should not exist/],
      [
        'an unknown nested field',
        { ...valid, address: { lines: ['1 Road'], county: 'Essex' } },
        /property county should not exist/,
      ],
      ['a wrong type', { ...valid, givenName: 42 }, /givenName must be a string/],
      [
        'an oversize name',
        { ...valid, familyName: 'x'.repeat(101) },
        /familyName must be shorter than or equal to 100 characters/,
      ],
      [
        'an oversize address line',
        { ...valid, address: { lines: ['x'.repeat(201)] } },
        /shorter than or equal to 200 characters/,
      ],
      [
        'too many aliases',
        { ...valid, aliases: Array.from({ length: 11 }, (_, i) => `Alias ${i}`) },
        /aliases must contain no more than 10 elements/,
      ],
      [
        'a future date of birth',
        { ...valid, dateOfBirth: `${new Date().getUTCFullYear() + 1}-01-01` },
        /dateOfBirth must be a real date/,
      ],
      ['an impossible date of birth', { ...valid, dateOfBirth: '1980-02-30' }, /dateOfBirth must be a real date/],
      [
        'a date of birth with a time',
        { ...valid, dateOfBirth: '1980-02-01T00:00:00Z' },
        /dateOfBirth must be a real date/,
      ],
      ['a malformed postcode', { ...valid, postcode: 'NOT A POSTCODE' }, /postcode must be a UK postcode/],
      [
        'an unknown protected characteristic',
        { ...valid, protectedCharacteristics: ['height'] },
        /protectedCharacteristics/,
      ],
      ['an unknown contact method', { ...valid, contactPreferences: { method: 'pigeon' } }, /method must be one of/],
    ])('answers %s with a 400 problem and appends nothing', async (_label, body, message) => {
      const before = await eventCount();
      const res = await hub.as(pc, { method: 'POST', url: '/people', body });
      expect(res.statusCode).toBe(400);
      expect(res.json()).toMatchObject({ code: 'HTTP.VALIDATION_FAILED' });
      expect(res.json().errors.join('\n')).toMatch(message);
      expect(await eventCount()).toBe(before);
    });

    it.each([
      ['GET', '/people/not-a-uuid?purpose=case_management', undefined],
      ['PUT', '/people/not-a-uuid/details', { givenName: 'A', familyName: 'B' }],
      ['POST', '/people/not-a-uuid/forget', { legalGround: 'uk_gdpr_art17_1_a', reason: 'no longer needed' }],
    ] as const)('answers a malformed id (%s %s) with 400 and appends nothing', async (method, url, body) => {
      const before = await eventCount();
      const res = await hub.as(method === 'GET' ? pc : admin, { method, url, body, headers: { 'if-match': '"1"' } });
      expect(res.statusCode).toBe(400);
      expect(await eventCount()).toBe(before);
    });
  });

  describe('changing records', () => {
    const { agencyReference: _reference, ...johnDetails } = john;
    const changed = { ...johnDetails, address: { lines: ['3 Dock Road'], town: 'Tilbury' }, postcode: 'RM18 7BH' };

    it('refuses a change without If-Match, from an agency that cannot see the person, and with a stale version', async () => {
      const before = await eventCount();
      expect(
        (await hub.as(pc, { method: 'PUT', url: `/people/${johnId}/details`, body: changed })).json(),
      ).toMatchObject({ status: 400, code: 'PERSON.IF_MATCH_REQUIRED' });
      const hidden = await hub.as(fire, {
        method: 'PUT',
        url: `/people/${johnId}/details`,
        body: changed,
        headers: { 'if-match': '"1"' },
      });
      expect(hidden.statusCode).toBe(403);
      expect(hidden.json()).toMatchObject({ code: 'PERSON.NOT_VISIBLE' });
      const stale = await hub.as(pc, {
        method: 'PUT',
        url: `/people/${johnId}/details`,
        body: changed,
        headers: { 'if-match': '"0"' },
      });
      expect(stale.statusCode).toBe(412);
      expect(stale.json()).toMatchObject({ code: 'HTTP.VERSION_MISMATCH', currentVersion: 1 });
      expect(await eventCount()).toBe(before);
    });

    it('replaces the details at the version read, and search follows the new postcode', async () => {
      const res = await hub.as(pc, {
        method: 'PUT',
        url: `/people/${johnId}/details`,
        body: changed,
        headers: { 'if-match': '"1"' },
      });
      expect(res.statusCode).toBe(200);
      expect(res.headers.etag).toBe('"2"');
      await settle();
      const profile = await profileOf(pc, johnId);
      expect(profile.headers.etag).toBe('"2"');
      expect(profile.json()).toMatchObject({
        address: { lines: ['3 Dock Road'], town: 'Tilbury' },
        postcode: 'RM18 7BH',
      });
      expect(
        (await search(pc, 'postcode=RM17%206SL&purpose=case_management'))
          .json()
          .results.map((r: { personId: string }) => r.personId),
      ).not.toContain(johnId);
      expect(
        (await search(pc, 'postcode=RM18%207BH&purpose=case_management'))
          .json()
          .results.map((r: { personId: string }) => r.personId),
      ).toContain(johnId);
    });

    it("adds an agency's reference only for an agency that may see the person, once", async () => {
      expect(
        (
          await hub.as(fire, {
            method: 'POST',
            url: `/people/${johnId}/agency-references`,
            body: { reference: 'FIRE-1' },
          })
        ).json(),
      ).toMatchObject({ status: 403, code: 'PERSON.NOT_VISIBLE' });
      const added = await hub.as(chair, {
        method: 'POST',
        url: `/people/${jonId}/agency-references`,
        body: { reference: 'ASB-2026-117' },
      });
      expect(added.statusCode).toBe(201);
      const again = await hub.as(chair, {
        method: 'POST',
        url: `/people/${jonId}/agency-references`,
        body: { reference: 'ASB-2026-118' },
      });
      expect(again.json()).toMatchObject({ status: 409, code: 'PERSON.AGENCY_REFERENCE_EXISTS' });
    });
  });

  describe('merging', () => {
    it('lets only a partnership administrator merge', async () => {
      const res = await hub.as(pc, {
        method: 'POST',
        url: `/people/${johnId}/merge`,
        body: { duplicateId: jonId, reason: 'Same person' },
      });
      expect(res.statusCode).toBe(403);
    });

    it('refuses to merge a record into itself, or with an unknown record', async () => {
      expect(
        (
          await hub.as(admin, {
            method: 'POST',
            url: `/people/${johnId}/merge`,
            body: { duplicateId: johnId, reason: 'Same person' },
          })
        ).statusCode,
      ).toBe(422);
      expect(
        (
          await hub.as(admin, {
            method: 'POST',
            url: `/people/${johnId}/merge`,
            body: { duplicateId: randomUUID(), reason: 'Same person' },
          })
        ).statusCode,
      ).toBe(404);
      expect(
        (
          await hub.as(admin, {
            method: 'POST',
            url: `/people/${randomUUID()}/merge`,
            body: { duplicateId: jonId, reason: 'Same person' },
          })
        ).statusCode,
      ).toBe(404);
    });

    it('merges a duplicate: it then points to the survivor, is not listed, and its agency can see the survivor', async () => {
      expect((await profileOf(chair, johnId)).json()).toMatchObject({ locked: true });
      const res = await hub.as(admin, {
        method: 'POST',
        url: `/people/${johnId}/merge`,
        body: { duplicateId: jonId, reason: 'Same date of birth; confirmed by police and ASB team' },
      });
      expect(res.statusCode).toBe(200);
      expect(res.json()).toMatchObject({ survivorId: johnId, mergedId: jonId });
      await settle();
      expect((await profileOf(chair, jonId)).json()).toEqual({ personId: jonId, mergedInto: johnId });
      const listed = (await search(chair, 'name=Jon%20Smyth&dateOfBirth=1980-02-01&purpose=case_management'))
        .json()
        .results.map((r: { personId: string }) => r.personId);
      expect(listed).toEqual([johnId]);
      expect((await profileOf(chair, johnId)).json()).toMatchObject({ givenName: 'John', familyName: 'Smith' });
      const again = await hub.as(admin, {
        method: 'POST',
        url: `/people/${johnId}/merge`,
        body: { duplicateId: jonId, reason: 'Same person' },
      });
      expect(again.json()).toMatchObject({ status: 409, code: 'PERSON.MERGED' });
    });
  });

  describe('forgetting', () => {
    const theodora = {
      givenName: 'Theodora',
      familyName: 'Quillfeather',
      aliases: ['Dorothea Quillington'],
      dateOfBirth: '1975-06-15',
      address: { lines: ['27 Brackenwhistle Lane'], town: 'Stanford-le-Hope' },
      postcode: 'SS17 0QX',
      agencyReference: 'ECP/24/998877',
    };
    const needles = [
      'Theodora',
      'Quillfeather',
      'Quillington',
      '27 Brackenwhistle Lane',
      'Brackenwhistle',
      'SS17 0QX',
      'SS170QX',
    ];
    let theodoraId: string;
    let duplicateId: string;
    let otherId: string;
    const vault = () => hub.app.get(PersonalDataVault);
    const sealedCopy = async (id: string): Promise<Sealed | null> =>
      (await hub.db.query('SELECT personal FROM people.people WHERE person_id = $1', [id]))[0].personal;

    beforeAll(async () => {
      theodoraId = (await hub.as(pc, { method: 'POST', url: '/people', body: theodora })).json().personId;
      const dup = await hub.as(chair, {
        method: 'POST',
        url: '/people',
        body: { givenName: 'Theadora', familyName: 'Quillfeather', dateOfBirth: '1975-06-15', confirmNewPerson: true },
      });
      duplicateId = dup.json().personId;
      otherId = (
        await hub.as(pc, {
          method: 'POST',
          url: '/people',
          body: {
            givenName: 'Marguerite',
            familyName: 'Ashdownfield',
            dateOfBirth: '1990-03-04',
            postcode: 'RM16 2PH',
          },
        })
      ).json().personId;
      await settle();
      expect(
        (
          await hub.as(admin, {
            method: 'POST',
            url: `/people/${theodoraId}/merge`,
            body: { duplicateId, reason: 'Registered twice' },
          })
        ).statusCode,
      ).toBe(200);
      await settle();
    });

    it('keeps the personal data out of the database in clear even before forgetting, while the vault still opens it', async () => {
      const found = await scanDatabase([...needles, theodoraId, 'Essex County Fire and Rescue Service']);
      // The scan does find what is stored in clear: the person's id and an agency's name.
      expect(found[theodoraId]).toEqual(
        expect.arrayContaining(['event_store.events', 'people.people', 'privacy.person_keys']),
      );
      expect(found['Essex County Fire and Rescue Service']).toEqual(['event_store.events', 'partnerships.agencies']);
      for (const needle of needles) expect({ needle, tables: found[needle] }).toEqual({ needle, tables: undefined });
      expect(await vault().open(theodoraId, await sealedCopy(theodoraId))).toMatchObject({
        givenName: 'Theodora',
        familyName: 'Quillfeather',
        postcode: 'SS17 0QX',
      });
      expect(
        Number(
          (await hub.db.query('SELECT count(*) AS n FROM people.search_tokens WHERE person_id = $1', [theodoraId]))[0]
            .n,
        ),
      ).toBeGreaterThan(0);
    });

    it('lets only a partnership administrator forget, on a known legal ground with a reason', async () => {
      const before = await eventCount();
      expect(
        (
          await hub.as(pc, {
            method: 'POST',
            url: `/people/${theodoraId}/forget`,
            body: { legalGround: 'uk_gdpr_art17_1_a', reason: 'No longer needed' },
          })
        ).statusCode,
      ).toBe(403);
      expect(
        (
          await hub.as(admin, {
            method: 'POST',
            url: `/people/${theodoraId}/forget`,
            body: { legalGround: 'because', reason: 'No longer needed' },
          })
        ).statusCode,
      ).toBe(400);
      expect(
        (
          await hub.as(admin, {
            method: 'POST',
            url: `/people/${theodoraId}/forget`,
            body: { legalGround: 'uk_gdpr_art17_1_a' },
          })
        ).statusCode,
      ).toBe(400);
      expect(
        (
          await hub.as(admin, {
            method: 'POST',
            url: `/people/${randomUUID()}/forget`,
            body: { legalGround: 'uk_gdpr_art17_1_a', reason: 'No longer needed' },
          })
        ).statusCode,
      ).toBe(404);
      expect(await eventCount()).toBe(before);
      expect(await vault().isForgotten(theodoraId)).toBe(false);
    });

    it('forgets the person and the record merged into them: erased everywhere, nobody else touched, no plaintext left', async () => {
      const res = await hub.as(admin, {
        method: 'POST',
        url: `/people/${theodoraId}/forget`,
        body: { legalGround: 'uk_gdpr_art17_1_e', reason: 'Erasure request ER-2026-014 upheld' },
      });
      expect(res.statusCode).toBe(200);
      expect(res.json()).toMatchObject({ personId: theodoraId, erased: true, alsoForgotten: [duplicateId] });
      await settle();

      const [forgotten] = (await hub.store.readStream(`person-${theodoraId}`)).filter(
        (e) => e.type === 'PersonForgotten',
      );
      expect(forgotten.data).toMatchObject({
        personId: theodoraId,
        forgottenBy: thurrock.users[admin],
        legalGround: 'uk_gdpr_art17_1_e',
        reason: 'Erasure request ER-2026-014 upheld',
      });

      const consultationsBefore = await allConsultations();
      const profile = await profileOf(pc, theodoraId);
      expect(profile.statusCode).toBe(200);
      expect(profile.json()).toEqual({ personId: theodoraId, erased: true, forgottenAt: forgotten.data.forgottenAt });
      expect((await profileOf(chair, duplicateId)).json()).toMatchObject({ personId: duplicateId, erased: true });
      for (const query of [
        'name=Theodora%20Quillfeather',
        'dateOfBirth=1975-06-15',
        'postcode=SS17%200QX',
        'agencyReference=ECP/24/998877',
      ]) {
        const found = await search(pc, `${query}&purpose=case_management`);
        expect(
          found
            .json()
            .results.filter(
              (r: { personId: string; erased?: boolean }) =>
                [theodoraId, duplicateId].includes(r.personId) && !r.erased,
            ),
        ).toEqual([]);
        expect(JSON.stringify(found.json())).not.toMatch(/Theodora|Quillfeather|Brackenwhistle/);
      }
      expect(await allConsultations()).toBe(consultationsBefore);

      const other = await profileOf(pc, otherId);
      expect(other.json()).toMatchObject({ givenName: 'Marguerite', familyName: 'Ashdownfield', postcode: 'RM16 2PH' });
      expect((await profileOf(pc, johnId)).json()).toMatchObject({ givenName: 'John' });

      expect(
        await hub.db.query('SELECT kind FROM people.search_tokens WHERE person_id = ANY($1::uuid[])', [
          [theodoraId, duplicateId],
        ]),
      ).toEqual([]);
      expect(await sealedCopy(theodoraId)).toBeNull();
      expect(
        await hub.db.query('SELECT reference FROM people.agency_references WHERE person_id = $1', [theodoraId]),
      ).toEqual([{ reference: null }]);
      const [registered] = await hub.store.readStream(`person-${theodoraId}`, { maxCount: 1 });
      expect(await vault().open(theodoraId, registered.data.personal as unknown as Sealed)).toEqual(ERASED);
      const [dupRegistered] = await hub.store.readStream(`person-${duplicateId}`, { maxCount: 1 });
      expect(await vault().open(duplicateId, dupRegistered.data.personal as unknown as Sealed)).toEqual(ERASED);

      const found = await scanDatabase(needles);
      expect(found).toEqual({});
    });

    it('forgets only once', async () => {
      const res = await hub.as(admin, {
        method: 'POST',
        url: `/people/${theodoraId}/forget`,
        body: { legalGround: 'uk_gdpr_art17_1_a', reason: 'Again' },
      });
      expect(res.json()).toMatchObject({ status: 409, code: 'PERSON.FORGOTTEN' });
    });
  });

  it('documents every people route with its roles, the legal grounds and the warning about reasons', async () => {
    const doc = (await hub.app.inject({ method: 'GET', url: '/openapi.json' })).json();
    expect(Object.keys(doc.paths)).toEqual(
      expect.arrayContaining([
        '/people',
        '/people/{personId}',
        '/people/{personId}/details',
        '/people/{personId}/agency-references',
        '/people/{survivorId}/merge',
        '/people/{personId}/forget',
      ]),
    );
    for (const [path, operations] of Object.entries(doc.paths as Record<string, Record<string, { summary: string }>>)) {
      if (path.startsWith('/people')) for (const op of Object.values(operations)) expect(op.summary).toMatch(/Roles: /);
    }
    const text = JSON.stringify(doc);
    expect(text).toContain('dpa_2018_s47');
    expect(text).toContain('DPA 2018 s.47');
    expect(text).toContain('do not put personal data in the reason');
  });
});
