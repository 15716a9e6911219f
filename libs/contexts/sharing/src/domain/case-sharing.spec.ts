import type { AgreementTerms } from './agreement';
import { caseDataCategories, recordCaseSharing, type CaseSharing } from './case-sharing';
import { basisStandsAt } from './disclosure';

const at = '2026-11-23T10:00:00.000Z';
const isa: AgreementTerms = {
  agreementId: 'isa1',
  partnershipId: 'p1',
  parties: ['police', 'council', 'housing'],
  purposes: ['lag_case_coordination'],
  dataCategories: [
    'identity',
    'incident_details',
    'risk_assessment',
    'case_actions',
    'vulnerabilities',
    'criminal_offence',
  ],
  lawfulBases: ['cda_1998_s115', 'uk_gdpr_6_1_e'],
  startDate: '2026-04-01',
  endDate: null,
  reviewDate: '2027-04-01',
  earlierReviewDates: [],
  terminatedAt: null,
};
const sharing = (overrides: Partial<CaseSharing> = {}): CaseSharing => ({
  disclosureId: 'd1',
  partnershipId: 'p1',
  fromAgencyId: 'police',
  recipientAgencyIds: ['council'],
  personIds: ['victim', 'perpetrator'],
  dataCategories: ['identity', 'incident_details', 'risk_assessment', 'case_actions', 'criminal_offence'],
  case: { type: 'lag_referral', id: 'r1' },
  occasion: { kind: 'joined_case' },
  byUserId: 'chair',
  at,
  ...overrides,
});

describe('data categories a case shares', () => {
  it('always shares who the people are, the incident, the risk assessment and the action plan', () => {
    expect(
      caseDataCategories({ category: 'asb', perpetratorCount: 0, vulnerabilities: [], protectedCharacteristics: [] }),
    ).toEqual(['identity', 'incident_details', 'risk_assessment', 'case_actions']);
  });

  it('adds vulnerabilities, health, special-category and criminal offence data only when the case holds them', () => {
    expect(
      caseDataCategories({
        category: 'asb',
        perpetratorCount: 1,
        vulnerabilities: ['older_person'],
        protectedCharacteristics: [],
      }),
    ).toEqual([
      'identity',
      'incident_details',
      'risk_assessment',
      'case_actions',
      'vulnerabilities',
      'criminal_offence',
    ]);
    expect(
      caseDataCategories({
        category: 'hate_crime',
        perpetratorCount: 0,
        vulnerabilities: ['mental_health'],
        protectedCharacteristics: ['race'],
      }),
    ).toEqual([
      'identity',
      'incident_details',
      'risk_assessment',
      'case_actions',
      'vulnerabilities',
      'health',
      'special_category',
      'criminal_offence',
    ]);
  });
});

describe('sharing inside a case', () => {
  it('records the agreement and gateway that covered it, as a case_involvement disclosure for LAG case coordination', () => {
    expect(recordCaseSharing(sharing(), [isa])).toEqual({
      type: 'InformationDisclosed',
      data: {
        disclosureId: 'd1',
        partnershipId: 'p1',
        fromAgencyId: 'police',
        recipientAgencyIds: ['council'],
        personIds: ['victim', 'perpetrator'],
        dataCategories: ['identity', 'incident_details', 'risk_assessment', 'case_actions', 'criminal_offence'],
        purpose: 'lag_case_coordination',
        case: { type: 'lag_referral', id: 'r1' },
        byUserId: 'chair',
        disclosedAt: at,
        basis: {
          kind: 'case_involvement',
          occasion: 'joined_case',
          meetingId: null,
          agreementId: 'isa1',
          gateway: 'cda_1998_s115',
        },
        flags: [],
      },
    });
  });

  it('falls back to the next gateway the agreement names, and flags an agreement whose review is due', () => {
    const publicTask = { ...isa, lawfulBases: ['uk_gdpr_6_1_e' as const], reviewDate: '2026-12-01' };
    expect(recordCaseSharing(sharing(), [publicTask]).data).toMatchObject({
      basis: { kind: 'case_involvement', agreementId: 'isa1', gateway: 'uk_gdpr_6_1_e' },
      flags: ['agreement_review_due'],
    });
  });

  it('never relies on vital interests for routine case work', () => {
    const vitalOnly = { ...isa, lawfulBases: ['uk_gdpr_6_1_d' as const] };
    expect(recordCaseSharing(sharing(), [vitalOnly]).data).toMatchObject({
      basis: { kind: 'case_involvement', agreementId: null, notCoveredBecause: 'SHARING.GATEWAY_NOT_IN_AGREEMENT' },
      flags: ['no_agreement'],
    });
  });

  it('is recorded even when no agreement covers it, flagged, with the reason the closest agreement fell short', () => {
    const cases: Array<[AgreementTerms[], string, Partial<CaseSharing>?]> = [
      [[], 'SHARING.NO_AGREEMENT_IN_FORCE'],
      [[{ ...isa, terminatedAt: '2026-11-01T00:00:00.000Z' }], 'SHARING.NO_AGREEMENT_IN_FORCE'],
      [[{ ...isa, partnershipId: 'p2' }], 'SHARING.NO_AGREEMENT_IN_FORCE'],
      [[isa], 'SHARING.RECIPIENT_NOT_COVERED', { recipientAgencyIds: ['fire'] }],
      [[isa], 'SHARING.DISCLOSER_NOT_PARTY', { fromAgencyId: 'fire' }],
      [[{ ...isa, purposes: ['safeguarding'] }], 'SHARING.PURPOSE_NOT_COVERED'],
      [[isa], 'SHARING.CATEGORY_NOT_COVERED', { dataCategories: ['identity', 'special_category'] }],
      // The furthest-reaching agreement explains best: one covering all but a category beats one not in force.
      [
        [{ ...isa, agreementId: 'old', reviewDate: '2026-10-01' }, isa],
        'SHARING.CATEGORY_NOT_COVERED',
        { dataCategories: ['health'] },
      ],
    ];
    for (const [agreements, reason, overrides] of cases) {
      const event = recordCaseSharing(sharing(overrides), agreements);
      expect({ reason, data: event.data }).toMatchObject({
        reason,
        data: {
          basis: { kind: 'case_involvement', agreementId: null, gateway: null, notCoveredBecause: reason },
          flags: ['no_agreement'],
        },
      });
    }
  });

  it('uses the first agreement, in the order given, that covers it', () => {
    const narrow = { ...isa, agreementId: 'narrow', parties: ['police', 'fire'] };
    expect(recordCaseSharing(sharing(), [narrow, isa]).data.basis).toEqual({
      kind: 'case_involvement',
      occasion: 'joined_case',
      meetingId: null,
      agreementId: 'isa1',
      gateway: 'cda_1998_s115',
    });
  });

  it('names the meeting when the case was discussed there', () => {
    expect(
      recordCaseSharing(sharing({ occasion: { kind: 'discussed_at_meeting', meetingId: 'm1' } }), [isa]).data.basis,
    ).toEqual({
      kind: 'case_involvement',
      occasion: 'discussed_at_meeting',
      meetingId: 'm1',
      agreementId: 'isa1',
      gateway: 'cda_1998_s115',
    });
  });
});

describe('whether a case sharing basis stands', () => {
  const recorded = (basis: ReturnType<typeof recordCaseSharing>['data']['basis']) => ({
    basis: basis as never,
    disclosedAt: at,
    use: {
      fromAgencyId: 'police',
      recipientAgencyIds: ['council'],
      personIds: ['victim'],
      purpose: 'lag_case_coordination' as const,
      dataCategories: ['identity' as const],
    },
  });

  it('stands while its agreement is in force, and lapses when it is terminated', () => {
    const basis = recordCaseSharing(sharing(), [isa]).data.basis;
    expect(basisStandsAt(recorded(basis), { consent: null, agreement: isa }, at)).toEqual({ valid: true });
    const ended = { ...isa, terminatedAt: '2026-12-01T00:00:00.000Z' };
    expect(basisStandsAt(recorded(basis), { consent: null, agreement: ended }, '2026-12-02T00:00:00.000Z')).toEqual({
      valid: false,
      code: 'SHARING.NO_AGREEMENT_IN_FORCE',
    });
  });

  it('never stands without an agreement, whatever agreement comes later', () => {
    const basis = recordCaseSharing(sharing({ recipientAgencyIds: ['fire'] }), [isa]).data.basis;
    expect(basisStandsAt(recorded(basis), { consent: null, agreement: isa }, at)).toEqual({
      valid: false,
      code: 'SHARING.RECIPIENT_NOT_COVERED',
    });
  });
});
