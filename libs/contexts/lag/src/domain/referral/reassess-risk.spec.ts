import type { ReferralCommand } from '.';
import { DEFAULT_ASB_RISK_MATRIX, type RiskAnswers } from '../risk-matrix';
import {
  later,
  sealed,
  P,
  cadence,
  PC_JONES,
  MEDIUM,
  HIGH,
  referral,
  aReferred,
  anAcceptedReferral,
  aClosedReferral,
  given,
} from './testing/referral-builders';

describe('LAG referral', () => {
  describe('reassessing risk', () => {
    const reassess = (
      riskAnswers: RiskAnswers,
      extra: Partial<Extract<ReferralCommand, { type: 'ReassessRisk' }>> = {},
    ): ReferralCommand => ({
      type: 'ReassessRisk',
      partnershipId: P,
      matrix: DEFAULT_ASB_RISK_MATRIX,
      answers: riskAnswers,
      actor: PC_JONES,
      cadence,
      ...later(3),
      ...extra,
    });

    it('changes the band and so the review cadence, counted from the last review', () => {
      const stream = anAcceptedReferral();
      expect(given(...stream)).toMatchObject({ status: 'accepted', nextReviewDate: '2026-12-07' });
      const events = referral
        .given(...stream)
        .when(reassess(MEDIUM))
        .then([
          {
            type: 'RiskReassessed',
            data: expect.objectContaining({
              previousBand: 'high',
              riskAssessment: expect.objectContaining({ score: 11, band: 'medium' }),
              nextReviewDate: '2026-12-21',
            }),
          },
        ]);
      expect(given(...anAcceptedReferral(), ...events)).toMatchObject({
        nextReviewDate: '2026-12-21',
        record: { risk: { band: 'medium' } },
      });
    });

    it('brings the review forward when judgement raises the case to very high', () => {
      referral
        .given(...anAcceptedReferral())
        .when(reassess(HIGH, { judgement: { band: 'very_high', reason: sealed('threats to kill') } }))
        .then((events) =>
          expect(events[0]).toMatchObject({
            data: { riskAssessment: { scoredBand: 'high', band: 'very_high' }, nextReviewDate: '2026-11-30' },
          }),
        );
    });

    it('still never lowers the new scored band', () => {
      referral
        .given(...anAcceptedReferral())
        .when(reassess(HIGH, { judgement: { band: 'standard', reason: sealed('x') } }))
        .thenThrows('REFERRAL.BAND_CANNOT_BE_LOWERED');
    });

    it('sets no review date before acceptance, and refuses a closed referral', () => {
      referral
        .given(...aReferred())
        .when(reassess(MEDIUM))
        .then((events) => expect(events[0]).toMatchObject({ data: { nextReviewDate: null } }));
      referral
        .given(...aClosedReferral())
        .when(reassess(MEDIUM))
        .thenThrows('REFERRAL.CLOSED');
    });
  });
});
