import { deciderSpec } from '@hubline/testing';
import {
  decide,
  evolve,
  initialState,
  type PartnershipCommand,
  type PartnershipEvent,
  type PartnershipState,
} from './partnership';

const partnership = deciderSpec<PartnershipCommand, PartnershipState, PartnershipEvent>({
  decide,
  evolve,
  initialState,
});
const now = '2026-11-23T10:00:00.000Z';
const registered: PartnershipEvent = {
  type: 'PartnershipRegistered',
  data: { partnershipId: 'p1', name: 'Thurrock CSP', area: 'Thurrock', registeredAt: now },
};
const police: PartnershipEvent = {
  type: 'AgencyAdded',
  data: { partnershipId: 'p1', agencyId: 'a1', name: 'Essex Police', kind: 'police', addedAt: now },
};
const grays: PartnershipEvent = {
  type: 'LocalityAdded',
  data: { partnershipId: 'p1', localityId: 'l1', name: 'Grays' },
};

describe('partnership decider', () => {
  it("sets an agency's part in ASB Case Reviews as its kind allows, police and council relevant bodies by default", () => {
    const health: PartnershipEvent = {
      type: 'AgencyAdded',
      data: { partnershipId: 'p1', agencyId: 'a2', name: 'The ICB', kind: 'health', addedAt: now },
    };
    const set = (agencyId: string, caseReviewRole: 'relevant_body' | 'co_opted' | 'icb' | 'none') =>
      ({ type: 'SetAgencyCaseReviewRole', agencyId, caseReviewRole, now }) as const;
    const state = partnership.state(registered, police, health);
    expect(state.status === 'registered' && state.agencies.a1.caseReviewRole).toBe('relevant_body');
    expect(state.status === 'registered' && state.agencies.a2.caseReviewRole).toBe('none');
    partnership.given(registered, police).when(set('a1', 'relevant_body')).thenNothing();
    partnership
      .given(registered, police, health)
      .when(set('a2', 'icb'))
      .then([
        {
          type: 'AgencyCaseReviewRoleSet',
          data: { partnershipId: 'p1', agencyId: 'a2', caseReviewRole: 'icb', setAt: now },
        },
      ]);
    partnership
      .given(registered, police)
      .when(set('a1', 'co_opted'))
      .thenThrows('PARTNERSHIP.CASE_REVIEW_ROLE_NOT_FOR_KIND');
    partnership.given(registered).when(set('a9', 'none')).thenThrows('PARTNERSHIP.AGENCY_NOT_FOUND');
  });

  it('registers a partnership once', () => {
    partnership
      .given()
      .when({ type: 'RegisterPartnership', partnershipId: 'p1', name: ' Thurrock CSP ', area: 'Thurrock', now })
      .then([registered]);
    partnership
      .given(registered)
      .when({ type: 'RegisterPartnership', partnershipId: 'p1', name: 'x', area: 'y', now })
      .thenThrows('PARTNERSHIP.ALREADY_REGISTERED');
  });

  it('needs a registered partnership for everything else', () => {
    partnership
      .given()
      .when({ type: 'AddLocality', localityId: 'l1', name: 'Grays' })
      .thenThrows('PARTNERSHIP.NOT_FOUND');
  });

  it('adds agencies with unique names, case-insensitively', () => {
    partnership
      .given(registered)
      .when({ type: 'AddAgency', agencyId: 'a1', name: 'Essex Police', kind: 'police', now })
      .then([police]);
    partnership
      .given(registered, police)
      .when({ type: 'AddAgency', agencyId: 'a2', name: 'essex police ', kind: 'police', now })
      .thenThrows('PARTNERSHIP.DUPLICATE_NAME');
  });

  it('renames and deactivates agencies; repeating either changes nothing', () => {
    partnership
      .given(registered, police)
      .when({ type: 'RenameAgency', agencyId: 'a1', name: 'Essex Police' })
      .thenNothing();
    partnership
      .given(registered, police)
      .when({ type: 'RenameAgency', agencyId: 'a1', name: 'Essex Police (Thurrock)' })
      .then((events) => expect(events).toHaveLength(1));
    const deactivated: PartnershipEvent = {
      type: 'AgencyDeactivated',
      data: { partnershipId: 'p1', agencyId: 'a1', deactivatedAt: now },
    };
    partnership
      .given(registered, police, deactivated)
      .when({ type: 'DeactivateAgency', agencyId: 'a1', now })
      .thenNothing();
    partnership
      .given(registered, police)
      .when({ type: 'RenameAgency', agencyId: 'nope', name: 'x' })
      .thenThrows('PARTNERSHIP.AGENCY_NOT_FOUND');
  });

  it('adds wards only to an existing locality, unique within it', () => {
    partnership
      .given(registered)
      .when({ type: 'AddWard', wardId: 'w1', localityId: 'l1', name: 'Grays Riverside' })
      .thenThrows('PARTNERSHIP.LOCALITY_NOT_FOUND');
    const ward: PartnershipEvent = {
      type: 'WardAdded',
      data: { partnershipId: 'p1', wardId: 'w1', localityId: 'l1', name: 'Grays Riverside' },
    };
    partnership
      .given(registered, grays)
      .when({ type: 'AddWard', wardId: 'w1', localityId: 'l1', name: 'Grays Riverside' })
      .then([ward]);
    partnership
      .given(registered, grays, ward)
      .when({ type: 'AddWard', wardId: 'w2', localityId: 'l1', name: 'GRAYS RIVERSIDE' })
      .thenThrows('PARTNERSHIP.DUPLICATE_NAME');
  });
});
