import type { AgreementTerms } from './agreement';
import type { ConsentTerms } from './consent';
import { deciderSpec } from '@hubline/testing';
import {
  basisStandsAt,
  basisValidAt,
  decideDisclosure,
  evolveDisclosure,
  initialDisclosureState,
  type DisclosureCommand,
  type Sealed,
} from './disclosure';

const now = '2026-11-23T10:00:00.000Z';
const sealed: Sealed = { v: 1, iv: 'aXY=', ct: 'Y3Q=', tag: 'dGFn' };
const consent: ConsentTerms = {
  consentId: 'c1',
  partnershipId: 'p1',
  personId: 'victim',
  recipientAgencyIds: ['fire'],
  purposes: ['safeguarding'],
  dataCategories: ['identity', 'contact'],
  givenAt: '2026-11-01T09:00:00.000Z',
  expiresAt: null,
  withdrawnAt: null,
};
const agreement: AgreementTerms = {
  agreementId: 'isa1',
  partnershipId: 'p1',
  parties: ['police', 'council', 'fire'],
  purposes: ['lag_case_coordination'],
  dataCategories: ['identity', 'incident_details'],
  lawfulBases: ['cda_1998_s115', 'uk_gdpr_6_1_e'],
  startDate: '2026-04-01',
  endDate: null,
  reviewDate: '2027-04-01',
  earlierReviewDates: [],
  terminatedAt: null,
};
const disclose = (overrides: Partial<DisclosureCommand> = {}): DisclosureCommand => ({
  type: 'Disclose',
  disclosureId: 'd1',
  partnershipId: 'p1',
  fromAgencyId: 'police',
  recipientAgencyIds: ['fire'],
  personIds: ['victim'],
  dataCategories: ['identity', 'contact'],
  purpose: 'safeguarding',
  case: null,
  byUserId: 'pc',
  basis: { kind: 'consent', consentId: 'c1' },
  evidence: { consent, agreement: null },
  now,
  ...overrides,
});
const disclosures = deciderSpec({
  decide: decideDisclosure,
  evolve: evolveDisclosure,
  initialState: initialDisclosureState,
});

describe('disclosure decider', () => {
  it('records a disclosure on a consent valid at that moment, keeping only the consent id as its basis', () => {
    disclosures
      .given()
      .when(disclose({ case: { type: 'lag_referral', id: 'r1' } }))
      .then([
        {
          type: 'InformationDisclosed',
          data: {
            disclosureId: 'd1',
            partnershipId: 'p1',
            fromAgencyId: 'police',
            recipientAgencyIds: ['fire'],
            personIds: ['victim'],
            dataCategories: ['identity', 'contact'],
            purpose: 'safeguarding',
            case: { type: 'lag_referral', id: 'r1' },
            byUserId: 'pc',
            disclosedAt: now,
            basis: { kind: 'consent', consentId: 'c1' },
            flags: [],
          },
        },
      ]);
  });

  it('refuses each reason a consent does not hold, by its code', () => {
    disclosures
      .given()
      .when(disclose({ evidence: { consent: null, agreement: null } }))
      .thenThrows('SHARING.NO_CONSENT');
    disclosures
      .given()
      .when(disclose({ basis: { kind: 'consent', consentId: 'other' } }))
      .thenThrows('SHARING.NO_CONSENT');
    disclosures
      .given()
      .when(
        disclose({ evidence: { consent: { ...consent, withdrawnAt: '2026-11-23T09:59:00.000Z' }, agreement: null } }),
      )
      .thenThrows('SHARING.CONSENT_WITHDRAWN');
    disclosures
      .given()
      .when(disclose({ evidence: { consent: { ...consent, expiresAt: '2026-11-20T00:00:00.000Z' }, agreement: null } }))
      .thenThrows('SHARING.CONSENT_EXPIRED');
    disclosures
      .given()
      .when(disclose({ recipientAgencyIds: ['fire', 'housing'] }))
      .thenThrows('SHARING.RECIPIENT_NOT_COVERED');
    disclosures
      .given()
      .when(disclose({ purpose: 'housing_management' }))
      .thenThrows('SHARING.PURPOSE_NOT_COVERED');
    disclosures
      .given()
      .when(disclose({ dataCategories: ['identity', 'health'] }))
      .thenThrows('SHARING.CATEGORY_NOT_COVERED');
  });

  it('records a gateway disclosure under an agreement in force, with its sealed justification', () => {
    const gateway = { kind: 'gateway' as const, gateway: 'cda_1998_s115', agreementId: 'isa1', justification: sealed };
    disclosures
      .given()
      .when(
        disclose({
          basis: gateway,
          evidence: { consent: null, agreement },
          purpose: 'lag_case_coordination',
          dataCategories: ['identity'],
        }),
      )
      .then(([event]) => {
        expect(event.data.basis).toEqual(gateway);
        expect(event.data.flags).toEqual([]);
      });
  });

  it('refuses a gateway disclosure without justification, agreement in force, the gateway or the parties', () => {
    const base = {
      purpose: 'lag_case_coordination',
      dataCategories: ['identity'],
      evidence: { consent: null, agreement },
    };
    const gateway = (g = 'cda_1998_s115', justification: Sealed | null = sealed) => ({
      kind: 'gateway' as const,
      gateway: g,
      agreementId: 'isa1',
      justification,
    });
    disclosures
      .given()
      .when(disclose({ ...base, basis: gateway('cda_1998_s115', null) }))
      .thenThrows('SHARING.JUSTIFICATION_REQUIRED');
    disclosures
      .given()
      .when(
        disclose({
          ...base,
          evidence: { consent: null, agreement: { ...agreement, terminatedAt: '2026-11-01T00:00:00.000Z' } },
          basis: gateway(),
        }),
      )
      .thenThrows('SHARING.NO_AGREEMENT_IN_FORCE');
    disclosures
      .given()
      .when(
        disclose({
          ...base,
          evidence: { consent: null, agreement: { ...agreement, reviewDate: '2026-11-22' } },
          basis: gateway(),
        }),
      )
      .thenThrows('SHARING.NO_AGREEMENT_IN_FORCE');
    disclosures
      .given()
      .when(disclose({ ...base, basis: { ...gateway(), agreementId: 'other' } }))
      .thenThrows('SHARING.NO_AGREEMENT_IN_FORCE');
    disclosures
      .given()
      .when(disclose({ ...base, basis: gateway('uk_gdpr_6_1_c') }))
      .thenThrows('SHARING.GATEWAY_NOT_IN_AGREEMENT');
    disclosures
      .given()
      .when(disclose({ ...base, basis: gateway('uk_gdpr_6_1_a') }))
      .thenThrows('SHARING.UNKNOWN_CODE');
    disclosures
      .given()
      .when(disclose({ ...base, fromAgencyId: 'housing', basis: gateway() }))
      .thenThrows('SHARING.DISCLOSER_NOT_PARTY');
    disclosures
      .given()
      .when(disclose({ ...base, recipientAgencyIds: ['probation'], basis: gateway() }))
      .thenThrows('SHARING.RECIPIENT_NOT_COVERED');
  });

  it('flags a gateway disclosure when the agreement is due for review within 30 days', () => {
    const soon = { ...agreement, reviewDate: '2026-12-20' };
    disclosures
      .given()
      .when(
        disclose({
          basis: { kind: 'gateway', gateway: 'uk_gdpr_6_1_e', agreementId: 'isa1', justification: sealed },
          evidence: { consent: null, agreement: soon },
          purpose: 'lag_case_coordination',
          dataCategories: ['identity'],
        }),
      )
      .then(([event]) => expect(event.data.flags).toEqual(['agreement_review_due']));
  });

  it('allows a vital-interests disclosure only with a justification, and flags it for audit', () => {
    disclosures
      .given()
      .when(disclose({ basis: { kind: 'vital_interests', justification: null } }))
      .thenThrows('SHARING.JUSTIFICATION_REQUIRED');
    disclosures
      .given()
      .when(
        disclose({
          basis: { kind: 'vital_interests', justification: sealed },
          evidence: { consent: null, agreement: null },
          dataCategories: ['identity', 'health'],
        }),
      )
      .then(([event]) =>
        expect(event.data).toMatchObject({
          basis: { kind: 'vital_interests', justification: sealed },
          flags: ['vital_interests'],
        }),
      );
  });

  it('refuses its own agency as a recipient, and recording the same disclosure twice', () => {
    disclosures
      .given()
      .when(disclose({ recipientAgencyIds: ['police'] }))
      .thenThrows('SHARING.RECIPIENT_IS_DISCLOSER');
    disclosures
      .given(...disclosures.history(disclose()))
      .when(disclose())
      .thenThrows('SHARING.DISCLOSURE_EXISTS');
  });

  it('judges the same basis differently at different moments', () => {
    const withdrawn = { ...consent, withdrawnAt: '2026-11-23T12:00:00.000Z' };
    const use = {
      fromAgencyId: 'police',
      recipientAgencyIds: ['fire'],
      personIds: ['victim'],
      purpose: 'safeguarding' as const,
      dataCategories: ['identity' as const],
    };
    expect(
      basisValidAt({ kind: 'consent', consentId: 'c1' }, { consent: withdrawn, agreement: null }, now, use),
    ).toEqual({ valid: true });
    expect(
      basisValidAt(
        { kind: 'consent', consentId: 'c1' },
        { consent: withdrawn, agreement: null },
        '2026-11-23T12:00:00.000Z',
        use,
      ),
    ).toEqual({ valid: false, code: 'SHARING.CONSENT_WITHDRAWN' });
  });
});

describe('a recorded disclosure basis standing later', () => {
  const use = {
    fromAgencyId: 'police',
    recipientAgencyIds: ['fire'],
    personIds: ['victim'],
    purpose: 'safeguarding' as const,
    dataCategories: ['identity' as const],
  };
  const byConsent = { basis: { kind: 'consent' as const, consentId: 'c1' }, disclosedAt: now, use };

  it('stands while the consent holds, and not once it is withdrawn', () => {
    expect(basisStandsAt(byConsent, { consent, agreement: null }, '2026-12-01T00:00:00.000Z')).toEqual({ valid: true });
    expect(
      basisStandsAt(
        byConsent,
        { consent: { ...consent, withdrawnAt: '2026-11-30T00:00:00.000Z' }, agreement: null },
        '2026-12-01T00:00:00.000Z',
      ),
    ).toEqual({
      valid: false,
      code: 'SHARING.CONSENT_WITHDRAWN',
    });
  });

  it('stands while the agreement is in force', () => {
    const byGateway = {
      basis: { kind: 'gateway' as const, gateway: 'cda_1998_s115' as const, agreementId: 'isa1' },
      disclosedAt: now,
      use: { ...use, purpose: 'lag_case_coordination' as const },
    };
    expect(basisStandsAt(byGateway, { consent: null, agreement }, now)).toEqual({ valid: true });
    expect(basisStandsAt(byGateway, { consent: null, agreement }, '2027-04-02T12:00:00.000Z')).toEqual({
      valid: false,
      code: 'SHARING.NO_AGREEMENT_IN_FORCE',
    });
  });

  it('stands for 72 hours after an emergency disclosure', () => {
    const emergency = { basis: { kind: 'vital_interests' as const }, disclosedAt: now, use };
    expect(basisStandsAt(emergency, { consent: null, agreement: null }, '2026-11-26T09:59:59.999Z')).toEqual({
      valid: true,
    });
    expect(basisStandsAt(emergency, { consent: null, agreement: null }, '2026-11-26T10:00:00.000Z')).toEqual({
      valid: false,
      code: 'SHARING.EMERGENCY_PASSED',
    });
  });
});
