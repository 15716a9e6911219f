import { Inject, Injectable, Optional } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { Actor } from '../roles';
import { DATA_CATEGORIES, sortedCategories, type DataCategory } from './data-categories';

/** Why an agency may see a person's personal data. */
export type AccessReason = 'recorded_by_agency' | 'open_case' | 'sharing_basis';

export interface PersonAccess {
  personId: string;
  /** True when the actor's agency may see who the person is (the `identity` category). */
  visible: boolean;
  reasons: AccessReason[];
  /**
   * The data categories the actor's agency may read now: all of them when it holds the record or
   * works an open case about the person; otherwise the union of the categories of the disclosures
   * to it whose basis stands now. Empty when not visible: without identity nothing is shown.
   */
  categories: DataCategory[];
  /** Agencies that hold the person's record or take part in an open case about them (the locked view shows these). */
  involvedAgencyIds: string[];
}

/** One agency's involvement with a person, as `access.person_agencies` holds it. */
export interface InvolvementRow {
  person_id: string;
  agency_id: string;
  source: 'recorded' | 'case';
  open: boolean;
}

/**
 * A column for a query that reads people: their involvement rows (those `assess` reads) as a json
 * array, so the people and the access decision's input come in one statement.
 * `partnershipParam` is the query's parameter holding the partnership id (e.g. `$1`).
 */
export const involvedAgenciesColumn = (partnershipParam: string, personColumn: string): string =>
  `(SELECT coalesce(json_agg(json_build_object('person_id', a.person_id, 'agency_id', a.agency_id, 'source', a.source, 'open', a.open)), '[]'::json)
      FROM access.person_agencies a
     WHERE a.partnership_id = ${partnershipParam} AND a.person_id = ${personColumn} AND (a.source = 'recorded' OR a.open))`;

/** A further reason to read a person, and the categories it covers. */
export interface AccessGrant {
  reason: AccessReason;
  categories: readonly DataCategory[];
}

/** Plug-in point for further reasons, such as an information-sharing basis covering the agency. */
export interface AccessBasisProvider {
  grantsFor(actor: Actor, personIds: string[]): Promise<Map<string, AccessGrant[]>>;
}
export const ACCESS_BASIS_PROVIDERS = Symbol('ACCESS_BASIS_PROVIDERS');

/**
 * The one place that decides whether a user may see a person's personal data, and which categories
 * of it. Deny by default: an agency sees it only with a reason, and only the categories that reason
 * covers; otherwise callers show the locked view (the person exists, and which agencies are
 * involved). Never across partnerships.
 */
@Injectable()
export class PersonalDataPolicy {
  constructor(
    private readonly db: DataSource,
    @Optional() @Inject(ACCESS_BASIS_PROVIDERS) private readonly providers: AccessBasisProvider[] = [],
  ) {}

  async assess(actor: Actor, personIds: string[]): Promise<Map<string, PersonAccess>> {
    if (personIds.length === 0) return this.assessInvolvement(actor, personIds, []);
    const rows: InvolvementRow[] = await this.db.query(
      `SELECT person_id, agency_id, source, open FROM access.person_agencies
        WHERE partnership_id = $1 AND person_id = ANY($2::uuid[]) AND (source = 'recorded' OR open)`,
      [actor.partnershipId, personIds],
    );
    return this.assessInvolvement(actor, personIds, rows);
  }

  /**
   * The same decision from involvement rows the caller read itself, in the statement that read
   * the people (`involvedAgenciesColumn`), saving a round trip. With `ownReasonSuffices`, further
   * reasons (sharing bases) are asked only about people the agency has no reason of its own to
   * read: its own reason grants every category already, so the categories and visibility are the
   * same, and `reasons` may then leave out a sharing basis that also stands.
   */
  async assessInvolvement(
    actor: Actor,
    personIds: string[],
    rows: readonly InvolvementRow[],
    options: { ownReasonSuffices?: boolean } = {},
  ): Promise<Map<string, PersonAccess>> {
    const result = new Map<string, PersonAccess>(
      personIds.map((id) => [id, { personId: id, visible: false, reasons: [], categories: [], involvedAgencyIds: [] }]),
    );
    if (personIds.length === 0) return result;
    for (const row of rows) {
      const access = result.get(row.person_id);
      if (!access || !(row.source === 'recorded' || row.open)) continue;
      if (!access.involvedAgencyIds.includes(row.agency_id)) access.involvedAgencyIds.push(row.agency_id);
      if (row.agency_id === actor.agencyId) {
        const reason: AccessReason = row.source === 'recorded' ? 'recorded_by_agency' : 'open_case';
        if (!access.reasons.includes(reason)) access.reasons.push(reason);
      }
    }
    const granted = new Map<string, Set<DataCategory>>(personIds.map((id) => [id, new Set()]));
    for (const access of result.values())
      if (access.reasons.length > 0) for (const c of DATA_CATEGORIES) granted.get(access.personId)!.add(c);
    const asked = options.ownReasonSuffices
      ? personIds.filter((id) => result.get(id)!.reasons.length === 0)
      : personIds;
    for (const provider of asked.length ? (this.providers ?? []) : []) {
      const extra = await provider.grantsFor(actor, asked);
      for (const [personId, grants] of extra) {
        const access = result.get(personId);
        if (!access) continue;
        for (const grant of grants) {
          if (!access.reasons.includes(grant.reason)) access.reasons.push(grant.reason);
          for (const c of grant.categories) granted.get(personId)!.add(c);
        }
      }
    }
    for (const access of result.values()) {
      const categories = granted.get(access.personId)!;
      access.visible = categories.has('identity');
      access.categories = access.visible ? sortedCategories(categories) : [];
    }
    return result;
  }
}
