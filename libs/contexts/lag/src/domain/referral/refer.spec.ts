import { DEFAULT_ASB_RISK_MATRIX } from '../risk-matrix';
import {
  now,
  sealed,
  P,
  R,
  VICTIM,
  VICTIM_2,
  PERPETRATOR,
  POLICE,
  MEDIUM,
  HIGH,
  aReferral,
  accept,
  referral,
  aReferred,
  given,
} from './testing/referral-builders';

describe('LAG referral', () => {
  describe('referring', () => {
    it('records the referral with its scored risk, and publishes who is involved', () => {
      const events = referral
        .given()
        .when(aReferral())
        .then([
          {
            type: 'VictimReferred',
            data: {
              referralId: R,
              partnershipId: P,
              localityId: 'locality-grays',
              wardId: 'ward-grays-riverside',
              category: 'asb',
              protectedCharacteristics: [],
              victimIds: [VICTIM],
              perpetratorIds: [PERPETRATOR],
              incidentSummary: sealed('summary'),
              vulnerabilities: ['mental_health', 'socially_isolated'],
              riskAssessment: {
                matrixId: DEFAULT_ASB_RISK_MATRIX.id,
                matrixVersion: 1,
                answers: HIGH,
                score: 22,
                scoredBand: 'high',
                band: 'high',
                judgement: null,
              },
              multiAgencyReason: sealed('why'),
              referringAgencyId: POLICE,
              referredByUserId: 'user-pc-jones',
              referredAt: now,
              repeat: false,
              repeatVictimIds: [],
            },
          },
          {
            type: 'CaseInvolvementChanged',
            data: {
              partnershipId: P,
              caseId: R,
              caseType: 'lag_referral',
              personIds: [VICTIM, PERPETRATOR],
              agencyIds: [POLICE],
              open: true,
            },
          },
        ]);
      expect(given(...events)).toMatchObject({
        status: 'referred',
        record: { risk: { band: 'high' }, involvement: { open: true } },
      });
    });

    it('allows no known perpetrator and no ward', () => {
      referral
        .given()
        .when(aReferral({ perpetratorIds: [], wardId: undefined }))
        .then(([referred]) => expect(referred).toMatchObject({ data: { perpetratorIds: [], wardId: null } }));
    });

    it('needs at least one victim, each person once, and nobody as both victim and perpetrator', () => {
      referral
        .given()
        .when(aReferral({ victims: [] }))
        .thenThrows('REFERRAL.NO_VICTIM');
      const twice = [
        { personId: VICTIM, previousReferralAt: null },
        { personId: VICTIM, previousReferralAt: null },
      ];
      referral
        .given()
        .when(aReferral({ victims: twice }))
        .thenThrows('REFERRAL.DUPLICATE_PERSON');
      referral
        .given()
        .when(aReferral({ perpetratorIds: [PERPETRATOR, PERPETRATOR] }))
        .thenThrows('REFERRAL.DUPLICATE_PERSON');
      referral
        .given()
        .when(aReferral({ perpetratorIds: [VICTIM] }))
        .thenThrows('REFERRAL.VICTIM_ALSO_PERPETRATOR');
    });

    it('needs a protected characteristic for a hate crime, and none for ASB', () => {
      referral
        .given()
        .when(aReferral({ category: 'hate_crime' }))
        .thenThrows('REFERRAL.CHARACTERISTIC_REQUIRED');
      referral
        .given()
        .when(aReferral({ category: 'hate_crime', protectedCharacteristics: [] }))
        .thenThrows('REFERRAL.CHARACTERISTIC_REQUIRED');
      referral
        .given()
        .when(aReferral({ category: 'hate_crime', protectedCharacteristics: ['religion', 'race', 'religion'] }))
        .then(([hate]) =>
          expect(hate).toMatchObject({
            data: { category: 'hate_crime', protectedCharacteristics: ['religion', 'race'] },
          }),
        );
      referral
        .given()
        .when(aReferral({ category: 'hate_crime', protectedCharacteristics: ['accent' as never] }))
        .thenThrows('REFERRAL.UNKNOWN_CODE');
      referral
        .given()
        .when(aReferral({ category: 'asb', protectedCharacteristics: ['disability'] }))
        .thenThrows('REFERRAL.CHARACTERISTIC_NOT_APPLICABLE');
    });

    it('accepts only known categories and vulnerability codes, and needs the sealed texts', () => {
      referral
        .given()
        .when(aReferral({ category: 'nuisance' as never }))
        .thenThrows('REFERRAL.UNKNOWN_CODE');
      referral
        .given()
        .when(aReferral({ vulnerabilities: ['grumpy' as never] }))
        .thenThrows('REFERRAL.UNKNOWN_CODE');
      referral
        .given()
        .when(aReferral({ incidentSummary: null as never }))
        .thenThrows('REFERRAL.TEXT_REQUIRED');
      referral
        .given()
        .when(aReferral({ multiAgencyReason: undefined as never }))
        .thenThrows('REFERRAL.TEXT_REQUIRED');
    });

    it('refuses incomplete risk answers', () => {
      const { escalation: _left, ...incomplete } = HIGH;
      referral
        .given()
        .when(aReferral({ risk: { matrix: DEFAULT_ASB_RISK_MATRIX, answers: incomplete } }))
        .thenThrows('RISK.UNANSWERED_QUESTION');
    });

    it('flags a repeat referral when a victim was referred within the last 12 months, naming that victim', () => {
      const victims = [
        { personId: VICTIM, previousReferralAt: '2025-12-23T10:00:00.000Z' }, // 11 months ago
        { personId: VICTIM_2, previousReferralAt: null },
      ];
      referral
        .given()
        .when(aReferral({ victims }))
        .then(([referred]) => expect(referred).toMatchObject({ data: { repeat: true, repeatVictimIds: [VICTIM] } }));
      referral
        .given()
        .when(aReferral({ victims }))
        .then((_, after) => expect(after).toMatchObject({ record: { repeat: true, repeatVictimIds: [VICTIM] } }));
    });

    it('counts exactly 12 months ago as a repeat, and not a day more', () => {
      const previous = (at: string) => aReferral({ victims: [{ personId: VICTIM, previousReferralAt: at }] });
      referral
        .given()
        .when(previous('2025-11-23T10:00:00.000Z'))
        .then((events) => expect(events[0]).toMatchObject({ data: { repeat: true } }));
      referral
        .given()
        .when(previous('2025-11-22T10:00:00.000Z'))
        .then((events) => expect(events[0]).toMatchObject({ data: { repeat: false, repeatVictimIds: [] } }));
      referral
        .given()
        .when(previous('2025-10-23T10:00:00.000Z'))
        .then((events) => expect(events[0]).toMatchObject({ data: { repeat: false } }));
    });

    it('refuses a previous referral in the future', () => {
      referral
        .given()
        .when(aReferral({ victims: [{ personId: VICTIM, previousReferralAt: '2026-12-01T00:00:00.000Z' }] }))
        .thenThrows('REFERRAL.PREVIOUS_REFERRAL_IN_FUTURE');
    });

    it('lets professional judgement raise the scored band, with a reason', () => {
      referral
        .given()
        .when(
          aReferral({
            risk: {
              matrix: DEFAULT_ASB_RISK_MATRIX,
              answers: MEDIUM,
              judgement: { band: 'high', reason: sealed('judgement') },
            },
          }),
        )
        .then(([referred]) =>
          expect(referred).toMatchObject({
            data: {
              riskAssessment: {
                score: 11,
                scoredBand: 'medium',
                band: 'high',
                judgement: { band: 'high', reason: sealed('judgement') },
              },
            },
          }),
        );
      const noReason = aReferral({
        risk: { matrix: DEFAULT_ASB_RISK_MATRIX, answers: MEDIUM, judgement: { band: 'high', reason: null as never } },
      });
      referral.given().when(noReason).thenThrows('REFERRAL.JUDGEMENT_REASON_REQUIRED');
    });

    it('never lets professional judgement lower the scored band', () => {
      const lower = aReferral({
        risk: {
          matrix: DEFAULT_ASB_RISK_MATRIX,
          answers: HIGH,
          judgement: { band: 'medium', reason: sealed('judgement') },
        },
      });
      referral.given().when(lower).thenThrows('REFERRAL.BAND_CANNOT_BE_LOWERED');
    });

    it('refers once', () => {
      referral
        .given(...aReferred())
        .when(aReferral())
        .thenThrows('REFERRAL.ALREADY_EXISTS');
    });

    it('treats a referral of another partnership as not found', () => {
      referral
        .given(...aReferred())
        .when(accept({ partnershipId: 'partnership-2' }))
        .thenThrows('REFERRAL.NOT_FOUND');
      referral.given().when(accept()).thenThrows('REFERRAL.NOT_FOUND');
    });
  });
});
