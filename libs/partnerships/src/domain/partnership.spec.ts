import { decide, evolve, initialState, type PartnershipCommand, type PartnershipEvent, type PartnershipState } from './partnership';

const now = '2026-11-23T10:00:00.000Z';
const given = (...events: PartnershipEvent[]): PartnershipState => events.reduce(evolve, initialState);
const registered: PartnershipEvent = { type: 'PartnershipRegistered', data: { partnershipId: 'p1', name: 'Thurrock CSP', area: 'Thurrock', registeredAt: now } };
const police: PartnershipEvent = { type: 'AgencyAdded', data: { partnershipId: 'p1', agencyId: 'a1', name: 'Essex Police', kind: 'police', addedAt: now } };
const grays: PartnershipEvent = { type: 'LocalityAdded', data: { partnershipId: 'p1', localityId: 'l1', name: 'Grays' } };
const when = (state: PartnershipState, command: PartnershipCommand) => () => decide(command, state);

describe('partnership decider', () => {
  it('registers a partnership once', () => {
    expect(decide({ type: 'RegisterPartnership', partnershipId: 'p1', name: ' Thurrock CSP ', area: 'Thurrock', now }, initialState)).toEqual([registered]);
    expect(when(given(registered), { type: 'RegisterPartnership', partnershipId: 'p1', name: 'x', area: 'y', now })).toThrow(expect.objectContaining({ code: 'PARTNERSHIP.ALREADY_REGISTERED' }));
  });

  it('needs a registered partnership for everything else', () => {
    expect(when(initialState, { type: 'AddLocality', localityId: 'l1', name: 'Grays' })).toThrow(expect.objectContaining({ code: 'PARTNERSHIP.NOT_FOUND' }));
  });

  it('adds agencies with unique names, case-insensitively', () => {
    expect(decide({ type: 'AddAgency', agencyId: 'a1', name: 'Essex Police', kind: 'police', now }, given(registered))).toEqual([police]);
    expect(when(given(registered, police), { type: 'AddAgency', agencyId: 'a2', name: 'essex police ', kind: 'police', now })).toThrow(expect.objectContaining({ code: 'PARTNERSHIP.DUPLICATE_NAME' }));
  });

  it('renames and deactivates agencies; repeating either changes nothing', () => {
    const state = given(registered, police);
    expect(decide({ type: 'RenameAgency', agencyId: 'a1', name: 'Essex Police' }, state)).toEqual([]);
    expect(decide({ type: 'RenameAgency', agencyId: 'a1', name: 'Essex Police (Thurrock)' }, state)).toHaveLength(1);
    const deactivated = given(registered, police, { type: 'AgencyDeactivated', data: { partnershipId: 'p1', agencyId: 'a1', deactivatedAt: now } });
    expect(decide({ type: 'DeactivateAgency', agencyId: 'a1', now }, deactivated)).toEqual([]);
    expect(when(state, { type: 'RenameAgency', agencyId: 'nope', name: 'x' })).toThrow(expect.objectContaining({ code: 'PARTNERSHIP.AGENCY_NOT_FOUND' }));
  });

  it('adds wards only to an existing locality, unique within it', () => {
    expect(when(given(registered), { type: 'AddWard', wardId: 'w1', localityId: 'l1', name: 'Grays Riverside' })).toThrow(expect.objectContaining({ code: 'PARTNERSHIP.LOCALITY_NOT_FOUND' }));
    const ward: PartnershipEvent = { type: 'WardAdded', data: { partnershipId: 'p1', wardId: 'w1', localityId: 'l1', name: 'Grays Riverside' } };
    expect(decide({ type: 'AddWard', wardId: 'w1', localityId: 'l1', name: 'Grays Riverside' }, given(registered, grays))).toEqual([ward]);
    expect(when(given(registered, grays, ward), { type: 'AddWard', wardId: 'w2', localityId: 'l1', name: 'GRAYS RIVERSIDE' })).toThrow(expect.objectContaining({ code: 'PARTNERSHIP.DUPLICATE_NAME' }));
  });
});
