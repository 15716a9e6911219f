import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { ConsultationLog, type Actor } from '@hubline/access';
import { NotFoundError } from '@hubline/errors';
import { Users } from '@hubline/identity';
import { PartnershipDirectory } from '@hubline/partnerships';
import { SharingRecords, type DisclosureRecord, type RecordedBasis, type SharingErrorCode } from '@hubline/sharing';

/**
 * The auditor's reports (DPA 2018 s.62: "who saw this record and why; what was shared about this
 * person, with whom, on what basis; was anything shared without a valid basis"). Ids, codes,
 * instants and the names of agencies and users, and one piece of personal data: the written
 * justification of each gateway or vital-interests disclosure, which the auditor is there to
 * judge. Showing justifications is recorded first as a consultation (view
 * `disclosure_justification`, purpose `audit`) of the people they are about; the rest is not
 * personal data, so reading it is not itself a consultation. Every query is scoped to the
 * auditor's partnership.
 */

/** The consultation view of justifications shown to the auditor. */
export const JUSTIFICATION_VIEW = 'disclosure_justification';

export interface Period {
  /** Inclusive, ISO 8601. */
  from?: string;
  /** Exclusive, ISO 8601. */
  to?: string;
}

export interface AgencyRef {
  agencyId: string;
  name: string | null;
}
export interface UserRef {
  userId: string;
  name: string | null;
}

export interface DisclosureEntry {
  entry: 'disclosure';
  at: string;
  disclosureId: string;
  fromAgency: AgencyRef;
  recipients: AgencyRef[];
  personIds: string[];
  dataCategories: string[];
  purpose: string;
  case: { type: string; id: string } | null;
  by: UserRef;
  /** `case_involvement`: recorded by Hubline when the recipients joined the case, with the agreement that covered it or none; `statutory_duty`: recorded when a relevant body supplied information an ASB Case Review asked for (Sch 4 para 7). */
  basis: RecordedBasis;
  flags: string[];
  /**
   * Gateway and vital-interests disclosures: the discloser's written justification, shown to the
   * auditor to judge (each showing recorded as a consultation with purpose `audit`).
   */
  justification?: string;
  /** The justification's subject was forgotten: it can no longer be read. */
  justificationErased?: true;
  /** The basis re-judged at the moment of disclosure: what decides whether the sharing was lawful. */
  validAtDisclosure: boolean;
  invalidAtDisclosureBecause?: SharingErrorCode;
  /** Whether it still stands now (a later withdrawal or termination does not undo the earlier disclosure). */
  standsNow: boolean;
  lapsedBecause?: SharingErrorCode;
}

export interface ConsultationEntry {
  entry: 'consultation';
  at: string;
  consultationId: string;
  personId: string;
  by: UserRef;
  agency: AgencyRef;
  view: string;
  purpose: string;
}

/**
 * What was done to the person's record itself: an erasure (with its legal ground, and the open
 * cases the erasure was confirmed against), a merge (with the record on the other side), a legal
 * hold placed or released, or the person's place in a retention sweep.
 */
export interface RecordChangeEntry {
  entry: 'record_change';
  at: string;
  eventId: string;
  personId: string;
  action: 'forgotten' | 'merged_into' | 'merged_from' | 'hold_placed' | 'hold_released' | 'included_in_sweep';
  /** A user, or `system:retention-schedule` for the scheduled sweep. */
  by: UserRef | null;
  legalGround: string | null;
  /** Kept in clear for auditors: carries no personal data. */
  reason: string | null;
  /** merged_into: the surviving record; merged_from: the duplicate merged into this one. */
  otherPersonId: string | null;
  sweepId: string | null;
  sweepOutcome: 'forgotten' | 'held' | 'failed' | null;
  /** forgotten: by hand (true) or by a retention sweep (false). */
  manual: boolean | null;
  openCases: Array<{ type: string; id: string }>;
}

/** One line of the consultation log as the auditor reads it. */
export interface ConsultationRecord {
  consultationId: string;
  personId: string;
  userId: string;
  agencyId: string;
  user: UserRef;
  agency: AgencyRef;
  view: string;
  purpose: string;
  categories: string[] | null;
  consultedAt: string;
}

/** A user who consulted records in a period, and the agency they last did so for. */
export interface ConsultingUser extends UserRef {
  agency: AgencyRef;
}

export interface ConsultationFilter extends Period {
  personId?: string;
  userId?: string;
  agencyId?: string;
  limit?: number;
  order?: 'asc' | 'desc';
}

export interface PersonTrail {
  personId: string;
  from: string | null;
  to: string | null;
  generatedAt: string;
  entries: Array<DisclosureEntry | ConsultationEntry | RecordChangeEntry>;
}

export interface AgencySharing {
  agency: AgencyRef;
  from: string | null;
  to: string | null;
  generatedAt: string;
  disclosedCount: number;
  receivedCount: number;
  entries: Array<DisclosureEntry & { direction: 'disclosed' | 'received' }>;
}

export interface UninvolvedConsultation extends ConsultationEntry {
  /**
   * The consulting agency's link to the person as the access read model holds it now: none, or
   * only cases that are closed now (they may have been open at the time).
   */
  agencyLinkNow: 'none' | 'closed_case';
  /** Disclosures to that agency, including the person's identity, whose basis stood at that moment. */
  coveredByDisclosureIds: string[];
}

export interface HighDailyViews {
  day: string;
  user: UserRef;
  agency: AgencyRef;
  distinctPeople: number;
  consultations: number;
}

export interface ExceptionsReport {
  from: string | null;
  to: string | null;
  threshold: number;
  generatedAt: string;
  emergencyDisclosures: DisclosureEntry[];
  /** Sharing inside cases that no agreement in force covered at the moment agencies joined. */
  caseSharingWithoutAgreement: DisclosureEntry[];
  consultationsWithoutInvolvement: UninvolvedConsultation[];
  highDailyViews: HighDailyViews[];
  /** People forgotten by hand rather than by a retention sweep. */
  manualErasures: RecordChangeEntry[];
  /** People forgotten while a party to open cases (confirmed by the person who forgot them). */
  erasuresWithOpenCases: RecordChangeEntry[];
  /** Legal holds released: the record may be erased from then on. */
  holdsReleased: RecordChangeEntry[];
}

interface RecordChangeRow {
  event_id: string;
  person_id: string;
  action: RecordChangeEntry['action'];
  at: Date;
  by_user_id: string | null;
  legal_ground: string | null;
  reason: string | null;
  other_person_id: string | null;
  sweep_id: string | null;
  sweep_outcome: RecordChangeEntry['sweepOutcome'];
  manual: boolean | null;
  open_cases: Array<{ type: string; id: string }>;
}

const RECORD_CHANGES = `
  SELECT r.event_id, r.person_id, r.action, r.at, r.by_user_id, r.legal_ground, r.reason, r.other_person_id,
         r.sweep_id, r.sweep_outcome, r.manual, r.open_cases
    FROM audit.record_changes r
   WHERE r.partnership_id = $1 AND ($2::timestamptz IS NULL OR r.at >= $2) AND ($3::timestamptz IS NULL OR r.at < $3)`;

interface ConsultationRow {
  event_id: string;
  person_id: string;
  user_id: string;
  agency_id: string;
  view: string;
  purpose: string;
  consulted_at: Date;
}

const CONSULTATIONS = `
  SELECT c.partnership_id, c.event_id, c.person_id, c.user_id, c.agency_id, c.view, c.purpose, c.consulted_at
    FROM access.consultations c
   WHERE c.partnership_id = $1 AND ($2::timestamptz IS NULL OR c.consulted_at >= $2) AND ($3::timestamptz IS NULL OR c.consulted_at < $3)`;

/** Agency and user names of one partnership, read once per report. */
class Names {
  constructor(
    private readonly agencies: Map<string, string>,
    private readonly users: Map<string, string>,
  ) {}
  agency = (agencyId: string): AgencyRef => ({ agencyId, name: this.agencies.get(agencyId) ?? null });
  user = (userId: string): UserRef => ({ userId, name: this.users.get(userId) ?? null });
  hasAgency = (agencyId: string) => this.agencies.has(agencyId);
}

@Injectable()
export class AuditReports {
  constructor(
    private readonly db: DataSource,
    private readonly directory: PartnershipDirectory,
    private readonly users: Users,
    private readonly sharing: SharingRecords,
    private readonly consultationLog: ConsultationLog,
  ) {}

  /**
   * Adds the justification to each gateway or vital-interests disclosure entry, after recording
   * one consultation (purpose `audit`) of the people whose justifications are shown.
   */
  private async withJustifications(
    actor: Actor,
    entries: DisclosureEntry[],
    correlationId?: string,
  ): Promise<DisclosureEntry[]> {
    const judged = entries.filter((e) => e.basis.kind === 'gateway' || e.basis.kind === 'vital_interests');
    if (judged.length === 0) return entries;
    const opened = await this.sharing.justifications(
      actor.partnershipId,
      judged.map((e) => e.disclosureId),
    );
    const shown = judged.filter((e) => {
      const j = opened.get(e.disclosureId);
      return j !== undefined && 'text' in j;
    });
    const people = [...new Set(shown.flatMap((e) => e.personIds))];
    await this.consultationLog.record(actor, {
      personIds: people,
      view: JUSTIFICATION_VIEW,
      purpose: 'audit',
      correlationId,
      categories: new Map(people.map((p) => [p, ['incident_details'] as const])),
    });
    return entries.map((e) => {
      const j = opened.get(e.disclosureId);
      if (!j) return e;
      return 'text' in j ? { ...e, justification: j.text } : { ...e, justificationErased: true as const };
    });
  }

  async personTrail(actor: Actor, personId: string, period: Period, correlationId?: string): Promise<PersonTrail> {
    const partnershipId = actor.partnershipId;
    // access.person_agencies holds a row for every person registered in the partnership.
    const [known] = await this.db.query(
      `SELECT 1 FROM access.person_agencies WHERE partnership_id = $1 AND person_id = $2
       UNION ALL SELECT 1 FROM audit.record_changes WHERE partnership_id = $1 AND person_id = $2 LIMIT 1`,
      [partnershipId, personId],
    );
    if (!known) throw new NotFoundError('AUDIT.PERSON_NOT_FOUND', 'No such person in your partnership.');
    const names = await this.names(partnershipId);
    const now = new Date().toISOString();
    const disclosures = await this.sharing.disclosures(partnershipId, { ...period, personId }, now);
    const consultations: ConsultationRow[] = await this.db.query(
      `${CONSULTATIONS} AND c.person_id = $4 ORDER BY c.consulted_at, c.event_id`,
      [partnershipId, period.from ?? null, period.to ?? null, personId],
    );
    const changes: RecordChangeRow[] = await this.db.query(
      `${RECORD_CHANGES} AND r.person_id = $4 ORDER BY r.at, r.event_id`,
      [partnershipId, period.from ?? null, period.to ?? null, personId],
    );
    const entries = [
      ...(await this.withJustifications(
        actor,
        disclosures.map((r) => disclosureEntry(r, names)),
        correlationId,
      )),
      ...consultations.map((r) => consultationEntry(r, names)),
      ...changes.map((r) => recordChangeEntry(r, names)),
    ];
    // Time order; at the same instant a disclosure before the consultation it made possible, and
    // what was done to the record after both.
    const rank = { disclosure: 0, consultation: 1, record_change: 2 } as const;
    entries.sort((x, y) => x.at.localeCompare(y.at) || rank[x.entry] - rank[y.entry]);
    return { personId, from: period.from ?? null, to: period.to ?? null, generatedAt: now, entries };
  }

  /** The consultation log, filtered, with users and agencies named as they are now. */
  async consultations(partnershipId: string, q: ConsultationFilter): Promise<ConsultationRecord[]> {
    const names = await this.names(partnershipId);
    const rows: Array<ConsultationRow & { categories: string[] | null }> = await this.db.query(
      `SELECT event_id, person_id, user_id, agency_id, view, purpose, categories, consulted_at FROM access.consultations
        WHERE partnership_id = $1
          AND ($2::uuid IS NULL OR person_id = $2) AND ($3::uuid IS NULL OR user_id = $3) AND ($4::uuid IS NULL OR agency_id = $4)
          AND ($5::timestamptz IS NULL OR consulted_at >= $5) AND ($6::timestamptz IS NULL OR consulted_at < $6)
        ORDER BY consulted_at ${q.order === 'asc' ? 'ASC' : 'DESC'}, event_id LIMIT $7`,
      [
        partnershipId,
        q.personId ?? null,
        q.userId ?? null,
        q.agencyId ?? null,
        q.from ?? null,
        q.to ?? null,
        q.limit ?? 200,
      ],
    );
    return rows.map((r) => ({
      consultationId: r.event_id,
      personId: r.person_id,
      userId: r.user_id,
      agencyId: r.agency_id,
      user: names.user(r.user_id),
      agency: names.agency(r.agency_id),
      view: r.view,
      purpose: r.purpose,
      categories: r.categories,
      consultedAt: r.consulted_at.toISOString(),
    }));
  }

  /**
   * Who consulted records in a period, each with the agency of their latest consultation in it,
   * named as they are now: the choices of the consultation log's filter. The distinct users are
   * found by skipping from one user to the next along the log's user index, so the cost grows
   * with the number of users, not with the length of the log.
   */
  async consultingUsers(partnershipId: string, period: Period): Promise<ConsultingUser[]> {
    const names = await this.names(partnershipId);
    const inPeriod = `($2::timestamptz IS NULL OR c.consulted_at >= $2) AND ($3::timestamptz IS NULL OR c.consulted_at < $3)`;
    const rows: Array<{ user_id: string; agency_id: string }> = await this.db.query(
      `WITH RECURSIVE who (user_id) AS (
         (SELECT c.user_id FROM access.consultations c WHERE c.partnership_id = $1 AND ${inPeriod} ORDER BY c.user_id LIMIT 1)
         UNION ALL
         SELECT (SELECT c.user_id FROM access.consultations c
                  WHERE c.partnership_id = $1 AND c.user_id > who.user_id AND ${inPeriod} ORDER BY c.user_id LIMIT 1)
           FROM who WHERE who.user_id IS NOT NULL
       )
       SELECT who.user_id,
              (SELECT c.agency_id FROM access.consultations c
                WHERE c.partnership_id = $1 AND c.user_id = who.user_id AND ${inPeriod}
                ORDER BY c.consulted_at DESC LIMIT 1) AS agency_id
         FROM who WHERE who.user_id IS NOT NULL`,
      [partnershipId, period.from ?? null, period.to ?? null],
    );
    return rows.map((r) => ({ ...names.user(r.user_id), agency: names.agency(r.agency_id) }));
  }

  async agencySharing(partnershipId: string, agencyId: string, period: Period): Promise<AgencySharing> {
    const names = await this.names(partnershipId);
    if (!names.hasAgency(agencyId))
      throw new NotFoundError('AUDIT.AGENCY_NOT_FOUND', 'No such agency in your partnership.');
    const now = new Date().toISOString();
    const rows = await this.sharing.disclosures(partnershipId, { ...period, partyAgencyId: agencyId }, now);
    const entries = rows.map((r) => ({
      ...disclosureEntry(r, names),
      direction: r.fromAgencyId === agencyId ? ('disclosed' as const) : ('received' as const),
    }));
    return {
      agency: names.agency(agencyId),
      from: period.from ?? null,
      to: period.to ?? null,
      generatedAt: now,
      disclosedCount: entries.filter((e) => e.direction === 'disclosed').length,
      receivedCount: entries.filter((e) => e.direction === 'received').length,
      entries,
    };
  }

  async exceptions(actor: Actor, period: Period, threshold: number, correlationId?: string): Promise<ExceptionsReport> {
    const partnershipId = actor.partnershipId;
    const names = await this.names(partnershipId);
    const now = new Date().toISOString();
    const range = [partnershipId, period.from ?? null, period.to ?? null];

    const emergencies = await this.sharing.disclosures(partnershipId, { ...period, only: 'emergency' }, now);
    const withoutAgreement = await this.sharing.disclosures(
      partnershipId,
      { ...period, only: 'case_sharing_without_agreement' },
      now,
    );

    // The auditor's own readings of justifications are no exception: an auditor has no link to anyone.
    // Limit: access.person_agencies is current state, not history. A link made after the
    // consultation hides it; a case closed since is reported as `closed_case` for the auditor
    // to weigh, since it may have been open at the time.
    const uninvolved: Array<ConsultationRow & { closed_case: boolean }> = await this.db.query(
      `SELECT q.*, EXISTS (SELECT 1 FROM access.person_agencies pa
                            WHERE pa.partnership_id = q.partnership_id AND pa.person_id = q.person_id AND pa.agency_id = q.agency_id) AS closed_case
         FROM (${CONSULTATIONS}) q
        WHERE q.view <> '${JUSTIFICATION_VIEW}'
          AND NOT EXISTS (SELECT 1 FROM access.person_agencies pa
                           WHERE pa.partnership_id = q.partnership_id AND pa.person_id = q.person_id AND pa.agency_id = q.agency_id
                             AND (pa.source = 'recorded' OR pa.open))
        ORDER BY q.consulted_at, q.event_id`,
      range,
    );
    const covering = await this.sharing.disclosuresCovering(
      partnershipId,
      uninvolved.map((u) => ({ agencyId: u.agency_id, personId: u.person_id, at: u.consulted_at.toISOString() })),
    );

    const daily: Array<{ day: string; user_id: string; agency_id: string; people: number; consultations: number }> =
      await this.db.query(
        `SELECT to_char((c.consulted_at AT TIME ZONE 'Europe/London')::date, 'YYYY-MM-DD') AS day, c.user_id, c.agency_id,
              count(DISTINCT c.person_id)::int AS people, count(DISTINCT c.event_id)::int AS consultations
         FROM (${CONSULTATIONS}) c
        GROUP BY 1, 2, 3 HAVING count(DISTINCT c.person_id) > $4
        ORDER BY 1, 4 DESC, 2`,
        [...range, threshold],
      );

    const changes = (await this.db.query(
      `${RECORD_CHANGES} AND r.action IN ('forgotten', 'hold_released') ORDER BY r.at, r.event_id`,
      range,
    )) as RecordChangeRow[];
    const forgotten = changes.filter((c) => c.action === 'forgotten');

    return {
      from: period.from ?? null,
      to: period.to ?? null,
      threshold,
      generatedAt: now,
      emergencyDisclosures: await this.withJustifications(
        actor,
        emergencies.map((r) => disclosureEntry(r, names)),
        correlationId,
      ),
      caseSharingWithoutAgreement: withoutAgreement.map((r) => disclosureEntry(r, names)),
      consultationsWithoutInvolvement: uninvolved.map((u, i) => ({
        ...consultationEntry(u, names),
        agencyLinkNow: u.closed_case ? 'closed_case' : 'none',
        coveredByDisclosureIds: covering[i],
      })),
      highDailyViews: daily.map((d) => ({
        day: d.day,
        user: names.user(d.user_id),
        agency: names.agency(d.agency_id),
        distinctPeople: d.people,
        consultations: d.consultations,
      })),
      manualErasures: forgotten.filter((c) => c.manual).map((c) => recordChangeEntry(c, names)),
      erasuresWithOpenCases: forgotten.filter((c) => c.open_cases.length).map((c) => recordChangeEntry(c, names)),
      holdsReleased: changes.filter((c) => c.action === 'hold_released').map((c) => recordChangeEntry(c, names)),
    };
  }

  private async names(partnershipId: string): Promise<Names> {
    const [agencies, users] = await Promise.all([
      this.directory.agencies(partnershipId),
      this.users.list(partnershipId),
    ]);
    return new Names(
      new Map(agencies.map((a) => [a.agencyId, a.name])),
      new Map(users.map((u) => [u.userId, u.displayName])),
    );
  }
}

function disclosureEntry(r: DisclosureRecord, names: Names): DisclosureEntry {
  const then = r.atDisclosure;
  const standing = r.atInstant;
  return {
    entry: 'disclosure',
    at: r.disclosedAt,
    disclosureId: r.disclosureId,
    fromAgency: names.agency(r.fromAgencyId),
    recipients: r.recipientAgencyIds.map(names.agency),
    personIds: r.personIds,
    dataCategories: r.dataCategories,
    purpose: r.purpose,
    case: r.case,
    by: names.user(r.byUserId),
    basis: r.basis,
    flags: r.flags,
    validAtDisclosure: then.valid,
    ...(then.valid ? {} : { invalidAtDisclosureBecause: then.code }),
    standsNow: standing.valid,
    ...(standing.valid ? {} : { lapsedBecause: standing.code }),
  };
}

function consultationEntry(r: ConsultationRow, names: Names): ConsultationEntry {
  return {
    entry: 'consultation',
    at: r.consulted_at.toISOString(),
    consultationId: r.event_id,
    personId: r.person_id,
    by: names.user(r.user_id),
    agency: names.agency(r.agency_id),
    view: r.view,
    purpose: r.purpose,
  };
}

function recordChangeEntry(r: RecordChangeRow, names: Names): RecordChangeEntry {
  return {
    entry: 'record_change',
    at: r.at.toISOString(),
    eventId: r.event_id,
    personId: r.person_id,
    action: r.action,
    by: r.by_user_id === null ? null : names.user(r.by_user_id),
    legalGround: r.legal_ground,
    reason: r.reason,
    otherPersonId: r.other_person_id,
    sweepId: r.sweep_id,
    sweepOutcome: r.sweep_outcome,
    manual: r.manual,
    openCases: r.open_cases,
  };
}
