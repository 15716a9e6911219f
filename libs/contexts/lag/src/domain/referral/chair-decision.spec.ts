import type { ReferralCommand } from '.';
import { DEFAULT_ASB_RISK_MATRIX } from '../risk-matrix';
import {
  now,
  today,
  sealed,
  P,
  R,
  VICTIM,
  PERPETRATOR,
  POLICE,
  ASB_TEAM,
  cadence,
  PC_JONES,
  MEDIUM,
  HIGH,
  aReferral,
  accept,
  agree,
  close,
  reopen,
  review,
  referral,
  aReferred,
  anAcceptedReferral,
  aClosedReferral,
  history,
} from './testing/referral-builders';

describe('LAG referral', () => {
  describe("the chair's decision", () => {
    const openForDecision = (agencyId = ASB_TEAM): ReferralCommand => ({
      type: 'OpenForDecision',
      partnershipId: P,
      chairUserId: 'user-chair',
      chairAgencyId: agencyId,
      now,
    });

    it("records a chair opening a referral to decide on it, and involves the chair's agency", () => {
      referral
        .given(...aReferred())
        .when(openForDecision())
        .then([
          {
            type: 'ReferralOpenedForDecision',
            data: {
              referralId: R,
              partnershipId: P,
              chairUserId: 'user-chair',
              chairAgencyId: ASB_TEAM,
              openedAt: now,
            },
          },
          {
            type: 'CaseInvolvementChanged',
            data: {
              partnershipId: P,
              caseId: R,
              caseType: 'lag_referral',
              personIds: [VICTIM, PERPETRATOR],
              agencyIds: [POLICE, ASB_TEAM],
              open: true,
            },
          },
        ]);
    });

    it('records nothing when the agency is already involved or the decision is made', () => {
      referral
        .given(...aReferred())
        .when(openForDecision(POLICE))
        .then([]);
      referral
        .given(...anAcceptedReferral())
        .when(openForDecision('agency-fire'))
        .then([]);
    });

    it("accepts a referral, schedules its first review by band, and adds the chair's agency to the involvement", () => {
      referral
        .given(...aReferred())
        .when(accept())
        .then([
          {
            type: 'ReferralAccepted',
            data: {
              referralId: R,
              partnershipId: P,
              acceptedByUserId: 'user-chair',
              acceptedByAgencyId: ASB_TEAM,
              acceptedAt: now,
              acceptedOn: today,
              nextReviewDate: '2026-12-07',
            },
          },
          {
            type: 'CaseInvolvementChanged',
            data: {
              partnershipId: P,
              caseId: R,
              caseType: 'lag_referral',
              personIds: [VICTIM, PERPETRATOR],
              agencyIds: [POLICE, ASB_TEAM],
              open: true,
            },
          },
        ]);
    });

    it('publishes no involvement change when the chair acts for the referring agency', () => {
      referral
        .given(...aReferred())
        .when(accept({ chairAgencyId: POLICE }))
        .then((events) => expect(events.map((e) => e.type)).toEqual(['ReferralAccepted']));
    });

    it('reviews a medium-risk case every 28 days', () => {
      referral
        .given(...aReferred({ risk: { matrix: DEFAULT_ASB_RISK_MATRIX, answers: MEDIUM } }))
        .when(accept())
        .then(([accepted]) => expect(accepted).toMatchObject({ data: { nextReviewDate: '2026-12-21' } }));
    });

    it('declines with a reason, which closes the case to the access context', () => {
      referral
        .given(...aReferred())
        .when({
          type: 'DeclineReferral',
          partnershipId: P,
          chairUserId: 'user-chair',
          reason: 'managed_by_another_process',
          now,
        })
        .then([
          {
            type: 'ReferralDeclined',
            data: {
              referralId: R,
              partnershipId: P,
              reason: 'managed_by_another_process',
              note: null,
              declinedByUserId: 'user-chair',
              declinedAt: now,
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
              open: false,
            },
          },
        ]);
      referral
        .given(...aReferred())
        .when({ type: 'DeclineReferral', partnershipId: P, chairUserId: 'u', reason: 'because' as never, now })
        .thenThrows('REFERRAL.UNKNOWN_CODE');
    });

    it('decides only once, and only on a referral awaiting a decision', () => {
      const decline: ReferralCommand = {
        type: 'DeclineReferral',
        partnershipId: P,
        chairUserId: 'user-chair',
        reason: 'criteria_not_met',
        note: sealed('note'),
        now,
      };
      const declined = history(aReferral(), decline);
      referral
        .given(...anAcceptedReferral())
        .when(accept())
        .thenThrows('REFERRAL.ALREADY_ACCEPTED');
      referral
        .given(...anAcceptedReferral())
        .when(decline)
        .thenThrows('REFERRAL.ALREADY_ACCEPTED');
      referral
        .given(...declined)
        .when(accept())
        .thenThrows('REFERRAL.DECLINED');
      referral
        .given(...declined)
        .when(decline)
        .thenThrows('REFERRAL.DECLINED');
      referral
        .given(...aClosedReferral())
        .when(accept())
        .thenThrows('REFERRAL.CLOSED');
    });

    it('takes no actions, reviews, closure or reopening on a declined referral', () => {
      const declined = history(aReferral(), {
        type: 'DeclineReferral',
        partnershipId: P,
        chairUserId: 'user-chair',
        reason: 'criteria_not_met',
        now,
      });
      referral
        .given(...declined)
        .when(agree())
        .thenThrows('REFERRAL.DECLINED');
      referral
        .given(...declined)
        .when(review())
        .thenThrows('REFERRAL.DECLINED');
      referral
        .given(...declined)
        .when(close())
        .thenThrows('REFERRAL.DECLINED');
      referral
        .given(...declined)
        .when(reopen)
        .thenThrows('REFERRAL.DECLINED');
      referral
        .given(...declined)
        .when({
          type: 'ReassessRisk',
          partnershipId: P,
          matrix: DEFAULT_ASB_RISK_MATRIX,
          answers: HIGH,
          actor: { ...PC_JONES, userId: 'u' },
          cadence,
          now,
        })
        .thenThrows('REFERRAL.DECLINED');
    });
  });
});
