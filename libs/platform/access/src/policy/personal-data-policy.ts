import { Inject, Injectable, Optional } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { Actor } from '../roles';

/** Why an agency may see a person's personal data. */
export type AccessReason = 'recorded_by_agency' | 'open_case' | 'sharing_basis';

export interface PersonAccess {
  personId: string;
  /** True when the actor's agency has at least one reason. */
  visible: boolean;
  reasons: AccessReason[];
  /** Agencies that hold the person's record or take part in an open case about them (the locked view shows these). */
  involvedAgencyIds: string[];
}

/** Plug-in point for further reasons, such as an information-sharing basis covering the agency. */
export interface AccessBasisProvider {
  reasonsFor(actor: Actor, personIds: string[]): Promise<Map<string, AccessReason[]>>;
}
export const ACCESS_BASIS_PROVIDERS = Symbol('ACCESS_BASIS_PROVIDERS');

/**
 * The one place that decides whether a user may see a person's personal data. Deny by default:
 * an agency sees it only with a reason; otherwise callers show the locked view (the person exists,
 * and which agencies are involved). Never across partnerships.
 */
@Injectable()
export class PersonalDataPolicy {
  constructor(
    private readonly db: DataSource,
    @Optional() @Inject(ACCESS_BASIS_PROVIDERS) private readonly providers: AccessBasisProvider[] = [],
  ) {}

  async assess(actor: Actor, personIds: string[]): Promise<Map<string, PersonAccess>> {
    const result = new Map<string, PersonAccess>(
      personIds.map((id) => [id, { personId: id, visible: false, reasons: [], involvedAgencyIds: [] }]),
    );
    if (personIds.length === 0) return result;
    const rows: Array<{ person_id: string; agency_id: string; source: 'recorded' | 'case'; open: boolean }> =
      await this.db.query(
        `SELECT person_id, agency_id, source, open FROM access.person_agencies
        WHERE partnership_id = $1 AND person_id = ANY($2::uuid[]) AND (source = 'recorded' OR open)`,
        [actor.partnershipId, personIds],
      );
    for (const row of rows) {
      const access = result.get(row.person_id)!;
      if (!access.involvedAgencyIds.includes(row.agency_id)) access.involvedAgencyIds.push(row.agency_id);
      if (row.agency_id === actor.agencyId) {
        const reason: AccessReason = row.source === 'recorded' ? 'recorded_by_agency' : 'open_case';
        if (!access.reasons.includes(reason)) access.reasons.push(reason);
      }
    }
    for (const provider of this.providers ?? []) {
      const extra = await provider.reasonsFor(actor, personIds);
      for (const [personId, reasons] of extra) {
        const access = result.get(personId);
        if (access) for (const r of reasons) if (!access.reasons.includes(r)) access.reasons.push(r);
      }
    }
    for (const access of result.values()) access.visible = access.reasons.length > 0;
    return result;
  }
}
