import type { DataSource } from 'typeorm';
import { LAZY_COMMIT } from './lazy-commit';

/** What the shared writer needs of a runner whose checkpoint only ignored events have moved. */
export interface IdleCheckpointOwner {
  readonly name: string;
  /**
   * The checkpoint to store and the one stored now, when an idle write is due and none of the
   * runner's own checkpoint writes is in progress; null otherwise.
   */
  idleCheckpoint(): { target: string; persisted: string | null } | 'busy' | null;
  /**
   * Holds the runner's own checkpoint writes (its next batch) until `released` settles, so the
   * shared statement and the runner's compare-and-set never cross.
   */
  holdWritesUntil(released: Promise<void>): void;
  /** Called with the outcome: `stored` when the target was written, false when another instance had moved it. */
  idleCheckpointWritten(target: string, stored: boolean): void;
  /** The round's statement failed; the checkpoint stays as stored and is written with the next round or batch. */
  idleCheckpointFailed(error: unknown): void;
}

/**
 * Writes the checkpoints that only ignored events have moved, for every runner of a process in
 * one statement (decision 0031). An event most projections ignore, like the consultation every
 * personal-data read appends, used to cost each of them a transaction of its own a moment later
 * (38 runners, 38 commits per read model idle period); it now costs one `UPDATE` for them all.
 * Each row is still a compare-and-set from the checkpoint its runner last stored, so a checkpoint
 * another instance (or a rebuild's switch) has moved is left alone, and that runner finds out
 * when it next writes.
 */
export class IdleCheckpoints {
  private static readonly writers = new WeakMap<DataSource, IdleCheckpoints>();

  static of(dataSource: DataSource): IdleCheckpoints {
    let writer = IdleCheckpoints.writers.get(dataSource);
    if (!writer) {
      writer = new IdleCheckpoints(dataSource);
      IdleCheckpoints.writers.set(dataSource, writer);
    }
    return writer;
  }

  private readonly due = new Set<IdleCheckpointOwner>();
  private timer: NodeJS.Timeout | null = null;
  private deadline = 0;

  private constructor(private readonly dataSource: DataSource) {}

  /** The owner's checkpoint is to be written within `delayMs` (the round goes at the earliest time asked). */
  schedule(owner: IdleCheckpointOwner, delayMs: number): void {
    this.due.add(owner);
    const at = Date.now() + delayMs;
    if (this.timer && this.deadline <= at) return;
    if (this.timer) clearTimeout(this.timer);
    this.deadline = at;
    this.timer = setTimeout(() => {
      this.timer = null;
      void this.flush();
    }, delayMs);
    this.timer.unref?.();
  }

  /** The owner is writing its checkpoint itself (a batch for it came). */
  cancel(owner: IdleCheckpointOwner): void {
    this.due.delete(owner);
  }

  /** Writes every due checkpoint now, in one statement; a failure is told to each owner, not thrown. */
  async flush(): Promise<void> {
    const owners = [...this.due];
    this.due.clear();
    const rows: Array<{ owner: IdleCheckpointOwner; target: string; persisted: string | null }> = [];
    let release!: () => void;
    const released = new Promise<void>((resolve) => (release = resolve));
    for (const owner of owners) {
      const due = owner.idleCheckpoint();
      if (due === 'busy') {
        // Its own write is in progress (a batch, or the last round): look again next round.
        this.schedule(owner, 10);
        continue;
      }
      if (!due) continue;
      owner.holdWritesUntil(released);
      rows.push({ owner, ...due });
    }
    if (rows.length === 0) return release();
    try {
      const stored = (await this.dataSource.query(
        `WITH ${LAZY_COMMIT} UPDATE projections.checkpoints AS c SET position = v.target, updated_at = now()
           FROM lazy_commit, unnest($1::text[], $2::text[], $3::text[]) AS v(name, target, persisted)
          WHERE c.name = v.name AND c.position IS NOT DISTINCT FROM v.persisted
          RETURNING c.name`,
        [rows.map((r) => r.owner.name), rows.map((r) => r.target), rows.map((r) => r.persisted)],
      )) as unknown;
      // TypeORM answers an UPDATE ... RETURNING on PostgreSQL as [rows, affectedCount].
      const returned = (Array.isArray(stored) && Array.isArray(stored[0]) ? stored[0] : stored) as Array<{
        name: string;
      }>;
      const names = new Set(returned.map((r) => r.name));
      for (const row of rows) row.owner.idleCheckpointWritten(row.target, names.has(row.owner.name));
    } catch (error) {
      for (const row of rows) row.owner.idleCheckpointFailed(error);
    } finally {
      release();
    }
  }
}
