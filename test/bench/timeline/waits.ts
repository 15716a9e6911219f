import type { ProjectionRunner } from '@hubline/projections';
import type { DataSource } from 'typeorm';

export interface WaitReport {
  /** What the database's sessions were doing at each sample, counted: `state/wait type/wait event`. */
  sessions: Record<string, number>;
  samples: number;
  /** Events the watched runner applied in each second of the phase. */
  appliedPerSecond: number[];
}

/**
 * Samples, while a phase runs, what the hub's database sessions wait for (`pg_stat_activity`,
 * five times a second: a query of its own, little next to the phase's) and how many events the
 * watched runner applies each second: whether a projection that falls behind is waiting for the
 * database, for a connection, or not given its turn at all.
 */
export function watchWaits(db: DataSource, runner: ProjectionRunner): { stop(): Promise<WaitReport> } {
  const report: WaitReport = { sessions: {}, samples: 0, appliedPerSecond: [] };
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

/** The sessions' states as average counts per sample, busiest first. */
export function describeWaits(report: WaitReport): string {
  return Object.entries(report.sessions)
    .sort((a, b) => b[1] - a[1])
    .map(([k, n]) => `${k} ${(n / Math.max(1, report.samples)).toFixed(1)}`)
    .join(', ');
}
