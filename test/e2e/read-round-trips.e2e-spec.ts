import { seedPartnership, THURROCK, type SeededPartnership } from '@hubline/demo';
import { TestHub, ok } from '../support/test-hub';
import { scheduleMeeting } from '../support/lag-meetings';
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
    const register = async (givenName: string, familyName: string, more: Record<string, string> = {}) =>
      (
        await ok(
          hub.as(pc, {
            method: 'POST',
            url: '/people',
            body: { givenName, familyName, dateOfBirth: '1960-01-02', ...more },
          }),
          201,
        )
      ).personId as string;
    victimId = await register('Vera', 'Lane', { agencyReference: 'ESX/2026/0042' });
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

    it("reads a person's whole record in three: the user, the person with their agencies' references, the consultation", async () => {
      const url = `/people/${victimId}?purpose=case_management`;
      await ok(hub.as(pc, { url }));
      const { res, awaited } = await counting(pc, url);
      expect(res.statusCode).toBe(200);
      expect(res.json().agencyReferences).toEqual([
        expect.objectContaining({ agencyName: expect.any(String), reference: 'ESX/2026/0042' }),
      ]);
      expect({ count: awaited.length, statements: summary(awaited) }).toMatchObject({ count: 3 });
      expect(awaited[1]).toMatch(/FROM people\.people/);
      expect(awaited[2]).toMatch(/event_store\.append/);
    });
  });

  describe('the search, counted', () => {
    it('finds people in three round trips: the user, the people matched with their rows, the consultation', async () => {
      const url = '/people?purpose=case_management&name=Vera%20Lane';
      await ok(hub.as(pc, { url }));
      const { res, awaited } = await counting(pc, url);
      expect(res.statusCode).toBe(200);
      expect(res.json().results).toEqual([expect.objectContaining({ personId: victimId, familyName: 'Lane' })]);
      expect({ count: awaited.length, statements: summary(awaited) }).toMatchObject({ count: 3 });
      expect(awaited[1]).toMatch(/FROM people\.search_tokens/);
      expect(awaited[2]).toMatch(/event_store\.append/);
    });
  });

  describe('the LAG reads, counted', () => {
    const lagMatrix = async () =>
      (await ok(hub.as(pc, { url: '/lag/settings' }))).riskMatrix as {
        questions: Array<{ id: string; answers: Array<{ id: string }> }>;
      };
    /** A referral of a new victim (and a perpetrator) by the police officer; accepted by the chair when asked. */
    const lagCase = async (familyName: string, accepted: boolean) => {
      const register = async (givenName: string) =>
        (
          await ok(
            hub.as(pc, { method: 'POST', url: '/people', body: { givenName, familyName, dateOfBirth: '1971-03-04' } }),
            201,
          )
        ).personId as string;
      const victim = await register('Iris');
      const perpetrator = await register('Ned');
      const matrix = await lagMatrix();
      const id = (
        await ok(
          hub.as(pc, {
            method: 'POST',
            url: '/lag/referrals',
            body: {
              localityId: thurrock.localities.Grays,
              category: 'asb',
              protectedCharacteristics: [],
              victimIds: [victim],
              perpetratorIds: [perpetrator],
              incidentSummary: `Bins set alight outside the ${familyName} home`,
              vulnerabilities: [],
              riskAnswers: Object.fromEntries(matrix.questions.map((q) => [q.id, q.answers[0].id])),
              multiAgencyReason: 'Repeated incidents',
            },
          }),
          201,
        )
      ).referralId as string;
      await hub.settle();
      if (accepted) {
        await ok(hub.as(chair, { url: `/lag/referrals/${id}?purpose=case_management` }));
        await ok(hub.as(chair, { method: 'POST', url: `/lag/referrals/${id}/accept` }));
        await ok(
          hub.as(chair, {
            method: 'POST',
            url: `/lag/referrals/${id}/actions`,
            body: {
              owningAgencyId: thurrock.agencies.police,
              kind: 'target_hardening',
              description: `Fit a camera at the ${familyName} home`,
              dueDate: new Date(Date.now() + 7 * 86_400_000).toISOString().slice(0, 10),
            },
          }),
          201,
        );
        await hub.settle();
      }
      return { referralId: id, victim, perpetrator };
    };
    const meetingOf = async (referralIds: string[]) => {
      const meetingId = await scheduleMeeting(hub, chair, thurrock.localities.Grays);
      for (const referralId of referralIds)
        await ok(
          hub.as(chair, {
            method: 'POST',
            url: `/lag/meetings/${meetingId}/agenda`,
            body: { referralId, item: 'new' },
          }),
          201,
        );
      await hub.settle();
      return meetingId;
    };
    const caseUrl = (id: string) => `/lag/referrals/${id}?purpose=case_management`;

    it('reads a referral in four round trips: the user, the case, its people, the consultation', async () => {
      const { referralId: id } = await lagCase('Marsh', false);
      await ok(hub.as(pc, { url: caseUrl(id) }));
      const { res, awaited, wakeUps } = await counting(pc, caseUrl(id));
      expect(res.json()).toMatchObject({
        locked: false,
        victims: [{ givenName: 'Iris' }],
        perpetrators: [{ givenName: 'Ned' }],
      });
      expect(res.json().incidentSummary).toBe('Bins set alight outside the Marsh home');
      expect({ count: awaited.length, statements: summary(awaited) }).toMatchObject({ count: 4 });
      expect(awaited[0]).toMatch(/FROM event_store\.streams/);
      expect(awaited[1]).toMatch(/FROM lag\.referrals/);
      expect(awaited[2]).toMatch(/FROM people\.people/);
      expect(awaited[3]).toMatch(/event_store\.append/);
      expect(wakeUps.length).toBeLessThanOrEqual(1);
    });

    it("reads an accepted case, its actions and discussions, in four round trips, the chair's too", async () => {
      const { referralId: id } = await lagCase('Hale', true);
      for (const reader of [pc, chair]) {
        await ok(hub.as(reader, { url: caseUrl(id) }));
        const { res, awaited } = await counting(reader, caseUrl(id));
        expect(res.json()).toMatchObject({
          locked: false,
          status: 'accepted',
          actions: [{ description: 'Fit a camera at the Hale home' }],
        });
        expect({ count: awaited.length, statements: summary(awaited) }).toMatchObject({ count: 4 });
      }
    });

    it('answers the locked view of a case in three: the user, the case, the sharing bases', async () => {
      const { referralId: id } = await lagCase('Cole', false);
      await ok(hub.as(asbOfficer, { url: caseUrl(id) }));
      const { res, awaited } = await counting(asbOfficer, caseUrl(id));
      expect(res.json()).toMatchObject({ locked: true, agencies: [{ name: 'Essex Police' }] });
      expect({ count: awaited.length, statements: summary(awaited) }).toMatchObject({ count: 3 });
      expect(awaited[2]).toMatch(/FROM sharing\.disclosures/);
    });

    it('reads a closed case in four for the agency that recorded its people, and locked in three for the one that only worked it', async () => {
      const { referralId: id } = await lagCase('Drake', true);
      await ok(
        hub.as(chair, {
          method: 'POST',
          url: `/lag/referrals/${id}/close`,
          body: {
            outcomes: ['incidents_stopped'],
            reason: 'risk_reduced',
            outcomeNarrative: 'Quiet for months',
            cancelOutstandingActions: true,
          },
        }),
      );
      await hub.settle();
      await ok(hub.as(pc, { url: caseUrl(id) }));
      const byPolice = await counting(pc, caseUrl(id));
      expect(byPolice.res.json()).toMatchObject({ locked: false, status: 'closed' });
      expect({ count: byPolice.awaited.length, statements: summary(byPolice.awaited) }).toMatchObject({ count: 4 });
      await ok(hub.as(chair, { url: caseUrl(id) }));
      const byChair = await counting(chair, caseUrl(id));
      expect(byChair.res.json()).toMatchObject({ locked: true, status: 'closed' });
      expect({ count: byChair.awaited.length, statements: summary(byChair.awaited) }).toMatchObject({ count: 3 });
    });

    it('issues a meeting pack in as many round trips for three cases as for one: six, five once nothing is new to issue', async () => {
      const one = await meetingOf([(await lagCase('Ash', true)).referralId]);
      const three = await meetingOf([
        (await lagCase('Birch', true)).referralId,
        (await lagCase('Cedar', true)).referralId,
        (await lagCase('Elm', true)).referralId,
      ]);
      const packUrl = (meetingId: string) => `/lag/meetings/${meetingId}/pack?purpose=meeting_preparation`;
      const counts: Record<string, number> = {};
      for (const [name, meetingId, cases] of [
        ['one', one, 1],
        ['three', three, 3],
      ] as const) {
        await ok(hub.as(pc, { url: packUrl(meetingId) })); // the police work every case: their pack, not the chair's
        // Issued the first time to the chair's agency: its cases are recorded as issued to it.
        const first = await counting(chair, packUrl(meetingId));
        const pack = first.res.json();
        expect(pack.cases).toHaveLength(cases);
        for (const c of pack.cases)
          expect(c).toMatchObject({
            locked: false,
            incidentSummary: expect.stringMatching(/^Bins set alight/),
            victims: [{ givenName: 'Iris' }],
            openActions: [{ description: expect.stringMatching(/^Fit a camera/) }],
          });
        expect(first.awaited[1]).toMatch(/FROM lag\.meetings/);
        expect(first.awaited[2]).toMatch(/FROM people\.people/);
        expect(first.awaited[3]).toMatch(/event_store\.append/); // the consultation
        const again = await counting(chair, packUrl(meetingId));
        expect(again.res.statusCode).toBe(200);
        counts[`${name}, issued`] = first.awaited.length;
        counts[`${name}, again`] = again.awaited.length;
      }
      expect(counts).toEqual({ 'one, issued': 6, 'one, again': 5, 'three, issued': 6, 'three, again': 5 });
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
