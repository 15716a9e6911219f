import {
  consentCoversAt, consentTerms, consentValidAt, decideConsent, evolveConsent, initialConsentState,
  type ConsentCommand, type ConsentEvent, type ConsentState,
} from './consent';

const now = '2026-11-23T10:00:00.000Z';
const given = (...events: ConsentEvent[]): ConsentState => events.reduce(evolveConsent, initialConsentState);
const when = (state: ConsentState, command: ConsentCommand) => () => decideConsent(command, state);

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
  data: { consentId: 'c1', partnershipId: 'p1', personId: 'victim', withdrawnAt, method: 'verbal', recordedByUserId: 'pc', recordedByAgencyId: 'police' },
};

describe('consent decider', () => {
  it('records a consent with instants in one spelling and recipients de-duplicated', () => {
    expect(decideConsent(record(), initialConsentState)).toEqual([recorded]);
    expect(when(given(recorded), record())).toThrow(expect.objectContaining({ code: 'SHARING.CONSENT_EXISTS' }));
  });

  it('records consent given for the person only with the relationship and the authority', () => {
    expect(when(initialConsentState, record({ givenBy: { kind: 'representative', relationship: 'parent' } }))).toThrow(expect.objectContaining({ code: 'SHARING.AUTHORITY_REQUIRED' }));
    const [event] = decideConsent(record({ givenBy: { kind: 'representative', relationship: 'parent', authority: 'parental_responsibility' } }), initialConsentState);
    expect(event.data).toMatchObject({ givenBy: { kind: 'representative', relationship: 'parent', authority: 'parental_responsibility' } });
  });

  it('refuses a consent from the future, an expiry before it was given, and no recipients', () => {
    expect(when(initialConsentState, record({ givenAt: '2026-11-23T10:00:01Z' }))).toThrow(expect.objectContaining({ code: 'SHARING.CONSENT_GIVEN_IN_FUTURE' }));
    expect(when(initialConsentState, record({ expiresAt: '2026-11-23T09:00:00Z' }))).toThrow(expect.objectContaining({ code: 'SHARING.INVALID_EXPIRY' }));
    expect(when(initialConsentState, record({ recipients: { kind: 'lag_partners', localityId: 'grays', agencyIds: [] } }))).toThrow(expect.objectContaining({ code: 'SHARING.NO_RECIPIENTS' }));
    expect(when(initialConsentState, record({ obtained: 'telepathy' }))).toThrow(expect.objectContaining({ code: 'SHARING.UNKNOWN_CODE' }));
  });

  it('withdraws once, at once, recording how and by whom', () => {
    expect(decideConsent({ type: 'Withdraw', partnershipId: 'p1', method: 'verbal', recordedByUserId: 'pc', recordedByAgencyId: 'police', now: withdrawnAt }, given(recorded))).toEqual([withdrawn]);
    expect(when(given(recorded, withdrawn), { type: 'Withdraw', partnershipId: 'p1', method: 'written', recordedByUserId: 'pc', recordedByAgencyId: 'police', now })).toThrow(
      expect.objectContaining({ code: 'SHARING.CONSENT_ALREADY_WITHDRAWN' }),
    );
    expect(when(given(recorded), { type: 'Withdraw', partnershipId: 'p2', method: 'written', recordedByUserId: 'x', recordedByAgencyId: 'y', now })).toThrow(
      expect.objectContaining({ code: 'SHARING.CONSENT_NOT_FOUND' }),
    );
  });
});

describe('consent valid at a moment', () => {
  const consent = consentTerms(given(recorded), 'p1');
  const after = consentTerms(given(recorded, withdrawn), 'p1');

  it('holds for a covered recipient, purpose and category between giving and expiry', () => {
    expect(consentValidAt(consent, now, 'fire', 'safeguarding', 'contact')).toEqual({ valid: true });
    expect(consentValidAt(consent, '2026-11-23T08:59:59.999Z', 'fire', 'safeguarding', 'contact')).toEqual({ valid: false, code: 'SHARING.NO_CONSENT' });
    expect(consentValidAt(consent, '2027-11-23T09:00:00.000Z', 'fire', 'safeguarding', 'contact')).toEqual({ valid: false, code: 'SHARING.CONSENT_EXPIRED' });
  });

  it('names what is not covered', () => {
    expect(consentValidAt(consent, now, 'probation', 'safeguarding', 'contact')).toEqual({ valid: false, code: 'SHARING.RECIPIENT_NOT_COVERED' });
    expect(consentValidAt(consent, now, 'fire', 'housing_management', 'contact')).toEqual({ valid: false, code: 'SHARING.PURPOSE_NOT_COVERED' });
    expect(consentValidAt(consent, now, 'fire', 'safeguarding', 'health')).toEqual({ valid: false, code: 'SHARING.CATEGORY_NOT_COVERED' });
  });

  it('stops the moment it is withdrawn, and stays valid for moments before', () => {
    expect(consentValidAt(after, '2026-12-01T15:29:59.999Z', 'fire', 'safeguarding', 'identity')).toEqual({ valid: true });
    expect(consentValidAt(after, withdrawnAt, 'fire', 'safeguarding', 'identity')).toEqual({ valid: false, code: 'SHARING.CONSENT_WITHDRAWN' });
  });

  it('is no consent to another partnership, and covers only its own person', () => {
    expect(consentValidAt(consentTerms(given(recorded), 'p2'), now, 'fire', 'safeguarding', 'identity')).toEqual({ valid: false, code: 'SHARING.NO_CONSENT' });
    const use = { personIds: ['victim'], recipientAgencyIds: ['fire', 'housing'], purpose: 'safeguarding' as const, dataCategories: ['identity' as const, 'contact' as const] };
    expect(consentCoversAt(consent, now, use)).toEqual({ valid: true });
    expect(consentCoversAt(consent, now, { ...use, personIds: ['victim', 'neighbour'] })).toEqual({ valid: false, code: 'SHARING.NO_CONSENT' });
    expect(consentCoversAt(consent, now, { ...use, dataCategories: ['identity', 'address'] })).toEqual({ valid: false, code: 'SHARING.CATEGORY_NOT_COVERED' });
  });
});
