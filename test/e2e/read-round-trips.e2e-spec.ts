import { seedPartnership, THURROCK, type SeededPartnership } from '@hubline/demo';
import { TestHub, ok } from '../support/test-hub';
import { COUNT_HEADER, countRequestRoundTrips, statementsOf } from '../support/query-counter';

/**
 * The reads of a person's data in few round trips (decision 0032), counted on the real database:
 * every statement the request sends, from its first hook to its answer. The store's wake-up of
 * other processes (`pg_notify`, coalesced across appends and not awaited by the request) is
 * counted apart. What is kept in memory (the user, the partnership's names) is checked by changes
 * seen on the very next request.
 */
describe('round trips of the person reads', () => {
  let hub: TestHub;
  let thurrock: SeededPartnership;
  const pc = 'pc.okafor@essex-police.demo';
  const chair = 'lag.chair@thurrock.demo';
  const admin = 'admin@thurrock.demo';
  const asbOfficer = 'asb.officer@thurrock.demo';
  let victimId: string;
  let offenderId: string;
  let referralId: string;

  const WAKE_UP = /^SELECT pg_notify\(/;
  let counted = 0;
  /** Calls as `subject`, and returns the answer with the statements it awaited and the wake-ups apart. */
  async function counting(subject: string, url: string) {
    const name = `read-${++counted}`;
    const res = await hub.as(subject, { url, headers: { [COUNT_HEADER]: name } });
    const all = statementsOf(name);
    return { res, awaited: all.filter((s) => !WAKE_UP.test(s)), wakeUps: all.filter((s) => WAKE_UP.test(s)) };
  }
  const summary = (statements: string[]) => statements.map((s) => s.slice(0, 90)).join('\n');

  beforeAll(async () => {
    hub = await TestHub.start({}, countRequestRoundTrips);
    thurrock = await seedPartnership(hub.commands, THURROCK);
    await hub.settle();
    const register = async (givenName: string, familyName: string) =>
      (
        await ok(
          hub.as(pc, { method: 'POST', url: '/people', body: { givenName, familyName, dateOfBirth: '1960-01-02' } }),
          201,
        )
      ).personId as string;
    victimId = await register('Vera', 'Lane');
    offenderId = await register('Oscar', 'Reed');
    await hub.settle();
    const matrix = (await ok(hub.as(pc, { url: '/lag/settings' }))).riskMatrix as {
      questions: Array<{ id: string; answers: Array<{ id: string }> }>;
    };
    referralId = (
      await ok(
        hub.as(pc, {
          method: 'POST',
          url: '/lag/referrals',
          body: {
            localityId: thurrock.localities.Grays,
            category: 'asb',
            protectedCharacteristics: [],
            victimIds: [victimId],
            perpetratorIds: [offenderId],
            incidentSummary: 'Stones thrown at the windows',
            vulnerabilities: [],
            riskAnswers: Object.fromEntries(matrix.questions.map((q) => [q.id, q.answers[0].id])),
            multiAgencyReason: 'Repeated incidents',
          },
        }),
        201,
      )
    ).referralId;
    await hub.settle();
  }, 180_000);
  afterAll(() => hub?.close());

  describe('counted', () => {
    it('reads a victim timeline in four round trips: the user, the person, the page, the consultation', async () => {
      const url = `/timelines/victims/${victimId}?purpose=case_management`;
      await ok(hub.as(pc, { url }));
      const { res, awaited, wakeUps } = await counting(pc, url);
      expect(res.statusCode).toBe(200);
      expect(res.json().entries.length).toBeGreaterThan(0);
      expect({ count: awaited.length, statements: summary(awaited) }).toMatchObject({ count: 4 });
      expect(awaited[0]).toMatch(/FROM event_store\.streams/); // the user's stream head
      expect(awaited[1]).toMatch(/FROM people\.people/);
      expect(awaited[2]).toMatch(/FROM timelines\.entries/);
      expect(awaited[3]).toMatch(/event_store\.append/); // the consultation
      expect(wakeUps.length).toBeLessThanOrEqual(1);
    });

    it('reads an offender timeline in four round trips', async () => {
      const url = `/timelines/offenders/${offenderId}?purpose=case_management`;
      await ok(hub.as(pc, { url }));
      const { res, awaited } = await counting(pc, url);
      expect(res.statusCode).toBe(200);
      expect(res.json().header).toMatchObject({ referrals: 1, openReferrals: 1 });
      expect({ count: awaited.length, statements: summary(awaited) }).toMatchObject({ count: 4 });
    });

    it('answers a locked view in four, the sharing bases in place of the page', async () => {
      const url = `/timelines/victims/${victimId}?purpose=case_management`;
      await ok(hub.as(asbOfficer, { url }));
      const { res, awaited } = await counting(asbOfficer, url);
      expect(res.json()).toMatchObject({ locked: true, entries: [] });
      expect({ count: awaited.length, statements: summary(awaited) }).toMatchObject({ count: 4 });
      expect(awaited[2]).toMatch(/FROM sharing\.disclosures/);
      expect(awaited.some((s) => /timelines\./.test(s))).toBe(false);
    });

    it("reads a person's whole record in four: the user, the person, their agencies' references, the consultation", async () => {
      const url = `/people/${victimId}?purpose=case_management`;
      await ok(hub.as(pc, { url }));
      const { res, awaited } = await counting(pc, url);
      expect(res.statusCode).toBe(200);
      expect({ count: awaited.length, statements: summary(awaited) }).toMatchObject({ count: 4 });
    });
  });

  describe('what is kept in memory is seen changed at once', () => {
    it('refuses a deactivated user on the next request, before any read model has caught up', async () => {
      const url = `/timelines/victims/${victimId}?purpose=case_management`;
      await ok(hub.as(pc, { url }));
      const users: Array<{ userId: string; subject: string }> = await ok(hub.as(admin, { url: '/users' }));
      const userId = users.find((u) => u.subject === 'panel.housing@thurrock.demo')!.userId;
      const housing = 'panel.housing@thurrock.demo';
      expect((await hub.as(housing, { url })).statusCode).toBe(200); // known, and kept in memory
      await ok(
        hub.as(admin, { method: 'POST', url: `/users/${userId}/deactivate`, body: { reason: 'Left the agency' } }),
      );
      expect((await hub.as(housing, { url })).statusCode).toBe(401);
    });

    it("shows an agency's new name on the next read once the partnership's read model has it", async () => {
      const url = `/timelines/victims/${victimId}?purpose=case_management`;
      const named = async () => {
        const timeline = await ok(hub.as(pc, { url }));
        return (timeline.entries as Array<{ agency: { name: string } | null }>).map((e) => e.agency?.name);
      };
      expect(await named()).toContain('Essex Police');
      await ok(
        hub.as(admin, {
          method: 'PATCH',
          url: `/partnership/agencies/${thurrock.agencies.police}`,
          body: { name: 'Essex Police (Thurrock)' },
        }),
      );
      await hub.settle();
      const now = await named();
      expect(now).toContain('Essex Police (Thurrock)');
      expect(now).not.toContain('Essex Police');
    });

    it('lets an agency newly involved in a case read the person on its next read', async () => {
      const url = `/timelines/victims/${victimId}?purpose=case_management`;
      expect(await ok(hub.as(chair, { url }))).toMatchObject({ locked: true });
      // The chair's acceptance involves the chair's agency in the case.
      await ok(hub.as(chair, { method: 'POST', url: `/lag/referrals/${referralId}/accept` }));
      await hub.settle();
      const timeline = await ok(hub.as(chair, { url }));
      expect(timeline.locked).toBeUndefined();
      expect(timeline.person).toMatchObject({ givenName: 'Vera' });
    });
  });
});
