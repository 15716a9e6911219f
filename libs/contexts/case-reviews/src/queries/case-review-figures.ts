import { Injectable } from '@nestjs/common';
import { addMonths, addWorkingDays, workingDaysBetween } from '@hubline/calendar';
import type { ExistingReview } from '../domain';
import type { MilestoneStatus } from '../domain/timescales';
import { CaseReviewsClock } from '../case-reviews-clock';
import { CaseReviewsReadModel, summaryOf, type ReviewSummary } from './case-reviews-read-model';
import { ReviewDeadlines } from './review-deadlines';

export type FigureName =
  'applications_received' | 'threshold_not_met' | 'reviews_carried_out' | 'reviews_with_recommendations';

/** The four figures a partnership publishes each year (ASB, Crime and Policing Act 2014 s.104(10)), and how each is counted. */
export const FIGURES: Array<{ name: FigureName; description: string }> = [
  { name: 'applications_received', description: 'Applications received in the period.' },
  {
    name: 'threshold_not_met',
    description:
      'Threshold decisions made in the period that found it not met (a review referred back and decided again counts again).',
  },
  { name: 'reviews_carried_out', description: 'Reviews whose panel met in the period.' },
  {
    name: 'reviews_with_recommendations',
    description: 'Of the reviews carried out in the period, those whose panel made one or more recommendations.',
  },
];

export interface CaseReviewFigures {
  partnershipId: string;
  from: string;
  /** Exclusive: twelve months after `from`. */
  to: string;
  figures: Array<{ name: FigureName; description: string; count: number; reviewIds: string[] }>;
  /** Working days from receipt to each step, for applications received in the period that reached it. */
  medianWorkingDays: Array<{ milestone: string; median: number | null; reviews: number }>;
  /** Per agency: information requests answered late (or unanswered past due), recommendations overdue. */
  breachesByAgency: Array<{ agencyId: string; informationRequestsLate: number; recommendationsOverdue: number }>;
  asOf: string;
}

export interface DueReview extends ReviewSummary {
  milestones: MilestoneStatus[];
  overdue: boolean;
}

const median = (values: number[]): number | null => {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
};
const inPeriod = (day: string | null | undefined, from: string, to: string): day is string =>
  typeof day === 'string' && day >= from && day < to;

/** The published figures and the coordinator's list of deadlines, from the read model. */
@Injectable()
export class CaseReviewFiguresService {
  constructor(
    private readonly readModel: CaseReviewsReadModel,
    private readonly deadlines: ReviewDeadlines,
    private readonly clock: CaseReviewsClock,
  ) {}

  /** The first day of the reporting year `today` falls in, for the partnership's start month. */
  reportingYearStart(today: string, startMonth: number): string {
    const year = Number(today.slice(0, 4));
    const start = `${year}-${String(startMonth).padStart(2, '0')}-01`;
    return start <= today ? start : addMonths(start, -12);
  }

  async figures(partnershipId: string, fromDay: string | null): Promise<CaseReviewFigures> {
    const today = this.clock.today();
    const { settings } = await this.readModel.settings(partnershipId);
    const from = fromDay ?? this.reportingYearStart(today, settings.reportingYearStartMonth);
    const to = addMonths(from, 12);
    const reviews = (await this.readModel.reviews(partnershipId)).map((r) => r.state);

    const received = reviews.filter((s) => inPeriod(s.record.receivedOn, from, to));
    const notMet: string[] = [];
    for (const s of reviews)
      for (const d of s.record.decisions) if (!d.met && inPeriod(d.decidedOn, from, to)) notMet.push(s.record.reviewId);
    const carriedOut = reviews.filter((s) => s.record.panels.some((p) => inPeriod(p.held?.heldOn, from, to)));
    const withRecommendations = carriedOut.filter((s) =>
      s.record.panels.some(
        (p) =>
          inPeriod(p.held?.heldOn, from, to) &&
          Object.values(s.record.recommendations).some((x) => x.round === p.round),
      ),
    );
    const ids = (list: ExistingReview[]) => list.map((s) => s.record.reviewId);
    const counts: Record<FigureName, string[]> = {
      applications_received: ids(received),
      threshold_not_met: notMet,
      reviews_carried_out: ids(carriedOut),
      reviews_with_recommendations: ids(withRecommendations),
    };

    const daysTo = (pick: (s: ExistingReview) => string | null | undefined) =>
      received.flatMap((s) => {
        const day = pick(s);
        return day ? [workingDaysBetween(s.record.receivedOn, day)] : [];
      });
    const steps: Array<[string, (s: ExistingReview) => string | null | undefined]> = [
      ['acknowledgement', (s) => s.record.acknowledged?.acknowledgedOn],
      ['threshold_decision', (s) => s.record.decisions[0]?.decidedOn],
      ['panel_meeting', (s) => s.record.panels.find((p) => p.held)?.held?.heldOn],
      ['outcome', (s) => s.record.outcomes[0]?.sentOn],
      ['closure', (s) => s.record.closures[0]?.closedOn],
    ];

    const breaches = new Map<string, { informationRequestsLate: number; recommendationsOverdue: number }>();
    const of = (agencyId: string) => {
      if (!breaches.has(agencyId)) breaches.set(agencyId, { informationRequestsLate: 0, recommendationsOverdue: 0 });
      return breaches.get(agencyId)!;
    };
    for (const q of await this.readModel.informationRequests(partnershipId, null, true)) {
      if (!inPeriod(q.askedOn, from, to)) continue;
      const late = q.answeredOn ? q.answeredOn > q.dueOn : q.dueOn < today;
      if (late) of(q.agencyId).informationRequestsLate++;
    }
    for (const x of await this.readModel.recommendations(partnershipId, null, true)) {
      if (!inPeriod(x.dueOn, from, to)) continue;
      const overdue = x.finishedOn ? x.status === 'done' && x.finishedOn > x.dueOn : x.dueOn < today;
      if (overdue) of(x.owningAgencyId).recommendationsOverdue++;
    }

    return {
      partnershipId,
      from,
      to,
      figures: FIGURES.map((f) => ({ ...f, count: counts[f.name].length, reviewIds: counts[f.name] })),
      medianWorkingDays: steps.map(([milestone, pick]) => {
        const days = daysTo(pick);
        return { milestone, median: median(days), reviews: days.length };
      }),
      breachesByAgency: [...breaches]
        .map(([agencyId, b]) => ({ agencyId, ...b }))
        .sort((a, b) => (a.agencyId < b.agencyId ? -1 : 1)),
      asOf: today,
    };
  }

  /**
   * Open reviews with a step due within `withinWorkingDays` of `asOf`, or overdue: each with its
   * milestones. The most overdue first.
   */
  async due(partnershipId: string, asOf: string | null, withinWorkingDays: number): Promise<DueReview[]> {
    const day = asOf ?? this.clock.today();
    const horizon = addWorkingDays(day, withinWorkingDays);
    const { settings } = await this.readModel.settings(partnershipId);
    const rows = (await this.readModel.reviews(partnershipId)).filter((r) => r.state.status !== 'closed');
    const due: DueReview[] = [];
    for (const row of rows) {
      const milestones = this.deadlines.milestones(row.state.record, row.state.status, settings.timescales, day);
      // The appeal window is the applicant's time, not a deadline of the coordinator's.
      const pending = milestones.filter(
        (m) => m.milestone !== 'appeal_window' && m.dueOn !== null && m.doneOn === null,
      );
      if (!pending.some((m) => m.dueOn! <= horizon)) continue;
      due.push({ ...summaryOf(row), milestones, overdue: pending.some((m) => m.dueOn! < day) });
    }
    const firstDue = (r: DueReview) =>
      r.milestones
        .filter((m) => m.milestone !== 'appeal_window' && m.dueOn && !m.doneOn)
        .map((m) => m.dueOn!)
        .sort()[0] ?? '9999-12-31';
    return due.sort((a, b) => (firstDue(a) < firstDue(b) ? -1 : firstDue(a) > firstDue(b) ? 1 : 0));
  }
}

/** The four published figures as CSV: one line each, with the period. */
export function figuresCsv(f: CaseReviewFigures): string {
  const cell = (v: string | number) => {
    const s = String(v);
    return /[",\n\r]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
  };
  const lines = [
    ['figure', 'count', 'from', 'to_exclusive', 'description'],
    ...f.figures.map((x) => [x.name, x.count, f.from, f.to, x.description]),
  ];
  return lines.map((l) => l.map(cell).join(',')).join('\r\n') + '\r\n';
}
