import { decide, evolve, initialState, personStream, type PersonCommand, type PersonEvent, type PersonState, type SealedJson } from './person';
import { formatPostcode, normaliseDetails } from './personal-details';

const now = '2026-11-23T10:00:00.000Z';
const sealed = (tag: string): SealedJson => ({ v: 1, iv: 'aXY=', ct: `Y3Q-${tag}`, tag: 'dGFn' });
const given = (...events: PersonEvent[]): PersonState => events.reduce(evolve, initialState);
const when = (state: PersonState, command: PersonCommand) => () => decide(command, state);
const code = (c: string) => expect.objectContaining({ code: c });

const aPersonRegistered = (over: Partial<Extract<PersonEvent, { type: 'PersonRegistered' }>['data']> = {}): PersonEvent => ({
  type: 'PersonRegistered',
  data: { personId: 'p-1', partnershipId: 'csp-1', registeredByAgencyId: 'police', registeredAt: now, personal: sealed('details'), ...over },
});
const aReferenceAdded = (agencyId: string, personId = 'p-1'): PersonEvent => ({ type: 'PersonAgencyReferenceAdded', data: { personId, partnershipId: 'csp-1', agencyId, reference: sealed(agencyId) } });
const aMerge = (survivorId: string, mergedId = 'p-1'): PersonEvent => ({ type: 'PeopleMerged', data: { partnershipId: 'csp-1', survivorId, mergedId, mergedAt: now, reason: 'same person' } });
const aForget = (personId = 'p-1'): PersonEvent => ({
  type: 'PersonForgotten',
  data: { personId, partnershipId: 'csp-1', forgottenAt: now, forgottenBy: 'u-admin', legalGround: 'uk_gdpr_art17_1_a', reason: 'no longer needed' },
});
const register = (over: Partial<Extract<PersonCommand, { type: 'RegisterPerson' }>> = {}): PersonCommand => ({
  type: 'RegisterPerson', personId: 'p-1', partnershipId: 'csp-1', agencyId: 'police', personal: sealed('details'), now, ...over,
});
const forget = (over: Partial<Extract<PersonCommand, { type: 'Forget' }>> = {}): PersonCommand => ({
  type: 'Forget', partnershipId: 'csp-1', forgottenBy: 'u-admin', legalGround: 'uk_gdpr_art17_1_a', reason: 'no longer needed', now, ...over,
});
const survivor = given(aPersonRegistered({ personId: 'p-2' }));
const mergeInto = (s: PersonState, over: Partial<Extract<PersonCommand, { type: 'MergeInto' }>> = {}): PersonCommand => ({
  type: 'MergeInto', partnershipId: 'csp-1', survivor: s, reason: 'same person', now, ...over,
});

describe('person decider', () => {
  it('names the stream after the person', () => {
    expect(personStream('abc')).toBe('person-abc');
  });

  describe('registering', () => {
    it('registers a person with the sealed details and the registering agency', () => {
      expect(decide(register(), initialState)).toEqual([aPersonRegistered()]);
    });

    it("adds the registering agency's reference in the same decision when given", () => {
      expect(decide(register({ agencyReference: sealed('police') }), initialState)).toEqual([aPersonRegistered(), aReferenceAdded('police')]);
    });

    it('registers a person only once', () => {
      expect(when(given(aPersonRegistered()), register())).toThrow(code('PERSON.ALREADY_REGISTERED'));
      expect(when(given(aPersonRegistered(), aForget()), register())).toThrow(code('PERSON.ALREADY_REGISTERED'));
    });
  });

  describe('every other command', () => {
    it.each<[string, PersonCommand]>([
      ['ChangeDetails', { type: 'ChangeDetails', partnershipId: 'csp-1', personal: sealed('new'), now }],
      ['AddAgencyReference', { type: 'AddAgencyReference', partnershipId: 'csp-1', agencyId: 'fire', reference: sealed('r') }],
      ['MergeInto', mergeInto(survivor)],
      ['Forget', forget()],
    ])('%s answers not found for an unknown person, and for a person of another partnership', (_name, command) => {
      expect(when(initialState, command)).toThrow(code('PERSON.NOT_FOUND'));
      expect(when(given(aPersonRegistered({ partnershipId: 'csp-2' })), command)).toThrow(code('PERSON.NOT_FOUND'));
    });
  });

  describe('changing details', () => {
    const change: PersonCommand = { type: 'ChangeDetails', partnershipId: 'csp-1', personal: sealed('new'), now };

    it('replaces the sealed details of an active person', () => {
      expect(decide(change, given(aPersonRegistered()))).toEqual([
        { type: 'PersonDetailsChanged', data: { personId: 'p-1', partnershipId: 'csp-1', personal: sealed('new'), changedAt: now } },
      ]);
    });

    it('refuses a merged record, naming the survivor, and a forgotten one', () => {
      expect(when(given(aPersonRegistered(), aMerge('p-2')), change)).toThrow(expect.objectContaining({ code: 'PERSON.MERGED', details: { mergedInto: 'p-2' } }));
      expect(when(given(aPersonRegistered(), aForget()), change)).toThrow(code('PERSON.FORGOTTEN'));
    });
  });

  describe('agency references', () => {
    const add = (agencyId: string): PersonCommand => ({ type: 'AddAgencyReference', partnershipId: 'csp-1', agencyId, reference: sealed(agencyId) });

    it('adds one reference per agency', () => {
      const state = given(aPersonRegistered(), aReferenceAdded('police'));
      expect(decide(add('fire'), state)).toEqual([aReferenceAdded('fire')]);
      expect(when(state, add('police'))).toThrow(code('PERSON.AGENCY_REFERENCE_EXISTS'));
    });

    it('refuses merged and forgotten records', () => {
      expect(when(given(aPersonRegistered(), aMerge('p-2')), add('fire'))).toThrow(code('PERSON.MERGED'));
      expect(when(given(aPersonRegistered(), aForget()), add('fire'))).toThrow(code('PERSON.FORGOTTEN'));
    });
  });

  describe('merging', () => {
    const duplicate = given(aPersonRegistered());

    it('merges an active duplicate into an active survivor of the same partnership, with the reason', () => {
      expect(decide(mergeInto(survivor, { reason: '  same date of birth and address  ' }), duplicate)).toEqual([
        { type: 'PeopleMerged', data: { partnershipId: 'csp-1', survivorId: 'p-2', mergedId: 'p-1', mergedAt: now, reason: 'same date of birth and address' } },
      ]);
    });

    it('refuses to merge a record into itself', () => {
      expect(when(duplicate, mergeInto(duplicate))).toThrow(code('PERSON.CANNOT_MERGE_WITH_ITSELF'));
    });

    it('answers not found for a survivor that is unknown or of another partnership', () => {
      expect(when(duplicate, mergeInto(initialState))).toThrow(code('PERSON.NOT_FOUND'));
      expect(when(duplicate, mergeInto(given(aPersonRegistered({ personId: 'p-2', partnershipId: 'csp-2' }))))).toThrow(code('PERSON.NOT_FOUND'));
    });

    it('needs both records active', () => {
      expect(when(duplicate, mergeInto(given(aPersonRegistered({ personId: 'p-2' }), aMerge('p-3', 'p-2'))))).toThrow(code('PERSON.SURVIVOR_NOT_ACTIVE'));
      expect(when(duplicate, mergeInto(given(aPersonRegistered({ personId: 'p-2' }), aForget('p-2'))))).toThrow(code('PERSON.SURVIVOR_NOT_ACTIVE'));
      expect(when(given(aPersonRegistered(), aMerge('p-3')), mergeInto(survivor))).toThrow(code('PERSON.MERGED'));
      expect(when(given(aPersonRegistered(), aForget()), mergeInto(survivor))).toThrow(code('PERSON.FORGOTTEN'));
    });

    it('needs a reason', () => {
      expect(when(duplicate, mergeInto(survivor, { reason: '   ' }))).toThrow(code('PERSON.REASON_REQUIRED'));
    });

    it('leaves the merged record pointing at the survivor', () => {
      expect(given(aPersonRegistered(), aMerge('p-2'))).toMatchObject({ status: 'merged', mergedInto: 'p-2' });
    });
  });

  describe('forgetting', () => {
    it('records who, when, why and on which legal ground', () => {
      expect(decide(forget({ reason: ' no longer needed ' }), given(aPersonRegistered()))).toEqual([aForget()]);
    });

    it('forgets a merged duplicate too: it still holds the person\'s data', () => {
      expect(decide(forget(), given(aPersonRegistered(), aMerge('p-2')))).toEqual([aForget()]);
    });

    it('forgets only once', () => {
      expect(when(given(aPersonRegistered(), aForget()), forget())).toThrow(code('PERSON.FORGOTTEN'));
    });

    it('needs a known legal ground and a reason', () => {
      expect(when(given(aPersonRegistered()), forget({ legalGround: 'because' }))).toThrow(code('PERSON.UNKNOWN_LEGAL_GROUND'));
      expect(when(given(aPersonRegistered()), forget({ legalGround: 'toString' }))).toThrow(code('PERSON.UNKNOWN_LEGAL_GROUND'));
      expect(when(given(aPersonRegistered()), forget({ reason: '' }))).toThrow(code('PERSON.REASON_REQUIRED'));
    });

    it('leaves an erased state that keeps no agency links', () => {
      expect(given(aPersonRegistered(), aReferenceAdded('police'), aForget())).toEqual({ status: 'erased', personId: 'p-1', partnershipId: 'csp-1', forgottenAt: now });
    });
  });

  it('keeps state unchanged by a change of details (the decider never needs the data)', () => {
    const state = given(aPersonRegistered());
    expect(evolve(state, { type: 'PersonDetailsChanged', data: { personId: 'p-1', partnershipId: 'csp-1', personal: sealed('new'), changedAt: now } })).toBe(state);
  });
});

describe('personal details', () => {
  it('tidies whitespace, drops empty and repeated entries, and orders protected characteristics', () => {
    expect(
      normaliseDetails({
        givenName: '  John ', familyName: 'Smith  Jones', aliases: ['Johnny', ' Johnny ', ''], dateOfBirth: '1980-02-01',
        address: { lines: [' 12  Orsett Road ', ''], town: ' Grays ' }, postcode: 'rm176sl',
        contactPreferences: { method: 'phone', notes: '  ', safeToLeaveMessage: false },
        vulnerabilities: ['lives alone', 'lives alone'], protectedCharacteristics: ['race', 'disability', 'race'],
      }),
    ).toEqual({
      givenName: 'John', familyName: 'Smith Jones', aliases: ['Johnny'], dateOfBirth: '1980-02-01',
      address: { lines: ['12 Orsett Road'], town: 'Grays' }, postcode: 'RM17 6SL',
      contactPreferences: { method: 'phone', safeToLeaveMessage: false },
      vulnerabilities: ['lives alone'], protectedCharacteristics: ['disability', 'race'],
    });
  });

  it.each([['rm176sl', 'RM17 6SL'], ['SS1 1AA', 'SS1 1AA'], ['e1w1aa', 'E1W 1AA'], ['ec1a 1bb', 'EC1A 1BB']])('formats postcode %s as %s', (input, output) => {
    expect(formatPostcode(input)).toBe(output);
  });
});
