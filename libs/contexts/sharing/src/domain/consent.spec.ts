import {
  consentCoversAt,
  consentTerms,
  consentValidAt,
  decideConsent,
  evolveConsent,
  initialConsentState,
  type ConsentCommand,
  type ConsentEvent,
} from './consent';
import { deciderSpec } from '@hubline/testing';

const now = '2026-11-23T10:00:00.000Z';
const consents = deciderSpec({ decide: decideConsent, evolve: evolveConsent, initialState: initialConsentState });
const given = consents.state;

const record = (overrides: Partial<Extract<ConsentCommand, { type: 'Record' }>> = {}): ConsentCommand => ({
  type: 'Record',
  consentId: 'c1',
  partnershipId: 'p1',
  personId: 'victim',
  givenBy: { kind: 'person' },
  recipients: { kind: 'agencies', agencyIds: ['fire', 'housing', 'fire'] },
  purposes: ['safeguarding'],
  dataCategories: ['identity', 'contact'],
  obtained: 'written',
  recordedByUserId: 'pc',
  recordedByAgencyId: 'police',
  givenAt: '2026-11-23T09:00:00+00:00',
  expiresAt: '2027-11-23T09:00:00Z',
  now,
  ...overrides,
});
const recorded: ConsentEvent = {
  type: 'ConsentRecorded',
  data: {
    consentId: 'c1',
    partnershipId: 'p1',
    personId: 'victim',
    givenBy: { kind: 'person' },
    recipients: { kind: 'agencies', agencyIds: ['fire', 'housing'] },
    purposes: ['safeguarding'],
    dataCategories: ['identity', 'contact'],
    obtained: 'written',
    recordedByUserId: 'pc',
    recordedByAgencyId: 'police',
    givenAt: '2026-11-23T09:00:00.000Z',
    expiresAt: '2027-11-23T09:00:00.000Z',
    recordedAt: now,
  },
};
const withdrawnAt = '2026-12-01T15:30:00.000Z';
const withdrawn: ConsentEvent = {
  type: 'ConsentWithdrawn',
  data: {
    consentId: 'c1',
    partnershipId: 'p1',
    personId: 'victim',
    withdrawnAt,
    method: 'verbal',
    recordedByUserId: 'pc',
    recordedByAgencyId: 'police',
  },
};

describe('consent decider', () => {
  it('records a consent with instants in one spelling and recipients de-duplicated', () => {
    consents.given().when(record()).then([recorded]);
    consents.given(recorded).when(record()).thenThrows('SHARING.CONSENT_EXISTS');
  });

  it('records consent given for the person only with the relationship and the authority', () => {
    consents
      .given()
      .when(record({ givenBy: { kind: 'representative', relationship: 'parent' } }))
      .thenThrows('SHARING.AUTHORITY_REQUIRED');
    consents
      .given()
      .when(
        record({ givenBy: { kind: 'representative', relationship: 'parent', authority: 'parental_responsibility' } }),
      )
      .then(([event]) =>
        expect(event.data).toMatchObject({
          givenBy: { kind: 'representative', relationship: 'parent', authority: 'parental_responsibility' },
        }),
      );
  });

  it('refuses a consent from the future, an expiry before it was given, and no recipients', () => {
    consents
      .given()
      .when(record({ givenAt: '2026-11-23T10:00:01Z' }))
      .thenThrows('SHARING.CONSENT_GIVEN_IN_FUTURE');
    consents
      .given()
      .when(record({ expiresAt: '2026-11-23T09:00:00Z' }))
      .thenThrows('SHARING.INVALID_EXPIRY');
    consents
      .given()
      .when(record({ recipients: { kind: 'lag_partners', localityId: 'grays', agencyIds: [] } }))
      .thenThrows('SHARING.NO_RECIPIENTS');
    consents
      .given()
      .when(record({ obtained: 'telepathy' }))
      .thenThrows('SHARING.UNKNOWN_CODE');
  });

  it('withdraws once, at once, recording how and by whom', () => {
    consents
      .given(recorded)
      .when({
        type: 'Withdraw',
        partnershipId: 'p1',
        method: 'verbal',
        recordedByUserId: 'pc',
        recordedByAgencyId: 'police',
        now: withdrawnAt,
      })
      .then([withdrawn]);
    consents
      .given(recorded, withdrawn)
      .when({
        type: 'Withdraw',
        partnershipId: 'p1',
        method: 'written',
        recordedByUserId: 'pc',
        recordedByAgencyId: 'police',
        now,
      })
      .thenThrows('SHARING.CONSENT_ALREADY_WITHDRAWN');
    consents
      .given(recorded)
      .when({
        type: 'Withdraw',
        partnershipId: 'p2',
        method: 'written',
        recordedByUserId: 'x',
        recordedByAgencyId: 'y',
        now,
      })
      .thenThrows('SHARING.CONSENT_NOT_FOUND');
  });
});

describe('consent valid at a moment', () => {
  const consent = consentTerms(given(recorded), 'p1');
  const after = consentTerms(given(recorded, withdrawn), 'p1');

  it('holds for a covered recipient, purpose and category between giving and expiry', () => {
    expect(consentValidAt(consent, now, 'fire', 'safeguarding', 'contact')).toEqual({ valid: true });
    expect(consentValidAt(consent, '2026-11-23T08:59:59.999Z', 'fire', 'safeguarding', 'contact')).toEqual({
      valid: false,
      code: 'SHARING.NO_CONSENT',
    });
    expect(consentValidAt(consent, '2027-11-23T09:00:00.000Z', 'fire', 'safeguarding', 'contact')).toEqual({
      valid: false,
      code: 'SHARING.CONSENT_EXPIRED',
    });
  });

  it('names what is not covered', () => {
    expect(consentValidAt(consent, now, 'probation', 'safeguarding', 'contact')).toEqual({
      valid: false,
      code: 'SHARING.RECIPIENT_NOT_COVERED',
    });
    expect(consentValidAt(consent, now, 'fire', 'housing_management', 'contact')).toEqual({
      valid: false,
      code: 'SHARING.PURPOSE_NOT_COVERED',
    });
    expect(consentValidAt(consent, now, 'fire', 'safeguarding', 'health')).toEqual({
      valid: false,
      code: 'SHARING.CATEGORY_NOT_COVERED',
    });
  });

  it('stops the moment it is withdrawn, and stays valid for moments before', () => {
    expect(consentValidAt(after, '2026-12-01T15:29:59.999Z', 'fire', 'safeguarding', 'identity')).toEqual({
      valid: true,
    });
    expect(consentValidAt(after, withdrawnAt, 'fire', 'safeguarding', 'identity')).toEqual({
      valid: false,
      code: 'SHARING.CONSENT_WITHDRAWN',
    });
  });

  it('is no consent to another partnership, and covers only its own person', () => {
    expect(consentValidAt(consentTerms(given(recorded), 'p2'), now, 'fire', 'safeguarding', 'identity')).toEqual({
      valid: false,
      code: 'SHARING.NO_CONSENT',
    });
    const use = {
      personIds: ['victim'],
      recipientAgencyIds: ['fire', 'housing'],
      purpose: 'safeguarding' as const,
      dataCategories: ['identity' as const, 'contact' as const],
    };
    expect(consentCoversAt(consent, now, use)).toEqual({ valid: true });
    expect(consentCoversAt(consent, now, { ...use, personIds: ['victim', 'neighbour'] })).toEqual({
      valid: false,
      code: 'SHARING.NO_CONSENT',
    });
    expect(consentCoversAt(consent, now, { ...use, dataCategories: ['identity', 'address'] })).toEqual({
      valid: false,
      code: 'SHARING.CATEGORY_NOT_COVERED',
    });
  });
});
