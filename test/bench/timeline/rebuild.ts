import { performance } from 'node:perf_hooks';
import { ReadModelRebuild, type ProjectionsService, type RebuildProgress } from '@hubline/projections';
import type { EventStore } from '@hubline/event-store';
import type { DataSource } from 'typeorm';
import { log, round } from './figures';

/** One read model's rebuild: its own events, its time, and the log it went through a second. */
export interface ReadModelFigures {
  events: number;
  seconds: number;
  eventsPerSecond: number;
  logEventsPerSecond: number;
}

export interface RebuildFigures {
  /** Wall time of rebuilding every read model from position zero, switch included. */
  seconds: number;
  /** Events in the whole log / wall time. */
  logEventsPerSecond: number;
  /** Per read model: events of its types applied, seconds until switched, events per second. */
  byReadModel: Record<string, ReadModelFigures>;
}

/**
 * Rebuilds every read model of the hub from position zero into new tables, all at once from one
 * reader of the log, and switches each when caught up (decision 0031), while the hub keeps
 * running. Logs progress every 10 s.
 */
export async function rebuildEveryReadModel(
  projections: ProjectionsService,
  store: EventStore,
  db: DataSource,
  logEvents: number,
): Promise<RebuildFigures> {
  const started = performance.now();
  const finished: Record<string, ReadModelFigures> = {};
  const latest = new Map<string, RebuildProgress>();
  let lastLog = started;
  await new ReadModelRebuild(store, db, {
    onProgress: (p) => {
      latest.set(p.name, p);
      if (p.state === 'done') {
        const seconds = (performance.now() - started) / 1000;
        finished[p.name] = {
          events: p.done,
          seconds: round(seconds, 1),
          eventsPerSecond: round(p.done / seconds, 0),
          // Every read model goes through the whole log, its own events or not.
          logEventsPerSecond: round(logEvents / seconds, 0),
        };
      }
      if (performance.now() - lastLog > 10_000) {
        lastLog = performance.now();
        const building = [...latest.values()].filter((x) => x.state !== 'done');
        log(
          `rebuild ${round((lastLog - started) / 1000, 0)} s: ${building.map((x) => `${x.name} ${x.done}/${x.total ?? '?'} (${x.rate}/s)`).join(', ')}`,
        );
      }
    },
  }).rebuild(projections.readModels());
  const seconds = (performance.now() - started) / 1000;
  return {
    seconds: round(seconds, 1),
    logEventsPerSecond: round(logEvents / seconds, 0),
    byReadModel: finished,
  };
}
