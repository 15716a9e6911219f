import type { ProjectionRunner } from '@hubline/projections';
import type { DataSource } from 'typeorm';

export interface WaitReport {
  /** What the database's sessions were doing at each sample, counted: `state/wait type/wait event`. */
  sessions: Record<string, number>;
  samples: number;
  /** Events the watched runner applied in each second of the phase. */
  appliedPerSecond: number[];
  /**
   * The longest-running transactions holding a transaction id seen at a sample (the log hands
   * over nothing committed after the oldest of them starts), longest first: age, and the session's
   * state, time in it and last statement.
   */
  writers: Array<{ ms: number; query: string }>;
}

/**
 * Samples, while a phase runs, what the hub's database sessions wait for (`pg_stat_activity`,
 * five times a second: a query of its own, little next to the phase's) and how many events the
 * watched runner applies each second: whether a projection that falls behind is waiting for the
 * database, for a connection, or not given its turn at all.
 */
export function watchWaits(db: DataSource, runner: ProjectionRunner): { stop(): Promise<WaitReport> } {
  const report: WaitReport = { sessions: {}, samples: 0, appliedPerSecond: [], writers: [] };
  let applied = runner.status().eventsApplied;
  const perSecond = setInterval(() => {
    const now = runner.status().eventsApplied;
    report.appliedPerSecond.push(now - applied);
    applied = now;
  }, 1000);
  let sampling = Promise.resolve();
  const sample = setInterval(() => {
    sampling = sampling
      .then(async () => {
        const rows: Array<{ k: string; n: string }> = await db.query(
          `SELECT concat_ws('/', state, wait_event_type, wait_event) AS k, count(*) AS n FROM pg_stat_activity
            WHERE datname = current_database() AND pid <> pg_backend_pid() GROUP BY 1`,
        );
        report.samples++;
        for (const r of rows) report.sessions[r.k] = (report.sessions[r.k] ?? 0) + Number(r.n);
        const writers: Array<{ ms: number; query: string }> = await db.query(
          `SELECT round(extract(epoch FROM clock_timestamp() - xact_start) * 1000)::int AS ms,
                  concat(state, ' ', round(extract(epoch FROM clock_timestamp() - state_change) * 1000)::int, ' ms: ',
                         left(regexp_replace(regexp_replace(query, '\\s+', ' ', 'g'), '^WITH lazy_commit AS \\([^)]*\\)\\), ', 'WITH … '), 160)) AS query
             FROM pg_stat_activity WHERE backend_xid IS NOT NULL AND pid <> pg_backend_pid() ORDER BY xact_start LIMIT 1`,
        );
        for (const w of writers) report.writers.push(w);
        report.writers.sort((a, b) => b.ms - a.ms).splice(5);
      })
      .catch(() => undefined);
  }, 200);
  return {
    async stop() {
      clearInterval(perSecond);
      clearInterval(sample);
      await sampling;
      return report;
    },
  };
}

/** The longest writing transactions seen, as `ms (statement)`. */
export function describeWriters(report: WaitReport): string {
  return report.writers.map((w) => `${w.ms} ms (${w.query})`).join('; ') || 'none seen';
}

/** The sessions' states as average counts per sample, busiest first. */
export function describeWaits(report: WaitReport): string {
  return Object.entries(report.sessions)
    .sort((a, b) => b[1] - a[1])
    .map(([k, n]) => `${k} ${(n / Math.max(1, report.samples)).toFixed(1)}`)
    .join(', ');
}
