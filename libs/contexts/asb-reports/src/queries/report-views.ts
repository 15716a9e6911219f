import { Injectable } from '@nestjs/common';
import {
  ConsultationLog,
  DATA_CATEGORIES,
  PersonalDataPolicy,
  sortedCategories,
  type Actor,
  type DataCategory,
  type Purpose,
} from '@hubline/access';
import { PartnershipDirectory } from '@hubline/partnerships';
import { PeopleDirectory, type PersonView } from '@hubline/people';
import { PersonalDataVault } from '@hubline/privacy';
import { AsbError } from '../domain';
import { AsbReadModel, factsOf, type ExplanationView, type ReportFacts, type ReportRow } from './asb-read-model';

/** A narrative as shown: the text, or that it was erased when its subject was forgotten. */
export type Narrative = string | { erased: true };

export type PersonRole = 'victim' | 'reporter' | 'alleged';

/** What any reader of the partnership may see of a report: codes and days, no people, no narrative. */
export interface ReportSummary {
  reportId: string;
  incidentId: string;
  agencyId: string;
  agencyName: string | null;
  reportedOn: string;
  behaviourOn: string;
  behaviourTo: string | null;
  category: string;
  ward: string;
  wardName: string | null;
  status: 'recorded' | 'withdrawn';
  version: number;
}

export interface ReportView extends ReportSummary {
  locked: false;
  agencyReference: string;
  reporter: { kind: 'person'; person: PersonView | null } | { kind: 'business' | 'community_group'; name: string };
  victim: PersonView | null;
  alleged: PersonView[];
  /** `health` and `special_category` of the victim: shown only when those categories are granted. */
  protectedCharacteristics?: string[];
  /** `incident_details`. */
  narrative?: Narrative;
  withdrawalReason: string | null;
  recordedByUserId: string;
  recordedAt: string;
  history: Array<Record<string, unknown>>;
  /** The other reports of this incident (ids, agencies and days). */
  sameIncident: Array<{ reportId: string; agencyId: string; reportedOn: string; status: string }>;
  withheld?: DataCategory[];
}

export interface LockedReportView extends ReportSummary {
  locked: true;
}

export interface PersonReport extends ReportSummary {
  /** How the person asked about is named in the report. */
  roles: PersonRole[];
}

export interface WorkListItem extends ExplanationView {
  victim: PersonView | null;
}

const REPORT_CATEGORIES: readonly DataCategory[] = ['incident_details', 'health', 'special_category'];

/**
 * The views of ASB reports that show people or narratives. A report's narrative and the victim's
 * protected characteristics are shown in full to the receiving agency (it recorded them); to any
 * other agency, the categories the personal-data policy grants it of the person whose key seals
 * the narrative (the victim, else the reporter); a report sealed with its own key (a business
 * report with no person) only to the receiving agency. People are shown through the people
 * directory, which applies the policy person by person and records the consultation; a narrative
 * subject it did not show is recorded as consulted too, before anything is returned.
 */
@Injectable()
export class ReportViews {
  constructor(
    private readonly readModel: AsbReadModel,
    private readonly people: PeopleDirectory,
    private readonly policy: PersonalDataPolicy,
    private readonly consultations: ConsultationLog,
    private readonly vault: PersonalDataVault,
    private readonly partnerships: PartnershipDirectory,
  ) {}

  async report(
    actor: Actor,
    reportId: string,
    purpose: Purpose,
    correlationId?: string,
  ): Promise<ReportView | LockedReportView> {
    const row = await this.readModel.report(actor.partnershipId, reportId);
    if (!row) throw new AsbError('ASB_REPORT.NOT_FOUND', 'No such ASB report in your partnership.');
    const names = await this.names(actor.partnershipId);
    const facts = factsOf(row);
    const summary = summaryOf(facts, names);
    const granted = await this.readable(actor, row);
    if (!granted) return { ...summary, locked: true };
    const may = (c: DataCategory) => granted.includes(c);
    const withheld = REPORT_CATEGORIES.filter((c) => !may(c));

    const opened = may('incident_details') ? await this.vault.open<string>(row.sealed_with, row.narrative) : null;
    const narrative: Narrative | undefined =
      opened === null ? undefined : typeof opened === 'string' ? opened : { erased: true };
    const reporterId = facts.reporter.kind === 'person' ? facts.reporter.personId : null;
    const subject = row.sealed_with !== row.report_id ? row.sealed_with : null;
    const characteristics = facts.protectedCharacteristics.filter((c) =>
      may(PeopleDirectory.characteristicCategory(c)),
    );
    // What is shown about the person whose key seals the report, recorded in the consultation log with them.
    const aboutSubject = sortedCategories([
      ...(typeof narrative === 'string' ? (['incident_details'] as DataCategory[]) : []),
      ...new Set(characteristics.map((c) => PeopleDirectory.characteristicCategory(c))),
    ]);
    const people = await this.showPeople(
      actor,
      [...(facts.victimPersonId ? [facts.victimPersonId] : []), ...(reporterId ? [reporterId] : []), ...facts.alleged],
      subject && aboutSubject.length ? new Map([[subject, aboutSubject]]) : new Map(),
      purpose,
      correlationId,
    );
    const incident = await this.readModel.reportsOfIncident(actor.partnershipId, facts.incidentId);
    const reporter: ReportView['reporter'] =
      facts.reporter.kind === 'person'
        ? { kind: 'person', person: people.get(facts.reporter.personId) ?? null }
        : facts.reporter;
    return {
      ...summary,
      locked: false,
      agencyReference: facts.agencyReference,
      reporter,
      victim: facts.victimPersonId ? (people.get(facts.victimPersonId) ?? null) : null,
      alleged: facts.alleged.map((id) => people.get(id)).filter((p): p is PersonView => Boolean(p)),
      ...(may('health') || may('special_category') ? { protectedCharacteristics: characteristics } : {}),
      ...(narrative !== undefined ? { narrative } : {}),
      withdrawalReason: facts.withdrawalReason,
      recordedByUserId: facts.recordedByUserId,
      recordedAt: facts.recordedAt,
      history: facts.history,
      sameIncident: incident
        .filter((r) => r.report_id !== row.report_id)
        .map((r) => ({ reportId: r.report_id, agencyId: r.agency_id, reportedOn: r.reported_on, status: r.status })),
      ...(withheld.length ? { withheld } : {}),
    };
  }

  /**
   * The reports naming a person, codes only: all of them when the caller's agency may see the
   * person, else only those its own agency received. One consultation records that the person's
   * reports were listed.
   */
  async reportsOf(actor: Actor, personId: string, purpose: Purpose, correlationId?: string): Promise<PersonReport[]> {
    if (!(await this.people.exists(actor.partnershipId, personId)))
      throw new AsbError('ASB.UNKNOWN_PERSON', 'That person is not registered in your partnership.');
    const visible = (await this.policy.assess(actor, [personId])).get(personId)?.visible ?? false;
    const rows = (await this.readModel.reportsNaming(actor.partnershipId, personId)).filter(
      (r) => visible || r.agency_id === actor.agencyId,
    );
    if (rows.length)
      await this.consultations.record(actor, {
        personIds: [personId],
        view: 'asb_reports_of_person',
        purpose,
        correlationId,
        categories: new Map([[personId, ['incident_details'] as DataCategory[]]]),
      });
    const names = await this.names(actor.partnershipId);
    return rows.map((r) => {
      const facts = factsOf(r);
      const roles: PersonRole[] = [];
      if (facts.victimPersonId === personId) roles.push('victim');
      if (facts.reporter.kind === 'person' && facts.reporter.personId === personId) roles.push('reporter');
      if (facts.alleged.includes(personId)) roles.push('alleged');
      return { ...summaryOf(facts, names), roles };
    });
  }

  /** Reports of other agencies that may be the same incident: codes and days only. */
  async suggestions(actor: Actor, reportId: string): Promise<ReportSummary[]> {
    const row = await this.readModel.report(actor.partnershipId, reportId);
    if (!row) throw new AsbError('ASB_REPORT.NOT_FOUND', 'No such ASB report in your partnership.');
    if (row.agency_id !== actor.agencyId)
      throw new AsbError(
        'ASB_REPORT.NOT_YOUR_AGENCY',
        'Only the agency that received the report is offered reports to link it with.',
      );
    if (row.status === 'withdrawn') return [];
    const names = await this.names(actor.partnershipId);
    return (await this.readModel.sameIncidentCandidates(row)).map((r) => summaryOf(factsOf(r), names));
  }

  /** The explanations the caller's agency owes (and, when asked, has given), with who each victim is as the policy allows. */
  async workList(
    actor: Actor,
    includeExplained: boolean,
    purpose: Purpose,
    correlationId?: string,
  ): Promise<WorkListItem[]> {
    const items = await this.readModel.explanationsOfAgency(actor.partnershipId, actor.agencyId, includeExplained);
    const people = await this.showPeople(
      actor,
      [...new Set(items.map((i) => i.victimPersonId))],
      new Map(),
      purpose,
      correlationId,
    );
    return items.map((item) => ({ ...item, victim: people.get(item.victimPersonId) ?? null }));
  }

  /** Per report: every category to the receiving agency; else what the policy grants of the key holder. */
  private async readable(actor: Actor, row: ReportRow): Promise<readonly DataCategory[] | null> {
    if (row.agency_id === actor.agencyId) return DATA_CATEGORIES;
    if (row.sealed_with === row.report_id) return null;
    const access = (await this.policy.assess(actor, [row.sealed_with])).get(row.sealed_with);
    return access?.visible ? access.categories : null;
  }

  private async showPeople(
    actor: Actor,
    personIds: string[],
    narrativeSubjects: Map<string, readonly DataCategory[]>,
    purpose: Purpose,
    correlationId?: string,
  ): Promise<Map<string, PersonView>> {
    const views = personIds.length
      ? await this.people.describe(actor, personIds, purpose, 'asb_report', {
          correlationId,
          alsoShown: narrativeSubjects,
        })
      : [];
    const shown = new Set(views.filter((v) => 'givenName' in v).map((v) => v.personId));
    const unrecorded = [...narrativeSubjects.keys()].filter((id) => !shown.has(id));
    if (unrecorded.length)
      await this.consultations.record(actor, {
        personIds: unrecorded,
        view: 'asb_report',
        purpose,
        correlationId,
        categories: new Map(unrecorded.map((id) => [id, sortedCategories(narrativeSubjects.get(id)!)])),
      });
    return new Map(views.map((v) => [v.personId, v]));
  }

  private async names(partnershipId: string): Promise<Names> {
    const p = await this.partnerships.partnership(partnershipId);
    return {
      agencies: new Map(p?.agencies.map((a) => [a.agencyId, a.name]) ?? []),
      wards: new Map(p?.localities.flatMap((l) => l.wards.map((w) => [w.wardId, w.name] as const)) ?? []),
    };
  }
}

interface Names {
  agencies: Map<string, string>;
  wards: Map<string, string>;
}

function summaryOf(f: ReportFacts, names: Names): ReportSummary {
  return {
    reportId: f.reportId,
    incidentId: f.incidentId,
    agencyId: f.agencyId,
    agencyName: names.agencies.get(f.agencyId) ?? null,
    reportedOn: f.reportedOn,
    behaviourOn: f.behaviourOn,
    behaviourTo: f.behaviourTo,
    category: f.category,
    ward: f.ward,
    wardName: names.wards.get(f.ward) ?? null,
    status: f.status,
    version: f.version,
  };
}
