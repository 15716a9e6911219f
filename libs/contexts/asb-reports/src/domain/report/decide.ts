import { AsbError } from '../errors';
import type { ReportEvent } from './events';
import { linkToIncident, unlinkFromIncident, type LinkToIncident, type UnlinkFromIncident } from './incident-link';
import { recordReport, type RecordReport } from './record';
import type { ExistingReport, ReportState } from './state';
import { withdrawReport, type WithdrawReport } from './withdraw';

export type ReportCommand = RecordReport | LinkToIncident | UnlinkFromIncident | WithdrawReport;

/** A report of another partnership is, to this caller, no report at all. */
export function existingReport(state: ReportState, partnershipId: string): ExistingReport {
  if (state.status === 'none' || state.record.partnershipId !== partnershipId)
    throw new AsbError('ASB_REPORT.NOT_FOUND', 'No such ASB report in your partnership.');
  return state;
}

/** Decides a command against a report: the events to append, or an AsbError. */
export function decideReport(command: ReportCommand, state: ReportState): ReportEvent[] {
  if (command.type === 'RecordReport') return recordReport(command, state);
  const report = existingReport(state, command.partnershipId);
  switch (command.type) {
    case 'LinkToIncident':
      return linkToIncident(command, report);
    case 'UnlinkFromIncident':
      return unlinkFromIncident(command, report);
    case 'WithdrawReport':
      return withdrawReport(command, report);
    default: {
      const unexpected: never = command;
      return unexpected;
    }
  }
}
