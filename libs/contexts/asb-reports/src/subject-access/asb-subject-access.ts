import { Injectable } from '@nestjs/common';
import { PersonalDataVault } from '@hubline/privacy';
import { AsbReadModel, factsOf } from '../queries/asb-read-model';

/** In place of text sealed with another person's key: it is theirs, not the requester's (as the LAG's export says). */
const WITHHELD = Object.freeze({ withheld: 'sealed_with_another_persons_key' as const });
/** How everyone else named in a report appears. */
const ANOTHER_PERSON = 'another person';

/** How the caller wants an agency shown (it fills in the names once, for the whole export). */
type AgencyRef<A> = (id: string | null) => A | null;

/**
 * What the ASB reports context holds about a person, for a subject access request: every report
 * naming them (or a record merged into theirs, `ids`) as victim, reporter or alleged perpetrator,
 * and the Case Review explanations owed to them. Everyone else appears only as "another person";
 * a report's narrative, sealed with its victim's (else reporter's) key, is opened only when that
 * person is the requester, and so are the victim's protected characteristics.
 */
@Injectable()
export class AsbReportsSubjectAccess {
  constructor(
    private readonly readModel: AsbReadModel,
    private readonly vault: PersonalDataVault,
  ) {}

  async reports<A>(partnershipId: string, ids: string[], agency: AgencyRef<A>) {
    const own = new Set(ids);
    const rows = (await Promise.all(ids.map((id) => this.readModel.reportsNaming(partnershipId, id)))).flat();
    // Oldest first: by the day reported, then the moment recorded.
    const unique = [...new Map(rows.map((r) => [r.report_id, r])).values()].sort(
      (a, b) =>
        a.reported_on.localeCompare(b.reported_on) ||
        new Date(a.recorded_at).getTime() - new Date(b.recorded_at).getTime() ||
        a.report_id.localeCompare(b.report_id),
    );
    const who = (id: string | null) => (id === null ? null : own.has(id) ? 'you' : ANOTHER_PERSON);
    return Promise.all(
      unique.map(async (r) => {
        const f = factsOf(r);
        const aboutYou = own.has(r.sealed_with);
        const narrative = aboutYou ? await this.vault.open(r.sealed_with, r.narrative) : WITHHELD;
        return {
          reportId: f.reportId,
          incidentId: f.incidentId,
          receivingAgency: agency(f.agencyId),
          agencyReference: f.agencyReference,
          reporter: f.reporter.kind === 'person' ? { kind: 'person', who: who(f.reporter.personId) } : f.reporter,
          victim: who(f.victimPersonId),
          alleged: f.alleged.map(who),
          behaviourOn: f.behaviourOn,
          behaviourTo: f.behaviourTo,
          reportedOn: f.reportedOn,
          category: f.category,
          protectedCharacteristics:
            f.victimPersonId && own.has(f.victimPersonId) ? f.protectedCharacteristics : WITHHELD,
          ward: f.ward,
          status: f.status,
          withdrawalReason: f.withdrawalReason,
          recordedAt: f.recordedAt,
          narrative,
          history: f.history.map(({ byUserId: _by, byAgencyId, ...h }) => ({
            ...h,
            byAgency: agency(String(byAgencyId)),
          })),
        };
      }),
    );
  }

  /** The Case Review explanations owed to the person as a victim: when, by which agency, and how they were given. */
  async explanations<A>(partnershipId: string, ids: string[], agency: AgencyRef<A>) {
    const rows = (await Promise.all(ids.map((id) => this.readModel.explanationsOfVictim(partnershipId, id)))).flat();
    return rows.map((e) => ({
      dutyId: e.dutyId,
      owedBy: agency(e.agencyId),
      reportId: e.reportId,
      arisenOn: e.arisenOn,
      status: e.status,
      how: e.how,
      explainedOn: e.explainedOn,
      withdrawalReason: e.withdrawalReason,
    }));
  }
}
