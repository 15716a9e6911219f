import type { INestApplicationContext } from '@nestjs/common';
import type { Actor } from '@hubline/access';
import { londonDay, PARTNERSHIP_TIME_ZONE } from '@hubline/calendar';
import { EVENT_STORE, type EventMetadata, type EventStore, type RecordedEvent } from '@hubline/event-store';
import { ProjectionsService } from '@hubline/projections';

/**
 * What the demo stories other than the LAG's share: steps that run a context's use case at the
 * moment of the story they stand for, with the context's clock set to that moment, skipped when
 * an earlier run already wrote them (their events name the step in their metadata).
 */
export interface StoryStep {
  key: string;
  /** The instant the step happens in the story. */
  at: string;
  /** Where the step's events go; events there naming the step mean it is done. */
  stream: string;
  /** The command reads a read model the steps before it change: wait for the projections first. */
  readsModel?: boolean;
  run: (meta: (actor: Actor) => EventMetadata) => Promise<void>;
}

/** A context's clock: the one place its use cases read the time. */
export interface StoryClock {
  now(): string;
  today(): string;
}

export const later = (instant: string, minutes: number) =>
  new Date(Date.parse(instant) + minutes * 60_000).toISOString();
const ZONE = new Intl.DateTimeFormat('en-GB', { timeZone: PARTNERSHIP_TIME_ZONE, timeZoneName: 'shortOffset' });

/** The instant of a wall-clock time in London, where the partnership works ("GMT" or "GMT+1"). */
export function london(day: string, hour: number, minute = 0): string {
  const utc = Date.parse(`${day}T${String(hour).padStart(2, '0')}:${String(minute).padStart(2, '0')}:00Z`);
  const zone = ZONE.formatToParts(new Date(utc)).find((p) => p.type === 'timeZoneName')?.value ?? 'GMT';
  return new Date(utc - Number(zone.slice(3) || 0) * 3_600_000).toISOString();
}

/** The story's day recorded by an earlier run in the first event of one of these streams. */
export async function recordedStoryDay(app: INestApplicationContext, streams: string[]): Promise<string | null> {
  const store = app.get<EventStore>(EVENT_STORE, { strict: false });
  for (const stream of streams) {
    const [first] = await store.readStream(stream, { maxCount: 1 });
    if (typeof first?.metadata.demoDay === 'string') return first.metadata.demoDay;
  }
  return null;
}

/**
 * Runs the steps in order with every clock showing the step's moment (own properties shadow the
 * clocks' methods while a step runs; deleting them afterwards restores the real time). While it
 * runs nothing else should use the application. Returns how many steps ran (0 when an earlier run
 * did them all).
 */
export async function performStory(
  app: INestApplicationContext,
  steps: StoryStep[],
  o: { story: string; today: string; clocks: StoryClock[]; onProgress?: (done: number, total: number) => void },
): Promise<number> {
  const store = app.get<EventStore>(EVENT_STORE, { strict: false });
  const projections = app.get(ProjectionsService, { strict: false });
  const streams = new Map<string, RecordedEvent[]>();
  const eventsOf = async (stream: string) =>
    streams.get(stream) ?? streams.set(stream, await store.readStream(stream)).get(stream)!;
  let ran = 0;
  let done = 0;
  let readModelBehind = true;
  try {
    for (const step of steps) {
      o.onProgress?.(done++, steps.length);
      if ((await eventsOf(step.stream)).some((e) => e.metadata.demoStep === step.key)) continue;
      if ((step.readsModel || ran === 0) && readModelBehind) {
        await projections.waitForCatchUp(120_000);
        readModelBehind = false;
      }
      for (const clock of o.clocks) Object.assign(clock, { now: () => step.at, today: () => londonDay(step.at) });
      const meta = (actor: Actor): EventMetadata => ({
        userId: actor.userId,
        agencyId: actor.agencyId,
        correlationId: 'seed',
        demoStep: step.key,
        demoDay: o.today,
      });
      try {
        await step.run(meta);
      } catch (error) {
        const e = error as { code?: string; message?: string };
        throw new Error(
          `${o.story} demo step ${step.key} (at ${step.at}) failed: ${e.code ?? ''} ${e.message ?? String(error)}`,
          { cause: error },
        );
      }
      ran += 1;
      readModelBehind = true;
    }
    o.onProgress?.(done, steps.length);
  } finally {
    for (const clock of o.clocks) {
      Reflect.deleteProperty(clock, 'now');
      Reflect.deleteProperty(clock, 'today');
    }
  }
  return ran;
}

/** A number from a text, for choices that must not depend on the order things are read in. */
export function hashOf(text: string): number {
  let h = 2166136261;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 16777619);
  return h >>> 0;
}
