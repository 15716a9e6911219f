import type { ReferralEvent } from './events';
import type { AgreedAction, ReferralState } from './state';

/** Folds one event into the referral's state. Events are facts: evolve never refuses one. */
export function evolve(state: ReferralState, event: ReferralEvent): ReferralState {
  if (event.type === 'VictimReferred') {
    const d = event.data;
    return {
      status: 'referred',
      record: {
        referralId: d.referralId,
        partnershipId: d.partnershipId,
        localityId: d.localityId,
        wardId: d.wardId,
        category: d.category,
        protectedCharacteristics: d.protectedCharacteristics,
        victimIds: d.victimIds,
        perpetratorIds: d.perpetratorIds,
        vulnerabilities: d.vulnerabilities,
        referringAgencyId: d.referringAgencyId,
        referredAt: d.referredAt,
        repeat: d.repeat,
        repeatVictimIds: d.repeatVictimIds,
        risk: d.riskAssessment,
        decisionAgencyIds: [],
        acceptance: null,
        actions: {},
        lastReviewedAt: null,
        reviewCount: 0,
        closures: [],
        involvement: null,
      },
    };
  }
  if (state.status === 'none') return state;
  const record = state.record;
  switch (event.type) {
    case 'CaseInvolvementChanged': {
      const { personIds, agencyIds, open } = event.data;
      return { ...state, record: { ...record, involvement: { personIds, agencyIds, open } } };
    }
    case 'ReferralOpenedForDecision': {
      const agencyId = event.data.chairAgencyId;
      if (record.decisionAgencyIds.includes(agencyId)) return state;
      return { ...state, record: { ...record, decisionAgencyIds: [...record.decisionAgencyIds, agencyId] } };
    }
    case 'ReferralAccepted': {
      const d = event.data;
      return {
        status: 'accepted',
        record: {
          ...record,
          acceptance: { userId: d.acceptedByUserId, agencyId: d.acceptedByAgencyId, acceptedAt: d.acceptedAt },
        },
        reviewsFrom: d.acceptedOn,
        nextReviewDate: d.nextReviewDate,
      };
    }
    case 'ReferralDeclined':
      return { status: 'declined', record, declinedAt: event.data.declinedAt, declineReason: event.data.reason };
    case 'RiskReassessed': {
      const next = { ...record, risk: event.data.riskAssessment };
      return state.status === 'accepted'
        ? { ...state, record: next, nextReviewDate: event.data.nextReviewDate }
        : { ...state, record: next };
    }
    case 'ActionAgreed': {
      const d = event.data;
      const action: AgreedAction = {
        actionId: d.actionId,
        owningAgencyId: d.owningAgencyId,
        assigneeUserId: d.assigneeUserId,
        kind: d.kind,
        dueDate: d.dueDate,
        meetingId: d.meetingId,
        targetPersonId: d.targetPersonId,
        status: 'open',
      };
      return { ...state, record: { ...record, actions: { ...record.actions, [d.actionId]: action } } };
    }
    case 'ActionStatusChanged': {
      const action = record.actions[event.data.actionId];
      if (!action) return state;
      return {
        ...state,
        record: { ...record, actions: { ...record.actions, [action.actionId]: { ...action, status: event.data.to } } },
      };
    }
    case 'ReferralReviewed': {
      const next = { ...record, lastReviewedAt: event.data.reviewedAt, reviewCount: record.reviewCount + 1 };
      if (state.status !== 'accepted') return { ...state, record: next };
      return { ...state, record: next, reviewsFrom: event.data.reviewedOn, nextReviewDate: event.data.nextReviewDate };
    }
    case 'ReferralClosed': {
      const d = event.data;
      const closures = [
        ...record.closures,
        { closedAt: d.closedAt, reason: d.reason, outcomes: d.outcomes, reopenedAt: null },
      ];
      return { status: 'closed', record: { ...record, closures }, closedAt: d.closedAt, closureReason: d.reason };
    }
    case 'ReferralReopened': {
      const d = event.data;
      const closures = record.closures.map((c, i) =>
        i === record.closures.length - 1 ? { ...c, reopenedAt: d.reopenedAt } : c,
      );
      return {
        status: 'accepted',
        record: { ...record, closures },
        reviewsFrom: d.reopenedOn,
        nextReviewDate: d.nextReviewDate,
      };
    }
    default: {
      const unexpected: never = event;
      return unexpected;
    }
  }
}
