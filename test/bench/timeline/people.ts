import { randomUUID } from 'node:crypto';
import type { Actor } from '@hubline/access';
import { SeededRandom } from '@hubline/demo';
import type { NewEvent } from '@hubline/event-store';
import { personStream, type PersonalDetails } from '@hubline/people';
import { decide as decidePerson, initialState as noPerson } from '../../../libs/contexts/people/src/domain/person';
import { normaliseDetails } from '../../../libs/contexts/people/src/domain/personal-details';
import { sealDetails } from '../../../libs/contexts/people/src/sealing';
import type { BenchHub } from './hub';
import { inParallel } from './figures';

const GIVEN = [
  'Oliver',
  'Amelia',
  'Jack',
  'Olivia',
  'Harry',
  'Isla',
  'George',
  'Ava',
  'Kwame',
  'Amara',
  'Tomasz',
  'Zofia',
  'Mohammed',
  'Aisha',
  'Ravi',
  'Priya',
  'Sean',
  'Niamh',
];
const FAMILY = [
  'Smith',
  'Jones',
  'Taylor',
  'Brown',
  'Okafor',
  'Adeyemi',
  'Kowalski',
  'Nowak',
  'Khan',
  'Ahmed',
  'Patel',
  'Sharma',
  "O'Brien",
  'Murphy',
  'Mensah',
  'Osei',
];
const PLACES = [
  { street: 'Orsett Road', town: 'Grays', postcode: 'RM17' },
  { street: 'Dock Road', town: 'Tilbury', postcode: 'RM18' },
  { street: 'Derwent Parade', town: 'South Ockendon', postcode: 'RM15' },
  { street: 'Southend Road', town: 'Stanford-le-Hope', postcode: 'SS17' },
  { street: 'London Road', town: 'Purfleet', postcode: 'RM19' },
];
const LETTERS = 'ABDEFGHJLNPQRSTUWXYZ';

/** Invented details of the same shape and size as the demo's people. */
function inventDetails(random: SeededRandom): PersonalDetails {
  const place = random.pick(PLACES);
  return {
    givenName: random.pick(GIVEN),
    familyName: random.pick(FAMILY),
    aliases: random.chance(0.1) ? [`${random.pick(GIVEN)} ${random.pick(FAMILY)}`] : [],
    dateOfBirth: `${random.int(1940, 2010)}-${String(random.int(1, 12)).padStart(2, '0')}-${String(random.int(1, 28)).padStart(2, '0')}`,
    address: { lines: [`${random.int(1, 240)} ${place.street}`], town: place.town },
    postcode: `${place.postcode} ${random.int(1, 9)}${random.pick([...LETTERS])}${random.pick([...LETTERS])}`,
    vulnerabilities: random.chance(0.2) ? ['lives_alone'] : [],
    protectedCharacteristics: [],
  };
}

// Keys for a chunk are created in one transaction: one commit instead of one per person.
const CHUNK = 100;
// Chunks in flight: 800 appends waiting keeps the store's grouped commits (64 appends each) full.
const CHUNKS_IN_FLIGHT = 8;

/**
 * Registers `count` people without the RegisterPerson command's duplicate search: for each, the
 * handler's own steps (data key, details sealed with it, the people decider's PersonRegistered,
 * an append that expects a new stream), so the events are exactly those the command writes.
 * Appends of a chunk go concurrently, and the store groups them into shared commits.
 */
export async function registerPeople(
  hub: BenchHub,
  partnershipId: string,
  registrars: Actor[],
  count: number,
  progress: { events: number },
): Promise<string[]> {
  const ids = Array.from({ length: count }, () => randomUUID());
  const random = new SeededRandom(2017);
  const starts = Array.from({ length: Math.ceil(count / CHUNK) }, (_, i) => i * CHUNK);
  await inParallel(starts, CHUNKS_IN_FLIGHT, async (start) => {
    const chunk = ids.slice(start, start + CHUNK);
    await hub.db.transaction(async (m) => {
      for (const personId of chunk) await hub.vault.createKey(personId, partnershipId, m);
    });
    await Promise.all(
      chunk.map(async (personId, i) => {
        const actor = registrars[(start + i) % registrars.length];
        const personal = await sealDetails(hub.vault, personId, normaliseDetails(inventDetails(random)));
        const now = new Date().toISOString();
        const events = decidePerson(
          { type: 'RegisterPerson', personId, partnershipId, agencyId: actor.agencyId, personal, now },
          noPerson,
        );
        const metadata = { userId: actor.userId, agencyId: actor.agencyId, correlationId: 'bench-load' };
        const batch: NewEvent[] = events.map((e) => ({ id: randomUUID(), type: e.type, data: e.data, metadata }));
        await hub.store.append(personStream(personId), batch, 'no_stream');
        progress.events += batch.length;
      }),
    );
  });
  return ids;
}
