import { randomUUID } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import type { Actor } from '@hubline/access';
import { londonDay } from '@hubline/calendar';
import { handleCommand, parsePosition, type EventStore } from '@hubline/event-store';
import { referralStream } from '@hubline/lag';
import type { ProjectionRunner } from '@hubline/projections';
import {
  decideReferral,
  DEFAULT_REVIEW_CADENCE,
  evolveReferral,
  initialReferralState,
} from '../../../libs/contexts/lag/src/domain';
import { sleep } from './figures';

/**
 * Notes when the timelines projection has applied each acknowledged append. The runner sets its
 * checkpoint in memory right after the transaction that applied a batch (and moved the stored
 * checkpoint) commits, so "checkpoint ≥ the append's position" means the entry is readable.
 * Reading that field costs no query: polling the read model instead, for hundreds of commands a
 * second every few milliseconds, would add thousands of queries a second to the two cores that
 * run the projection being measured.
 *
 * The watch runs on the hub's thread, so it must cost next to nothing however far the projection
 * falls behind: the waiting appends are kept in log order with their positions parsed once, and a
 * check looks only at the front (comparing every waiting append on every check and every
 * acknowledgement cost the hub's thread a tenth of its time once a thousand were waiting).
 */
class VisibilityWatch {
  readonly lags: number[] = [];
  /** Waiting appends in log order: `[transaction, sequence]` of each position, and when acknowledged. */
  private pending: Array<{ at: [bigint, bigint]; ackAt: number }> = [];
  private lastCheckpoint: string | null = null;
  private readonly timer: NodeJS.Timeout;

  constructor(private readonly runner: ProjectionRunner) {
    // 1 ms: the finest timer Node has; the check is a string comparison when nothing moved.
    this.timer = setInterval(() => this.check(false), 1);
  }

  expect(position: string, ackAt: number): void {
    const at = parsed(position);
    // Acknowledgements come almost in log order: the insertion point is found from the end.
    let i = this.pending.length;
    while (i > 0 && before(at, this.pending[i - 1].at)) i--;
    this.pending.splice(i, 0, { at, ackAt });
    this.check(true);
  }

  get waiting(): number {
    return this.pending.length;
  }

  stop(): void {
    clearInterval(this.timer);
  }

  private check(added: boolean): void {
    const checkpoint = this.runner.status().checkpoint;
    if (!checkpoint || (!added && checkpoint === this.lastCheckpoint)) return;
    this.lastCheckpoint = checkpoint;
    const reached = parsed(checkpoint);
    const now = performance.now();
    let n = 0;
    while (n < this.pending.length && !before(reached, this.pending[n].at))
      this.lags.push(now - this.pending[n++].ackAt);
    if (n > 0) this.pending.splice(0, n);
  }
}

function parsed(position: string): [bigint, bigint] {
  const p = parsePosition(position);
  if (!p) throw new Error(`not a store position: ${position}`);
  return p;
}

const before = (a: [bigint, bigint], b: [bigint, bigint]) => a[0] < b[0] || (a[0] === b[0] && a[1] < b[1]);

export interface LagOptions {
  rate: number;
  durationS: number;
  /** Accepted referrals to review, in turn (none of them the chosen victim's). */
  referralIds: string[];
  chair: Actor;
  partnershipId: string;
  /** Commands waiting for their acknowledgement beyond this are not sent (counted as skipped). */
  maxInFlight: number;
}

export interface LagReport {
  intended: number;
  issued: number;
  skipped: number;
  acknowledged: number;
  failed: number;
  firstFailure: string | null;
  /** Acknowledged commands whose event the projection had not applied when waiting ended. */
  neverVisible: number;
  lags: number[];
  commandLatencies: number[];
  /** How late each command was sent against its schedule, ms. */
  slips: number[];
  eventIds: string[];
  seconds: number;
}

/**
 * Open loop at a steady rate: command i is sent at start + i/rate whatever happened to the ones
 * before. Each is a LAG chair recording a review of an accepted referral by the same steps as the
 * DecideOnReferral handler (load the stream, decide with the referral decider, append with the
 * expected revision, retry on a concurrent write), minus its settings look-up, so the append's
 * position is known at acknowledgement. Its event id is chosen here: the tag that finds it later.
 */
export async function measureLag(store: EventStore, runner: ProjectionRunner, o: LagOptions): Promise<LagReport> {
  const watch = new VisibilityWatch(runner);
  const report: LagReport = {
    intended: Math.round(o.rate * o.durationS),
    issued: 0,
    skipped: 0,
    acknowledged: 0,
    failed: 0,
    firstFailure: null,
    neverVisible: 0,
    lags: watch.lags,
    commandLatencies: [],
    slips: [],
    eventIds: [],
    seconds: 0,
  };
  const fold = { initialState: initialReferralState, evolve: evolveReferral };
  const metadata = { userId: o.chair.userId, agencyId: o.chair.agencyId };

  const review = async (referralId: string): Promise<void> => {
    const eventId = randomUUID();
    const sent = performance.now();
    const outcome = await handleCommand(
      store,
      referralStream(referralId),
      fold,
      (state) => {
        const now = new Date().toISOString();
        return decideReferral(
          {
            type: 'RecordReview',
            partnershipId: o.partnershipId,
            meetingId: null,
            reviewedByUserId: o.chair.userId,
            cadence: DEFAULT_REVIEW_CADENCE,
            now,
            today: londonDay(now),
          },
          state,
        );
      },
      { metadata: { ...metadata, correlationId: `bench-lag-${eventId}` }, newId: () => eventId },
    );
    const ackAt = performance.now();
    if (!outcome.position || outcome.events.length !== 1)
      throw new Error(`review of ${referralId} appended ${outcome.events.length} events`);
    report.commandLatencies.push(ackAt - sent);
    report.acknowledged++;
    report.eventIds.push(eventId);
    watch.expect(outcome.position, ackAt);
  };

  let inFlight = 0;
  const start = performance.now();
  for (let i = 0; i < report.intended; i++) {
    const due = start + (i * 1000) / o.rate;
    const wait = due - performance.now();
    if (wait >= 1) await sleep(wait);
    if (inFlight >= o.maxInFlight) {
      report.skipped++;
      continue;
    }
    report.slips.push(Math.max(0, performance.now() - due));
    report.issued++;
    inFlight++;
    review(o.referralIds[i % o.referralIds.length])
      .catch((error: unknown) => {
        report.failed++;
        report.firstFailure ??= error instanceof Error ? error.message : String(error);
      })
      .finally(() => inFlight--);
  }
  // Stragglers: every acknowledgement, then every event applied (or a minute at most).
  const deadline = performance.now() + 60_000;
  while ((inFlight > 0 || watch.waiting > 0) && performance.now() < deadline) await sleep(5);
  report.seconds = (performance.now() - start) / 1000;
  report.neverVisible = watch.waiting;
  watch.stop();
  return report;
}
