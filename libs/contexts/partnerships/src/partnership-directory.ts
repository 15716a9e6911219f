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

/** The names of a partnership's agencies, localities and wards, as of one version of its read model. */
export interface PartnershipNames {
  /** The read model's version these names are of (the partnership stream's revision it has applied). */
  version: number;
  agency(agencyId: string): string | undefined;
  locality(localityId: string): string | undefined;
  ward(wardId: string): string | undefined;
}

/** The facade other contexts use to read partnership reference data (from the read model). */
@Injectable()
export class PartnershipDirectory {
  /** The last names read of each partnership, with the version they are of. */
  private readonly namesCache = new Map<string, PartnershipNames>();

  constructor(private readonly db: DataSource) {}

  /**
   * A column for another context's query: the version of the partnership's read model now, to
   * pass to `names` so that it answers from memory when nothing has changed (`partnershipParam`
   * is the query's parameter holding the partnership id, e.g. `$1`).
   */
  static versionColumn(partnershipParam: string): string {
    return `(SELECT version FROM partnerships.partnerships WHERE partnership_id = ${partnershipParam})`;
  }

  /**
   * Agency, locality and ward names as the read model holds them. Every change to them (an agency
   * renamed, added or deactivated; a locality or ward added) moves the partnership's version in
   * the same transaction, so names read at a version stay true until the version moves: given the
   * version read now (`versionColumn` in the caller's own statement), names of that
   * version are answered from memory with no round trip, and any other version reads them again
   * in one statement. Without it, they are read (one statement). Null: no such partnership.
   */
  async names(partnershipId: string, currentVersion?: number | null): Promise<PartnershipNames | null> {
    const cached = this.namesCache.get(partnershipId);
    if (cached && currentVersion !== undefined && currentVersion !== null && cached.version === currentVersion)
      return cached;
    const [row]: Array<{
      version: string;
      agencies: Array<[string, string]>;
      localities: Array<[string, string]>;
      wards: Array<[string, string]>;
    }> = await this.db.query(
      `SELECT p.version,
              (SELECT coalesce(json_agg(json_build_array(agency_id, name)), '[]'::json) FROM partnerships.agencies WHERE partnership_id = p.partnership_id) AS agencies,
              (SELECT coalesce(json_agg(json_build_array(locality_id, name)), '[]'::json) FROM partnerships.localities WHERE partnership_id = p.partnership_id) AS localities,
              (SELECT coalesce(json_agg(json_build_array(ward_id, name)), '[]'::json) FROM partnerships.wards WHERE partnership_id = p.partnership_id) AS wards
         FROM partnerships.partnerships p WHERE p.partnership_id = $1`,
      [partnershipId],
    );
    if (!row) return null;
    const agencies = new Map(row.agencies);
    const localities = new Map(row.localities);
    const wards = new Map(row.wards);
    const names: PartnershipNames = {
      version: Number(row.version),
      agency: (id) => agencies.get(id),
      locality: (id) => localities.get(id),
      ward: (id) => wards.get(id),
    };
    const kept = this.namesCache.get(partnershipId);
    // Two reads may cross: keep the newer.
    if (!kept || kept.version <= names.version) this.namesCache.set(partnershipId, names);
    return names;
  }

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
