import {
  agreementCoversAt,
  agreementStandingAt,
  agreementTerms,
  decideAgreement,
  evolveAgreement,
  initialAgreementState,
  type AgreementCommand,
  type AgreementEvent,
} from './agreement';
import { deciderSpec } from '@hubline/testing';

// 10:00 in London on 23 November 2026 (GMT).
const now = '2026-11-23T10:00:00.000Z';
const agreements = deciderSpec({
  decide: decideAgreement,
  evolve: evolveAgreement,
  initialState: initialAgreementState,
});
const given = agreements.state;

const agree = (overrides: Partial<Extract<AgreementCommand, { type: 'Agree' }>> = {}): AgreementCommand => ({
  type: 'Agree',
  agreementId: 'isa1',
  partnershipId: 'p1',
  title: ' Thurrock ASB information sharing agreement ',
  parties: ['police', 'council', 'police'],
  purposes: ['lag_case_coordination', 'safeguarding'],
  dataCategories: ['identity', 'contact', 'incident_details'],
  lawfulBases: ['cda_1998_s115', 'uk_gdpr_6_1_e'],
  schedule1Conditions: [],
  startDate: '2026-04-01',
  now,
  ...overrides,
});
const agreed = (
  overrides: Partial<Extract<AgreementEvent, { type: 'SharingAgreementAgreed' }>['data']> = {},
): AgreementEvent => ({
  type: 'SharingAgreementAgreed',
  data: {
    agreementId: 'isa1',
    partnershipId: 'p1',
    title: 'Thurrock ASB information sharing agreement',
    parties: ['police', 'council'],
    purposes: ['lag_case_coordination', 'safeguarding'],
    dataCategories: ['identity', 'contact', 'incident_details'],
    lawfulBases: ['cda_1998_s115', 'uk_gdpr_6_1_e'],
    schedule1Conditions: [],
    startDate: '2026-04-01',
    reviewDate: '2027-04-01',
    endDate: null,
    agreedAt: now,
    ...overrides,
  },
});
const terms = (...events: AgreementEvent[]) => agreementTerms(given(...events), 'p1');
const use = {
  gateway: 'cda_1998_s115' as const,
  fromAgencyId: 'police',
  recipientAgencyIds: ['council'],
  purpose: 'safeguarding' as const,
  dataCategories: ['identity' as const],
};

describe('information sharing agreement decider', () => {
  it('records an agreement with de-duplicated parties and a review a year after the start', () => {
    agreements.given().when(agree()).then([agreed()]);
    agreements.given(agreed()).when(agree()).thenThrows('SHARING.AGREEMENT_EXISTS');
  });

  it('needs two parties, an Article 6 basis and known codes', () => {
    agreements
      .given()
      .when(agree({ parties: ['police', 'police'] }))
      .thenThrows('SHARING.TOO_FEW_PARTIES');
    agreements
      .given()
      .when(agree({ lawfulBases: ['cda_1998_s115'] }))
      .thenThrows('SHARING.ARTICLE_6_BASIS_REQUIRED');
    agreements
      .given()
      .when(agree({ purposes: ['gossip'] }))
      .thenThrows('SHARING.UNKNOWN_CODE');
  });

  it('needs Art 9(2)(g) and a Schedule 1 condition for special-category data, and a condition for criminal offence data', () => {
    const health = { dataCategories: ['identity', 'health'] };
    agreements
      .given()
      .when(agree({ ...health, schedule1Conditions: ['dpa_sch1_p18_safeguarding'] }))
      .thenThrows('SHARING.SCHEDULE_1_CONDITION_REQUIRED');
    agreements
      .given()
      .when(agree({ ...health, lawfulBases: ['uk_gdpr_6_1_e', 'uk_gdpr_9_2_g'] }))
      .thenThrows('SHARING.SCHEDULE_1_CONDITION_REQUIRED');
    agreements
      .given()
      .when(
        agree({
          ...health,
          lawfulBases: ['uk_gdpr_6_1_e', 'uk_gdpr_9_2_g'],
          schedule1Conditions: ['dpa_sch1_p18_safeguarding'],
        }),
      )
      .then((events) => expect(events).toHaveLength(1));
    agreements
      .given()
      .when(agree({ dataCategories: ['criminal_offence'] }))
      .thenThrows('SHARING.SCHEDULE_1_CONDITION_REQUIRED');
  });

  it('keeps the review within a year of the start and the end on or after it', () => {
    agreements
      .given()
      .when(agree({ reviewDate: '2027-04-02' }))
      .thenThrows('SHARING.INVALID_REVIEW_DATE');
    agreements
      .given()
      .when(agree({ reviewDate: '2026-04-01' }))
      .thenThrows('SHARING.INVALID_REVIEW_DATE');
    agreements
      .given()
      .when(agree({ endDate: '2026-03-31' }))
      .thenThrows('SHARING.INVALID_END_DATE');
    agreements
      .given()
      .when(agree({ startDate: '2026-02-30' }))
      .thenThrows('SHARING.INVALID_DATE');
  });

  it('reviews an agreement, by default for another year from today', () => {
    agreements
      .given(agreed())
      .when({ type: 'Review', partnershipId: 'p1', now })
      .then([
        {
          type: 'SharingAgreementReviewed',
          data: {
            agreementId: 'isa1',
            partnershipId: 'p1',
            reviewedAt: now,
            previousReviewDate: '2027-04-01',
            reviewDate: '2027-11-23',
          },
        },
      ]);
    agreements
      .given(agreed())
      .when({ type: 'Review', partnershipId: 'p1', reviewDate: '2026-11-23', now })
      .thenThrows('SHARING.INVALID_REVIEW_DATE');
    agreements
      .given(agreed({ endDate: '2026-10-31' }))
      .when({ type: 'Review', partnershipId: 'p1', now })
      .thenThrows('SHARING.AGREEMENT_ENDED');
    agreements
      .given(agreed())
      .when({ type: 'Review', partnershipId: 'p2', now })
      .thenThrows('SHARING.AGREEMENT_NOT_FOUND');
  });

  it('terminates once, with a reason', () => {
    const [terminated] = agreements
      .given(agreed())
      .when({ type: 'Terminate', partnershipId: 'p1', reason: ' Replaced by the 2027 agreement ', now })
      .then([
        {
          type: 'SharingAgreementTerminated',
          data: {
            agreementId: 'isa1',
            partnershipId: 'p1',
            terminatedAt: now,
            reason: 'Replaced by the 2027 agreement',
          },
        },
      ]);
    agreements
      .given(agreed(), terminated)
      .when({ type: 'Terminate', partnershipId: 'p1', reason: 'again', now })
      .thenThrows('SHARING.AGREEMENT_TERMINATED');
    agreements
      .given(agreed(), terminated)
      .when({ type: 'Review', partnershipId: 'p1', now })
      .thenThrows('SHARING.AGREEMENT_TERMINATED');
    agreements
      .given(agreed())
      .when({ type: 'Terminate', partnershipId: 'p1', reason: '  ', now })
      .thenThrows('SHARING.REASON_REQUIRED');
  });
});

describe('agreement in force at a moment', () => {
  it('is in force from its start day to its review day, in London days', () => {
    const isa = terms(agreed());
    // 23:30 UTC on 31 March is already 1 April in London (BST).
    expect(agreementStandingAt(isa, '2026-03-31T22:30:00.000Z')).toEqual({ inForce: false, reason: 'not_started' });
    expect(agreementStandingAt(isa, '2026-03-31T23:30:00.000Z')).toMatchObject({ inForce: true });
    expect(agreementStandingAt(isa, '2027-04-01T12:00:00.000Z')).toMatchObject({ inForce: true, reviewDueSoon: true });
    expect(agreementStandingAt(isa, '2027-04-02T12:00:00.000Z')).toEqual({ inForce: false, reason: 'review_lapsed' });
  });

  it('warns when the review is due within 30 days', () => {
    const isa = terms(agreed());
    expect(agreementStandingAt(isa, '2027-03-01T12:00:00.000Z')).toEqual({
      inForce: true,
      reviewDate: '2027-04-01',
      reviewDueSoon: false,
    });
    expect(agreementStandingAt(isa, '2027-03-02T12:00:00.000Z')).toEqual({
      inForce: true,
      reviewDate: '2027-04-01',
      reviewDueSoon: true,
    });
  });

  it('is restored by a review after a lapse, but was not in force while lapsed', () => {
    const reviewed: AgreementEvent = {
      type: 'SharingAgreementReviewed',
      data: {
        agreementId: 'isa1',
        partnershipId: 'p1',
        reviewedAt: '2027-05-01T09:00:00.000Z',
        previousReviewDate: '2027-04-01',
        reviewDate: '2028-04-30',
      },
    };
    const isa = terms(agreed(), reviewed);
    expect(agreementStandingAt(isa, '2027-04-20T12:00:00.000Z')).toEqual({ inForce: false, reason: 'review_lapsed' });
    expect(agreementStandingAt(isa, '2027-05-01T09:00:00.000Z')).toMatchObject({
      inForce: true,
      reviewDate: '2028-04-30',
    });
  });

  it('stops at its end day and at the moment it is terminated', () => {
    expect(agreementStandingAt(terms(agreed({ endDate: '2026-12-31' })), '2026-12-31T23:00:00.000Z')).toMatchObject({
      inForce: true,
    });
    expect(agreementStandingAt(terms(agreed({ endDate: '2026-12-31' })), '2027-01-01T00:00:00.000Z')).toEqual({
      inForce: false,
      reason: 'ended',
    });
    const isa = terms(agreed(), {
      type: 'SharingAgreementTerminated',
      data: { agreementId: 'isa1', partnershipId: 'p1', terminatedAt: now, reason: 'x' },
    });
    expect(agreementStandingAt(isa, '2026-11-23T09:59:59.999Z')).toMatchObject({ inForce: true });
    expect(agreementStandingAt(isa, now)).toEqual({ inForce: false, reason: 'terminated' });
  });

  it('is no agreement at all to another partnership', () => {
    expect(agreementTerms(given(agreed()), 'p2')).toBeNull();
    expect(agreementStandingAt(null, now)).toEqual({ inForce: false, reason: 'unknown' });
  });

  it('covers a use only with the gateway, parties, purpose and categories it names', () => {
    const isa = terms(agreed());
    expect(agreementCoversAt(isa, now, use)).toEqual({ valid: true });
    expect(agreementCoversAt(isa, '2027-05-01T12:00:00.000Z', use)).toEqual({
      valid: false,
      code: 'SHARING.NO_AGREEMENT_IN_FORCE',
    });
    expect(agreementCoversAt(isa, now, { ...use, gateway: 'uk_gdpr_6_1_c' })).toEqual({
      valid: false,
      code: 'SHARING.GATEWAY_NOT_IN_AGREEMENT',
    });
    expect(agreementCoversAt(isa, now, { ...use, fromAgencyId: 'fire' })).toEqual({
      valid: false,
      code: 'SHARING.DISCLOSER_NOT_PARTY',
    });
    expect(agreementCoversAt(isa, now, { ...use, recipientAgencyIds: ['council', 'fire'] })).toEqual({
      valid: false,
      code: 'SHARING.RECIPIENT_NOT_COVERED',
    });
    expect(agreementCoversAt(isa, now, { ...use, purpose: 'housing_management' })).toEqual({
      valid: false,
      code: 'SHARING.PURPOSE_NOT_COVERED',
    });
    expect(agreementCoversAt(isa, now, { ...use, dataCategories: ['identity', 'health'] })).toEqual({
      valid: false,
      code: 'SHARING.CATEGORY_NOT_COVERED',
    });
  });
});
