import {
  decide,
  evolve,
  initialState,
  personStream,
  type PersonCommand,
  type PersonEvent,
  type PersonState,
  type SealedJson,
} from './person';
import { deciderSpec } from '@hubline/testing';
import { formatPostcode, normaliseDetails } from './personal-details';

const now = '2026-11-23T10:00:00.000Z';
const sealed = (tag: string): SealedJson => ({ v: 1, iv: 'aXY=', ct: `Y3Q-${tag}`, tag: 'dGFn' });
const person = deciderSpec({ decide, evolve, initialState });
const given = person.state;

const aPersonRegistered = (
  over: Partial<Extract<PersonEvent, { type: 'PersonRegistered' }>['data']> = {},
): PersonEvent => ({
  type: 'PersonRegistered',
  data: {
    personId: 'p-1',
    partnershipId: 'csp-1',
    registeredByAgencyId: 'police',
    registeredAt: now,
    personal: sealed('details'),
    ...over,
  },
});
const aReferenceAdded = (agencyId: string, personId = 'p-1'): PersonEvent => ({
  type: 'PersonAgencyReferenceAdded',
  data: { personId, partnershipId: 'csp-1', agencyId, reference: sealed(agencyId) },
});
const aMerge = (survivorId: string, mergedId = 'p-1'): PersonEvent => ({
  type: 'PeopleMerged',
  data: { partnershipId: 'csp-1', survivorId, mergedId, mergedAt: now, reason: 'same person' },
});
const aForget = (personId = 'p-1'): PersonEvent => ({
  type: 'PersonForgotten',
  data: {
    personId,
    partnershipId: 'csp-1',
    forgottenAt: now,
    forgottenBy: 'u-admin',
    legalGround: 'uk_gdpr_art17_1_a',
    reason: 'no longer needed',
  },
});
const register = (over: Partial<Extract<PersonCommand, { type: 'RegisterPerson' }>> = {}): PersonCommand => ({
  type: 'RegisterPerson',
  personId: 'p-1',
  partnershipId: 'csp-1',
  agencyId: 'police',
  personal: sealed('details'),
  now,
  ...over,
});
const forget = (over: Partial<Extract<PersonCommand, { type: 'Forget' }>> = {}): PersonCommand => ({
  type: 'Forget',
  partnershipId: 'csp-1',
  forgottenBy: 'u-admin',
  legalGround: 'uk_gdpr_art17_1_a',
  reason: 'no longer needed',
  now,
  legalHold: null,
  openCases: [],
  confirmOpenCases: false,
  ...over,
});
const survivor = given(aPersonRegistered({ personId: 'p-2' }));
const mergeInto = (
  s: PersonState,
  over: Partial<Extract<PersonCommand, { type: 'MergeInto' }>> = {},
): PersonCommand => ({
  type: 'MergeInto',
  partnershipId: 'csp-1',
  survivor: s,
  reason: 'same person',
  now,
  ...over,
});

describe('person decider', () => {
  it('names the stream after the person', () => {
    expect(personStream('abc')).toBe('person-abc');
  });

  describe('registering', () => {
    it('registers a person with the sealed details and the registering agency', () => {
      person.given().when(register()).then([aPersonRegistered()]);
    });

    it("adds the registering agency's reference in the same decision when given", () => {
      person
        .given()
        .when(register({ agencyReference: sealed('police') }))
        .then([aPersonRegistered(), aReferenceAdded('police')]);
    });

    it('registers a person only once', () => {
      person.given(aPersonRegistered()).when(register()).thenThrows('PERSON.ALREADY_REGISTERED');
      person.given(aPersonRegistered(), aForget()).when(register()).thenThrows('PERSON.ALREADY_REGISTERED');
    });
  });

  describe('every other command', () => {
    it.each<[string, PersonCommand]>([
      ['ChangeDetails', { type: 'ChangeDetails', partnershipId: 'csp-1', personal: sealed('new'), now }],
      [
        'AddAgencyReference',
        { type: 'AddAgencyReference', partnershipId: 'csp-1', agencyId: 'fire', reference: sealed('r') },
      ],
      ['MergeInto', mergeInto(survivor)],
      ['Forget', forget()],
    ])('%s answers not found for an unknown person, and for a person of another partnership', (_name, command) => {
      person.given().when(command).thenThrows('PERSON.NOT_FOUND');
      person
        .given(aPersonRegistered({ partnershipId: 'csp-2' }))
        .when(command)
        .thenThrows('PERSON.NOT_FOUND');
    });
  });

  describe('changing details', () => {
    const change: PersonCommand = { type: 'ChangeDetails', partnershipId: 'csp-1', personal: sealed('new'), now };

    it('replaces the sealed details of an active person', () => {
      person
        .given(aPersonRegistered())
        .when(change)
        .then([
          {
            type: 'PersonDetailsChanged',
            data: { personId: 'p-1', partnershipId: 'csp-1', personal: sealed('new'), changedAt: now },
          },
        ]);
    });

    it('refuses a merged record, naming the survivor, and a forgotten one', () => {
      person.given(aPersonRegistered(), aMerge('p-2')).when(change).thenThrows('PERSON.MERGED', { mergedInto: 'p-2' });
      person.given(aPersonRegistered(), aForget()).when(change).thenThrows('PERSON.FORGOTTEN');
    });
  });

  describe('agency references', () => {
    const add = (agencyId: string): PersonCommand => ({
      type: 'AddAgencyReference',
      partnershipId: 'csp-1',
      agencyId,
      reference: sealed(agencyId),
    });

    it('adds one reference per agency', () => {
      const stream = [aPersonRegistered(), aReferenceAdded('police')];
      person
        .given(...stream)
        .when(add('fire'))
        .then([aReferenceAdded('fire')]);
      person
        .given(...stream)
        .when(add('police'))
        .thenThrows('PERSON.AGENCY_REFERENCE_EXISTS');
    });

    it('refuses merged and forgotten records', () => {
      person.given(aPersonRegistered(), aMerge('p-2')).when(add('fire')).thenThrows('PERSON.MERGED');
      person.given(aPersonRegistered(), aForget()).when(add('fire')).thenThrows('PERSON.FORGOTTEN');
    });
  });

  describe('merging', () => {
    const duplicate = aPersonRegistered();

    it('merges an active duplicate into an active survivor of the same partnership, with the reason', () => {
      person
        .given(duplicate)
        .when(mergeInto(survivor, { reason: '  same date of birth and address  ' }))
        .then([
          {
            type: 'PeopleMerged',
            data: {
              partnershipId: 'csp-1',
              survivorId: 'p-2',
              mergedId: 'p-1',
              mergedAt: now,
              reason: 'same date of birth and address',
            },
          },
        ]);
    });

    it('refuses to merge a record into itself', () => {
      person
        .given(duplicate)
        .when(mergeInto(given(duplicate)))
        .thenThrows('PERSON.CANNOT_MERGE_WITH_ITSELF');
    });

    it('answers not found for a survivor that is unknown or of another partnership', () => {
      person.given(duplicate).when(mergeInto(initialState)).thenThrows('PERSON.NOT_FOUND');
      person
        .given(duplicate)
        .when(mergeInto(given(aPersonRegistered({ personId: 'p-2', partnershipId: 'csp-2' }))))
        .thenThrows('PERSON.NOT_FOUND');
    });

    it('needs both records active', () => {
      person
        .given(duplicate)
        .when(mergeInto(given(aPersonRegistered({ personId: 'p-2' }), aMerge('p-3', 'p-2'))))
        .thenThrows('PERSON.SURVIVOR_NOT_ACTIVE');
      person
        .given(duplicate)
        .when(mergeInto(given(aPersonRegistered({ personId: 'p-2' }), aForget('p-2'))))
        .thenThrows('PERSON.SURVIVOR_NOT_ACTIVE');
      person.given(aPersonRegistered(), aMerge('p-3')).when(mergeInto(survivor)).thenThrows('PERSON.MERGED');
      person.given(aPersonRegistered(), aForget()).when(mergeInto(survivor)).thenThrows('PERSON.FORGOTTEN');
    });

    it('needs a reason', () => {
      person
        .given(duplicate)
        .when(mergeInto(survivor, { reason: '   ' }))
        .thenThrows('PERSON.REASON_REQUIRED');
    });

    it('leaves the merged record pointing at the survivor', () => {
      expect(given(aPersonRegistered(), aMerge('p-2'))).toMatchObject({ status: 'merged', mergedInto: 'p-2' });
    });
  });

  describe('forgetting', () => {
    it('records who, when, why and on which legal ground', () => {
      person
        .given(aPersonRegistered())
        .when(forget({ reason: ' no longer needed ' }))
        .then([aForget()]);
    });

    it("forgets a merged duplicate too: it still holds the person's data", () => {
      person.given(aPersonRegistered(), aMerge('p-2')).when(forget()).then([aForget()]);
    });

    it('forgets only once', () => {
      person.given(aPersonRegistered(), aForget()).when(forget()).thenThrows('PERSON.FORGOTTEN');
    });

    it('needs a known legal ground and a reason', () => {
      person
        .given(aPersonRegistered())
        .when(forget({ legalGround: 'because' }))
        .thenThrows('PERSON.UNKNOWN_LEGAL_GROUND');
      person
        .given(aPersonRegistered())
        .when(forget({ legalGround: 'toString' }))
        .thenThrows('PERSON.UNKNOWN_LEGAL_GROUND');
      person
        .given(aPersonRegistered())
        .when(forget({ reason: '' }))
        .thenThrows('PERSON.REASON_REQUIRED');
    });

    it('refuses while the person is on legal hold, naming its reason and who placed it', () => {
      const legalHold = { reason: 'Civil claim CL-2026-031', placedBy: 'u-dpo', placedAt: now };
      person.given(aPersonRegistered()).when(forget({ legalHold })).thenThrows('PERSON.ON_LEGAL_HOLD');
      expect(() => decide(forget({ legalHold, confirmOpenCases: true }), given(aPersonRegistered()))).toThrow(
        expect.objectContaining({ details: { hold: legalHold } }),
      );
    });

    it('forgets a party to open cases only when every one of them is confirmed', () => {
      const openCases = [
        { type: 'lag_referral', id: 'r-1' },
        { type: 'lag_referral', id: 'r-2' },
      ];
      person.given(aPersonRegistered()).when(forget({ openCases })).thenThrows('PERSON.OPEN_CASES_NOT_CONFIRMED');
      person
        .given(aPersonRegistered())
        .when(forget({ openCases, confirmOpenCases: ['r-1'] }))
        .thenThrows('PERSON.OPEN_CASES_NOT_CONFIRMED');
      expect(() => decide(forget({ openCases }), given(aPersonRegistered()))).toThrow(
        expect.objectContaining({ details: { openCases } }),
      );
      person
        .given(aPersonRegistered())
        .when(forget({ openCases, confirmOpenCases: ['r-2', 'r-1'] }))
        .then([{ ...aForget(), data: { ...aForget().data, openCases } } as PersonEvent]);
      person
        .given(aPersonRegistered())
        .when(forget({ openCases, confirmOpenCases: true }))
        .then([{ ...aForget(), data: { ...aForget().data, openCases } } as PersonEvent]);
    });

    it('leaves an erased state that keeps no agency links', () => {
      expect(given(aPersonRegistered(), aReferenceAdded('police'), aForget())).toEqual({
        status: 'erased',
        personId: 'p-1',
        partnershipId: 'csp-1',
        forgottenAt: now,
      });
    });
  });

  it('keeps state unchanged by a change of details (the decider never needs the data)', () => {
    const state = given(aPersonRegistered());
    expect(
      evolve(state, {
        type: 'PersonDetailsChanged',
        data: { personId: 'p-1', partnershipId: 'csp-1', personal: sealed('new'), changedAt: now },
      }),
    ).toBe(state);
  });
});

describe('personal details', () => {
  it('tidies whitespace, drops empty and repeated entries, and orders protected characteristics', () => {
    expect(
      normaliseDetails({
        givenName: '  John ',
        familyName: 'Smith  Jones',
        aliases: ['Johnny', ' Johnny ', ''],
        dateOfBirth: '1980-02-01',
        address: { lines: [' 12  Orsett Road ', ''], town: ' Grays ' },
        postcode: 'rm176sl',
        contactPreferences: { method: 'phone', notes: '  ', safeToLeaveMessage: false },
        vulnerabilities: ['lives alone', 'lives alone'],
        protectedCharacteristics: ['race', 'disability', 'race'],
      }),
    ).toEqual({
      givenName: 'John',
      familyName: 'Smith Jones',
      aliases: ['Johnny'],
      dateOfBirth: '1980-02-01',
      address: { lines: ['12 Orsett Road'], town: 'Grays' },
      postcode: 'RM17 6SL',
      contactPreferences: { method: 'phone', safeToLeaveMessage: false },
      vulnerabilities: ['lives alone'],
      protectedCharacteristics: ['disability', 'race'],
    });
  });

  it.each([
    ['rm176sl', 'RM17 6SL'],
    ['SS1 1AA', 'SS1 1AA'],
    ['e1w1aa', 'E1W 1AA'],
    ['ec1a 1bb', 'EC1A 1BB'],
  ])('formats postcode %s as %s', (input, output) => {
    expect(formatPostcode(input)).toBe(output);
  });
});
