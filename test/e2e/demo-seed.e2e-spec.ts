import {
  actorOf,
  RECEIVERS,
  REVIEW_HISTORIES,
  seedAsbReports,
  seedCaseReviews,
  seedLocalityActionGroups,
  seedPartnership,
  seedPeople,
  THURROCK,
  type AsbDemoSummary,
  type CaseReviewDemoSummary,
  type LagDemoSummary,
  type SeededPartnership,
  type SeededPerson,
} from '@hubline/demo';
import type { CommandBus } from '@nestjs/cqrs';
import { TestHub } from '../support/test-hub';

describe('demo data', () => {
  let hub: TestHub;
  beforeAll(async () => {
    hub = await TestHub.start();
  });
  afterAll(() => hub?.close());

  const eventCount = async () => Number((await hub.db.query('SELECT count(*) AS n FROM event_store.events'))[0].n);

  it('seeds the partnership, its users and people, and a second run appends nothing', async () => {
    const seed = async () => {
      const seeded = await seedPartnership(hub.commands, THURROCK);
      await hub.settle();
      const people = await seedPeople(
        hub.commands,
        seeded,
        [actorOf(THURROCK, seeded, 'pc.okafor@essex-police.demo')],
        25,
      );
      await hub.settle();
      return { seeded, people };
    };
    const first = await seed();
    const afterFirst = await eventCount();
    expect(first.people).toHaveLength(25);
    const second = await seed();
    expect(second).toEqual(first);
    expect(await eventCount()).toBe(afterFirst);

    const res = await hub.as('pc.okafor@essex-police.demo', {
      url: `/people/${first.people[0].personId}?purpose=data_quality`,
    });
    expect(res.statusCode).toBe(200);
    expect(res.json().givenName).toEqual(expect.any(String));
  });

  // A smaller story than `npm run seed` tells (60 referrals for 300 people), with the same fates.
  describe('Locality Action Groups', () => {
    const chair = 'lag.chair@thurrock.demo';
    let seeded: SeededPartnership;
    let people: SeededPerson[];
    let summary: LagDemoSummary;
    let seedingStartedAt: number;
    const seedLags = () => seedLocalityActionGroups(hub.commands, seeded, people, { app: hub.app, referrals: 12 });
    const get = async (subject: string, url: string) => {
      const res = await hub.as(subject, { url });
      expect({ url, status: res.statusCode }).toEqual({ url, status: 200 });
      return res.json();
    };

    beforeAll(async () => {
      seeded = await seedPartnership(hub.commands, THURROCK);
      await hub.settle();
      const registrars = ['pc.okafor@essex-police.demo', 'panel.housing@thurrock.demo'].map((s) =>
        actorOf(THURROCK, seeded, s),
      );
      // Other people than the test above registered (now), so that every record predates its cases.
      people = await seedPeople(
        hub.commands,
        seeded,
        registrars,
        40,
        2024,
        new Date(Date.now() - 300 * 86_400_000).toISOString(),
      );
      seedingStartedAt = Date.now();
      summary = await seedLags();
      await hub.settle(60_000);
    });

    it('has referrals in every state: awaiting the chair, declined, open, closed, reopened and repeat', async () => {
      for (const status of ['referred', 'accepted', 'declined', 'closed'] as const) {
        const listed = await get(chair, `/lag/referrals?status=${status}`);
        expect({ status, count: listed.length }).toEqual({ status, count: summary.referrals[status] });
        expect(listed.length).toBeGreaterThan(0);
      }
      const all: Array<{ repeat: boolean; category: string }> = await get(chair, '/lag/referrals');
      expect(all).toHaveLength(12);
      expect(all.filter((r) => r.repeat)).toHaveLength(summary.repeat);
      expect(summary.repeat).toBeGreaterThan(0);
      expect(summary.reopened).toBeGreaterThan(0);
      expect(new Set(all.map((r) => r.category))).toEqual(new Set(['asb', 'hate_crime']));
    });

    it('leaves some actions overdue for the agencies that own them', async () => {
      let overdue = 0;
      for (const agencyId of Object.values(seeded.agencies)) {
        const actions: Array<{ overdue: boolean; owningAgencyId: string }> = await get(
          chair,
          `/lag/actions?agencyId=${agencyId}&state=overdue`,
        );
        expect(actions.every((a) => a.overdue && a.owningAgencyId === agencyId)).toBe(true);
        overdue += actions.length;
      }
      expect(overdue).toBe(summary.actions.overdue);
      expect(overdue).toBeGreaterThan(0);
    });

    it('has held meetings, and the next one has an agenda whose pack the chair can read', async () => {
      const held: Array<{
        confidentialityConfirmedAt: string | null;
        attendance: unknown[];
        agenda: Array<{ discussed: boolean }>;
      }> = await get(chair, '/lag/meetings?status=closed');
      expect(held.length).toBe(summary.meetings.held + summary.meetings.urgent);
      expect(
        held.every((m) => m.confidentialityConfirmedAt && m.attendance.length > 0 && m.agenda.some((a) => a.discussed)),
      ).toBe(true);

      const upcoming: Array<{ meetingId: string; startsAt: string; agenda: unknown[] }> = await get(
        chair,
        '/lag/meetings?status=scheduled',
      );
      expect(upcoming.length).toBe(summary.meetings.upcoming);
      const next = upcoming.find((m) => m.agenda.length > 0)!;
      expect(Date.parse(next.startsAt)).toBeGreaterThan(Date.now());
      const pack = await get(chair, `/lag/meetings/${next.meetingId}/pack?purpose=meeting_preparation`);
      expect(pack.cases).toHaveLength(next.agenda.length);
      expect(pack.cases[0]).toMatchObject({ locked: false, incidentSummary: expect.any(String) });
      expect(pack.cases[0].victims[0].givenName).toEqual(expect.any(String));
    });

    it("shows an open case with its discussions, and its victim's timeline", async () => {
      const open: Array<{ referralId: string; reviewCount: number }> = await get(
        chair,
        '/lag/referrals?status=accepted',
      );
      const reviewed = open.find((r) => r.reviewCount > 0)!;
      const view = await get(chair, `/lag/referrals/${reviewed.referralId}?purpose=case_management`);
      expect(view.discussions.length).toBeGreaterThan(0);
      expect(view.discussions[0].notes).toEqual(expect.any(String));
      expect(view.actions.length).toBeGreaterThan(0);

      const timeline = await get(chair, `/timelines/victims/${view.victims[0].personId}?purpose=case_management`);
      const types = timeline.entries.map((e: { type: string }) => e.type);
      expect(types).toEqual(
        expect.arrayContaining(['PersonRegistered', 'VictimReferred', 'ReferralAccepted', 'CaseDiscussed']),
      );
      // Newest first, and the person was registered before anything happened to them.
      expect(types[types.length - 1]).toBe('PersonRegistered');
    });

    it("stamps the sharing inside cases with the times of the meetings and case events it stands for, not the seeding's", async () => {
      const held: Array<{ meetingId: string; startsAt: string }> = await get(chair, '/lag/meetings?status=closed');
      const startOf = new Map(held.map((m) => [m.meetingId, Date.parse(m.startsAt)]));
      const seen = new Map<string, { at: string; basis: { kind: string; occasion?: string; meetingId?: string } }>();
      for (const agencyId of Object.values(seeded.agencies)) {
        const report: { entries: Array<{ disclosureId: string; at: string; basis: { kind: string } }> } = await get(
          'auditor@thurrock.demo',
          `/audit/agencies/${agencyId}/sharing`,
        );
        for (const e of report.entries) if (e.basis.kind === 'case_involvement') seen.set(e.disclosureId, e);
      }
      const atMeetings = [...seen.values()].filter((e) => e.basis.occasion === 'discussed_at_meeting');
      const joined = [...seen.values()].filter((e) => e.basis.occasion === 'joined_case');
      expect(atMeetings.length).toBeGreaterThan(0);
      expect(joined.length).toBeGreaterThan(0);
      for (const e of atMeetings) {
        const start = startOf.get(e.basis.meetingId!)!;
        expect(start).toEqual(expect.any(Number));
        // Discussed during the meeting it stands for, which was held before the seeding began.
        expect(Date.parse(e.at)).toBeGreaterThanOrEqual(start);
        expect(Date.parse(e.at)).toBeLessThan(start + 12 * 3_600_000);
      }
      for (const e of joined) expect(Date.parse(e.at)).toBeLessThan(seedingStartedAt);
      // Months of history, not one moment.
      const times = [...seen.values()].map((e) => Date.parse(e.at));
      expect(Math.max(...times) - Math.min(...times)).toBeGreaterThan(30 * 86_400_000);
    });

    it('appends nothing when seeded again', async () => {
      await hub.settle();
      const before = await eventCount();
      const again = await seedLags();
      expect(again).toEqual({ ...summary, stepsRun: 0 });
      expect(summary.stepsRun).toBe(summary.steps);
      expect(await eventCount()).toBe(before);
    });

    it('carries on where an interrupted run stopped', async () => {
      // Another story (its own people and ids) in the same partnership, cut off half way.
      const others = await seedPeople(
        hub.commands,
        seeded,
        [actorOf(THURROCK, seeded, 'pc.okafor@essex-police.demo')],
        40,
        99,
        new Date(Date.now() - 300 * 86_400_000).toISOString(),
      );
      await hub.settle();
      let sent = 0;
      const failing = {
        execute: (command: unknown) =>
          ++sent > summary.steps / 2
            ? Promise.reject(new Error('interrupted'))
            : hub.commands.execute(command as never),
      } as unknown as CommandBus;
      const options = { app: hub.app, referrals: 12, seed: 99 };
      await expect(seedLocalityActionGroups(failing, seeded, others, options)).rejects.toThrow('interrupted');

      const resumed = await seedLocalityActionGroups(hub.commands, seeded, others, options);
      expect(resumed.stepsRun).toBe(resumed.steps - (sent - 1));
      // Reactors (the sharing context's disclosures) append what the resumed run's events call for.
      await hub.settle();
      const before = await eventCount();
      expect((await seedLocalityActionGroups(hub.commands, seeded, others, options)).stepsRun).toBe(0);
      await hub.settle();
      expect(await eventCount()).toBe(before);
    });
  });
  // A smaller year than `npm run seed` tells (20 victims besides the review applicants' histories).
  describe('ASB reports', () => {
    let seeded: SeededPartnership;
    let people: SeededPerson[];
    let summary: AsbDemoSummary;
    let reviews: CaseReviewDemoSummary;
    const seedAsb = () => seedAsbReports(hub.commands, seeded, people, { app: hub.app, victims: 20 });
    const seedReviews = () => seedCaseReviews(hub.commands, seeded, summary, hub.app);
    const coordinator = 'case.review@thurrock.demo';
    const get = async (subject: string, url: string) => {
      const res = await hub.as(subject, { url });
      expect({ url, status: res.statusCode }).toEqual({ url, status: 200 });
      return res.json();
    };

    beforeAll(async () => {
      seeded = await seedPartnership(hub.commands, THURROCK);
      await hub.settle();
      people = await seedPeople(
        hub.commands,
        seeded,
        [actorOf(THURROCK, seeded, 'asb.officer@thurrock.demo')],
        45,
        2031,
        new Date(Date.now() - 560 * 86_400_000).toISOString(),
        4,
      );
      summary = await seedAsb();
      reviews = await seedReviews();
      await hub.settle(60_000);
    });

    it('records reports of every category to relevant bodies and others, some of one incident', () => {
      expect(summary.reports).toBeGreaterThan(60);
      for (const category of ['personal', 'nuisance', 'environmental', 'hate'] as const)
        expect({ category, n: summary.byCategory[category] }).toEqual({ category, n: expect.any(Number) });
      expect(Math.min(...Object.values(summary.byCategory))).toBeGreaterThan(0);
      expect(summary.toOtherBodies).toBeGreaterThan(0);
      expect(summary.byBusinessesOrGroups).toBeGreaterThan(0);
      expect(summary.perpetratorUnknown).toBeGreaterThan(0);
      expect(summary.sharedIncidents).toBeGreaterThan(0);
      expect(summary.incidents + summary.sharedIncidents).toBe(summary.reports);
      expect(summary.from < summary.today).toBe(true);
    });

    it("puts the explanations still due on the owing agencies' work lists, and the rest as explained", async () => {
      const x = summary.explanations;
      expect(x.arisen).toBeGreaterThan(0);
      expect(x.explained).toBeGreaterThan(0);
      expect(x.explained + x.due + x.withdrawn).toBe(x.arisen);
      let due = 0;
      let all = 0;
      for (const subject of Object.values(RECEIVERS)) {
        const open: Array<{ status: string }> = await get(subject, '/asb/work-list?purpose=case_management');
        expect(open.every((d) => d.status === 'due')).toBe(true);
        due += open.length;
        all += (await get(subject, '/asb/work-list?purpose=case_management&includeExplained=true')).length;
      }
      expect(due).toBe(x.due);
      expect(all).toBe(x.arisen);
    });

    it("shows a review applicant's reports, and their timeline, as the story tells them", async () => {
      const history = REVIEW_HISTORIES.find((h) => h.key === 'R1')!;
      const { victimPersonId, reportIds } = summary.reviewHistories.R1;
      // Each report of the history, and the second agency's report of one incident.
      expect(reportIds).toHaveLength(history.reports.length + history.reports.filter((r) => r.alsoTo).length);
      const reports: Array<{ reportId: string; incidentId: string; reportedOn: string }> = await get(
        'case.review@thurrock.demo',
        `/asb/reports?personId=${victimPersonId}&purpose=case_management`,
      );
      expect(reports.map((r) => r.reportId).sort()).toEqual([...reportIds].sort());
      expect(new Set(reports.map((r) => r.incidentId)).size).toBe(history.reports.length);
      const applied = new Date(Date.parse(`${summary.today}T12:00:00Z`) - history.appliedDaysAgo * 86_400_000);
      expect(reports.every((r) => r.reportedOn < applied.toISOString().slice(0, 10))).toBe(true);

      // The council registered the applicant, so its officers see them.
      const timeline = await get(
        'asb.officer@thurrock.demo',
        `/timelines/victims/${victimPersonId}?purpose=case_management`,
      );
      const types: string[] = timeline.entries.map((e: { type: string }) => e.type);
      expect(types.filter((t) => t === 'AsbReportRecorded')).toHaveLength(reportIds.length);
      expect(types).toEqual(expect.arrayContaining(['CaseReviewExplanationDue']));
      expect(types[types.length - 1]).toBe('PersonRegistered');
    });

    it('has the thirteen case reviews of the year, in every state', async () => {
      const listed: Array<{ status: string; reviewId: string; applicantKind: string; route: string }> = await get(
        coordinator,
        '/case-reviews',
      );
      expect(listed).toHaveLength(13);
      expect(reviews.reviews).toBe(13);
      const byStatus = listed.reduce<Record<string, number>>(
        (acc, r) => ({ ...acc, [r.status]: (acc[r.status] ?? 0) + 1 }),
        {},
      );
      expect(byStatus).toEqual(reviews.byStatus);
      expect(Object.keys(byStatus).sort()).toEqual(
        ['closed', 'escalated', 'in_review', 'not_met', 'outcome_sent', 'received'].sort(),
      );
      expect(new Set(listed.map((r) => r.route))).toEqual(new Set(['online', 'phone', 'paper', 'in_person', 'email']));
      expect(new Set(listed.map((r) => r.applicantKind))).toEqual(new Set(['victim', 'on_behalf', 'business']));
      // The PFCC's office sees only the three reviews escalated to it.
      expect(await get('reviews@essex-pfcc.demo', '/case-reviews')).toHaveLength(3);
    });

    it('publishes figures for the year that add up to the reviews behind them', async () => {
      const from = new Date(Date.parse(`${summary.today}T12:00:00Z`) - 364 * 86_400_000).toISOString().slice(0, 10);
      const published: { figures: Array<{ name: string; count: number; reviewIds: string[] }> } = await get(
        coordinator,
        `/case-reviews/figures?from=${from}`,
      );
      const figure = (name: string) => published.figures.find((f) => f.name === name)!;
      expect({
        applications: figure('applications_received').count,
        thresholdNotMet: figure('threshold_not_met').count,
        reviewsCarriedOut: figure('reviews_carried_out').count,
        withRecommendations: figure('reviews_with_recommendations').count,
      }).toEqual(reviews.figures);
      expect(reviews.figures.applications).toBe(13);
      for (const f of published.figures) expect(f.reviewIds).toHaveLength(f.count);
      // A review carried out was first found to meet the threshold; one with recommendations was carried out.
      const carried = new Set(figure('reviews_carried_out').reviewIds);
      expect(figure('reviews_with_recommendations').reviewIds.every((id) => carried.has(id))).toBe(true);
      expect(figure('threshold_not_met').reviewIds.some((id) => carried.has(id))).toBe(false);
      expect(reviews.figures.thresholdNotMet + reviews.figures.reviewsCarriedOut).toBeLessThanOrEqual(13);
    });

    it('lists the open reviews with steps due for the coordinator, one breached', async () => {
      const due: Array<{ status: string; overdue: boolean; milestones: Array<{ breached: boolean }> }> = await get(
        coordinator,
        '/case-reviews/due',
      );
      expect(due.length).toBeGreaterThan(1);
      expect(due.every((r) => r.status !== 'closed')).toBe(true);
      expect(due.some((r) => r.status === 'received' && r.milestones.some((m) => m.breached))).toBe(true);
    });

    it("shows a victim's reports and their case review on their timeline", async () => {
      const { victimPersonId } = summary.reviewHistories.R1;
      const timeline = await get(
        'asb.officer@thurrock.demo',
        `/timelines/victims/${victimPersonId}?purpose=case_management`,
      );
      const types: string[] = timeline.entries.map((e: { type: string }) => e.type);
      expect(types).toEqual(
        expect.arrayContaining([
          'AsbReportRecorded',
          'CaseReviewApplied',
          'CaseReviewThresholdDecided',
          'CaseReviewPanelHeld',
          'CaseReviewOutcomeSent',
          'CaseReviewClosed',
        ]),
      );
      // Newest first, at the story's times: the reports, then the application, then the closure.
      const applied = types.indexOf('CaseReviewApplied');
      expect(types.indexOf('CaseReviewClosed')).toBeLessThan(applied);
      expect(types.indexOf('AsbReportRecorded')).toBeGreaterThan(applied);
    });

    it('appends nothing when seeded again', async () => {
      await hub.settle();
      const before = await eventCount();
      const again = await seedAsb();
      expect(again).toEqual({ ...summary, stepsRun: 0 });
      expect(summary.stepsRun).toBe(summary.steps);
      const reviewsAgain = await seedReviews();
      expect(reviewsAgain).toEqual({ ...reviews, stepsRun: 0 });
      expect(reviews.stepsRun).toBe(reviews.steps);
      expect(await eventCount()).toBe(before);
    });
  });
});
