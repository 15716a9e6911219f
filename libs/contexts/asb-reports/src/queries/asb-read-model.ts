import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { addDays } from '@hubline/calendar';
import {
  SAME_INCIDENT_WINDOW_DAYS,
  type AsbCategory,
  type ExplanationMethod,
  type Reporter,
  type Sealed,
} from '../domain';

export interface ReportRow {
  report_id: string;
  partnership_id: string;
  incident_id: string;
  agency_id: string;
  agency_reference: string;
  reporter_kind: 'person' | 'business' | 'community_group';
  reporter_person_id: string | null;
  reporter_name: string | null;
  victim_person_id: string | null;
  behaviour_on: string;
  behaviour_to: string | null;
  reported_on: string;
  category: AsbCategory;
  protected_characteristics: string[];
  ward: string;
  alleged: string[];
  narrative: Sealed;
  sealed_with: string;
  status: 'recorded' | 'withdrawn';
  withdrawal_reason: string | null;
  recorded_by_user_id: string;
  recorded_at: Date;
  history: Array<Record<string, unknown>>;
  version: string;
}

/** A report's ids, codes and days: no narrative, no names. */
export interface ReportFacts {
  reportId: string;
  incidentId: string;
  partnershipId: string;
  agencyId: string;
  agencyReference: string;
  reporter: Reporter;
  victimPersonId: string | null;
  behaviourOn: string;
  behaviourTo: string | null;
  reportedOn: string;
  category: AsbCategory;
  protectedCharacteristics: string[];
  ward: string;
  alleged: string[];
  status: 'recorded' | 'withdrawn';
  withdrawalReason: string | null;
  recordedByUserId: string;
  recordedAt: string;
  history: Array<Record<string, unknown>>;
  version: number;
}

export interface ExplanationView {
  dutyId: string;
  victimPersonId: string;
  agencyId: string;
  reportId: string;
  otherReportIds: string[];
  arisenOn: string;
  arisenAt: string;
  status: 'due' | 'explained' | 'withdrawn';
  how: ExplanationMethod | null;
  explainedOn: string | null;
  explainedByUserId: string | null;
  explainedAt: string | null;
  /** Why it stopped being due without an explanation (reports linked as one incident, or withdrawn). */
  withdrawalReason: string | null;
  withdrawnAt: string | null;
  /** The victim's stream version: the ETag an explanation is recorded against. */
  version: number;
}

const COLUMNS = `report_id, partnership_id, incident_id, agency_id, agency_reference, reporter_kind, reporter_person_id, reporter_name,
  victim_person_id, behaviour_on, behaviour_to, reported_on, category, protected_characteristics, ward, alleged, narrative, sealed_with,
  status, withdrawal_reason, recorded_by_user_id, recorded_at, history, version`;

export function factsOf(r: ReportRow): ReportFacts {
  return {
    reportId: r.report_id,
    incidentId: r.incident_id,
    partnershipId: r.partnership_id,
    agencyId: r.agency_id,
    agencyReference: r.agency_reference,
    reporter:
      r.reporter_kind === 'person'
        ? { kind: 'person', personId: r.reporter_person_id! }
        : { kind: r.reporter_kind, name: r.reporter_name ?? '' },
    victimPersonId: r.victim_person_id,
    behaviourOn: r.behaviour_on,
    behaviourTo: r.behaviour_to,
    reportedOn: r.reported_on,
    category: r.category,
    protectedCharacteristics: r.protected_characteristics,
    ward: r.ward,
    alleged: r.alleged,
    status: r.status,
    withdrawalReason: r.withdrawal_reason,
    recordedByUserId: r.recorded_by_user_id,
    recordedAt: new Date(r.recorded_at).toISOString(),
    history: r.history,
    version: Number(r.version),
  };
}

interface ExplanationRow {
  duty_id: string;
  victim_person_id: string;
  agency_id: string;
  report_id: string;
  other_report_ids: string[];
  arisen_on: string;
  arisen_at: Date;
  status: 'due' | 'explained' | 'withdrawn';
  how: ExplanationMethod | null;
  explained_on: string | null;
  explained_by_user_id: string | null;
  explained_at: Date | null;
  withdrawal_reason: string | null;
  withdrawn_at: Date | null;
  victim_version: string;
}

const explanationOf = (r: ExplanationRow): ExplanationView => ({
  dutyId: r.duty_id,
  victimPersonId: r.victim_person_id,
  agencyId: r.agency_id,
  reportId: r.report_id,
  otherReportIds: r.other_report_ids,
  arisenOn: r.arisen_on,
  arisenAt: new Date(r.arisen_at).toISOString(),
  status: r.status,
  how: r.how,
  explainedOn: r.explained_on,
  explainedByUserId: r.explained_by_user_id,
  explainedAt: r.explained_at ? new Date(r.explained_at).toISOString() : null,
  withdrawalReason: r.withdrawal_reason,
  withdrawnAt: r.withdrawn_at ? new Date(r.withdrawn_at).toISOString() : null,
  version: Number(r.victim_version),
});

const EXPLANATION_COLUMNS =
  'duty_id, victim_person_id, agency_id, report_id, other_report_ids, arisen_on, arisen_at, status, how, explained_on, explained_by_user_id, explained_at, withdrawal_reason, withdrawn_at, victim_version';

/** The reports and explanations read models (this context's own tables). */
@Injectable()
export class AsbReadModel {
  constructor(private readonly db: DataSource) {}

  async report(partnershipId: string, reportId: string): Promise<ReportRow | null> {
    const [row]: ReportRow[] = await this.db.query(
      `SELECT ${COLUMNS} FROM asb_reports.reports WHERE partnership_id = $1 AND report_id = $2`,
      [partnershipId, reportId],
    );
    return row ?? null;
  }

  /** Reports naming the person as victim, reporter or alleged perpetrator, newest first. */
  async reportsNaming(partnershipId: string, personId: string): Promise<ReportRow[]> {
    return this.db.query(
      `SELECT ${COLUMNS} FROM asb_reports.reports
        WHERE partnership_id = $1 AND (victim_person_id = $2 OR reporter_person_id = $2 OR alleged @> ARRAY[$2::uuid])
        ORDER BY reported_on DESC, recorded_at DESC`,
      [partnershipId, personId],
    );
  }

  /** Reports (not withdrawn) whose victim or reporter is the person, oldest first. */
  async complaintsOf(partnershipId: string, personId: string): Promise<ReportRow[]> {
    return this.db.query(
      `SELECT ${COLUMNS} FROM asb_reports.reports
        WHERE partnership_id = $1 AND status = 'recorded' AND (victim_person_id = $2 OR reporter_person_id = $2)
        ORDER BY reported_on, recorded_at`,
      [partnershipId, personId],
    );
  }

  /** Reports (not withdrawn) in a ward reported between two days inclusive, oldest first. */
  async complaintsInWard(partnershipId: string, ward: string, fromDay: string, toDay: string): Promise<ReportRow[]> {
    return this.db.query(
      `SELECT ${COLUMNS} FROM asb_reports.reports
        WHERE partnership_id = $1 AND status = 'recorded' AND ward = $2 AND reported_on BETWEEN $3 AND $4
        ORDER BY reported_on, recorded_at`,
      [partnershipId, ward, fromDay, toDay],
    );
  }

  /** The reports of the incident, withdrawn ones included. */
  async reportsOfIncident(partnershipId: string, incidentId: string): Promise<ReportRow[]> {
    return this.db.query(
      `SELECT ${COLUMNS} FROM asb_reports.reports WHERE partnership_id = $1 AND incident_id = $2 ORDER BY reported_on, recorded_at`,
      [partnershipId, incidentId],
    );
  }

  /** Each person each report names (victim, reporter, alleged), with when the report was recorded. */
  async namings(partnershipId: string): Promise<Array<{ personId: string; reportId: string; recordedAt: string }>> {
    const rows: Array<{ person_id: string; report_id: string; recorded_at: Date }> = await this.db.query(
      `SELECT DISTINCT p AS person_id, report_id, recorded_at FROM asb_reports.reports
         CROSS JOIN LATERAL unnest(array_remove(ARRAY[victim_person_id, reporter_person_id], NULL) || alleged) AS p
        WHERE partnership_id = $1`,
      [partnershipId],
    );
    return rows.map((r) => ({
      personId: r.person_id,
      reportId: r.report_id,
      recordedAt: new Date(r.recorded_at).toISOString(),
    }));
  }

  /** True when another report (not withdrawn) has joined this report's own incident. */
  async othersShareIncidentOf(reportId: string): Promise<boolean> {
    const rows: unknown[] = await this.db.query(
      `SELECT 1 FROM asb_reports.reports WHERE incident_id = $1 AND report_id <> $1 AND status = 'recorded' LIMIT 1`,
      [reportId],
    );
    return rows.length > 0;
  }

  /**
   * Reports of another agency that may tell of the same incident: the same victim, the same ward,
   * behaviour within three days either side, not withdrawn and not already this incident.
   */
  async sameIncidentCandidates(report: ReportRow): Promise<ReportRow[]> {
    if (!report.victim_person_id) return [];
    return this.db.query(
      `SELECT ${COLUMNS} FROM asb_reports.reports
        WHERE partnership_id = $1 AND victim_person_id = $2 AND ward = $3 AND agency_id <> $4 AND status = 'recorded'
          AND incident_id <> $5 AND behaviour_on BETWEEN $6 AND $7
        ORDER BY behaviour_on, recorded_at`,
      [
        report.partnership_id,
        report.victim_person_id,
        report.ward,
        report.agency_id,
        report.incident_id,
        addDays(report.behaviour_on, -SAME_INCIDENT_WINDOW_DAYS),
        addDays(report.behaviour_on, SAME_INCIDENT_WINDOW_DAYS),
      ],
    );
  }

  async explanation(partnershipId: string, dutyId: string): Promise<ExplanationView | null> {
    const [row]: ExplanationRow[] = await this.db.query(
      `SELECT ${EXPLANATION_COLUMNS} FROM asb_reports.explanations WHERE partnership_id = $1 AND duty_id = $2`,
      [partnershipId, dutyId],
    );
    return row ? explanationOf(row) : null;
  }

  /** The agency's explanations: those due (oldest first), and, when asked, those explained or withdrawn too. */
  async explanationsOfAgency(
    partnershipId: string,
    agencyId: string,
    includeExplained: boolean,
  ): Promise<ExplanationView[]> {
    const rows: ExplanationRow[] = await this.db.query(
      `SELECT ${EXPLANATION_COLUMNS} FROM asb_reports.explanations
        WHERE partnership_id = $1 AND agency_id = $2 AND (status = 'due' OR $3)
        ORDER BY status, arisen_on, arisen_at`,
      [partnershipId, agencyId, includeExplained],
    );
    return rows.map(explanationOf);
  }

  async explanationsOfVictim(partnershipId: string, personId: string): Promise<ExplanationView[]> {
    const rows: ExplanationRow[] = await this.db.query(
      `SELECT ${EXPLANATION_COLUMNS} FROM asb_reports.explanations WHERE partnership_id = $1 AND victim_person_id = $2 ORDER BY arisen_on`,
      [partnershipId, personId],
    );
    return rows.map(explanationOf);
  }
}
