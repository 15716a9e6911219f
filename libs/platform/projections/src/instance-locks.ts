import type { DataSource, QueryRunner } from 'typeorm';

/**
 * The single-active-instance locks of every runner in a process, held on ONE database session.
 *
 * A session-level advisory lock lives as long as the session that took it, so each runner used to
 * keep a pooled connection of its own for as long as it was active: with seventeen runners and the
 * default pool of twenty, two connections were left for every request and every batch, and a
 * process whose runners all wanted a transaction at once waited on itself. One session can hold
 * any number of advisory locks, so the process keeps one connection for all of them, and the pool
 * is left for work.
 *
 * A session's advisory locks are re-entrant (the same session asking again gets the lock again),
 * so the process keeps its own list of what it holds: a second runner of the same projection in
 * this process is refused, as one in another process is. Lock calls take turns on the session;
 * nothing ever waits on it (waiting for a lock is trying again), so one runner never holds up
 * another's lock or unlock. When the last lock is given back, the connection goes back to the pool.
 */
export class InstanceLocks {
  private static readonly sessions = new WeakMap<DataSource, InstanceLocks>();

  /** The lock session of this data source (one per pool, so one per process and database). */
  static of(dataSource: DataSource): InstanceLocks {
    let locks = InstanceLocks.sessions.get(dataSource);
    if (!locks) {
      locks = new InstanceLocks(dataSource);
      InstanceLocks.sessions.set(dataSource, locks);
    }
    return locks;
  }

  private session: QueryRunner | null = null;
  private readonly held = new Set<string>();
  private turn: Promise<unknown> = Promise.resolve();

  private constructor(private readonly dataSource: DataSource) {}

  /** Takes the lock if no one (in this process or another) holds it; true when taken. */
  tryLock(key: string): Promise<boolean> {
    return this.inTurn(async () => {
      if (this.held.has(key)) return false;
      const session = await this.connected();
      const [row]: Array<{ locked: boolean }> = await session.query(
        'SELECT pg_try_advisory_lock(hashtext($1)) AS locked',
        [key],
      );
      if (row.locked) this.held.add(key);
      await this.releaseIfUnused();
      return row.locked;
    });
  }

  /** Takes the lock, trying again every `retryMs` until it is free. */
  async lock(key: string, retryMs = 100): Promise<void> {
    while (!(await this.tryLock(key))) await new Promise((resolve) => setTimeout(resolve, retryMs));
  }

  /** Gives the lock back (nothing happens if this process does not hold it). */
  unlock(key: string): Promise<void> {
    return this.inTurn(async () => {
      if (!this.held.delete(key)) return;
      const session = this.session;
      if (session && !session.isReleased) {
        await session.query('SELECT pg_advisory_unlock(hashtext($1))', [key]).catch(() => undefined);
      }
      await this.releaseIfUnused();
    });
  }

  /** Whether this process holds the lock. */
  holds(key: string): boolean {
    return this.held.has(key);
  }

  private inTurn<T>(work: () => Promise<T>): Promise<T> {
    const result = this.turn.then(work);
    this.turn = result.catch(() => undefined);
    return result;
  }

  private async connected(): Promise<QueryRunner> {
    if (this.session && !this.session.isReleased) return this.session;
    const session = this.dataSource.createQueryRunner();
    await session.connect();
    this.session = session;
    return session;
  }

  private async releaseIfUnused(): Promise<void> {
    if (this.held.size > 0 || !this.session) return;
    const session = this.session;
    this.session = null;
    if (!session.isReleased) await session.release();
  }
}
