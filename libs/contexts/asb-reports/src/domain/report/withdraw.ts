import { WITHDRAWAL_REASONS, type WithdrawalReason } from '../codes';
import { requireKnown } from '../errors';
import type { ReportEvent } from './events';
import { requireNotWithdrawn, requireReceivingAgency, type AsbActor } from './incident-link';
import type { ExistingReport } from './state';

export type WithdrawReport = {
  type: 'WithdrawReport';
  reportId: string;
  partnershipId: string;
  reason: WithdrawalReason;
  actor: AsbActor;
  now: string;
};

/**
 * A report recorded in error is withdrawn, never deleted: it stays in the log and on the record
 * as withdrawn, and no longer counts (nor is it offered to the ASB Case Review).
 */
export function withdrawReport(command: WithdrawReport, report: ExistingReport): ReportEvent[] {
  requireNotWithdrawn(report);
  requireReceivingAgency(report, command.actor);
  return [
    {
      type: 'AsbReportWithdrawn',
      data: {
        reportId: command.reportId,
        partnershipId: command.partnershipId,
        victimPersonId: report.record.victimPersonId,
        reason: requireKnown(WITHDRAWAL_REASONS, command.reason, 'ASB_REPORT.UNKNOWN_CODE', 'reason'),
        withdrawnByUserId: command.actor.userId,
        withdrawnByAgencyId: command.actor.agencyId,
        withdrawnAt: command.now,
      },
    },
  ];
}
