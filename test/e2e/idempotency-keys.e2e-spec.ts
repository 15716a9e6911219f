import { randomUUID } from 'node:crypto';
import { seedPartnership, THURROCK, type SeededPartnership } from '@hubline/demo';
import type { RiskMatrix } from '@hubline/lag';
import { ok, TestHub, type Call } from '../support/test-hub';

/**
 * Retrying a command with its `Idempotency-Key` (decision 0020): the retry gets the first answer
 * and appends nothing; the key cannot be reused for another request, nor by another user.
 */
describe('Idempotency-Key on commands', () => {
  let hub: TestHub;
  let thurrock: SeededPartnership;
  let matrix: RiskMatrix;
  let personId: string;
  const pc = 'pc.okafor@essex-police.demo';
  const admin = 'admin@thurrock.demo';

  beforeAll(async () => {
    hub = await TestHub.start();
    thurrock = await seedPartnership(hub.commands, THURROCK);
    await hub.settle();
    matrix = (await ok(hub.as(pc, { url: '/lag/settings' }), 200)).riskMatrix;
    personId = (
      await ok(
        hub.as(pc, {
          method: 'POST',
          url: '/people',
          body: { givenName: 'Maureen', familyName: 'Adeyemi', dateOfBirth: '1948-05-12' },
        }),
        201,
      )
    ).personId;
    await hub.settle();
  });
  afterAll(() => hub?.close());

  const eventCount = async (): Promise<number> =>
    Number((await hub.db.query('SELECT count(*) AS n FROM event_store.events'))[0].n);
  const keyed = (call: Call, key: string): Call => ({
    ...call,
    headers: { ...call.headers, 'idempotency-key': `"${key}"` },
  });
  const answer = (res: Awaited<ReturnType<TestHub['as']>>) => ({
    status: res.statusCode,
    etag: res.headers.etag,
    body: res.json(),
  });

  /** Each command, with a request that differs on every call. */
  const commands: Array<[string, string, () => Call]> = [
    [
      'create a person',
      pc,
      () => ({
        method: 'POST',
        url: '/people',
        body: { givenName: 'Kyle', familyName: `Denton-${randomUUID().slice(0, 8)}`, confirmNewPerson: true },
      }),
    ],
    [
      'refer a victim',
      pc,
      () => ({
        method: 'POST',
        url: '/lag/referrals',
        body: {
          localityId: thurrock.localities.Grays,
          category: 'asb',
          victimIds: [personId],
          perpetratorIds: [],
          incidentSummary: `Stones thrown at the front window three times this month, report ${randomUUID()}`,
          vulnerabilities: ['older_person'],
          riskAnswers: Object.fromEntries(matrix.questions.map((q) => [q.id, q.answers[0].id])),
          multiAgencyReason: 'Police warnings alone have not stopped it and the victim is frightened',
        },
      }),
    ],
    [
      'record a disclosure',
      pc,
      () => ({
        method: 'POST',
        url: '/sharing/disclosures',
        body: {
          recipientAgencyIds: [thurrock.agencies.fire],
          personIds: [personId],
          dataCategories: ['identity', 'contact'],
          purpose: 'safeguarding',
          basis: {
            kind: 'vital_interests',
            justification: `Neighbour reports repeated threats with a knife at the victim address, log ${randomUUID()}`,
          },
        },
      }),
    ],
    [
      'register a user',
      admin,
      () => ({
        method: 'POST',
        url: '/users',
        body: {
          subject: `worker-${randomUUID()}@thurrock.demo`,
          displayName: 'Temp Worker',
          agencyId: thurrock.agencies.housing,
          roles: ['practitioner'],
        },
      }),
    ],
  ];

  describe.each(commands)('%s', (_, subject, call) => {
    it('replays the first answer to a retry with the same key, appending nothing', async () => {
      const key = randomUUID();
      const request = call();
      const first = await hub.as(subject, keyed(request, key));
      expect(first.statusCode).toBe(201);
      const after = await eventCount();
      const retry = await hub.as(subject, keyed(request, key));
      expect(answer(retry)).toEqual(answer(first));
      expect(retry.headers['idempotent-replayed']).toBe('true');
      expect(await eventCount()).toBe(after);
    });

    it('refuses the same key with a different body (422), appending nothing', async () => {
      const key = randomUUID();
      await ok(hub.as(subject, keyed(call(), key)), 201);
      const after = await eventCount();
      const other = await hub.as(subject, keyed(call(), key));
      expect({ status: other.statusCode, code: other.json().code }).toEqual({
        status: 422,
        code: 'HTTP.IDEMPOTENCY_KEY_REUSED',
      });
      expect(other.headers['content-type']).toMatch(/^application\/problem\+json/);
      expect(await eventCount()).toBe(after);
    });

    it('runs concurrent duplicates once: one appends, the others replay or are told it is in progress', async () => {
      const key = randomUUID();
      const request = call();
      const before = await eventCount();
      const answers = await Promise.all(Array.from({ length: 6 }, () => hub.as(subject, keyed(request, key))));
      const firsts = answers.filter((a) => a.statusCode === 201 && a.headers['idempotent-replayed'] !== 'true');
      expect(firsts).toHaveLength(1);
      for (const a of answers) {
        if (a.statusCode === 201) expect(a.json()).toEqual(firsts[0].json());
        else
          expect({ status: a.statusCode, code: a.json().code }).toEqual({
            status: 409,
            code: 'HTTP.IDEMPOTENCY_KEY_IN_USE',
          });
      }
      const appended = (await eventCount()) - before;
      const single = await eventCount();
      await ok(hub.as(subject, call()), 201);
      // One command's worth of events, whatever a command appends (its own events and any consultation).
      expect(appended).toBeLessThanOrEqual((await eventCount()) - single);
      expect(appended).toBeGreaterThan(0);
    });
  });

  describe('a retry after the process died between the append and storing the answer', () => {
    /** What the crash leaves: the key still `processing`, its lease run out, no answer stored. */
    const crashBeforeTheAnswer = async (key: string) => {
      const [, updated]: [unknown[], number] = await hub.db.query(
        `UPDATE http.idempotency_keys
            SET state = 'processing', lease_until = now() - interval '1 second', status = NULL, headers = NULL, body = NULL
          WHERE key = $1`,
        [key],
      );
      expect(updated).toBe(1);
    };
    /** Events of the store other than consultations (a re-run's reads are recorded, as any read is). */
    const factsSince = async (before: number): Promise<Array<{ type: string; stream_id: string }>> =>
      hub.db.query(
        `SELECT type, stream_id FROM event_store.events WHERE seq > $1 AND type <> 'PersonalDataConsulted' ORDER BY seq`,
        [before],
      );
    const lastSeq = async (): Promise<number> =>
      Number((await hub.db.query('SELECT coalesce(max(seq), 0) AS n FROM event_store.events'))[0].n);
    const fullAnswer = (res: Awaited<ReturnType<TestHub['as']>>) => ({
      ...answer(res),
      location: res.headers.location,
    });

    const creations: Array<[string, string, () => Call, string]> = [
      ...commands.map(([name, subject, call]): [string, string, () => Call, string] => [
        name,
        subject,
        call,
        {
          'create a person': 'PersonRegistered',
          'refer a victim': 'VictimReferred',
          'record a disclosure': 'InformationDisclosed',
          'register a user': 'UserRegistered',
        }[name]!,
      ]),
      [
        'create a person, checked for duplicates first',
        pc,
        () => ({
          method: 'POST',
          url: '/people',
          body: { givenName: 'Delroy', familyName: `Okonkwo-${randomUUID().slice(0, 8)}`, dateOfBirth: '1979-03-02' },
        }),
        'PersonRegistered',
      ],
    ];

    it.each(creations)('%s: the retry gets the first answer and creates nothing', async (_, subject, call, created) => {
      const key = randomUUID();
      const request = call();
      const before = await lastSeq();
      const first = await hub.as(subject, keyed(request, key));
      expect(first.statusCode).toBe(201);
      const facts = await factsSince(before);
      expect(facts.filter((f) => f.type === created)).toHaveLength(1);
      await crashBeforeTheAnswer(key);
      // A retry comes after the lease (a minute): the read models have long caught up.
      await hub.settle();
      const retry = await hub.as(subject, keyed(request, key));
      expect(fullAnswer(retry)).toEqual(fullAnswer(first));
      expect(retry.headers['idempotent-replayed']).toBeUndefined();
      expect(await factsSince(before)).toEqual(facts);
      // Its answer is kept now: the next retry is a replay.
      const again = await hub.as(subject, keyed(request, key));
      expect(fullAnswer(again)).toEqual(fullAnswer(first));
      expect(again.headers['idempotent-replayed']).toBe('true');
    });

    it('answers a retry of a change to an existing record as the first run did, not as a second change', async () => {
      const key = randomUUID();
      const person = await ok(
        hub.as(pc, {
          method: 'POST',
          url: '/people',
          body: { givenName: 'Ines', familyName: `Varga-${randomUUID().slice(0, 8)}`, confirmNewPerson: true },
        }),
        201,
      );
      const reference = (value: string): Call => ({
        method: 'POST',
        url: `/people/${person.personId}/agency-references`,
        body: { reference: value },
      });
      const before = await lastSeq();
      const first = await hub.as(pc, keyed(reference('ESX-1001'), key));
      expect(first.statusCode).toBeLessThan(300);
      await crashBeforeTheAnswer(key);
      const retry = await hub.as(pc, keyed(reference('ESX-1001'), key));
      expect(fullAnswer(retry)).toEqual(fullAnswer(first));
      expect(await factsSince(before)).toHaveLength(1);
    });
  });

  it('keeps keys per user: another user with the same key runs their own command', async () => {
    const key = randomUUID();
    const request: Call = {
      method: 'POST',
      url: '/people',
      body: { givenName: 'Shared', familyName: 'Key', confirmNewPerson: true },
    };
    const first = await ok(hub.as(pc, keyed(request, key)), 201);
    const other = await ok(hub.as('panel.housing@thurrock.demo', keyed(request, key)), 201);
    expect(other.personId).not.toBe(first.personId);
  });

  it('runs a retry afresh after a refusal, which appended nothing', async () => {
    const key = randomUUID();
    const request: Call = { method: 'POST', url: '/people', body: { givenName: 'No', familyName: '' } };
    expect((await hub.as(pc, keyed(request, key))).statusCode).toBe(400);
    expect(
      (
        await hub.as(
          pc,
          keyed({ ...request, body: { givenName: 'Now', familyName: 'Valid', confirmNewPerson: true } }, key),
        )
      ).statusCode,
    ).toBe(201);
  });

  it.each(['', '""', '"has space"', '"' + 'k'.repeat(256) + '"', '"ünïcode"'])(
    'refuses a malformed key %j with 400, appending nothing',
    async (value) => {
      const before = await eventCount();
      const res = await hub.as(pc, {
        method: 'POST',
        url: '/people',
        body: { givenName: 'Ada', familyName: 'Malformed', confirmNewPerson: true },
        headers: { 'idempotency-key': value },
      });
      expect({ status: res.statusCode, code: res.json().code }).toEqual({
        status: 400,
        code: 'HTTP.INVALID_IDEMPOTENCY_KEY',
      });
      expect(await eventCount()).toBe(before);
    },
  );

  it('lists the header on every command operation of the OpenAPI document', async () => {
    const document = (await hub.app.inject({ url: '/openapi.json' })).json();
    const commandOperations = Object.values(document.paths).flatMap((item) =>
      Object.entries(item as Record<string, { parameters?: Array<{ name: string; in: string }> }>)
        .filter(([method]) => ['post', 'put', 'patch', 'delete'].includes(method))
        .map(([, operation]) => operation),
    );
    expect(commandOperations.length).toBeGreaterThan(20);
    for (const operation of commandOperations)
      expect(operation.parameters).toContainEqual(expect.objectContaining({ name: 'Idempotency-Key', in: 'header' }));
  });
});
