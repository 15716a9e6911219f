/** A milestone of a review's clock, as the API gives it. */
export interface Milestone {
  milestone: string;
  dueOn: string | null;
  doneOn: string | null;
  workingDaysLeft: number | null;
  breached: boolean;
}

export interface ChartReview {
  reviewId: string;
  label: string;
  receivedOn: string;
  milestones: Milestone[];
}

export type MarkerState = 'done' | 'done_late' | 'overdue' | 'due';

export interface ClockChart {
  width: number;
  height: number;
  /** Where the bars start (after the labels) and end. */
  plotLeft: number;
  plotRight: number;
  todayX: number;
  ticks: Array<{ x: number; label: string }>;
  rows: Array<{
    reviewId: string;
    label: string;
    y: number;
    /** The clock: from receipt to today. */
    barX: number;
    barWidth: number;
    markers: Array<{ x: number; milestone: string; state: MarkerState; dueOn: string; title: string }>;
  }>;
}

const DAY = 86_400_000;
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
const MILESTONE_NAMES: Record<string, string> = {
  acknowledgement: 'Acknowledgement',
  threshold_decision: 'Threshold decision',
  panel_meeting: 'Panel meeting',
  outcome: 'Outcome',
  appeal_window: 'Appeal window',
};
export const milestoneName = (m: string) => MILESTONE_NAMES[m] ?? m;

const dayNumber = (iso: string) => Date.parse(`${iso}T00:00:00Z`) / DAY;

/** The state a milestone's marker shows: done in time, done late, overdue, or still to come. */
export function markerState(m: Milestone): MarkerState {
  if (m.doneOn) return m.breached ? 'done_late' : 'done';
  return m.breached ? 'overdue' : 'due';
}

const STATE_WORDS: Record<MarkerState, string> = {
  done: 'done in time',
  done_late: 'done late',
  overdue: 'overdue',
  due: 'still to do',
};

/**
 * The geometry of the chart "each review's clock against its deadlines": one row per review, a
 * bar from the day it was received to today, and a marker at each milestone's due day, coloured
 * by its state. Days are calendar days on the axis; the due days themselves were counted in
 * working days by the API. Pure: the template draws it as SVG, and a table gives the same facts.
 */
export function clockChart(reviews: ChartReview[], today: string): ClockChart {
  const width = 960;
  const plotLeft = 150;
  const plotRight = width - 20;
  const rowHeight = 36;
  const top = 40;
  // The appeal window is the applicant's time, not a deadline: it is not drawn, nor stretches the axis.
  const days = reviews.flatMap((r) => [
    r.receivedOn,
    ...r.milestones
      .filter((m) => m.milestone !== 'appeal_window')
      .map((m) => m.dueOn)
      .filter((d): d is string => !!d),
  ]);

  const first = Math.min(dayNumber(today), ...days.map(dayNumber));
  const last = Math.max(dayNumber(today), ...days.map(dayNumber)) + 1;
  const span = Math.max(last - first, 1);
  const x = (iso: string) =>
    Math.round((plotLeft + ((dayNumber(iso) - first) / span) * (plotRight - plotLeft)) * 10) / 10;
  const ticks: ClockChart['ticks'] = [];
  const start = new Date(first * DAY);
  for (let d = new Date(Date.UTC(start.getUTCFullYear(), start.getUTCMonth() + 1, 1)); d.getTime() / DAY <= last;) {
    const iso = d.toISOString().slice(0, 10);
    ticks.push({ x: x(iso), label: `${MONTHS[d.getUTCMonth()]} ${d.getUTCFullYear()}` });
    d = new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + 1, 1));
  }
  // Keep the month labels readable: at most about ten.
  const every = Math.max(1, Math.ceil(ticks.length / 10));
  return {
    width,
    height: top + reviews.length * rowHeight + 10,
    plotLeft,
    plotRight,
    todayX: x(today),
    ticks: ticks.filter((_, i) => i % every === 0),
    rows: reviews.map((r, i) => ({
      reviewId: r.reviewId,
      label: r.label,
      y: top + i * rowHeight,
      barX: x(r.receivedOn),
      barWidth: Math.max(1, x(today) - x(r.receivedOn)),
      markers: r.milestones
        .filter((m): m is Milestone & { dueOn: string } => m.dueOn !== null && m.milestone !== 'appeal_window')
        .map((m) => {
          const state = markerState(m);
          return {
            x: x(m.dueOn),
            milestone: m.milestone,
            state,
            dueOn: m.dueOn,
            title: `${milestoneName(m.milestone)} due ${m.dueOn}: ${STATE_WORDS[state]}`,
          };
        }),
    })),
  };
}
