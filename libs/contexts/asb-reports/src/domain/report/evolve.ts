import type { ReportEvent } from './events';
import type { ReportState } from './state';

export function evolveReport(state: ReportState, event: ReportEvent): ReportState {
  switch (event.type) {
    case 'AsbReportRecorded': {
      // The narrative stays in the event: the state never holds sealed text it does not need.
      const { narrative: _narrative, ...record } = event.data;
      return { status: 'recorded', record };
    }
    case 'AsbReportLinkedToIncident':
    case 'AsbReportUnlinkedFromIncident':
      if (state.status === 'none') return state;
      return { ...state, record: { ...state.record, incidentId: event.data.incidentId } };
    case 'AsbReportWithdrawn':
      if (state.status === 'none') return state;
      return { status: 'withdrawn', record: state.record };
    default: {
      const unexpected: never = event;
      return unexpected;
    }
  }
}
