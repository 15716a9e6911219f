import type { ReportEvent } from '../report/events';
import type { ExplanationEvent } from './events';
import type { VictimState } from './state';

/** Every event the victim's state folds: their reports' (from the report streams) and their stream's own. */
export type VictimEvent = ReportEvent | ExplanationEvent;

export function evolveVictim(state: VictimState, event: VictimEvent): VictimState {
  const report = (reportId: string) => state.reports[reportId];
  switch (event.type) {
    case 'AsbReportRecorded': {
      const d = event.data;
      return {
        ...state,
        reports: {
          ...state.reports,
          [d.reportId]: { incidentId: d.incidentId, agencyId: d.agencyId, reportedOn: d.reportedOn, counted: true },
        },
      };
    }
    case 'AsbReportLinkedToIncident':
    case 'AsbReportUnlinkedFromIncident': {
      const r = report(event.data.reportId);
      if (!r) return state;
      return {
        ...state,
        reports: { ...state.reports, [event.data.reportId]: { ...r, incidentId: event.data.incidentId } },
      };
    }
    case 'AsbReportWithdrawn': {
      const r = report(event.data.reportId);
      if (!r) return state;
      return { ...state, reports: { ...state.reports, [event.data.reportId]: { ...r, counted: false } } };
    }
    case 'CaseReviewExplanationDue': {
      const d = event.data;
      // The reactor folds the duty when it decides it, and again when it reads it back from the log.
      if (state.duties[d.dutyId]) return state;
      return {
        ...state,
        duties: {
          ...state.duties,
          [d.dutyId]: {
            dutyId: d.dutyId,
            agencyId: d.agencyId,
            reportId: d.reportId,
            arisenOn: d.arisenOn,
            status: 'due',
          },
        },
      };
    }
    case 'CaseReviewExplanationWithdrawn': {
      const duty = state.duties[event.data.dutyId];
      // An explanation already given stands: the victim was told.
      if (!duty || duty.status !== 'due') return state;
      return {
        ...state,
        duties: {
          ...state.duties,
          [duty.dutyId]: { ...duty, status: 'withdrawn', withdrawalReason: event.data.reason },
        },
      };
    }
    case 'CaseReviewExplained': {
      const duty = state.duties[event.data.dutyId];
      if (!duty || duty.status === 'withdrawn') return state;
      return {
        ...state,
        duties: {
          ...state.duties,
          [duty.dutyId]: { ...duty, status: 'explained', how: event.data.how, explainedOn: event.data.explainedOn },
        },
      };
    }
    default: {
      const unexpected: never = event;
      return unexpected;
    }
  }
}
