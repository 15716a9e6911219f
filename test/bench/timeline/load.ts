import { randomUUID } from 'node:crypto';
import type { Actor } from '@hubline/access';
import { SeededRandom } from '@hubline/demo';
import type { NewEvent } from '@hubline/event-store';
import { referralStream } from '@hubline/lag';
import { buildCase, longShape, LONG_CASE_TIMING, typicalShape, typicalTiming, type Cast, type CaseSpec } from './cases';
import type { BenchHub } from './hub';
import { registerPeople } from './people';

export interface LoadPlan {
  /** People already registered through the RegisterPerson command; the first is the chosen victim. */
  registered: string[];
  people: number;
  events: number;
  /** Entries the chosen victim's timeline must have. */
  chosenEntries: number;
  /** Concurrent appenders: enough to fill the store's grouped commits. */
  lanes: number;
  registrars: Actor[];
}

export interface Loaded {
  /** Events appended by the load (people and cases). */
  events: number;
  people: string[];
  chosen: { personId: string; referralId: string };
  /** Every other case: all accepted, so later commands can act on them. */
  referralIds: string[];
}

/** Counts acknowledged events as the load goes, for progress lines. */
export interface Progress {
  events: number;
}

/**
 * The bulk load, as fast as the hub takes it: the remaining people (see registerPeople), then the
 * chosen victim's long case, then typical cases naming the other people as victims (each person in
 * turn) and, in half of them, another as the perpetrator, until at least `events` events exist.
 * Each case is one append of its whole history to a new stream; `lanes` appends are in flight.
 */
export async function loadData(hub: BenchHub, cast: Cast, plan: LoadPlan, progress: Progress): Promise<Loaded> {
  const random = new SeededRandom(1934);
  const bulk = await registerPeople(
    hub,
    cast.partnershipId,
    plan.registrars,
    Math.max(0, plan.people - plan.registered.length),
    progress,
  );
  const people = [...plan.registered, ...bulk];
  const [chosenId, ...others] = people;
  if (others.length < 2) throw new Error('PEOPLE must be at least 3');

  const appendCase = async (spec: CaseSpec, events: NewEvent[]) => {
    await hub.store.append(referralStream(spec.referralId), events, 'no_stream');
    progress.events += events.length;
  };

  const nowMs = Date.now();
  const chosen = { personId: chosenId, referralId: randomUUID() };
  // Referred by the police, so a police practitioner is involved and may read the timeline.
  const long: CaseSpec = {
    ...chosen,
    victimId: chosenId,
    perpetratorId: others[0],
    referrer: cast.referrers[0],
    ...LONG_CASE_TIMING(nowMs),
    shape: longShape(plan.chosenEntries),
  };
  const longEvents = await buildCase(hub, long, cast, random);
  await appendCase(long, longEvents);
  let events = people.length + longEvents.length;

  const referralIds: string[] = [];
  let next = 0;
  await Promise.all(
    Array.from({ length: plan.lanes }, async () => {
      // Counted when built, before the append: lanes stop once the planned total is reached.
      while (events < plan.events) {
        const k = next++;
        const victimId = others[k % others.length];
        const perpetrator = others[(k * 7 + 3) % others.length];
        const spec: CaseSpec = {
          referralId: randomUUID(),
          victimId,
          perpetratorId: random.chance(0.5) && perpetrator !== victimId ? perpetrator : null,
          referrer: cast.referrers[k % cast.referrers.length],
          ...typicalTiming(random, nowMs),
          shape: typicalShape(random),
        };
        const built = await buildCase(hub, spec, cast, random);
        events += built.length;
        await appendCase(spec, built);
        referralIds.push(spec.referralId);
      }
    }),
  );
  return { events, people, chosen, referralIds };
}
