import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { ConsultationLog, type Actor } from '@hubline/access';
import { AsbReportsSubjectAccess } from '@hubline/asb-reports';
import { CaseReviewsSubjectAccess } from '@hubline/case-reviews';
import { EnforcementSubjectAccess } from '@hubline/enforcement';
import type { JsonValue } from '@hubline/event-store';
import { LagSubjectAccess } from '@hubline/lag';
import { PartnershipDirectory } from '@hubline/partnerships';
import { PeopleSubjectAccess } from '@hubline/people';
import { SharingSubjectAccess } from '@hubline/sharing';
import { candidateNames, narrativesOf, reviewNarrative, type ReviewFlag } from './narrative-review';

export { WITHHELD, ANOTHER_PERSON } from '@hubline/lag';

type Agency = { agencyId: string; name: string };

export interface SubjectAccessExport {
  personId: string;
  generatedAt: string;
  generatedBy: { userId: string; agencyId: string };
  /** The person's own record and any records merged into it (the same human being), event by event, decrypted. */
  records: Array<{
    personId: string;
    status: string;
    events: Array<{ type: string; recordedAt: string; data: Record<string, JsonValue> }>;
  }>;
  lagCases: Array<Record<string, unknown>>;
  asbReports: Array<Record<string, unknown>>;
  caseReviewExplanations: Array<Record<string, unknown>>;
  /** The ASB Case Reviews of which the person is the victim, step by step. */
  caseReviews: Array<Record<string, unknown>>;
  /** The enforcement orders served on the person: conditions, variations, discharge and breaches. */
  enforcementOrders: Array<Record<string, unknown>>;
  consents: Array<Record<string, unknown>>;
  disclosures: Array<Record<string, unknown>>;
  consultations: Array<Record<string, unknown>>;
  /**
   * Each narrative released that may name or locate someone else: names the register holds for
   * other people, house numbers, addresses and postcodes, by kind and span. For the reviewer to
   * decide on redaction before sending; nothing in it is new personal data.
   */
  reviewFlags: ReviewFlag[];
}

const iso = (d: Date | string | null) => (d === null ? null : new Date(d).toISOString());

/**
 * Everything the partnership holds about one person, for a subject access request (UK GDPR Art 15,
 * DPA 2018 s.45). It is built for the partnership's data-protection lead, so the agency-level
 * personal-data policy does not narrow it; but no one else's personal data goes in: other people
 * named in a case appear only as "another person", without their id, and a case's narratives,
 * sealed with its first victim's key, are opened only when that victim is the requester.
 */
@Injectable()
export class SubjectAccessExporter {
  constructor(
    private readonly db: DataSource,
    private readonly people: PeopleSubjectAccess,
    private readonly lag: LagSubjectAccess,
    private readonly sharing: SharingSubjectAccess,
    private readonly asb: AsbReportsSubjectAccess,
    private readonly caseReviews: CaseReviewsSubjectAccess,
    private readonly enforcement: EnforcementSubjectAccess,
    private readonly partnerships: PartnershipDirectory,
    private readonly consultations: ConsultationLog,
  ) {}

  /** Null: no such person in the caller's partnership. */
  async export(
    actor: Actor,
    personId: string,
    options: { correlationId?: string } = {},
  ): Promise<SubjectAccessExport | null> {
    const records = await this.people.records(actor.partnershipId, personId);
    if (records.length === 0) return null;
    const ids = records.map((r) => r.personId);
    const agencyIds = new Set<string>();
    const agency = (id: string | null): Agency | null => {
      if (!id) return null;
      agencyIds.add(id);
      return { agencyId: id, name: id };
    };

    const result: SubjectAccessExport = {
      personId,
      generatedAt: new Date().toISOString(),
      generatedBy: { userId: actor.userId, agencyId: actor.agencyId },
      records,
      lagCases: await this.lag.cases(actor.partnershipId, ids, agency),
      asbReports: await this.asb.reports(actor.partnershipId, ids, agency),
      caseReviewExplanations: await this.asb.explanations(actor.partnershipId, ids, agency),
      caseReviews: await this.caseReviews.reviews(actor.partnershipId, ids, agency),
      enforcementOrders: await this.enforcement.orders(actor.partnershipId, ids, agency),
      consents: await this.sharing.consents(actor.partnershipId, ids, agency),
      disclosures: await this.sharing.disclosures(actor.partnershipId, ids, agency),
      consultations: await this.consulted(actor.partnershipId, ids, agency),
      reviewFlags: [],
    };
    result.reviewFlags = await this.reviewFlags(actor.partnershipId, ids, {
      lagCases: result.lagCases,
      asbReports: result.asbReports,
      caseReviews: result.caseReviews,
      enforcementOrders: result.enforcementOrders,
    });

    // Agency names are filled in last, in one look-up, into the objects already placed.
    const names = new Map(
      (await this.partnerships.agencyNames(actor.partnershipId, [...agencyIds])).map((a) => [a.agencyId, a.name]),
    );
    const fill = (value: unknown): void => {
      if (Array.isArray(value)) value.forEach(fill);
      else if (value && typeof value === 'object') {
        const o = value as Record<string, unknown>;
        if (typeof o.agencyId === 'string' && o.name === o.agencyId) o.name = names.get(o.agencyId) ?? '';
        Object.values(o).forEach(fill);
      }
    };
    fill([
      result.lagCases,
      result.asbReports,
      result.caseReviewExplanations,
      result.caseReviews,
      result.enforcementOrders,
      result.consents,
      result.disclosures,
      result.consultations,
    ]);

    await this.consultations.record(actor, {
      personIds: ids,
      view: 'subject_access_export',
      purpose: 'subject_access_request',
      correlationId: options.correlationId,
    });
    return result;
  }

  /** The narratives opened for the requester (those sealed with another's key stay withheld), reviewed. */
  private async reviewFlags(
    partnershipId: string,
    ids: string[],
    released: Record<string, unknown>,
  ): Promise<ReviewFlag[]> {
    const narratives = Object.entries(released).flatMap(([path, value]) => narrativesOf(value, path));
    const names = await this.people.namesOfOthers(
      partnershipId,
      ids,
      narratives.flatMap((n) => candidateNames(n.text)),
    );
    return narratives
      .map((n) => ({ path: n.path, findings: reviewNarrative(n.text, names) }))
      .filter((f) => f.findings.length > 0);
  }

  /** Who (which agency) viewed the person's data, when, what and why. */
  private async consulted(partnershipId: string, ids: string[], agency: (id: string | null) => Agency | null) {
    const rows: Array<{
      event_id: string;
      user_id: string;
      agency_id: string;
      view: string;
      purpose: string;
      consulted_at: Date;
    }> = await this.db.query(
      `SELECT DISTINCT event_id, user_id, agency_id, view, purpose, consulted_at FROM access.consultations
        WHERE partnership_id = $1 AND person_id = ANY($2::uuid[]) ORDER BY consulted_at, event_id`,
      [partnershipId, ids],
    );
    return rows.map((c) => ({
      consultationId: c.event_id,
      userId: c.user_id,
      agency: agency(c.agency_id),
      view: c.view,
      purpose: c.purpose,
      consultedAt: iso(c.consulted_at),
    }));
  }
}
