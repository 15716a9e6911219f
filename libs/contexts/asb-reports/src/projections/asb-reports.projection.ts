import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { RecordedEvent } from '@hubline/event-store';
import type { Projection } from '@hubline/projections';
import { EXPLANATION_EVENT_TYPES, REPORT_EVENT_TYPES, type ExplanationEvent, type ReportEvent } from '../domain';

/**
 * Moves every duty of the victim to the stream's version, never back: an event applied again
 * after later ones (a replay) leaves the later version.
 */
const VICTIM_VERSION =
  'UPDATE asb_reports.explanations SET victim_version = $2 WHERE victim_person_id = $1 AND victim_version < $2';

/**
 * The reports and the Case Review explanations due, as the routes, the work list and the facade
 * read them. The sealed narrative is copied as it is stored, never opened.
 */
@Injectable()
export class AsbReportsProjection implements Projection {
  readonly name = 'asb-reports.reports';
  readonly tables = ['asb_reports.reports', 'asb_reports.explanations'];
  readonly eventTypes: ReadonlySet<string> = new Set([...REPORT_EVENT_TYPES, ...EXPLANATION_EVENT_TYPES]);

  async apply(recorded: RecordedEvent, m: EntityManager): Promise<void> {
    const event = { type: recorded.type, data: recorded.data } as ReportEvent | ExplanationEvent;
    const version = recorded.revision;
    switch (event.type) {
      case 'AsbReportRecorded': {
        const d = event.data;
        await m.query(
          `INSERT INTO asb_reports.reports (report_id, partnership_id, incident_id, agency_id, agency_reference, reporter_kind, reporter_person_id,
             reporter_name, victim_person_id, behaviour_on, behaviour_to, reported_on, category, protected_characteristics, ward, alleged,
             narrative, sealed_with, status, recorded_by_user_id, recorded_at, version)
           VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, 'recorded', $19, $20, $21)
           ON CONFLICT (report_id) DO NOTHING`,
          [
            d.reportId,
            d.partnershipId,
            d.incidentId,
            d.agencyId,
            d.agencyReference,
            d.reporter.kind,
            d.reporter.kind === 'person' ? d.reporter.personId : null,
            d.reporter.kind === 'person' ? null : d.reporter.name,
            d.victimPersonId,
            d.behaviourOn,
            d.behaviourTo,
            d.reportedOn,
            d.category,
            d.protectedCharacteristics,
            d.ward,
            d.alleged,
            JSON.stringify(d.narrative),
            d.sealedWith,
            d.recordedByUserId,
            d.recordedAt,
            version,
          ],
        );
        return;
      }
      case 'AsbReportLinkedToIncident': {
        const d = event.data;
        await this.report(
          m,
          d.reportId,
          version,
          { incident_id: d.incidentId },
          {
            event: 'linked',
            at: d.linkedAt,
            byUserId: d.linkedByUserId,
            byAgencyId: d.linkedByAgencyId,
            sameIncidentAsReportId: d.sameIncidentAsReportId,
            incidentId: d.incidentId,
          },
        );
        return;
      }
      case 'AsbReportUnlinkedFromIncident': {
        const d = event.data;
        await this.report(
          m,
          d.reportId,
          version,
          { incident_id: d.incidentId },
          {
            event: 'unlinked',
            at: d.unlinkedAt,
            byUserId: d.unlinkedByUserId,
            byAgencyId: d.unlinkedByAgencyId,
            previousIncidentId: d.previousIncidentId,
            reason: d.reason,
          },
        );
        return;
      }
      case 'AsbReportWithdrawn': {
        const d = event.data;
        await this.report(
          m,
          d.reportId,
          version,
          { status: 'withdrawn', withdrawal_reason: d.reason },
          {
            event: 'withdrawn',
            at: d.withdrawnAt,
            byUserId: d.withdrawnByUserId,
            byAgencyId: d.withdrawnByAgencyId,
            reason: d.reason,
          },
        );
        return;
      }
      case 'CaseReviewExplanationDue': {
        const d = event.data;
        await m.query(
          `INSERT INTO asb_reports.explanations (duty_id, partnership_id, victim_person_id, agency_id, report_id, other_report_ids, arisen_on, arisen_at, status, victim_version)
           VALUES ($1, $2, $3, $4, $5, $6, $7, $8, 'due', $9) ON CONFLICT (duty_id) DO NOTHING`,
          [
            d.dutyId,
            d.partnershipId,
            d.victimPersonId,
            d.agencyId,
            d.reportId,
            d.otherReportIds,
            d.arisenOn,
            d.arisenAt,
            version,
          ],
        );
        await m.query(VICTIM_VERSION, [d.victimPersonId, version]);
        return;
      }
      case 'CaseReviewExplanationWithdrawn': {
        const d = event.data;
        await m.query(
          `UPDATE asb_reports.explanations SET status = 'withdrawn', withdrawal_reason = $2, withdrawn_at = $3 WHERE duty_id = $1 AND status = 'due'`,
          [d.dutyId, d.reason, d.withdrawnAt],
        );
        await m.query(VICTIM_VERSION, [d.victimPersonId, version]);
        return;
      }
      case 'CaseReviewExplained': {
        const d = event.data;
        await m.query(
          `UPDATE asb_reports.explanations SET status = 'explained', how = $2, explained_on = $3, explained_by_user_id = $4, explained_at = $5
            WHERE duty_id = $1 AND status = 'due'`,
          [d.dutyId, d.how, d.explainedOn, d.explainedByUserId, d.recordedAt],
        );
        // Every duty of the victim shares the stream, so each carries the stream's version (the ETag).
        await m.query(VICTIM_VERSION, [d.victimPersonId, version]);
        return;
      }
      default: {
        const unexpected: never = event;
        return unexpected;
      }
    }
  }

  async reset(m: EntityManager): Promise<void> {
    await m.query('TRUNCATE asb_reports.reports, asb_reports.explanations');
  }

  /** A change to a report and its line of history, once: a report at this version or later has it (a replay). */
  private async report(
    m: EntityManager,
    reportId: string,
    version: number,
    changes: { incident_id?: string; status?: string; withdrawal_reason?: string },
    entry: Record<string, unknown>,
  ): Promise<void> {
    await m.query(
      `UPDATE asb_reports.reports SET incident_id = coalesce($2, incident_id), status = coalesce($3, status),
              withdrawal_reason = coalesce($4, withdrawal_reason), history = history || $5::jsonb, version = $6
        WHERE report_id = $1 AND version < $6`,
      [
        reportId,
        changes.incident_id ?? null,
        changes.status ?? null,
        changes.withdrawal_reason ?? null,
        JSON.stringify([entry]),
        version,
      ],
    );
  }
}
