import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import {
  ConsultationLog,
  PersonalDataPolicy,
  type Actor,
  type ConsultedView,
  type PersonAccess,
  type Purpose,
} from '@hubline/access';
import { PartnershipDirectory } from '@hubline/partnerships';
import { isErased, PersonalDataVault, type Sealed } from '@hubline/privacy';
import type { Address, ContactPreferences, ProtectedCharacteristic } from './domain/personal-details';
import { openDetails, openReferences } from './sealing';

export type PersonStatus = 'active' | 'merged' | 'erased';

/** What a caller whose agency may see the person is shown in lists. */
export interface PersonSummary {
  personId: string;
  givenName: string;
  familyName: string;
  dateOfBirth?: string;
  postcode?: string;
}
/** The person exists, and these agencies are involved; nothing else. */
export interface LockedPerson {
  personId: string;
  locked: true;
  agencies: Array<{ agencyId: string; name: string }>;
}
export interface ErasedPerson {
  personId: string;
  erased: true;
  forgottenAt?: string;
}
export interface MergedPerson {
  personId: string;
  mergedInto: string;
}
export type PersonView = PersonSummary | LockedPerson | ErasedPerson | MergedPerson;

export interface PersonProfile extends PersonSummary {
  status: 'active';
  version: number;
  registeredAt: string;
  updatedAt: string;
  registeredBy: { agencyId: string; name: string };
  aliases: string[];
  address?: Address;
  contactPreferences?: ContactPreferences;
  vulnerabilities: string[];
  protectedCharacteristics: ProtectedCharacteristic[];
  agencyReferences: Array<{ agencyId: string; agencyName: string; reference: string }>;
}
export type PersonProfileView = PersonProfile | LockedPerson | ErasedPerson | MergedPerson;

export const isProfile = (view: PersonProfileView): view is PersonProfile =>
  (view as PersonProfile).status === 'active';

interface PersonRow {
  person_id: string;
  status: PersonStatus;
  merged_into: string | null;
  registered_by_agency_id: string;
  personal: Sealed | null;
  version: string;
  registered_at: Date;
  updated_at: Date;
  forgotten_at: Date | null;
}

/**
 * The facade other contexts use to show people: it answers only for the caller's partnership,
 * applies the personal-data policy to every person, and records one consultation for every answer
 * that shows personal data, before returning it. A person of another partnership, or an unknown
 * id, is simply absent.
 */
@Injectable()
export class PeopleDirectory {
  constructor(
    private readonly db: DataSource,
    private readonly vault: PersonalDataVault,
    private readonly policy: PersonalDataPolicy,
    private readonly consultations: ConsultationLog,
    private readonly partnerships: PartnershipDirectory,
  ) {}

  async exists(partnershipId: string, personId: string): Promise<boolean> {
    return (await this.status(partnershipId, personId)) !== null;
  }

  async status(partnershipId: string, personId: string): Promise<{ status: PersonStatus; mergedInto?: string } | null> {
    const [row] = await this.rows(partnershipId, [personId]);
    if (!row) return null;
    return row.merged_into ? { status: row.status, mergedInto: row.merged_into } : { status: row.status };
  }

  /**
   * The records of `personIds` in the partnership and, following merges, every record they were
   * merged into: status and survivor link only (no personal data, so no consultation). Unknown ids
   * are left out. For record-keeping that must treat merged records as one human being (retention).
   */
  async mergeChains(
    partnershipId: string,
    personIds: string[],
  ): Promise<Array<{ personId: string; status: PersonStatus; mergedInto: string | null }>> {
    if (personIds.length === 0) return [];
    const rows: Array<{ person_id: string; status: PersonStatus; merged_into: string | null }> = await this.db.query(
      `WITH RECURSIVE chain AS (
         SELECT person_id, status, merged_into FROM people.people WHERE partnership_id = $1 AND person_id = ANY($2::uuid[])
         UNION SELECT p.person_id, p.status, p.merged_into FROM people.people p JOIN chain c ON p.person_id = c.merged_into
       ) SELECT person_id, status, merged_into FROM chain`,
      [partnershipId, [...new Set(personIds)]],
    );
    return rows.map((r) => ({ personId: r.person_id, status: r.status, mergedInto: r.merged_into }));
  }

  /**
   * Per person (in the order asked, unknown ids left out): the summary when the caller's agency may
   * see them, else the locked view, or that they were erased or merged.
   */
  async describe(
    actor: Actor,
    personIds: string[],
    purpose: Purpose,
    view: ConsultedView,
    options: { correlationId?: string } = {},
  ): Promise<PersonView[]> {
    const rows = await this.rows(actor.partnershipId, [...new Set(personIds)]);
    const access = await this.policy.assess(
      actor,
      rows.filter((r) => r.status === 'active').map((r) => r.person_id),
    );
    const visible = rows.filter((r) => r.status === 'active' && access.get(r.person_id)?.visible);
    // Only the people the caller may see are decrypted at all.
    const opened = await openDetails(
      this.vault,
      visible.map((r) => ({ personId: r.person_id, sealed: r.personal })),
    );
    const details = new Map(visible.map((r, i) => [r.person_id, opened[i]]));
    const names = await this.agencyNames(
      actor.partnershipId,
      [...access.values()].filter((a) => !a.visible).flatMap((a) => a.involvedAgencyIds),
    );

    const byId = new Map<string, PersonView>();
    for (const row of rows) {
      const settled = settledView(row);
      const d = details.get(row.person_id);
      if (settled) byId.set(row.person_id, settled);
      else if (!d) byId.set(row.person_id, lockedView(access.get(row.person_id)!, names));
      else if (isErased(d)) byId.set(row.person_id, { personId: row.person_id, erased: true });
      else
        byId.set(row.person_id, {
          personId: row.person_id,
          givenName: d.givenName,
          familyName: d.familyName,
          ...optional({ dateOfBirth: d.dateOfBirth, postcode: d.postcode }),
        });
    }
    const shown = [...byId.values()].filter((v): v is PersonSummary => 'givenName' in v).map((v) => v.personId);
    await this.consultations.record(actor, { personIds: shown, view, purpose, correlationId: options.correlationId });
    return personIds.filter((id, i) => byId.has(id) && personIds.indexOf(id) === i).map((id) => byId.get(id)!);
  }

  /** The whole record of one person, with every agency's reference, when the caller may see it. Null: not in the caller's partnership. */
  async profile(
    actor: Actor,
    personId: string,
    purpose: Purpose,
    options: { correlationId?: string } = {},
  ): Promise<PersonProfileView | null> {
    const [row] = await this.rows(actor.partnershipId, [personId]);
    if (!row) return null;
    const settled = settledView(row);
    if (settled) return settled;
    const access = (await this.policy.assess(actor, [personId])).get(personId)!;
    if (!access.visible)
      return lockedView(access, await this.agencyNames(actor.partnershipId, access.involvedAgencyIds));
    const [details] = await openDetails(this.vault, [{ personId, sealed: row.personal }]);
    if (isErased(details)) return { personId, erased: true };

    const refRows: Array<{ agency_id: string; reference: Sealed }> = await this.db.query(
      'SELECT agency_id, reference FROM people.agency_references WHERE person_id = $1 AND reference IS NOT NULL',
      [personId],
    );
    const references = await openReferences(
      this.vault,
      refRows.map((r) => ({ personId, sealed: r.reference })),
    );
    const names = await this.agencyNames(actor.partnershipId, [
      row.registered_by_agency_id,
      ...refRows.map((r) => r.agency_id),
    ]);
    const profile: PersonProfile = {
      personId,
      status: 'active',
      version: Number(row.version),
      registeredAt: row.registered_at.toISOString(),
      updatedAt: row.updated_at.toISOString(),
      registeredBy: { agencyId: row.registered_by_agency_id, name: names.get(row.registered_by_agency_id) ?? '' },
      givenName: details.givenName,
      familyName: details.familyName,
      aliases: details.aliases,
      ...optional({
        dateOfBirth: details.dateOfBirth,
        address: details.address,
        postcode: details.postcode,
        contactPreferences: details.contactPreferences,
      }),
      vulnerabilities: details.vulnerabilities,
      protectedCharacteristics: details.protectedCharacteristics,
      agencyReferences: refRows
        .map((r, i) => ({ agencyId: r.agency_id, agencyName: names.get(r.agency_id) ?? '', reference: references[i] }))
        .filter(
          (r): r is { agencyId: string; agencyName: string; reference: string } => typeof r.reference === 'string',
        )
        .sort((a, b) => a.agencyName.localeCompare(b.agencyName)),
    };
    await this.consultations.record(actor, {
      personIds: [personId],
      view: 'person_profile',
      purpose,
      correlationId: options.correlationId,
    });
    return profile;
  }

  private async rows(partnershipId: string, personIds: string[]): Promise<PersonRow[]> {
    if (personIds.length === 0) return [];
    return this.db.query(
      `SELECT person_id, status, merged_into, registered_by_agency_id, personal, version, registered_at, updated_at, forgotten_at
         FROM people.people WHERE partnership_id = $1 AND person_id = ANY($2::uuid[])`,
      [partnershipId, personIds],
    );
  }

  private async agencyNames(partnershipId: string, agencyIds: string[]): Promise<Map<string, string>> {
    const list = await this.partnerships.agencyNames(partnershipId, [...new Set(agencyIds)]);
    return new Map(list.map((a) => [a.agencyId, a.name]));
  }
}

/** Erased and merged records look the same to everyone, so no policy decision is needed. */
function settledView(row: PersonRow): ErasedPerson | MergedPerson | null {
  if (row.status === 'erased')
    return {
      personId: row.person_id,
      erased: true,
      ...(row.forgotten_at ? { forgottenAt: row.forgotten_at.toISOString() } : {}),
    };
  if (row.status === 'merged' && row.merged_into) return { personId: row.person_id, mergedInto: row.merged_into };
  return null;
}

function lockedView(access: PersonAccess, names: Map<string, string>): LockedPerson {
  const agencies = access.involvedAgencyIds
    .filter((id) => names.has(id))
    .map((id) => ({ agencyId: id, name: names.get(id)! }));
  return { personId: access.personId, locked: true, agencies: agencies.sort((a, b) => a.name.localeCompare(b.name)) };
}

/** Leaves out absent optional fields rather than sending `undefined`. */
function optional<T extends Record<string, unknown>>(fields: T): Partial<T> {
  return Object.fromEntries(Object.entries(fields).filter(([, v]) => v !== undefined)) as Partial<T>;
}
