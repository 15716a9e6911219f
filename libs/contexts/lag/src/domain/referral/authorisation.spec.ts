import { deciderSpec } from '@hubline/testing';
import { decide, evolve, initialState, type LagActor, type ReferCommand, type ReferralCommand } from '.';
import { DEFAULT_REVIEW_CADENCE } from '../review-cadence';
import { DEFAULT_ASB_RISK_MATRIX } from '../risk-matrix';
import type { Sealed } from '../sealed';

// Who may act on a case, judged by the decider on the state it decides on.
const now = '2026-11-23T10:00:00.000Z';
const today = '2026-11-23';
const P = 'partnership-1';
const POLICE = 'agency-police';
const ASB_TEAM = 'agency-asb-team';
const HOUSING = 'agency-housing';
const FIRE = 'agency-fire';
const sealed = (label: string): Sealed => ({ v: 1, iv: `iv-${label}`, ct: `ct-${label}`, tag: `tag-${label}` });
const LOWEST = Object.fromEntries(DEFAULT_ASB_RISK_MATRIX.questions.map((q) => [q.id, q.answers[0].id]));

const chairOf = (agencyId: string): LagActor => ({ userId: `user-chair-${agencyId}`, agencyId, chair: true });
const practitionerOf = (agencyId: string): LagActor => ({ userId: `user-${agencyId}`, agencyId, chair: false });
const CHAIR = chairOf(ASB_TEAM);

const refer: ReferCommand = {
  type: 'Refer',
  referralId: 'referral-1',
  partnershipId: P,
  localityId: 'locality-grays',
  category: 'asb',
  victims: [{ personId: 'person-victim-1', previousReferralAt: null }],
  perpetratorIds: [],
  incidentSummary: sealed('summary'),
  vulnerabilities: [],
  risk: { matrix: DEFAULT_ASB_RISK_MATRIX, answers: LOWEST },
  multiAgencyReason: sealed('why'),
  referringAgencyId: POLICE,
  referredByUserId: 'user-agency-police',
  now,
};
const accept: ReferralCommand = {
  type: 'AcceptReferral',
  partnershipId: P,
  chairUserId: CHAIR.userId,
  chairAgencyId: ASB_TEAM,
  cadence: DEFAULT_REVIEW_CADENCE,
  now,
  today,
};
const reassess = (actor: LagActor): ReferralCommand => ({
  type: 'ReassessRisk',
  partnershipId: P,
  matrix: DEFAULT_ASB_RISK_MATRIX,
  answers: LOWEST,
  actor,
  cadence: DEFAULT_REVIEW_CADENCE,
  now,
});
const agree = (actor: LagActor, owningAgencyId: string, actionId = 'action-1'): ReferralCommand => ({
  type: 'AgreeAction',
  partnershipId: P,
  actionId,
  owningAgencyId,
  kind: 'target_hardening',
  description: sealed('action'),
  dueDate: '2026-12-07',
  actor,
  now,
  today,
});
const update = (actor: LagActor, actionId = 'action-1'): ReferralCommand => ({
  type: 'UpdateActionStatus',
  partnershipId: P,
  actionId,
  status: 'in_progress',
  actor,
  now,
});
const close: ReferralCommand = {
  type: 'CloseReferral',
  partnershipId: P,
  outcomes: ['victim_feels_safer'],
  outcomeNarrative: sealed('outcome'),
  reason: 'risk_reduced',
  cancelOutstandingActions: true,
  closedByUserId: CHAIR.userId,
  now,
};

const referral = deciderSpec({ decide, evolve, initialState });
const aReferred = () => referral.history(refer);
const anAccepted = () => referral.history(refer, accept);
/** Accepted, with an action the chair gave housing: police, the ASB team and housing are involved. */
const withHousingAction = () => referral.history(refer, accept, agree(CHAIR, HOUSING));
const ofType = (type: string) => (events: Array<{ type: string }>) => expect(events.map((e) => e.type)).toContain(type);

describe('LAG referral: who may act', () => {
  describe('reassessing risk', () => {
    it('lets the referring agency and the chair reassess, and records who did', () => {
      referral
        .given(...aReferred())
        .when(reassess(practitionerOf(POLICE)))
        .then((events) =>
          expect(events[0]).toMatchObject({ type: 'RiskReassessed', data: { assessedByUserId: 'user-agency-police' } }),
        );
      referral
        .given(...aReferred())
        .when(reassess(chairOf(FIRE)))
        .then(ofType('RiskReassessed'));
    });

    it('refuses an agency not involved in the case, even before the status is judged', () => {
      referral
        .given(...anAccepted())
        .when(reassess(practitionerOf(FIRE)))
        .thenThrows('LAG.AGENCY_NOT_INVOLVED');
      referral
        .given(...referral.history(refer, accept, close))
        .when(reassess(practitionerOf(FIRE)))
        .thenThrows('LAG.AGENCY_NOT_INVOLVED');
      referral
        .given(...referral.history(refer, accept, close))
        .when(reassess(practitionerOf(POLICE)))
        .thenThrows('REFERRAL.CLOSED');
    });

    it("lets an agency in once it owns an action, and the chair's agency once the chair accepted", () => {
      referral
        .given(...aReferred())
        .when(reassess(practitionerOf(HOUSING)))
        .thenThrows('LAG.AGENCY_NOT_INVOLVED');
      referral
        .given(...withHousingAction())
        .when(reassess(practitionerOf(HOUSING)))
        .then(ofType('RiskReassessed'));
      referral
        .given(...aReferred())
        .when(reassess(practitionerOf(ASB_TEAM)))
        .thenThrows('LAG.AGENCY_NOT_INVOLVED');
      referral
        .given(...anAccepted())
        .when(reassess(practitionerOf(ASB_TEAM)))
        .then(ofType('RiskReassessed'));
    });
  });

  describe('agreeing actions', () => {
    it('lets the chair give an action to any agency, and records who agreed it', () => {
      referral
        .given(...anAccepted())
        .when(agree(CHAIR, FIRE))
        .then((events) =>
          expect(events[0]).toMatchObject({
            type: 'ActionAgreed',
            data: { owningAgencyId: FIRE, agreedByUserId: CHAIR.userId },
          }),
        );
    });

    it('lets a practitioner of an involved agency agree an action for their own agency', () => {
      referral
        .given(...anAccepted())
        .when(agree(practitionerOf(POLICE), POLICE))
        .then(ofType('ActionAgreed'));
    });

    it('refuses a practitioner giving an action to another agency', () => {
      referral
        .given(...anAccepted())
        .when(agree(practitionerOf(POLICE), HOUSING))
        .thenThrows('LAG.NOT_YOUR_AGENCY');
    });

    it('refuses an agency not involved, even for itself: owning an action would let it see the victim', () => {
      referral
        .given(...anAccepted())
        .when(agree(practitionerOf(FIRE), FIRE))
        .thenThrows('LAG.AGENCY_NOT_INVOLVED');
    });

    it('judges each action of a meeting on the state the earlier ones left', () => {
      const inTurn = referral.history(refer, accept, agree(CHAIR, FIRE), agree(practitionerOf(FIRE), FIRE, 'action-2'));
      expect(inTurn.filter((e) => e.type === 'ActionAgreed')).toHaveLength(2);
    });
  });

  describe('reporting progress on an action', () => {
    it('lets the owning agency and the chair report it, and records who did', () => {
      referral
        .given(...withHousingAction())
        .when(update(practitionerOf(HOUSING)))
        .then([
          expect.objectContaining({
            type: 'ActionStatusChanged',
            data: expect.objectContaining({ changedByUserId: 'user-agency-housing' }),
          }),
        ]);
      referral
        .given(...withHousingAction())
        .when(update(chairOf(FIRE)))
        .then(ofType('ActionStatusChanged'));
    });

    it('refuses any other agency, involved or not, even once the case is closed', () => {
      referral
        .given(...withHousingAction())
        .when(update(practitionerOf(POLICE)))
        .thenThrows('LAG.NOT_YOUR_AGENCY');
      referral
        .given(...withHousingAction())
        .when(update(practitionerOf(FIRE)))
        .thenThrows('LAG.NOT_YOUR_AGENCY');
      referral
        .given(
          ...withHousingAction(),
          ...referral
            .given(...withHousingAction())
            .when(close)
            .then(ofType('ReferralClosed')),
        )
        .when(update(practitionerOf(POLICE)))
        .thenThrows('LAG.NOT_YOUR_AGENCY');
    });

    it('has no owner to judge for an action that does not exist', () => {
      referral
        .given(...withHousingAction())
        .when(update(practitionerOf(POLICE), 'action-9'))
        .thenThrows('REFERRAL.ACTION_NOT_FOUND');
    });
  });
});
