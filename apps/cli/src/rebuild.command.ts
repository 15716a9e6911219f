import { DataSource } from 'typeorm';
import type { HublineConfig } from '@hubline/config';
import { EVENT_STORE, type EventStore } from '@hubline/event-store';
import { ProjectionsService, ReadModelRebuild, type RebuildProgress } from '@hubline/projections';
import { STDIO, type CommandOutput } from './cli-flags';
import { withHubContext } from './hub-context';

/** One line of progress: done/total, rate and time left. */
export function describeProgress(p: RebuildProgress): string {
  const total = p.total === null ? '?' : p.total.toLocaleString('en-GB');
  const left = p.secondsLeft === null ? 'time left unknown' : `${p.secondsLeft} s left`;
  const error = p.error ? `: ${p.error}` : '';
  return `${p.name}: ${p.state} ${p.done.toLocaleString('en-GB')}/${total} events, ${p.rate.toLocaleString('en-GB')} events/s, ${left}${error}`;
}

/**
 * Rebuilds read models into new tables while the old ones serve, and switches each when it has
 * caught up (decision 0031). `all` rebuilds every read model of the hub; reactors are refused.
 * Progress goes to the terminal every second and to `/health/ready` of every hub on the database.
 */
export async function rebuildReadModels(
  projections: ProjectionsService,
  store: EventStore,
  dataSource: DataSource,
  names: string[],
  output: CommandOutput = STDIO,
  progressEveryMs = 1_000,
): Promise<number> {
  const all = projections.readModels();
  const known = new Map(all.map((p) => [p.name, p]));
  if (names.length === 0) {
    output.err(`rebuild needs a read model name or "all"; read models: ${[...known.keys()].join(', ')}`);
    return 2;
  }
  const unknown = names.filter((n) => n !== 'all' && !known.has(n));
  if (unknown.length > 0) {
    output.err(
      `not a read model of the hub: ${unknown.join(', ')} (reactors are not rebuilt this way); read models: ${[...known.keys()].join(', ')}`,
    );
    return 2;
  }
  const chosen = names.includes('all') ? all : names.map((n) => known.get(n)!);
  const latest = new Map<string, RebuildProgress>();
  let lastPrint = 0;
  const print = (force = false) => {
    if (!force && Date.now() - lastPrint < progressEveryMs) return;
    lastPrint = Date.now();
    for (const p of latest.values()) output.out(describeProgress(p));
  };
  const started = Date.now();
  try {
    await new ReadModelRebuild(store, dataSource, {
      onProgress: (p) => {
        const before = latest.get(p.name)?.state;
        latest.set(p.name, p);
        if (before !== p.state && (p.state === 'done' || p.state === 'failed')) output.out(describeProgress(p));
        else print();
      },
    }).rebuild(chosen);
  } catch (error) {
    print(true);
    output.err(`rebuild failed: ${error instanceof Error ? error.message : String(error)}`);
    return 1;
  }
  output.out(
    `rebuilt ${chosen.length} read model(s) in ${((Date.now() - started) / 1000).toFixed(1)} s and switched to them`,
  );
  return 0;
}

export function rebuildCommand(config: HublineConfig, args: string[]): Promise<number> {
  return withHubContext(config, (app) =>
    rebuildReadModels(app.get(ProjectionsService), app.get<EventStore>(EVENT_STORE), app.get(DataSource), args),
  );
}
