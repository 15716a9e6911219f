import type { KeyObject } from 'node:crypto';
import type { BrokenLink, EventStore } from '@hubline/event-store';
import {
  checkpointStream,
  firstDifference,
  leafDigest,
  parseSignedCheckpoint,
  verifyCheckpointSignature,
  type Leaf,
} from './checkpoint-format';
import {
  checkpointEvents,
  checkpointsWithoutEvent,
  comparePositions,
  logChangesBetween,
  logStateAt,
  storedLeaves,
  type LogState,
  type SqlQuery,
} from './postgres-log-state';

export type CheckpointBreakReason =
  | 'malformed' // the event does not hold a signed checkpoint
  | 'unknown_key' // signed by a key other than the one verifying
  | 'bad_signature' // the signed fields were changed after signing
  | 'leaves_altered' // the stored stream states no longer hash to the signed digest
  | 'state_mismatch' // a stream's state at the checkpoint's position differs from the signed one
  | 'count_mismatch' // every stream matches but the number of events at or before the position differs
  | 'event_missing'; // the checkpoint's event was removed from the log

export interface StreamState {
  revision: number;
  hash: string;
}

export interface BrokenChainLink extends BrokenLink {
  kind: 'chain';
  /** The break in plain language. */
  message: string;
}

export interface BrokenCheckpoint {
  kind: 'checkpoint';
  checkpointId: string;
  /** The position the checkpoint covers (null when unreadable). */
  position: string | null;
  createdAt: string | null;
  reason: CheckpointBreakReason;
  /** For `state_mismatch`: the first stream, in digest order, whose state differs. */
  streamId?: string;
  /** Its state as signed (null: it had no events at or before the position). */
  signed?: StreamState | null;
  /** Its state recomputed from the events now stored (null: it has none at or before the position). */
  found?: StreamState | null;
  expected?: string;
  actual?: string;
  message: string;
}

export interface LogVerifyReport {
  ok: boolean;
  chains: { ok: boolean; streamsChecked: number; eventsChecked: number; firstBroken?: BrokenChainLink };
  checkpoints: {
    ok: boolean;
    /** False with EventStoreDB: checkpoints are built and checked on the PostgreSQL store only. */
    supported: boolean;
    checked: number;
    /** Fingerprint of the public key the signatures were checked with. */
    keyFingerprint: string;
    latest?: { checkpointId: string; position: string; createdAt: string };
    firstBroken?: BrokenCheckpoint;
  };
  /** The chain break if there is one, else the first broken checkpoint. */
  firstBroken?: BrokenChainLink | BrokenCheckpoint;
}

const short = (hash: string) => `${hash.slice(0, 12)}…`;

export function describeChainBreak(b: BrokenLink): string {
  switch (b.reason) {
    case 'hash_mismatch':
      return `stream ${b.streamId}, revision ${b.revision}: the stored event is not what was appended (its contents no longer match its hash).`;
    case 'revision_gap':
      return `stream ${b.streamId}: the event at revision ${b.revision} is missing (the next one stored is revision ${b.actual}).`;
    case 'missing_events':
      return `stream ${b.streamId}: its head says it ends at revision ${b.expected}, but its events stop at revision ${b.actual}: events were removed.`;
    case 'head_mismatch':
      return `stream ${b.streamId}: the stream head (last revision and hash) disagrees with its events at revision ${b.revision}.`;
  }
}

const describeState = (s: StreamState | null | undefined) =>
  s ? `revision ${s.revision} (hash ${short(s.hash)})` : 'no events';

function checkpointBreak(
  base: { checkpointId: string; position: string | null; createdAt: string | null },
  reason: CheckpointBreakReason,
  detail: string,
  extra: Partial<BrokenCheckpoint> = {},
): BrokenCheckpoint {
  const where = base.position ? ` (covering the log up to position ${base.position}, signed ${base.createdAt})` : '';
  return {
    kind: 'checkpoint',
    ...base,
    reason,
    ...extra,
    message: `signed checkpoint ${base.checkpointId}${where}: ${detail}`,
  };
}

const toState = (l: Leaf | null): StreamState | null => (l ? { revision: l.revision, hash: l.hash } : null);

/**
 * Checks the log end to end: every stream's hash chain (the store's `verify`), then every signed
 * checkpoint: its signature, its stored stream states against its signed digest, and the states
 * recomputed from the events now stored against both. A re-hashed forged stream passes the first
 * check and fails the last. `sql` is null with EventStoreDB, where only the chains are checked.
 */
export async function verifyLog(
  store: EventStore,
  sql: SqlQuery | null,
  key: { publicKey: KeyObject; fingerprint: string },
): Promise<LogVerifyReport> {
  const chains = await store.verify();
  const chainBreak: BrokenChainLink | undefined = chains.firstBroken
    ? { kind: 'chain', ...chains.firstBroken, message: describeChainBreak(chains.firstBroken) }
    : undefined;
  const report: LogVerifyReport = {
    ok: true,
    chains: {
      ok: chains.ok,
      streamsChecked: chains.streamsChecked,
      eventsChecked: chains.eventsChecked,
      ...(chainBreak ? { firstBroken: chainBreak } : {}),
    },
    checkpoints: { ok: true, supported: sql !== null, checked: 0, keyFingerprint: key.fingerprint },
  };
  if (sql) {
    const broken = await verifyCheckpoints(sql, key, report.checkpoints);
    if (broken) report.checkpoints = { ...report.checkpoints, ok: false, firstBroken: broken };
  }
  report.firstBroken = chainBreak ?? report.checkpoints.firstBroken;
  report.ok = !report.firstBroken;
  return report;
}

/**
 * The log's state at successive positions, reading each event once: checkpoints come in log order,
 * so each one's state is the previous one's plus the changes in between. (Recomputing each from
 * the start made verification cost the number of checkpoints times the size of the log.) A
 * position before the previous one, which the signers never produce, is recomputed from the start.
 */
class LogStateWalker {
  private readonly streams = new Map<string, Leaf>();
  private eventCount = 0;
  private at: string | null = null;

  constructor(private readonly sql: SqlQuery) {}

  async stateAt(position: string): Promise<LogState> {
    if (this.at && comparePositions(position, this.at) < 0) return logStateAt(this.sql, position);
    for (const change of await logChangesBetween(this.sql, this.at, position)) {
      this.eventCount += change.events;
      const known = this.streams.get(change.streamId);
      if (!known || change.revision > known.revision)
        this.streams.set(change.streamId, { streamId: change.streamId, revision: change.revision, hash: change.hash });
    }
    this.at = position;
    return { leaves: [...this.streams.values()], eventCount: this.eventCount };
  }
}

async function verifyCheckpoints(
  sql: SqlQuery,
  key: { publicKey: KeyObject; fingerprint: string },
  progress: LogVerifyReport['checkpoints'],
): Promise<BrokenCheckpoint | undefined> {
  const log = new LogStateWalker(sql);
  for (const event of await checkpointEvents(sql)) {
    const checkpoint = parseSignedCheckpoint(event.data);
    if (!checkpoint) {
      return checkpointBreak(
        { checkpointId: event.streamId, position: null, createdAt: null },
        'malformed',
        `the event in stream ${event.streamId} does not hold a well-formed signed checkpoint.`,
      );
    }
    const base = {
      checkpointId: checkpoint.checkpointId,
      position: checkpoint.position,
      createdAt: checkpoint.createdAt,
    };
    if (checkpoint.keyFingerprint !== key.fingerprint) {
      return checkpointBreak(
        base,
        'unknown_key',
        `it was signed by a key other than the published one (key ${short(checkpoint.keyFingerprint)}, expected ${short(key.fingerprint)}).`,
        {
          expected: key.fingerprint,
          actual: checkpoint.keyFingerprint,
        },
      );
    }
    if (!verifyCheckpointSignature(checkpoint, key.publicKey)) {
      return checkpointBreak(
        base,
        'bad_signature',
        'its signature does not verify: the checkpoint was changed after it was signed.',
      );
    }
    const stored = await storedLeaves(sql, checkpoint.checkpointId);
    const now = await log.stateAt(checkpoint.position);
    const storedDigest = leafDigest(stored);
    const nowDigest = leafDigest(now.leaves);
    if (storedDigest !== checkpoint.digest) {
      const log =
        nowDigest === checkpoint.digest
          ? 'The log itself still matches the signed digest.'
          : 'The log does not match the signed digest either, and the altered stream cannot be located from the stored states.';
      return checkpointBreak(
        base,
        'leaves_altered',
        `the stream states stored with it were altered: they no longer hash to the signed digest. ${log}`,
        {
          expected: checkpoint.digest,
          actual: storedDigest,
        },
      );
    }
    if (nowDigest !== checkpoint.digest) {
      const diff = firstDifference(stored, now.leaves);
      // Equal leaves hash alike, so a digest mismatch always has a first difference.
      const d = diff ?? { streamId: '?', signed: null, found: null };
      return checkpointBreak(
        base,
        'state_mismatch',
        `stream ${d.streamId} was at ${describeState(d.signed)} when signed, but its stored events now give ${describeState(d.found)} at that position: ` +
          'its events were altered, added or removed, and its hash chain recomputed.',
        {
          streamId: d.streamId,
          signed: toState(d.signed),
          found: toState(d.found),
          expected: checkpoint.digest,
          actual: nowDigest,
        },
      );
    }
    if (now.eventCount !== checkpoint.eventCount) {
      return checkpointBreak(
        base,
        'count_mismatch',
        `every stream's state matches, but ${now.eventCount} events now lie at or before its position instead of the signed ${checkpoint.eventCount}: events before a stream's last one were removed or added, or events were moved in the global order.`,
        { expected: String(checkpoint.eventCount), actual: String(now.eventCount) },
      );
    }
    progress.checked++;
    progress.latest = base as { checkpointId: string; position: string; createdAt: string };
  }
  const [missing] = await checkpointsWithoutEvent(sql);
  if (missing) {
    return checkpointBreak(
      missing,
      'event_missing',
      `its event (stream ${checkpointStream(missing.checkpointId)}) was removed from the log.`,
    );
  }
  return undefined;
}
