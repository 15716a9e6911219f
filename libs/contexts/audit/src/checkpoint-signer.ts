import { randomUUID } from 'node:crypto';
import type { DataSource, QueryRunner } from 'typeorm';
import { DomainError } from '@hubline/errors';
import type { EventMetadata, EventStore, JsonObject } from '@hubline/event-store';
import {
  CHECKPOINT_EVENT_TYPE,
  checkpointStream,
  leafDigest,
  signCheckpoint,
  type SignedCheckpoint,
} from './checkpoint-format';
import { logStateAt, stableHead, type SqlQuery } from './postgres-log-state';
import type { AuditSigningKey } from './signing-key';

export class LogEmptyError extends DomainError {
  readonly code = 'AUDIT.LOG_EMPTY';
  readonly kind = 'conflict';
}

/** A checkpoint was signed too recently for another on demand; `retryAfterSeconds` says when. */
export class CheckpointTooSoonError extends DomainError {
  readonly code = 'AUDIT.CHECKPOINT_TOO_SOON';
  readonly kind = 'too_soon';
}

export interface SignedCheckpointReceipt extends SignedCheckpoint {
  /** Where the `LogCheckpointSigned` event itself landed in the log (covered by the next checkpoint). */
  eventPosition: string;
}

export type ScheduledOutcome =
  | { status: 'signed'; checkpoint: SignedCheckpointReceipt }
  /** Another process is signing right now. */
  | { status: 'busy' }
  /** The last checkpoint is recent enough. */
  | { status: 'not_due' }
  /** Nothing was written since the last checkpoint's own event. */
  | { status: 'unchanged' }
  | { status: 'empty' };

/** One signer at a time across every process sharing the database. */
const LOCK = 'hubline:audit:checkpoint';
/** Leaves written per statement. */
const LEAF_CHUNK = 5000;
/** A scheduled run signs when the last checkpoint is at least this share of the interval old, so timers of several processes do not each sign. */
const DUE_SHARE = 0.9;

/**
 * Signs checkpoints of the PostgreSQL log. The position and every stream's state are read in one
 * REPEATABLE READ snapshot; the leaves are committed before the event is appended, so a crash in
 * between leaves an unfinished row (no event position), never an event without its leaves.
 */
export class CheckpointSigner {
  constructor(
    private readonly db: DataSource,
    private readonly store: EventStore,
    private readonly key: AuditSigningKey,
  ) {}

  /**
   * Signs now, waiting for a signer in another process to finish first. With `minIntervalMs`,
   * refuses (CheckpointTooSoonError) when the last checkpoint, from any process, is younger than that.
   */
  async signNow(metadata: EventMetadata = {}, minIntervalMs = 0): Promise<SignedCheckpointReceipt> {
    let retryAfterMs = 0;
    const outcome = await this.locked(true, metadata, (last) => {
      const age = last ? Date.now() - last.createdAt.getTime() : Infinity;
      if (age >= minIntervalMs) return null;
      retryAfterMs = minIntervalMs - age;
      return 'not_due';
    });
    if (outcome.status === 'signed') return outcome.checkpoint;
    if (outcome.status === 'not_due')
      throw new CheckpointTooSoonError(
        'A checkpoint was signed moments ago; ask again after the time in Retry-After.',
        {
          retryAfterSeconds: Math.ceil(retryAfterMs / 1000),
        },
      );
    throw new LogEmptyError('The log has no events yet: there is nothing to sign.');
  }

  /** The scheduled run: signs unless another process is at it, the last checkpoint is recent, or nothing was written since. */
  signIfDue(intervalMs: number, now: Date = new Date()): Promise<ScheduledOutcome> {
    return this.locked(false, {}, (last, head) => {
      if (!last) return null;
      if (last.eventPosition === head) return 'unchanged';
      return now.getTime() - last.createdAt.getTime() < intervalMs * DUE_SHARE ? 'not_due' : null;
    });
  }

  private async locked(
    wait: boolean,
    metadata: EventMetadata,
    skip: (last: { createdAt: Date; eventPosition: string } | null, head: string) => 'unchanged' | 'not_due' | null,
  ): Promise<ScheduledOutcome> {
    const runner = this.db.createQueryRunner();
    await runner.connect();
    try {
      if (wait) await runner.query('SELECT pg_advisory_lock(hashtext($1))', [LOCK]);
      else if (!(await runner.query('SELECT pg_try_advisory_lock(hashtext($1)) AS locked', [LOCK]))[0].locked)
        return { status: 'busy' };
      try {
        const lastRows: Array<{ created_at: Date; event_position: string }> = await runner.query(
          'SELECT created_at, event_position FROM audit.checkpoints WHERE event_position IS NOT NULL ORDER BY created_at DESC LIMIT 1',
        );
        const last = lastRows.length
          ? { createdAt: new Date(lastRows[0].created_at), eventPosition: lastRows[0].event_position }
          : null;
        const signed = await this.signInSnapshot(runner, (head) => skip(last, head));
        if (typeof signed === 'string') return { status: signed };
        const appended = await this.store.append(
          checkpointStream(signed.checkpointId),
          [{ id: randomUUID(), type: CHECKPOINT_EVENT_TYPE, data: { ...signed } as unknown as JsonObject, metadata }],
          'no_stream',
        );
        await runner.query('UPDATE audit.checkpoints SET event_position = $2 WHERE checkpoint_id = $1', [
          signed.checkpointId,
          appended.position,
        ]);
        return { status: 'signed', checkpoint: { ...signed, eventPosition: appended.position } };
      } finally {
        await runner.query('SELECT pg_advisory_unlock(hashtext($1))', [LOCK]).catch(() => undefined);
      }
    } finally {
      await runner.release();
    }
  }

  private async signInSnapshot(
    runner: QueryRunner,
    skip: (head: string) => 'unchanged' | 'not_due' | null,
  ): Promise<SignedCheckpoint | 'empty' | 'unchanged' | 'not_due'> {
    const sql: SqlQuery = (text, params) => runner.query(text, params);
    await runner.startTransaction('REPEATABLE READ');
    try {
      const position = await stableHead(sql);
      const skipped = position === null ? 'empty' : skip(position);
      if (skipped) {
        await runner.rollbackTransaction();
        return skipped;
      }
      const { leaves, eventCount } = await logStateAt(sql, position!);
      const statement = {
        checkpointId: randomUUID(),
        position: position!,
        digest: leafDigest(leaves),
        streamCount: leaves.length,
        eventCount,
        createdAt: new Date().toISOString(),
      };
      const signed = signCheckpoint(statement, this.key.privateKey, this.key.publicKey);
      await runner.query(
        'INSERT INTO audit.checkpoints (checkpoint_id, position, digest, stream_count, event_count, created_at) VALUES ($1, $2, $3, $4, $5, $6)',
        [signed.checkpointId, signed.position, signed.digest, signed.streamCount, signed.eventCount, signed.createdAt],
      );
      for (let i = 0; i < leaves.length; i += LEAF_CHUNK) {
        const chunk = leaves.slice(i, i + LEAF_CHUNK);
        await runner.query(
          `INSERT INTO audit.checkpoint_heads (checkpoint_id, stream_id, revision, hash)
           SELECT $1, u.s, u.r, decode(u.h, 'hex') FROM unnest($2::text[], $3::bigint[], $4::text[]) AS u(s, r, h)`,
          [signed.checkpointId, chunk.map((l) => l.streamId), chunk.map((l) => l.revision), chunk.map((l) => l.hash)],
        );
      }
      await runner.commitTransaction();
      return signed;
    } catch (error) {
      if (runner.isTransactionActive) await runner.rollbackTransaction().catch(() => undefined);
      throw error;
    }
  }
}
