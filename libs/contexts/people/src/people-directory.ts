import { Injectable, Optional } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { queryPrepared } from '@hubline/database';
import {
  ConsultationLog,
  involvedAgenciesColumn,
  LOCKED_SEARCH_RESULT,
  LOCKED_VIEW,
  PersonalDataPolicy,
  sortedCategories,
  type Actor,
  type ConsultedView,
  type DataCategory,
  type InvolvementRow,
  type PersonAccess,
  type Purpose,
} from '@hubline/access';
import { PartnershipDirectory } from '@hubline/partnerships';
import { ReadYourWrites } from '@hubline/projections';
import {
  ERASED,
  isErased,
  PersonalDataVault,
  personKeyColumn,
  type PersonKeyColumn,
  type Sealed,
} from '@hubline/privacy';
import type { Address, ContactPreferences, ProtectedCharacteristic } from './domain/personal-details';
import { characteristicCategory, PROFILE_CATEGORIES, splitCategories, SUMMARY_CATEGORIES } from './person-categories';
import { MATCHING_PEOPLE } from './search/person-search';
import type { PersonalDetails as Details } from './domain/personal-details';
import type { Erased } from '@hubline/privacy';

export type PersonStatus = 'active' | 'merged' | 'erased';

/**
 * What a caller whose agency may see the person is shown in lists: the fields of the data
 * categories its agency may read; `withheld` names the categories of the fields held back.
 */
export interface PersonSummary {
  personId: string;
  givenName: string;
  familyName: string;
  dateOfBirth?: string;
  postcode?: string;
  /** Present when fields were held back: their data categories. */
  withheld?: DataCategory[];
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
  /** Absent when the `vulnerabilities` category is withheld. */
  vulnerabilities?: string[];
  /** Only those of the categories granted (`health`, `special_category`); absent when both are withheld. */
  protectedCharacteristics?: ProtectedCharacteristic[];
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
  /** Read in the same statement, so that showing a person takes one round trip before the log's. */
  person_key: PersonKeyColumn | null;
  involvement: InvolvementRow[];
  partnership_version: string | null;
  /** Only when asked for (the whole record): every agency's sealed reference to the person. */
  agency_references?: Array<{ agency_id: string; reference: Sealed }>;
}

/**
 * People read and assessed for one caller, nothing recorded yet: `show` records the consultations
 * and returns the views. For a reader that must decide something between the two (a timeline
 * checks the categories granted, and that the person is an alleged offender, before anything is
 * recorded).
 */
export interface PeopleLook {
  /** What the caller's agency may see of each person read (active or forgotten); unknown ids are absent. */
  readonly access: ReadonlyMap<string, PersonAccess>;
  show(
    purpose: Purpose,
    view: ConsultedView,
    options?: { correlationId?: string; alsoShown?: ReadonlyMap<string, readonly DataCategory[]> },
  ): Promise<PersonView[]>;
}

/** Every agency's sealed reference to the person of the row (`p`), as a JSON array. */
const AGENCY_REFERENCES_COLUMN = `(SELECT coalesce(json_agg(json_build_object('agency_id', r.agency_id, 'reference', r.reference)), '[]'::json)
     FROM people.agency_references r WHERE r.person_id = p.person_id AND r.reference IS NOT NULL) AS agency_references`;

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
    /** Absent where no projections run (a context tested alone): every read is then taken as it is. */
    @Optional() private readonly fresh?: ReadYourWrites,
  ) {}

  /** The data category of a protected characteristic (0019), for views that show them beside a person. */
  static characteristicCategory(characteristic: string): DataCategory {
    return characteristicCategory(characteristic as ProtectedCharacteristic);
  }

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
   * Per person (in the order asked, unknown ids left out): the summary, with the fields of the
   * categories the caller's agency may read, when it may see them; else the locked view, or that
   * they were erased or merged. One consultation records the people shown and their categories,
   * another the people shown locked.
   */
  async describe(
    actor: Actor,
    personIds: string[],
    purpose: Purpose,
    view: ConsultedView,
    options: {
      correlationId?: string;
      /** Further categories the caller shows of some of these people (a case's narratives), recorded with them. */
      alsoShown?: ReadonlyMap<string, readonly DataCategory[]>;
    } = {},
  ): Promise<PersonView[]> {
    return (await this.look(actor, personIds)).show(purpose, view, options);
  }

  /**
   * `describe` in two steps: reads the people with what the policy needs (one statement; a
   * sharing basis is asked only about people the agency has no reason of its own to read), and
   * leaves the consultations to `show`.
   */
  async look(actor: Actor, personIds: string[]): Promise<PeopleLook> {
    const rows = await this.rows(actor.partnershipId, [...new Set(personIds)]);
    const { byId, access, assessed } = await this.summaries(actor, rows);
    return {
      access: assessed,
      show: async (purpose, view, options = {}) => {
        const shown = summariesIn(byId);
        const categoriesOf = (id: string) =>
          sortedCategories([...access.get(id)!.shown, ...(options.alsoShown?.get(id) ?? [])]);
        await this.consultations.record(actor, {
          personIds: shown.map((v) => v.personId),
          view,
          purpose,
          correlationId: options.correlationId,
          categories: new Map(shown.map((v) => [v.personId, categoriesOf(v.personId)])),
        });
        const locked = [...byId.values()].filter((v) => 'locked' in v).map((v) => v.personId);
        await this.consultations.record(actor, {
          personIds: locked,
          view: LOCKED_VIEW,
          purpose,
          correlationId: options.correlationId,
          categories: new Map(),
        });
        return personIds.filter((id, i) => byId.has(id) && personIds.indexOf(id) === i).map((id) => byId.get(id)!);
      },
    };
  }

  /**
   * The results of a search (0019): only the people the caller's agency may see, and only when
   * every criterion matched is of a category it may read (a match on a postcode it may not see
   * would tell it the address); a forgotten person only to an agency the policy still lets in.
   * Everyone else the search matched is withheld entirely, not shown locked, so a search is no way
   * to learn that a record exists; the withheld are recorded as consulted (`locked_search_result`)
   * so the auditor sees who looked for whom.
   *
   * The search is by keyed tokens (`PersonSearch.requiredTokens`): the people holding every token
   * and their rows are read in one statement, at most `limit` of them, newest first; `truncated`
   * when there were more.
   */
  async search(
    actor: Actor,
    tokens: string[],
    limit: number,
    matchedOn: readonly DataCategory[],
    purpose: Purpose,
    options: { correlationId?: string } = {},
  ): Promise<{ results: PersonView[]; truncated: boolean }> {
    if (tokens.length === 0) return { results: [], truncated: false };
    const found: PersonRow[] = await this.db.query(
      `WITH matched AS (${MATCHING_PEOPLE})
       SELECT ${ROW_COLUMNS}
         FROM matched m JOIN people.people p ON p.person_id = m.person_id AND p.partnership_id = $1
        ORDER BY m.registered_at DESC, m.person_id`,
      [actor.partnershipId, tokens, tokens.length, limit + 1],
    );
    return {
      results: await this.resultsOf(actor, found.slice(0, limit), matchedOn, purpose, options),
      truncated: found.length > limit,
    };
  }

  /** The rows (newest first) a search found, as the search answers them. */
  private async resultsOf(
    actor: Actor,
    rows: PersonRow[],
    matchedOn: readonly DataCategory[],
    purpose: Purpose,
    options: { correlationId?: string },
  ): Promise<PersonView[]> {
    const { byId, access, assessed } = await this.summaries(actor, rows);
    const listed = new Map<string, PersonView>();
    for (const [id, v] of byId) {
      const granted = assessed.get(id);
      const answers = granted?.visible && matchedOn.every((c) => granted.categories.includes(c));
      if (answers && ('givenName' in v || 'erased' in v)) listed.set(id, v);
    }
    const shown = summariesIn(listed);
    await this.consultations.record(actor, {
      personIds: shown.map((v) => v.personId),
      view: 'person_search',
      purpose,
      correlationId: options.correlationId,
      categories: new Map(shown.map((v) => [v.personId, access.get(v.personId)!.shown])),
    });
    await this.consultations.record(actor, {
      personIds: [...byId.keys()].filter((id) => !listed.has(id)),
      view: LOCKED_SEARCH_RESULT,
      purpose,
      correlationId: options.correlationId,
      categories: new Map(),
    });
    return rows.filter((r) => listed.has(r.person_id)).map((r) => listed.get(r.person_id)!);
  }

  /**
   * The view of each row, with the categories shown and withheld of each summary. Every active or
   * forgotten person is assessed (a search lists a forgotten one only to an agency the policy still
   * lets in).
   */
  private async summaries(
    actor: Actor,
    rows: PersonRow[],
  ): Promise<{
    byId: Map<string, PersonView>;
    access: Map<string, { shown: DataCategory[] }>;
    assessed: Map<string, PersonAccess>;
  }> {
    const assessed = await this.assess(
      actor,
      rows.filter((r) => r.status === 'active' || r.status === 'erased'),
    );
    const visible = rows.filter((r) => r.status === 'active' && assessed.get(r.person_id)?.visible);
    // Only the people the caller may see are decrypted at all.
    const opened = await this.openDetails(visible);
    const details = new Map(visible.map((r, i) => [r.person_id, opened[i]]));
    const lockedRows = rows.filter((r) => r.status === 'active' && !assessed.get(r.person_id)?.visible);
    const names = lockedRows.length
      ? await this.agencyNames(actor.partnershipId, lockedRows[0].partnership_version)
      : NO_NAMES;

    const byId = new Map<string, PersonView>();
    const access = new Map<string, { shown: DataCategory[] }>();
    for (const row of rows) {
      const settled = settledView(row);
      const d = details.get(row.person_id);
      if (settled) byId.set(row.person_id, settled);
      else if (!d) byId.set(row.person_id, lockedView(assessed.get(row.person_id)!, names));
      else if (isErased(d)) byId.set(row.person_id, { personId: row.person_id, erased: true });
      else {
        const { shown, withheld } = splitCategories(SUMMARY_CATEGORIES, assessed.get(row.person_id)!.categories);
        access.set(row.person_id, { shown });
        byId.set(row.person_id, {
          personId: row.person_id,
          givenName: d.givenName,
          familyName: d.familyName,
          ...optional({
            dateOfBirth: d.dateOfBirth,
            postcode: shown.includes('address') ? d.postcode : undefined,
            withheld: withheld.length ? withheld : undefined,
          }),
        });
      }
    }
    return { byId, access, assessed };
  }

  /** The whole record of one person, with every agency's reference, when the caller may see it. Null: not in the caller's partnership. */
  async profile(
    actor: Actor,
    personId: string,
    purpose: Purpose,
    options: { correlationId?: string } = {},
  ): Promise<PersonProfileView | null> {
    const [row] = await this.rows(actor.partnershipId, [personId], { references: true });
    if (!row) return null;
    const settled = settledView(row);
    if (settled) return settled;
    const access = (await this.assess(actor, [row])).get(personId)!;
    if (!access.visible) {
      const locked = lockedView(access, await this.agencyNames(actor.partnershipId, row.partnership_version));
      await this.consultations.record(actor, {
        personIds: [personId],
        view: LOCKED_VIEW,
        purpose,
        correlationId: options.correlationId,
        categories: new Map(),
      });
      return locked;
    }
    // The details and every reference opened with the key read in the person's own statement.
    const refRows = row.agency_references ?? [];
    const [opened, ...openedReferences] = await this.vault.openManyWithKeys([
      { personId, sealed: row.personal, key: row.person_key },
      ...refRows.map((r) => ({ personId, sealed: r.reference, key: row.person_key })),
    ]);
    const details = opened as unknown as Details | Erased;
    if (isErased(details)) return { personId, erased: true };
    const references = openedReferences.map((value) => (typeof value === 'string' ? value : ERASED));
    const names = await this.agencyNames(actor.partnershipId, row.partnership_version);
    const granted = access.categories;
    const may = (c: DataCategory) => granted.includes(c);
    const characteristics = details.protectedCharacteristics.filter((c) => may(characteristicCategory(c)));
    const { shown, withheld } = splitCategories(PROFILE_CATEGORIES, granted);
    const profile: PersonProfile = {
      personId,
      status: 'active',
      version: Number(row.version),
      registeredAt: row.registered_at.toISOString(),
      updatedAt: row.updated_at.toISOString(),
      registeredBy: { agencyId: row.registered_by_agency_id, name: names(row.registered_by_agency_id) ?? '' },
      givenName: details.givenName,
      familyName: details.familyName,
      aliases: details.aliases,
      ...optional({
        dateOfBirth: details.dateOfBirth,
        address: may('address') ? details.address : undefined,
        postcode: may('address') ? details.postcode : undefined,
        contactPreferences: may('contact') ? details.contactPreferences : undefined,
        vulnerabilities: may('vulnerabilities') ? details.vulnerabilities : undefined,
        protectedCharacteristics: may('health') || may('special_category') ? characteristics : undefined,
      }),
      agencyReferences: refRows
        .map((r, i) => ({ agencyId: r.agency_id, agencyName: names(r.agency_id) ?? '', reference: references[i] }))
        .filter(
          (r): r is { agencyId: string; agencyName: string; reference: string } => typeof r.reference === 'string',
        )
        .sort((a, b) => a.agencyName.localeCompare(b.agencyName)),
      ...(withheld.length ? { withheld } : {}),
    };
    await this.consultations.record(actor, {
      personIds: [personId],
      view: 'person_profile',
      purpose,
      correlationId: options.correlationId,
      categories: new Map([[personId, shown]]),
    });
    return profile;
  }

  /**
   * The register's rows of `personIds`. A person registered a moment ago may not be in the register
   * yet: when an id is missing, the rows are read once more after the read models have applied the
   * log as it stands (decision 0020), so a client told "created" finds the person at once.
   */
  private async rows(
    partnershipId: string,
    personIds: string[],
    options: { references?: boolean } = {},
  ): Promise<PersonRow[]> {
    if (personIds.length === 0) return [];
    const references = options.references ?? false;
    const read = () => this.rowsNow(partnershipId, personIds, references);
    const wanted = new Set(personIds).size;
    const complete = () => (this.fresh ? this.fresh.complete(read, (rows) => rows.length === wanted) : read());
    // Within a page that only reads, once per page: the rows read with the references serve a read without.
    const key = (withReferences: boolean) => `people.rows ${partnershipId} ${withReferences} ${personIds.join(' ')}`;
    const keptWithReferences = references ? undefined : this.consultations.keptRead<PersonRow[]>(key(true));
    return keptWithReferences ?? this.consultations.readOnce(key(references), complete);
  }

  /**
   * The people with, in the same statement, what showing them needs: their involvement (for the
   * policy), their wrapped data key (for the vault) and the partnership's version (for its names);
   * with `references`, every agency's sealed reference too (the whole record shows them).
   */
  private rowsNow(partnershipId: string, personIds: string[], references: boolean): Promise<PersonRow[]> {
    // Prepared: read on every request that shows a person, and planned for longer than it runs.
    return queryPrepared(
      this.db,
      references ? 'people.rows.references' : 'people.rows',
      references ? PERSON_ROWS_WITH_REFERENCES : PERSON_ROWS,
      [partnershipId, personIds],
    );
  }

  private assess(actor: Actor, rows: PersonRow[]): Promise<Map<string, PersonAccess>> {
    return this.policy.assessInvolvement(
      actor,
      rows.map((r) => r.person_id),
      rows.flatMap((r) => r.involvement),
      { ownReasonSuffices: true },
    );
  }

  private async openDetails(rows: PersonRow[]): Promise<Array<Details | Erased>> {
    return (await this.vault.openManyWithKeys(
      rows.map((r) => ({ personId: r.person_id, sealed: r.personal, key: r.person_key })),
    )) as unknown as Array<Details | Erased>;
  }

  /** The partnership's agency names (from memory while its version stands). */
  private async agencyNames(partnershipId: string, version: string | null): Promise<AgencyName> {
    const names = await this.partnerships.names(partnershipId, version === null ? null : Number(version));
    return (id) => names?.agency(id);
  }
}

/**
 * A person's row as every view reads it, from `people.people p` in partnership `$1`: with their
 * involvement (for the policy), their wrapped data key (for the vault) and the partnership's
 * version (for its names).
 */
const ROW_COLUMNS = `p.person_id, p.status, p.merged_into, p.registered_by_agency_id, p.personal, p.version, p.registered_at, p.updated_at, p.forgotten_at,
              ${personKeyColumn('p.person_id')} AS person_key,
              ${involvedAgenciesColumn('$1', 'p.person_id')} AS involvement,
              ${PartnershipDirectory.versionColumn('$1')} AS partnership_version`;

const personRows = (columns: string) =>
  `SELECT ${columns} FROM people.people p WHERE p.partnership_id = $1 AND p.person_id = ANY($2::uuid[])`;

/**
 * The statement every view reads people with (`$1` the partnership, `$2` the people's ids), as
 * `PeopleDirectory` sends it (also explained by the benchmark); the whole record's adds every
 * agency's sealed reference.
 */
export const PERSON_ROWS = personRows(ROW_COLUMNS);
const PERSON_ROWS_WITH_REFERENCES = personRows(`${ROW_COLUMNS}, ${AGENCY_REFERENCES_COLUMN}`);

type AgencyName = (agencyId: string) => string | undefined;
const NO_NAMES: AgencyName = () => undefined;

const summariesIn = (views: Map<string, PersonView>): PersonSummary[] =>
  [...views.values()].filter((v): v is PersonSummary => 'givenName' in v);

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

function lockedView(access: PersonAccess, names: AgencyName): LockedPerson {
  const agencies = access.involvedAgencyIds
    .filter((id) => names(id) !== undefined)
    .map((id) => ({ agencyId: id, name: names(id)! }));
  return { personId: access.personId, locked: true, agencies: agencies.sort((a, b) => a.name.localeCompare(b.name)) };
}

/** Leaves out absent optional fields rather than sending `undefined`. */
function optional<T extends Record<string, unknown>>(fields: T): Partial<T> {
  return Object.fromEntries(Object.entries(fields).filter(([, v]) => v !== undefined)) as Partial<T>;
}
