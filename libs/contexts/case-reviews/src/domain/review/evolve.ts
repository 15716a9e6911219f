import type { CaseReviewEvent } from './events';
import type { CaseReviewState, ReviewRecord } from './state';

const withRecord = (state: CaseReviewState, change: (r: ReviewRecord) => ReviewRecord): CaseReviewState =>
  state.status === 'none' ? state : ({ ...state, record: change(state.record) } as CaseReviewState);

export function evolve(state: CaseReviewState, event: CaseReviewEvent): CaseReviewState {
  switch (event.type) {
    case 'CaseReviewApplied': {
      const d = event.data;
      return {
        status: 'received',
        record: {
          reviewId: d.reviewId,
          partnershipId: d.partnershipId,
          route: d.route,
          receivedOn: d.receivedOn,
          applicantKind: d.applicantKind,
          victimPersonId: d.victimPersonId,
          wardId: d.wardId,
          sealedWith: d.sealedWith,
          coordinatorAgencyId: d.coordinatorAgencyId,
          acknowledged: null,
          round: 1,
          requests: {},
          decisions: [],
          panels: [],
          recommendations: {},
          consultedOn: null,
          planFinalisedOn: null,
          outcomes: [],
          closures: [],
          escalations: [],
          involvement: null,
        },
      };
    }
    case 'CaseInvolvementChanged': {
      const { personIds, agencyIds, open } = event.data;
      return withRecord(state, (r) => ({ ...r, involvement: { personIds, agencyIds, open } }));
    }
    case 'CaseReviewAcknowledged':
      return withRecord(state, (r) => ({
        ...r,
        acknowledged: { acknowledgedOn: event.data.acknowledgedOn, route: event.data.route },
      }));
    case 'CaseReviewInformationRequested': {
      const d = event.data;
      return withRecord(state, (r) => ({
        ...r,
        requests: {
          ...r.requests,
          [d.requestId]: {
            requestId: d.requestId,
            round: d.round,
            agencyId: d.agencyId,
            askedOn: d.askedOn,
            dueOn: d.dueOn,
            answer: null,
          },
        },
      }));
    }
    case 'CaseReviewInformationSupplied':
    case 'CaseReviewInformationNotHeld': {
      const d = event.data;
      const answer = {
        kind: event.type === 'CaseReviewInformationSupplied' ? ('supplied' as const) : ('not_held' as const),
        answeredOn: d.answeredOn,
        reportIds: event.type === 'CaseReviewInformationSupplied' ? event.data.reportIds : [],
      };
      return withRecord(state, (r) => ({
        ...r,
        requests: { ...r.requests, [d.requestId]: { ...r.requests[d.requestId], answer } },
      }));
    }
    case 'CaseReviewThresholdDecided': {
      if (state.status === 'none') return state;
      const d = event.data;
      const record: ReviewRecord = {
        ...state.record,
        decisions: [
          ...state.record.decisions,
          {
            round: d.round,
            decidedOn: d.decidedOn,
            met: d.met,
            basis: d.judgement.basis,
            rulesVersion: d.rules.version,
            discretion: d.discretion !== null,
          },
        ],
      };
      return d.met ? { status: 'in_review', record } : { status: 'not_met', record };
    }
    case 'CaseReviewPanelScheduled': {
      const d = event.data;
      return withRecord(state, (r) => ({
        ...r,
        panels: [
          ...r.panels,
          {
            meetingId: d.meetingId,
            round: d.round,
            meetingOn: d.meetingOn,
            chairName: d.chairName,
            independentChair: d.independentChair,
            agencyIds: d.agencyIds,
            victimInvited: d.victimInvited,
            held: null,
            findingsRecorded: false,
          },
        ],
      }));
    }
    case 'CaseReviewPanelHeld': {
      const d = event.data;
      return withRecord(state, (r) => ({
        ...r,
        panels: r.panels.map((p) =>
          p.meetingId === d.meetingId
            ? {
                ...p,
                held: {
                  heldOn: d.heldOn,
                  agenciesAttended: d.agenciesAttended,
                  victimAttended: d.victimAttended,
                  impactStatementGiven: d.impactStatementGiven,
                },
              }
            : p,
        ),
      }));
    }
    case 'CaseReviewFindingsRecorded':
      return withRecord(state, (r) => ({
        ...r,
        panels: r.panels.map((p) => (p.meetingId === event.data.meetingId ? { ...p, findingsRecorded: true } : p)),
      }));
    case 'CaseReviewRecommendationMade': {
      const d = event.data;
      return withRecord(state, (r) => ({
        ...r,
        recommendations: {
          ...r.recommendations,
          [d.recommendationId]: {
            recommendationId: d.recommendationId,
            round: d.round,
            owningAgencyId: d.owningAgencyId,
            dueOn: d.dueOn,
            status: 'open',
            madeOn: d.at.slice(0, 10),
            finishedOn: null,
          },
        },
      }));
    }
    case 'CaseReviewRecommendationProgressed': {
      const d = event.data;
      const finished = d.to === 'done' || d.to === 'cancelled';
      return withRecord(state, (r) => ({
        ...r,
        recommendations: {
          ...r.recommendations,
          [d.recommendationId]: {
            ...r.recommendations[d.recommendationId],
            status: d.to,
            finishedOn: finished ? d.on : null,
          },
        },
      }));
    }
    case 'CaseReviewVictimConsulted':
      return withRecord(state, (r) => ({ ...r, consultedOn: event.data.consultedOn }));
    case 'CaseReviewActionPlanFinalised':
      return withRecord(state, (r) => ({ ...r, planFinalisedOn: event.data.finalisedOn }));
    case 'CaseReviewOutcomeSent': {
      if (state.status === 'none') return state;
      const d = event.data;
      return {
        status: 'outcome_sent',
        record: {
          ...state.record,
          outcomes: [
            ...state.record.outcomes,
            { round: d.round, sentOn: d.sentOn, route: d.route, thresholdMet: d.thresholdMet, appealBy: d.appealBy },
          ],
        },
      };
    }
    case 'CaseReviewClosed': {
      if (state.status === 'none') return state;
      const d = event.data;
      return {
        status: 'closed',
        record: {
          ...state.record,
          closures: [...state.record.closures, { closedOn: d.closedOn, reason: d.reason, round: state.record.round }],
        },
      };
    }
    case 'CaseReviewEscalated': {
      if (state.status === 'none') return state;
      const d = event.data;
      const resume = state.status === 'closed' ? 'closed' : 'outcome_sent';
      return {
        status: 'escalated',
        resume,
        record: {
          ...state.record,
          escalations: [
            ...state.record.escalations,
            {
              escalationId: d.escalationId,
              requestedOn: d.requestedOn,
              grounds: d.grounds,
              pfccAgencyId: d.pfccAgencyId,
              decision: null,
            },
          ],
        },
      };
    }
    case 'CaseReviewPfccReviewDecided': {
      if (state.status !== 'escalated') return state;
      const d = event.data;
      const record: ReviewRecord = {
        ...state.record,
        escalations: state.record.escalations.map((e) =>
          e.escalationId === d.escalationId ? { ...e, decision: { decision: d.decision, decidedOn: d.decidedOn } } : e,
        ),
      };
      if (d.decision === 'upheld') return { status: state.resume, record };
      return {
        status: 'received',
        record: { ...record, round: d.newRound ?? record.round + 1, consultedOn: null, planFinalisedOn: null },
      };
    }
    default: {
      const unexpected: never = event;
      return unexpected;
    }
  }
}
