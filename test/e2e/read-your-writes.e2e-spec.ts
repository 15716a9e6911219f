import { seedPartnership, THURROCK, type SeededPartnership } from '@hubline/demo';
import type { RiskMatrix } from '@hubline/lag';
import { ProjectionsService } from '@hubline/projections';
import { Client } from 'pg';
import { ok, TestHub } from '../support/test-hub';
import { callUrgentMeeting, scheduleMeeting } from '../support/lag-meetings';

/**
 * A client told "created" may use what it created in its very next request, although the read
 * models that commands check references against trail the event store (decision 0020). No test
 * here waits for the projections between the write and the use.
 */
describe('Reading your own writes', () => {
  let hub: TestHub;
  let thurrock: SeededPartnership;
  let matrix: RiskMatrix;
  const pc = 'pc.okafor@essex-police.demo';
  const admin = 'admin@thurrock.demo';
  const CLIENTS = 8;

  beforeAll(async () => {
    hub = await TestHub.start();
    thurrock = await seedPartnership(hub.commands, THURROCK);
    await hub.settle();
    matrix = (await ok(hub.as(pc, { url: '/lag/settings' }), 200)).riskMatrix;
  });
  afterAll(() => hub?.close());

  const createPerson = async (n: number): Promise<string> =>
    (
      await ok(
        hub.as(pc, {
          method: 'POST',
          url: '/people',
          body: { givenName: 'Ada', familyName: `Client-${n}`, dateOfBirth: '1950-01-01', confirmNewPerson: true },
        }),
        201,
      )
    ).personId;
  /**
   * A hold on a read model's checkpoint row: the read model cannot commit what it applies (its
   * rows stay as they were) until `release`, or until `releaseAfter` lets go after a delay.
   */
  async function holdReadModel(name: string) {
    const holder = new Client({ connectionString: (hub.db.options as { url: string }).url });
    await holder.connect();
    await holder.query('BEGIN');
    await holder.query('SELECT 1 FROM projections.checkpoints WHERE name = $1 FOR UPDATE', [name]);
    const release = async () => {
      await holder.query('COMMIT');
      await holder.end();
    };
    return { release, releaseAfter: (ms: number) => new Promise<void>((done) => setTimeout(done, ms)).then(release) };
  }

  const referral = (victimId: string) => ({
    localityId: thurrock.localities.Grays,
    category: 'asb',
    victimIds: [victimId],
    perpetratorIds: [],
    incidentSummary: 'Stones thrown at the front window three times this month by a neighbour',
    vulnerabilities: ['older_person'],
    riskAnswers: Object.fromEntries(matrix.questions.map((q) => [q.id, q.answers[0].id])),
    multiAgencyReason: 'Police warnings alone have not stopped it and the victim is frightened',
  });

  it(`refers a person straight after creating them, and reads the referral straight after, ${CLIENTS} clients at once, every first try accepted`, async () => {
    const outcomes = await Promise.all(
      Array.from({ length: CLIENTS }, async (_, n) => {
        const personId = await createPerson(n);
        const res = await hub.as(pc, { method: 'POST', url: '/lag/referrals', body: referral(personId) });
        if (res.statusCode !== 201) return { status: res.statusCode, code: res.json().code };
        // The page confirming a referral reads it at once.
        const read = await hub.as(pc, { url: `/lag/referrals/${res.json().referralId}?purpose=case_management` });
        return {
          status: res.statusCode,
          read: read.statusCode,
          code: read.statusCode === 200 ? undefined : read.json().code,
        };
      }),
    );
    expect(outcomes).toEqual(Array.from({ length: CLIENTS }, () => ({ status: 201, read: 200, code: undefined })));
  });

  it(`discloses a person straight after creating them, ${CLIENTS} clients at once`, async () => {
    const outcomes = await Promise.all(
      Array.from({ length: CLIENTS }, async (_, n) => {
        const personId = await createPerson(100 + n);
        const res = await hub.as(pc, {
          method: 'POST',
          url: '/sharing/disclosures',
          body: {
            recipientAgencyIds: [thurrock.agencies.fire],
            personIds: [personId],
            dataCategories: ['identity', 'contact'],
            purpose: 'safeguarding',
            basis: {
              kind: 'vital_interests',
              justification: 'Neighbour reports repeated threats with a knife at the victim address last night',
            },
          },
        });
        return { status: res.statusCode, code: res.statusCode === 201 ? undefined : res.json().code };
      }),
    );
    expect(outcomes).toEqual(Array.from({ length: CLIENTS }, () => ({ status: 201, code: undefined })));
  });

  it('registers a user of an agency straight after adding the agency', async () => {
    const agency = await ok(
      hub.as(admin, {
        method: 'POST',
        url: '/partnership/agencies',
        body: { name: 'Grays Housing Trust', kind: 'housing_provider' },
      }),
      201,
    );
    const res = await hub.as(admin, {
      method: 'POST',
      url: '/users',
      body: {
        subject: 'officer@grays-housing.demo',
        displayName: 'Housing Officer',
        agencyId: agency.id,
        roles: ['practitioner'],
      },
    });
    expect({ status: res.statusCode, body: res.json() }).toMatchObject({ status: 201 });
  });

  it('scores a referral with the risk matrix adopted just before it, not the one its read model still shows', async () => {
    const victimId = await createPerson(200);
    await hub.settle();
    // The settings read model is held back until the referral is being decided.
    const projections = hub.app.get(ProjectionsService);
    const settings = projections.runner('lag.settings')!;
    await settings.stop();
    const waitForReadModels = projections.waitForReadModels.bind(projections);
    const caughtUp = jest.spyOn(projections, 'waitForReadModels').mockImplementation((timeoutMs) => {
      settings.start();
      return waitForReadModels(timeoutMs);
    });
    try {
      const adopted = await hub.as(admin, {
        method: 'PUT',
        url: '/lag/settings/risk-matrix',
        body: { ...matrix, version: matrix.version + 1, name: 'Adopted a moment ago' },
      });
      expect(adopted.statusCode).toBe(200);
      const referred = await ok(hub.as(pc, { method: 'POST', url: '/lag/referrals', body: referral(victimId) }), 201);
      const [event] = await hub.store.readStream(`lag-referral-${referred.referralId}`);
      expect(event.data).toMatchObject({ riskAssessment: { matrixVersion: matrix.version + 1 } });
    } finally {
      caughtUp.mockRestore();
      settings.start();
    }
  });

  it('reads, places a legal hold on, and lists the timeline, orders and reports of a person the register has not applied yet', async () => {
    // The people register cannot commit while its checkpoint row is held: the person just created
    // is in the event store but not in the register until the holder lets go, 400 ms later.
    const answers: Record<string, { status: number; code?: string }> = {};
    for (const [name, use] of [
      ['record', (personId: string) => hub.as(pc, { url: `/people/${personId}?purpose=case_management` })],
      ['timeline', (personId: string) => hub.as(pc, { url: `/timelines/victims/${personId}?purpose=case_management` })],
      [
        'hold',
        (personId: string) =>
          hub.as(admin, {
            method: 'POST',
            url: '/retention/holds',
            body: { personId, reason: 'Civil claim CL-2026-131 pending' },
          }),
      ],
      [
        'orders',
        (personId: string) => hub.as(pc, { url: `/enforcement/orders?personId=${personId}&purpose=case_management` }),
      ],
      [
        'reports',
        (personId: string) => hub.as(pc, { url: `/asb/reports?personId=${personId}&purpose=case_management` }),
      ],
    ] as const) {
      await hub.settle();
      const hold = await holdReadModel('people.register');
      const personId = await createPerson(200 + Object.keys(answers).length);
      const released = hold.releaseAfter(400);
      const res = await use(personId);
      await released;
      answers[name] = { status: res.statusCode, ...(res.statusCode >= 400 ? { code: res.json().code } : {}) };
    }
    expect(answers).toEqual({
      record: { status: 200 },
      timeline: { status: 200 },
      hold: { status: 201 },
      orders: { status: 200 },
      reports: { status: 200 },
    });
  });

  it("accepts a victim's next case straight after their open case is closed, while the referrals' read model trails", async () => {
    const chair = 'lag.chair@thurrock.demo';
    const victimId = await createPerson(300);
    const first = (await ok(hub.as(pc, { method: 'POST', url: '/lag/referrals', body: referral(victimId) }), 201))
      .referralId as string;
    await ok(hub.as(chair, { method: 'POST', url: `/lag/referrals/${first}/accept` }), 200);
    const next = (await ok(hub.as(pc, { method: 'POST', url: '/lag/referrals', body: referral(victimId) }), 201))
      .referralId as string;
    await hub.settle();
    // While the open case stands, the next one is refused, naming it.
    const refused = await hub.as(chair, { method: 'POST', url: `/lag/referrals/${next}/accept` });
    expect(refused.json()).toMatchObject({ code: 'LAG.VICTIM_HAS_OPEN_CASE', openReferralId: first });
    // The referrals' read model cannot commit while its checkpoint row is held: it still shows the
    // first case open when the chair, told it is closed, accepts the next.
    const hold = await holdReadModel('lag.referrals');
    try {
      await ok(
        hub.as(chair, {
          method: 'POST',
          url: `/lag/referrals/${first}/close`,
          body: {
            outcomes: ['incidents_reduced'],
            reason: 'other',
            outcomeNarrative: 'Carried on under the next referral',
            cancelOutstandingActions: true,
          },
        }),
        200,
      );
      const accepted = await hub.as(chair, { method: 'POST', url: `/lag/referrals/${next}/accept` });
      expect({ status: accepted.statusCode, code: accepted.json().code }).toEqual({ status: 200, code: undefined });
      expect((await hub.db.query('SELECT status FROM lag.referrals WHERE referral_id = $1', [first]))[0].status).toBe(
        'accepted',
      );
    } finally {
      await hold.release();
    }
  });

  it("puts a case on an agenda straight after it is accepted, while the referrals' read model trails", async () => {
    const chair = 'lag.chair@thurrock.demo';
    const victimId = await createPerson(301);
    const referralId = (await ok(hub.as(pc, { method: 'POST', url: '/lag/referrals', body: referral(victimId) }), 201))
      .referralId as string;
    const meetingId = await scheduleMeeting(hub, chair, thurrock.localities.Grays);
    // The referrals' read model cannot commit while its checkpoint row is held: it still shows the
    // referral awaiting a decision when the chair, told it is accepted, puts it on the agenda; the
    // holder lets go 400 ms later.
    const hold = await holdReadModel('lag.referrals');
    await ok(hub.as(chair, { method: 'POST', url: `/lag/referrals/${referralId}/accept` }), 200);
    const released = hold.releaseAfter(400);
    const added = await hub.as(chair, {
      method: 'POST',
      url: `/lag/meetings/${meetingId}/agenda`,
      body: { referralId, item: 'new' },
    });
    await released;
    expect({ status: added.statusCode, code: added.json().code }).toEqual({ status: 201, code: undefined });
  });

  it("schedules an urgent meeting for a case straight after it is reopened, while the referrals' read model trails", async () => {
    const chair = 'lag.chair@thurrock.demo';
    const victimId = await createPerson(302);
    const body = {
      ...referral(victimId),
      professionalJudgement: { band: 'very_high', reason: 'Threats to set fire to the house' },
    };
    const referralId = (await ok(hub.as(pc, { method: 'POST', url: '/lag/referrals', body }), 201))
      .referralId as string;
    await ok(hub.as(chair, { method: 'POST', url: `/lag/referrals/${referralId}/accept` }), 200);
    await ok(
      hub.as(chair, {
        method: 'POST',
        url: `/lag/referrals/${referralId}/close`,
        body: { outcomes: ['incidents_stopped'], reason: 'risk_reduced', outcomeNarrative: 'No incidents for months' },
      }),
      200,
    );
    await hub.settle();
    // The referrals' read model cannot commit while its checkpoint row is held: it still shows the
    // case closed when the chair, told it is reopened, calls an urgent meeting for it; the holder
    // lets go 400 ms later.
    const hold = await holdReadModel('lag.referrals');
    await ok(
      hub.as(chair, {
        method: 'POST',
        url: `/lag/referrals/${referralId}/reopen`,
        body: { reason: 'Threats repeated last night' },
      }),
      200,
    );
    const released = hold.releaseAfter(400);
    const urgent = await callUrgentMeeting(
      hub,
      chair,
      thurrock.localities.Grays,
      referralId,
      'Threats repeated last night',
    );
    await released;
    expect({ status: urgent.statusCode, code: urgent.json().code }).toEqual({ status: 201, code: undefined });
  });

  it('still refuses a person who does not exist, once the read models have caught up', async () => {
    const res = await hub.as(pc, {
      method: 'POST',
      url: '/lag/referrals',
      body: referral('00000000-0000-4000-8000-000000000000'),
    });
    expect({ status: res.statusCode, code: res.json().code }).toEqual({ status: 422, code: 'LAG.UNKNOWN_PERSON' });
  });
});
