import type { CommandBus } from '@nestjs/cqrs';
import type { Actor } from '@hubline/access';
import { RegisterPerson, type PersonalDetails } from '@hubline/people';
import { SeededRandom } from './random';
import type { SeededPartnership } from './reference-data';
import { stableId } from '@hubline/event-store';

// Invented people: common first names and surnames, Thurrock streets and postcode districts.
const GIVEN = [
  'Oliver',
  'Amelia',
  'Jack',
  'Olivia',
  'Harry',
  'Isla',
  'George',
  'Ava',
  'Noah',
  'Emily',
  'Charlie',
  'Sophie',
  'Jacob',
  'Grace',
  'Alfie',
  'Mia',
  'Freddie',
  'Poppy',
  'Oscar',
  'Ella',
  'Leo',
  'Lily',
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
  'Daniel',
  'Chloe',
  'Ryan',
  'Jessica',
  'Adebayo',
  'Chiamaka',
  'Luca',
  'Elena',
];
const FAMILY = [
  'Smith',
  'Jones',
  'Taylor',
  'Brown',
  'Williams',
  'Wilson',
  'Johnson',
  'Davies',
  'Robinson',
  'Wright',
  'Thompson',
  'Evans',
  'Walker',
  'White',
  'Roberts',
  'Green',
  'Hall',
  'Wood',
  'Jackson',
  'Clarke',
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
  'Byrne',
  'Kelly',
  'Mensah',
  'Osei',
  'Rossi',
  'Popescu',
  'Hughes',
  'Edwards',
  'Lewis',
  'Harris',
];
const STREETS: Array<{ street: string; town: string; postcode: string }> = [
  { street: 'Orsett Road', town: 'Grays', postcode: 'RM17' },
  { street: 'Clarence Road', town: 'Grays', postcode: 'RM17' },
  { street: 'Dock Road', town: 'Tilbury', postcode: 'RM18' },
  { street: 'Calcutta Road', town: 'Tilbury', postcode: 'RM18' },
  { street: 'Derwent Parade', town: 'South Ockendon', postcode: 'RM15' },
  { street: 'Daiglen Drive', town: 'South Ockendon', postcode: 'RM15' },
  { street: 'Stifford Clays Road', town: 'Grays', postcode: 'RM16' },
  { street: 'Southend Road', town: 'Stanford-le-Hope', postcode: 'SS17' },
  { street: 'London Road', town: 'Purfleet', postcode: 'RM19' },
  { street: 'Bata Avenue', town: 'East Tilbury', postcode: 'RM18' },
];
const VULNERABILITIES = [
  'mental_health',
  'physical_disability',
  'learning_disability',
  'older_person',
  'lives_alone',
  'substance_misuse',
  'child_in_household',
  'language_barrier',
];
const LETTERS = 'ABDEFGHJLNPQRSTUWXYZ';

export interface SeededPerson {
  personId: string;
  registeredBy: string;
}

/**
 * Registers `count` invented people, spread over the registering agencies; existing ones are left
 * alone. With `registeredFrom`, they are registered `spacingHours` apart (default twelve) from then,
 * so that their records predate the cases the demo tells about them; otherwise now.
 */
export async function seedPeople(
  commands: CommandBus,
  partnership: SeededPartnership,
  actors: Actor[],
  count: number,
  seed = 2017,
  registeredFrom?: string,
  spacingHours = 12,
): Promise<SeededPerson[]> {
  const random = new SeededRandom(seed);
  const people: SeededPerson[] = [];
  for (let i = 0; i < count; i++) {
    const place = random.pick(STREETS);
    const details: PersonalDetails = {
      givenName: random.pick(GIVEN),
      familyName: random.pick(FAMILY),
      aliases: random.chance(0.1) ? [`${random.pick(GIVEN)} ${random.pick(FAMILY)}`] : [],
      dateOfBirth: `${random.int(1940, 2010)}-${String(random.int(1, 12)).padStart(2, '0')}-${String(random.int(1, 28)).padStart(2, '0')}`,
      address: { lines: [`${random.int(1, 240)} ${place.street}`], town: place.town },
      postcode: `${place.postcode} ${random.int(1, 9)}${LETTERS[random.int(0, LETTERS.length - 1)]}${LETTERS[random.int(0, LETTERS.length - 1)]}`,
      contactPreferences: random.chance(0.6)
        ? {
            method: random.pick(['phone', 'email', 'letter', 'in_person'] as const),
            safeToLeaveMessage: random.chance(0.5),
          }
        : undefined,
      vulnerabilities: VULNERABILITIES.filter(() => random.chance(0.12)),
      protectedCharacteristics: [],
    };
    const actor = actors[i % actors.length];
    const personId = stableId(partnership.partnershipId, 'person', String(seed), String(i));
    const registeredAt = registeredFrom
      ? new Date(Date.parse(registeredFrom) + i * spacingHours * 3_600_000)
      : new Date();
    try {
      await commands.execute(
        new RegisterPerson(
          actor,
          details,
          { confirmNewPerson: true },
          { userId: actor.userId, agencyId: actor.agencyId, correlationId: 'seed' },
          registeredAt.toISOString(),
          personId,
        ),
      );
    } catch (error) {
      if ((error as { code?: string }).code !== 'PERSON.ALREADY_REGISTERED') throw error;
    }
    people.push({ personId, registeredBy: actor.agencyId });
  }
  return people;
}
