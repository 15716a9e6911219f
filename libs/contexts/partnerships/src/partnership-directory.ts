import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { isRelevantBodyRole, type AgencyKind, type CaseReviewRole } from './domain/partnership';

export interface AgencyView {
  agencyId: string;
  name: string;
  kind: AgencyKind;
  active: boolean;
  /** Its part in ASB Case Reviews: relevant_body, co_opted, icb or none. */
  caseReviewRole: CaseReviewRole;
}
export interface LocalityView {
  localityId: string;
  name: string;
  wards: Array<{ wardId: string; name: string }>;
}
export interface PartnershipView {
  partnershipId: string;
  name: string;
  area: string;
  version: number;
  agencies: AgencyView[];
  localities: LocalityView[];
}

/** What a platform administrator sees of a partnership: nothing of its agencies, users or records. */
export interface PartnershipSummary {
  partnershipId: string;
  name: string;
  area: string;
  registeredAt: string;
}

/** The facade other contexts use to read partnership reference data (from the read model). */
@Injectable()
export class PartnershipDirectory {
  constructor(private readonly db: DataSource) {}

  async partnership(partnershipId: string): Promise<PartnershipView | null> {
    const [p]: Array<{ partnership_id: string; name: string; area: string; version: string }> = await this.db.query(
      'SELECT partnership_id, name, area, version FROM partnerships.partnerships WHERE partnership_id = $1',
      [partnershipId],
    );
    if (!p) return null;
    const agencies = await this.agencies(partnershipId);
    const localities: Array<{ locality_id: string; name: string }> = await this.db.query(
      'SELECT locality_id, name FROM partnerships.localities WHERE partnership_id = $1 ORDER BY name',
      [partnershipId],
    );
    const wards: Array<{ ward_id: string; locality_id: string; name: string }> = await this.db.query(
      'SELECT ward_id, locality_id, name FROM partnerships.wards WHERE partnership_id = $1 ORDER BY name',
      [partnershipId],
    );
    return {
      partnershipId: p.partnership_id,
      name: p.name,
      area: p.area,
      version: Number(p.version),
      agencies,
      localities: localities.map((l) => ({
        localityId: l.locality_id,
        name: l.name,
        wards: wards.filter((w) => w.locality_id === l.locality_id).map((w) => ({ wardId: w.ward_id, name: w.name })),
      })),
    };
  }

  /** Every partnership of this deployment, by name. */
  async list(): Promise<PartnershipSummary[]> {
    const rows: Array<{ partnership_id: string; name: string; area: string; registered_at: Date }> =
      await this.db.query(
        'SELECT partnership_id, name, area, registered_at FROM partnerships.partnerships ORDER BY lower(name), partnership_id',
      );
    return rows.map((r) => ({
      partnershipId: r.partnership_id,
      name: r.name,
      area: r.area,
      registeredAt: r.registered_at.toISOString(),
    }));
  }

  /** Ids of the partnerships with this name, ignoring case and runs of spaces. */
  async withName(name: string): Promise<string[]> {
    const rows: Array<{ partnership_id: string }> = await this.db.query(
      `SELECT partnership_id FROM partnerships.partnerships WHERE lower(regexp_replace(btrim(name), '\\s+', ' ', 'g')) = lower(regexp_replace(btrim($1), '\\s+', ' ', 'g'))`,
      [name],
    );
    return rows.map((r) => r.partnership_id);
  }

  async agencies(partnershipId: string): Promise<AgencyView[]> {
    const rows: Array<{
      agency_id: string;
      name: string;
      kind: AgencyKind;
      active: boolean;
      case_review_role: CaseReviewRole;
    }> = await this.db.query(
      'SELECT agency_id, name, kind, active, case_review_role FROM partnerships.agencies WHERE partnership_id = $1 ORDER BY name',
      [partnershipId],
    );
    return rows.map((r) => ({
      agencyId: r.agency_id,
      name: r.name,
      kind: r.kind,
      active: r.active,
      caseReviewRole: r.case_review_role,
    }));
  }

  /**
   * Is this agency, now, a relevant body for ASB Case Reviews (council, police, the ICB, or a
   * social landlord the partnership co-opted)? False for an unknown or deactivated agency.
   */
  async isRelevantBody(partnershipId: string, agencyId: string): Promise<boolean> {
    const agency = await this.agency(partnershipId, agencyId);
    return Boolean(agency?.active && isRelevantBodyRole(agency.caseReviewRole));
  }

  /** The partnership's active relevant bodies for ASB Case Reviews, by name. */
  async relevantBodies(partnershipId: string): Promise<AgencyView[]> {
    return (await this.agencies(partnershipId)).filter((a) => a.active && isRelevantBodyRole(a.caseReviewRole));
  }

  async agency(partnershipId: string, agencyId: string): Promise<AgencyView | null> {
    return (await this.agencies(partnershipId)).find((a) => a.agencyId === agencyId) ?? null;
  }

  /** Agency names by id, for showing which agencies are involved (ids of other partnerships are left out). */
  async agencyNames(partnershipId: string, agencyIds: string[]): Promise<Array<{ agencyId: string; name: string }>> {
    if (agencyIds.length === 0) return [];
    const rows: Array<{ agency_id: string; name: string }> = await this.db.query(
      'SELECT agency_id, name FROM partnerships.agencies WHERE partnership_id = $1 AND agency_id = ANY($2::uuid[]) ORDER BY name',
      [partnershipId, agencyIds],
    );
    return rows.map((r) => ({ agencyId: r.agency_id, name: r.name }));
  }

  async locality(partnershipId: string, localityId: string): Promise<{ localityId: string; name: string } | null> {
    const [row]: Array<{ locality_id: string; name: string }> = await this.db.query(
      'SELECT locality_id, name FROM partnerships.localities WHERE partnership_id = $1 AND locality_id = $2',
      [partnershipId, localityId],
    );
    return row ? { localityId: row.locality_id, name: row.name } : null;
  }

  async ward(
    partnershipId: string,
    wardId: string,
  ): Promise<{ wardId: string; localityId: string; name: string } | null> {
    const [row]: Array<{ ward_id: string; locality_id: string; name: string }> = await this.db.query(
      'SELECT ward_id, locality_id, name FROM partnerships.wards WHERE partnership_id = $1 AND ward_id = $2',
      [partnershipId, wardId],
    );
    return row ? { wardId: row.ward_id, localityId: row.locality_id, name: row.name } : null;
  }
}
