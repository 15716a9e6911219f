import { DEFAULT_ASB_RISK_MATRIX } from '../risk-matrix';
import {
  later,
  P,
  R,
  cadence,
  answers,
  review,
  referral,
  aReferred,
  anAcceptedReferral,
  aClosedReferral,
  given,
} from './testing/referral-builders';

describe('LAG referral', () => {
  describe('reviews', () => {
    it("records a review at a meeting and sets the next one by the band's cadence", () => {
      const reviewDay = later(14);
      const events = referral
        .given(...anAcceptedReferral())
        .when(review(reviewDay))
        .then([
          {
            type: 'ReferralReviewed',
            data: {
              referralId: R,
              partnershipId: P,
              meetingId: 'meeting-1',
              band: 'high',
              reviewedByUserId: 'user-chair',
              reviewedAt: reviewDay.now,
              reviewedOn: '2026-12-07',
              nextReviewDate: '2026-12-21',
            },
          },
        ]);
      expect(given(...anAcceptedReferral(), ...events)).toMatchObject({
        nextReviewDate: '2026-12-21',
        reviewsFrom: '2026-12-07',
        record: { lastReviewedAt: reviewDay.now, reviewCount: 1 },
      });
    });

    it("records a review between meetings, on the partnership's own cadence", () => {
      const own = { ...cadence, high: 10 };
      referral
        .given(...anAcceptedReferral())
        .when(review({ meetingId: null, cadence: own }))
        .then((events) => expect(events[0]).toMatchObject({ data: { meetingId: null, nextReviewDate: '2026-12-03' } }));
      referral
        .given(...anAcceptedReferral({ risk: { matrix: DEFAULT_ASB_RISK_MATRIX, answers: answers({}) } }))
        .when(review({ cadence: { ...cadence, standard: null } }))
        .then((events) =>
          expect(events[0]).toMatchObject({
            data: { band: 'standard', nextReviewDate: null },
          }),
        );
    });

    it('reviews only accepted, open cases', () => {
      referral
        .given(...aReferred())
        .when(review())
        .thenThrows('REFERRAL.NOT_ACCEPTED');
      referral
        .given(...aClosedReferral())
        .when(review())
        .thenThrows('REFERRAL.CLOSED');
    });
  });
});
