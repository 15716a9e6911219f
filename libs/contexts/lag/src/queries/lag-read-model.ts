import { Injectable } from '@nestjs/common';
import { ReadYourWrites } from '@hubline/projections';
import { DataSource } from 'typeorm';
import { involvedAgenciesColumn, type InvolvementRow } from '@hubline/access';
import { daysBetween, londonDay } from '@hubline/calendar';
import { PartnershipDirectory } from '@hubline/partnerships';
import { personKeyColumn, type PersonKeyColumn } from '@hubline/privacy';
import {
  DEFAULT_ASB_RISK_MATRIX,
  DEFAULT_REVIEW_CADENCE,
  isOverdue,
  type ActionKind,
  type ActionStatus,
  type AgendaCandidate,
  type AgendaItem,
  type ReferralCategory,
  type ReviewCadence,
  type RiskAssessment,
  type RiskBand,
  type RiskMatrix,
  type Sealed,
  settingsStream,
} from '../domain';

export type ReferralStatus = AgendaCandidate['status'];
export const REFERRAL_STATUSES: ReferralStatus[] = ['referred', 'accepted', 'declined', 'closed'];
export type MeetingStatus = 'scheduled' | 'in_session' | 'closed' | 'cancelled';
export const MEETING_STATUSES: MeetingStatus[] = ['scheduled', 'in_session', 'closed', 'cancelled'];

/** An enforcement order taken in a case, as its view names it (GET /enforcement/orders/{orderId} for the rest). */
export interface CaseOrder {
  orderId: string;
  kind: string;
  personId: string;
  agencyId: string;
  servedOn: string;
  expiresOn: string | null;
  status: 'served' | 'discharged';
  breaches: number;
  /** In force and ending within the partnership's expiry window: time to seek a renewal or a further order. */
  expiring: boolean;
}

export interface SettingsView {
  riskMatrix: RiskMatrix;
  reviewCadence: ReviewCadence;
  /** Version of the partnership's settings stream; null while the defaults have never been changed. */
  version: number | null;
}

/** What anyone in a LAG may see of a referral: ids, codes, bands and dates, no personal data. */
export interface ReferralSummary {
  referralId: string;
  version: number;
  localityId: string;
  wardId: string | null;
  category: ReferralCategory;
  status: ReferralStatus;
  band: RiskBand;
  repeat: boolean;
  victimCount: number;
  perpetratorCount: number;
  referringAgencyId: string;
  involvedAgencyIds: string[];
  referredAt: string;
  acceptedAt: string | null;
  declinedAt: string | null;
  closedAt: string | null;
  nextReviewDate: string | null;
  lastReviewedAt: string | null;
  reviewCount: number;
  /** Accepted, with its next review on or before the day asked about (default today). */
  dueForReview: boolean;
  /** Awaiting the chair's decision: whole days since it was referred (as at the day asked about); otherwise null. */
  daysWaiting: number | null;
  openActions: number;
  overdueActions: number;
}

/** A history entry as the projection keeps it; notes stay sealed until a case view opens them. */
export type HistoryEntry = { type: string; at: string; note?: Sealed | null; [field: string]: unknown };

/** The whole stored case, sealed narratives included: for views that decide what to open. */
export interface ReferralRecordView extends ReferralSummary {
  victimIds: string[];
  perpetratorIds: string[];
  repeatVictimIds: string[];
  protectedCharacteristics: string[];
  vulnerabilities: string[];
  acceptingAgencyId: string | null;
  risk: RiskAssessment;
  incidentSummary: Sealed;
  multiAgencyReason: Sealed;
  history: HistoryEntry[];
}

export interface ActionRow {
  actionId: string;
  referralId: string;
  owningAgencyId: string;
  assigneeUserId: string | null;
  kind: ActionKind;
  status: ActionStatus;
  dueDate: string;
  meetingId: string | null;
  targetPersonId: string | null;
  agreedAt: string;
  updatedAt: string;
  description: Sealed;
  outcome: Sealed | null;
}

export interface MeetingView {
  meetingId: string;
  version: number;
  localityId: string;
  startsAt: string;
  cutOffAt: string;
  status: MeetingStatus;
  urgentReferralId: string | null;
  confidentialityConfirmedAt: string | null;
  agenda: Array<{
    referralId: string;
    item: AgendaItem;
    band: RiskBand;
    discussed: boolean;
    carriedActionIds: string[];
  }>;
  attendance: Array<{ agencyId: string; userId: string | null; present: boolean }>;
}

export interface DiscussionRow {
  meetingId: string;
  referralId: string;
  notes: Sealed;
  decisions: string[];
  recordedAt: string;
}

/**
 * A case with what showing it needs besides: the access policy's input about its first victim
 * (whose key seals its narratives) and that victim's wrapped data key, read with the case.
 */
export interface CaseRecord extends ReferralRecordView {
  firstVictimInvolvement: InvolvementRow[];
  firstVictimKey: PersonKeyColumn | null;
}

/** One case's read (GET /lag/referrals/{id}) in one statement: the case, its actions, discussions and orders. */
export interface CasePage {
  referral: CaseRecord;
  actions: ActionRow[];
  discussions: DiscussionRow[];
  orders: CaseOrder[];
  /** The partnership read model's version, for its names kept in memory (PartnershipDirectory.names). */
  partnershipVersion: number | null;
}

/** A meeting's pack in one statement: the meeting, its agenda's cases (as at the meeting's day) and their actions. */
export interface PackPage {
  meeting: MeetingView;
  referrals: CaseRecord[];
  actions: ActionRow[];
  partnershipVersion: number | null;
}

const iso = (d: Date | null): string | null => (d ? d.toISOString() : null);
/** A timestamp as json_agg writes it, as node-postgres would have parsed the column. */
const instant = (value: string | Date | null): Date | null => (value === null ? null : new Date(value));

/** The columns of a case's own record, as `referralColumns`, plus its first victim's involvement and key. */
const caseColumns = (asOf: string, partnershipParam: string) => `${referralColumns(asOf)},
  ${involvedAgenciesColumn(partnershipParam, 'r.victim_ids[1]')} AS first_victim_involvement,
  ${personKeyColumn('r.victim_ids[1]')} AS first_victim_key`;

type CaseRow = ReferralRow & { first_victim_involvement: InvolvementRow[]; first_victim_key: PersonKeyColumn | null };

/** A case row read as json (a row of `json_agg`): its timestamps come as text. */
const revivedCase = (r: CaseRow): CaseRow => ({
  ...r,
  referred_at: instant(r.referred_at)!,
  accepted_at: instant(r.accepted_at),
  declined_at: instant(r.declined_at),
  closed_at: instant(r.closed_at),
  last_reviewed_at: instant(r.last_reviewed_at),
});

const toCase = (r: CaseRow, asOf: string): CaseRecord => ({
  ...toRecord(r, asOf),
  firstVictimInvolvement: r.first_victim_involvement,
  firstVictimKey: r.first_victim_key,
});

/** An action row read as json. */
const revivedAction = (a: ActionDbRow): ActionRow =>
  toAction({ ...a, agreed_at: instant(a.agreed_at)!, updated_at: instant(a.updated_at)! });

/** The json array of rows `select` returns, in `order` (`x` names a row). */
const jsonRows = (select: string, order = '') =>
  `(SELECT coalesce(json_agg(x${order ? ` ORDER BY ${order}` : ''}), '[]'::json) FROM (${select}) x)`;

/** The referral columns, with action counts as at the date in parameter `asOf` (e.g. `$3`). */
const referralColumns = (
  asOf: string,
) => `r.referral_id, r.version, r.locality_id, r.ward_id, r.category, r.status, r.band, r.repeat, r.victim_ids, r.perpetrator_ids,
  r.repeat_victim_ids, r.protected_characteristics, r.vulnerabilities, r.referring_agency_id, r.accepting_agency_id, r.involved_agency_ids,
  r.referred_at, r.accepted_at, r.declined_at, r.closed_at, to_char(r.next_review_date, 'YYYY-MM-DD') AS next_review_date, r.last_reviewed_at,
  r.review_count, r.risk, r.incident_summary, r.multi_agency_reason, r.history,
  (SELECT count(*) FROM lag.actions a WHERE a.referral_id = r.referral_id AND a.status IN ('open', 'in_progress'))::int AS open_actions,
  (SELECT count(*) FROM lag.actions a WHERE a.referral_id = r.referral_id AND a.status IN ('open', 'in_progress') AND a.due_date < ${asOf}::date)::int AS overdue_actions`;

interface ReferralRow {
  referral_id: string;
  version: string;
  locality_id: string;
  ward_id: string | null;
  category: ReferralCategory;
  status: ReferralStatus;
  band: RiskBand;
  repeat: boolean;
  victim_ids: string[];
  perpetrator_ids: string[];
  repeat_victim_ids: string[];
  protected_characteristics: string[];
  vulnerabilities: string[];
  referring_agency_id: string;
  accepting_agency_id: string | null;
  involved_agency_ids: string[];
  referred_at: Date;
  accepted_at: Date | null;
  declined_at: Date | null;
  closed_at: Date | null;
  next_review_date: string | null;
  last_reviewed_at: Date | null;
  review_count: number;
  risk: RiskAssessment;
  incident_summary: Sealed;
  multi_agency_reason: Sealed;
  history: HistoryEntry[];
  open_actions: number;
  overdue_actions: number;
}

function toSummary(r: ReferralRow, asOf: string): ReferralSummary {
  const nextReviewDate = r.next_review_date;
  return {
    referralId: r.referral_id,
    version: Number(r.version),
    localityId: r.locality_id,
    wardId: r.ward_id,
    category: r.category,
    status: r.status,
    band: r.band,
    repeat: r.repeat,
    victimCount: r.victim_ids.length,
    perpetratorCount: r.perpetrator_ids.length,
    referringAgencyId: r.referring_agency_id,
    involvedAgencyIds: r.involved_agency_ids,
    referredAt: r.referred_at.toISOString(),
    acceptedAt: iso(r.accepted_at),
    declinedAt: iso(r.declined_at),
    closedAt: iso(r.closed_at),
    nextReviewDate,
    lastReviewedAt: iso(r.last_reviewed_at),
    reviewCount: r.review_count,
    dueForReview: r.status === 'accepted' && nextReviewDate !== null && nextReviewDate <= asOf,
    daysWaiting: r.status === 'referred' ? Math.max(0, daysBetween(londonDay(r.referred_at), asOf)) : null,
    openActions: r.open_actions,
    overdueActions: r.overdue_actions,
  };
}

function toRecord(r: ReferralRow, asOf: string): ReferralRecordView {
  return {
    ...toSummary(r, asOf),
    victimIds: r.victim_ids,
    perpetratorIds: r.perpetrator_ids,
    repeatVictimIds: r.repeat_victim_ids,
    protectedCharacteristics: r.protected_characteristics,
    vulnerabilities: r.vulnerabilities,
    acceptingAgencyId: r.accepting_agency_id,
    risk: r.risk,
    incidentSummary: r.incident_summary,
    multiAgencyReason: r.multi_agency_reason,
    history: r.history,
  };
}

interface ActionDbRow {
  action_id: string;
  referral_id: string;
  owning_agency_id: string;
  assignee_user_id: string | null;
  kind: ActionKind;
  status: ActionStatus;
  due_date: string;
  meeting_id: string | null;
  target_person_id: string | null;
  agreed_at: Date;
  updated_at: Date;
  description: Sealed;
  outcome: Sealed | null;
}

const actionColumns = (
  t: string,
) => `${t}.action_id, ${t}.referral_id, ${t}.owning_agency_id, ${t}.assignee_user_id, ${t}.kind, ${t}.status,
  to_char(${t}.due_date, 'YYYY-MM-DD') AS due_date, ${t}.meeting_id, ${t}.target_person_id, ${t}.agreed_at, ${t}.updated_at, ${t}.description, ${t}.outcome`;

const toAction = (a: ActionDbRow): ActionRow => ({
  actionId: a.action_id,
  referralId: a.referral_id,
  owningAgencyId: a.owning_agency_id,
  assigneeUserId: a.assignee_user_id,
  kind: a.kind,
  status: a.status,
  dueDate: a.due_date,
  meetingId: a.meeting_id,
  targetPersonId: a.target_person_id,
  agreedAt: a.agreed_at.toISOString(),
  updatedAt: a.updated_at.toISOString(),
  description: a.description,
  outcome: a.outcome,
});

/** A case's enforcement orders, newest first, `expiring` as at `$3`: for `referralColumn` (e.g. `$2`). */
const caseOrdersSelect = (referralColumn: string) =>
  `SELECT o.order_id, o.kind, o.person_id, o.agency_id, o.served_on, o.expires_on, o.status, o.breaches,
          (o.status = 'served' AND o.expires_on >= $3::text
             AND o.expires_on <= to_char($3::date + coalesce(w.days, 28), 'YYYY-MM-DD')) AS expiring
     FROM lag.case_orders o LEFT JOIN lag.enforcement_window w ON w.partnership_id = o.partnership_id
    WHERE o.partnership_id = $1 AND o.referral_id = ${referralColumn}`;
const CASE_ORDERS_ORDER = 'x.served_on DESC, x.order_id';

type CaseOrderRow = Omit<CaseOrder, 'orderId' | 'personId' | 'agencyId' | 'servedOn' | 'expiresOn'> & {
  order_id: string;
  person_id: string;
  agency_id: string;
  served_on: string;
  expires_on: string | null;
};
const toCaseOrder = (r: CaseOrderRow): CaseOrder => ({
  orderId: r.order_id,
  kind: r.kind,
  personId: r.person_id,
  agencyId: r.agency_id,
  servedOn: r.served_on,
  expiresOn: r.expires_on,
  status: r.status,
  breaches: r.breaches,
  expiring: r.expiring,
});

type DiscussionDbRow = {
  meeting_id: string;
  referral_id: string;
  notes: Sealed;
  decisions: string[];
  recorded_at: Date;
};
const toDiscussion = (r: DiscussionDbRow): DiscussionRow => ({
  meetingId: r.meeting_id,
  referralId: r.referral_id,
  notes: r.notes,
  decisions: r.decisions,
  recordedAt: r.recorded_at.toISOString(),
});

type MeetingDbRow = {
  meeting_id: string;
  version: string;
  locality_id: string;
  starts_at: Date;
  cut_off_at: Date;
  status: MeetingStatus;
  urgent_referral_id: string | null;
  confidentiality_confirmed_at: Date | null;
  attendance: Record<string, { agencyId: string; userId: string | null; present: boolean }>;
};
type AgendaDbRow = {
  meeting_id: string;
  referral_id: string;
  item: AgendaItem;
  band: RiskBand;
  discussed: boolean;
  carried_action_ids: string[];
};
const toMeeting = (r: MeetingDbRow, agenda: AgendaDbRow[]): MeetingView => ({
  meetingId: r.meeting_id,
  version: Number(r.version),
  localityId: r.locality_id,
  startsAt: r.starts_at.toISOString(),
  cutOffAt: r.cut_off_at.toISOString(),
  status: r.status,
  urgentReferralId: r.urgent_referral_id,
  confidentialityConfirmedAt: iso(r.confidentiality_confirmed_at),
  agenda: agenda
    .filter((a) => a.meeting_id === r.meeting_id)
    .map((a) => ({
      referralId: a.referral_id,
      item: a.item,
      band: a.band,
      discussed: a.discussed,
      carriedActionIds: a.carried_action_ids,
    })),
  attendance: Object.values(r.attendance),
});

export const isOutstandingAction = (status: ActionStatus) => status === 'open' || status === 'in_progress';
export const isActionOverdue = (a: Pick<ActionRow, 'status' | 'dueDate'>, asOf: string) =>
  isOutstandingAction(a.status) && isOverdue(a.dueDate, asOf);

/**
 * Every read of the LAG read models (lag.* tables), always scoped to one partnership. Commands use
 * it for facts about other aggregates (a victim's earlier referrals, an agenda candidate);
 * queries use it instead of replaying streams.
 */
@Injectable()
export class LagReadModel {
  constructor(
    private readonly db: DataSource,
    private readonly fresh: ReadYourWrites,
  ) {}

  /** The enforcement orders taken in a case, newest first; `expiring` within the partnership's window (default 28 days). */
  async caseOrders(partnershipId: string, referralId: string, today: string): Promise<CaseOrder[]> {
    const rows: CaseOrderRow[] = await this.db.query(
      `SELECT * FROM (${caseOrdersSelect('$2')}) x ORDER BY ${CASE_ORDERS_ORDER}`,
      [partnershipId, referralId, today],
    );
    return rows.map(toCaseOrder);
  }

  /**
   * A case with everything its read shows or decides with, in one statement: its record, actions,
   * meeting discussions and enforcement orders (as at `asOf`), its first victim's involvement (the
   * access policy's input) and wrapped data key, and the partnership's version. Null: no such
   * case in the partnership (or not in the read model yet).
   */
  async casePage(partnershipId: string, referralId: string, asOf: string): Promise<CasePage | null> {
    const [row]: Array<
      CaseRow & {
        page_actions: ActionDbRow[];
        page_discussions: DiscussionDbRow[];
        page_orders: CaseOrderRow[];
        partnership_version: string | null;
      }
    > = await this.db.query(
      `SELECT ${caseColumns('$3', '$1')},
              ${jsonRows(`SELECT ${actionColumns('a')}, a.agreed_order FROM lag.actions a WHERE a.partnership_id = $1 AND a.referral_id = r.referral_id`, 'x.agreed_order')} AS page_actions,
              ${jsonRows('SELECT meeting_id, referral_id, notes, decisions, recorded_at, event_id FROM lag.case_discussions d WHERE d.partnership_id = $1 AND d.referral_id = r.referral_id', 'x.recorded_at, x.event_id')} AS page_discussions,
              ${jsonRows(caseOrdersSelect('r.referral_id'), CASE_ORDERS_ORDER)} AS page_orders,
              ${PartnershipDirectory.versionColumn('$1')} AS partnership_version
         FROM lag.referrals r WHERE r.partnership_id = $1 AND r.referral_id = $2`,
      [partnershipId, referralId, asOf],
    );
    if (!row) return null;
    return {
      referral: toCase(row, asOf),
      actions: row.page_actions.map(revivedAction),
      discussions: row.page_discussions.map((d) => toDiscussion({ ...d, recorded_at: instant(d.recorded_at)! })),
      orders: row.page_orders.map(toCaseOrder),
      partnershipVersion: row.partnership_version === null ? null : Number(row.partnership_version),
    };
  }

  /**
   * A meeting's pack in one statement, however many cases its agenda holds: the meeting and its
   * agenda, each agenda case as at the meeting's day (London) with its first victim's involvement
   * and key, their actions, and the partnership's version. Null: no such meeting in the partnership.
   */
  async packPage(partnershipId: string, meetingId: string): Promise<PackPage | null> {
    const meetingDay = `(m.starts_at AT TIME ZONE 'Europe/London')::date`;
    const agendaIds = 'SELECT ai.referral_id FROM lag.agenda_items ai WHERE ai.meeting_id = m.meeting_id';
    const [row]: Array<
      MeetingDbRow & {
        page_agenda: AgendaDbRow[];
        page_referrals: CaseRow[];
        page_actions: ActionDbRow[];
        partnership_version: string | null;
      }
    > = await this.db.query(
      `SELECT m.meeting_id, m.version, m.locality_id, m.starts_at, m.cut_off_at, m.status, m.urgent_referral_id,
              m.confidentiality_confirmed_at, m.attendance,
              ${jsonRows('SELECT meeting_id, referral_id, item, band, discussed, carried_action_ids, position FROM lag.agenda_items WHERE meeting_id = m.meeting_id', 'x.position')} AS page_agenda,
              ${jsonRows(`SELECT ${caseColumns(meetingDay, '$1')} FROM lag.referrals r WHERE r.partnership_id = $1 AND r.referral_id IN (${agendaIds})`)} AS page_referrals,
              ${jsonRows(`SELECT ${actionColumns('a')}, a.agreed_order FROM lag.actions a WHERE a.partnership_id = $1 AND a.referral_id IN (${agendaIds})`, 'x.agreed_order')} AS page_actions,
              ${PartnershipDirectory.versionColumn('$1')} AS partnership_version
         FROM lag.meetings m WHERE m.partnership_id = $1 AND m.meeting_id = $2`,
      [partnershipId, meetingId],
    );
    if (!row) return null;
    const meeting = toMeeting(row, row.page_agenda);
    const asOf = londonDay(meeting.startsAt);
    return {
      meeting,
      referrals: row.page_referrals.map((r) => toCase(revivedCase(r), asOf)),
      actions: row.page_actions.map(revivedAction),
      partnershipVersion: row.partnership_version === null ? null : Number(row.partnership_version),
    };
  }

  async settings(partnershipId: string): Promise<SettingsView> {
    const [row]: Array<{ risk_matrix: RiskMatrix | null; review_cadence: ReviewCadence | null; version: string }> =
      await this.db.query('SELECT risk_matrix, review_cadence, version FROM lag.settings WHERE partnership_id = $1', [
        partnershipId,
      ]);
    return {
      riskMatrix: row?.risk_matrix ?? DEFAULT_ASB_RISK_MATRIX,
      reviewCadence: row?.review_cadence ?? DEFAULT_REVIEW_CADENCE,
      version: row ? Number(row.version) : null,
    };
  }

  /**
   * The settings a command decides with: those of the settings stream's last event, even just
   * after it was appended (decision 0020).
   */
  currentSettings(partnershipId: string): Promise<SettingsView> {
    return this.fresh.atRevision(
      settingsStream(partnershipId),
      () => this.settings(partnershipId),
      (s) => s.version ?? -1,
    );
  }

  /**
   * When each victim was last referred to a LAG in this partnership. Declined referrals do not
   * count: the LAG never took the case on, so a new referral is not a repeat of a LAG case.
   */
  async lastReferralOf(partnershipId: string, victimIds: string[]): Promise<Map<string, string>> {
    const rows: Array<{ person_id: string; last: Date }> = await this.db.query(
      `SELECT v AS person_id, max(r.referred_at) AS last FROM lag.referrals r, unnest(r.victim_ids) AS v
        WHERE r.partnership_id = $1 AND r.victim_ids && $2::uuid[] AND v = ANY($2::uuid[]) AND r.status <> 'declined'
        GROUP BY v`,
      [partnershipId, victimIds],
    );
    return new Map(rows.map((r) => [r.person_id, r.last.toISOString()]));
  }

  /**
   * The cases the read model holds open for any of these victims (other than `exceptReferralId`),
   * oldest accepted first. The read model trails the log: a case closed a moment ago may still be
   * among them, so a command confirms each with its own stream before refusing with it.
   */
  async openCasesOf(partnershipId: string, victimIds: string[], exceptReferralId: string): Promise<string[]> {
    const rows: Array<{ referral_id: string }> = await this.db.query(
      `SELECT referral_id FROM lag.referrals WHERE partnership_id = $1 AND status = 'accepted'
        AND victim_ids && $2::uuid[] AND referral_id <> $3 ORDER BY accepted_at, referral_id`,
      [partnershipId, victimIds, exceptReferralId],
    );
    return rows.map((r) => r.referral_id);
  }

  async referral(partnershipId: string, referralId: string, asOf: string): Promise<ReferralRecordView | null> {
    const [row]: ReferralRow[] = await this.db.query(
      `SELECT ${referralColumns('$3')} FROM lag.referrals r WHERE r.partnership_id = $1 AND r.referral_id = $2`,
      [partnershipId, referralId, asOf],
    );
    return row ? toRecord(row, asOf) : null;
  }

  async referrals(partnershipId: string, referralIds: string[], asOf: string): Promise<ReferralRecordView[]> {
    if (referralIds.length === 0) return [];
    const rows: ReferralRow[] = await this.db.query(
      `SELECT ${referralColumns('$3')} FROM lag.referrals r WHERE r.partnership_id = $1 AND r.referral_id = ANY($2::uuid[])`,
      [partnershipId, referralIds, asOf],
    );
    return rows.map((r) => toRecord(r, asOf));
  }

  async listReferrals(
    partnershipId: string,
    filter: { status?: ReferralStatus; localityId?: string; dueForReview?: boolean; asOf: string; limit: number },
  ): Promise<ReferralSummary[]> {
    const rows: ReferralRow[] = await this.db.query(
      `SELECT ${referralColumns('$4')} FROM lag.referrals r
        WHERE r.partnership_id = $1 AND ($2::text IS NULL OR r.status = $2) AND ($3::uuid IS NULL OR r.locality_id = $3)
          AND ($5::boolean IS NULL OR ($5 = (r.status = 'accepted' AND r.next_review_date IS NOT NULL AND r.next_review_date <= $4::date)))
        ORDER BY r.referred_at DESC, r.referral_id LIMIT $6`,
      [
        partnershipId,
        filter.status ?? null,
        filter.localityId ?? null,
        filter.asOf,
        filter.dueForReview ?? null,
        filter.limit,
      ],
    );
    return rows.map((r) => toSummary(r, filter.asOf));
  }

  /** The facts a meeting needs to put a referral on its agenda. */
  async agendaCandidate(partnershipId: string, referralId: string): Promise<AgendaCandidate | null> {
    const [row]: Array<{
      locality_id: string;
      status: ReferralStatus;
      accepted_at: Date | null;
      band: RiskBand;
      next_review_date: string | null;
    }> = await this.db.query(
      `SELECT locality_id, status, accepted_at, band, to_char(next_review_date, 'YYYY-MM-DD') AS next_review_date FROM lag.referrals WHERE partnership_id = $1 AND referral_id = $2`,
      [partnershipId, referralId],
    );
    if (!row) return null;
    return {
      referralId,
      localityId: row.locality_id,
      status: row.status,
      acceptedAt: iso(row.accepted_at),
      band: row.band,
      nextReviewDate: row.next_review_date,
    };
  }

  async actionsOfReferrals(partnershipId: string, referralIds: string[]): Promise<ActionRow[]> {
    if (referralIds.length === 0) return [];
    const rows: ActionDbRow[] = await this.db.query(
      `SELECT ${actionColumns('a')} FROM lag.actions a WHERE a.partnership_id = $1 AND a.referral_id = ANY($2::uuid[]) ORDER BY a.agreed_order`,
      [partnershipId, referralIds],
    );
    return rows.map(toAction);
  }

  /**
   * Outstanding actions of one agency (or of every agency, `agencyId` null), optionally of one
   * locality's cases; `overdue` keeps those due before `asOf`.
   */
  async agencyActions(
    partnershipId: string,
    agencyId: string | null,
    state: 'open' | 'overdue',
    asOf: string,
    localityId: string | null = null,
  ): Promise<Array<ActionRow & { localityId: string }>> {
    const rows: Array<ActionDbRow & { locality_id: string }> = await this.db.query(
      `SELECT ${actionColumns('a')}, r.locality_id
         FROM lag.actions a JOIN lag.referrals r ON r.referral_id = a.referral_id
        WHERE a.partnership_id = $1 AND ($2::uuid IS NULL OR a.owning_agency_id = $2) AND a.status IN ('open', 'in_progress')
          AND ($3 = 'open' OR a.due_date < $4::date) AND ($5::uuid IS NULL OR r.locality_id = $5)
        ORDER BY a.due_date, a.action_id`,
      [partnershipId, agencyId, state, asOf, localityId],
    );
    return rows.map((r) => ({ ...toAction(r), localityId: r.locality_id }));
  }

  async discussions(partnershipId: string, referralId: string): Promise<DiscussionRow[]> {
    const rows: DiscussionDbRow[] = await this.db.query(
      'SELECT meeting_id, referral_id, notes, decisions, recorded_at FROM lag.case_discussions WHERE partnership_id = $1 AND referral_id = $2 ORDER BY recorded_at, event_id',
      [partnershipId, referralId],
    );
    return rows.map(toDiscussion);
  }

  async meetings(
    partnershipId: string,
    filter: { meetingId?: string; localityId?: string; from?: string; to?: string; status?: MeetingStatus },
  ): Promise<MeetingView[]> {
    const rows: MeetingDbRow[] = await this.db.query(
      `SELECT meeting_id, version, locality_id, starts_at, cut_off_at, status, urgent_referral_id, confidentiality_confirmed_at, attendance FROM lag.meetings
        WHERE partnership_id = $1 AND ($2::uuid IS NULL OR meeting_id = $2) AND ($3::uuid IS NULL OR locality_id = $3)
          AND ($4::timestamptz IS NULL OR starts_at >= $4) AND ($5::timestamptz IS NULL OR starts_at < $5) AND ($6::text IS NULL OR status = $6)
        ORDER BY starts_at, meeting_id LIMIT 500`,
      [
        partnershipId,
        filter.meetingId ?? null,
        filter.localityId ?? null,
        filter.from ?? null,
        filter.to ?? null,
        filter.status ?? null,
      ],
    );
    const agenda: AgendaDbRow[] = rows.length
      ? await this.db.query(
          'SELECT meeting_id, referral_id, item, band, discussed, carried_action_ids FROM lag.agenda_items WHERE meeting_id = ANY($1::uuid[]) ORDER BY position',
          [rows.map((r) => r.meeting_id)],
        )
      : [];
    return rows.map((r) => toMeeting(r, agenda));
  }

  async meeting(partnershipId: string, meetingId: string): Promise<MeetingView | null> {
    return (await this.meetings(partnershipId, { meetingId }))[0] ?? null;
  }
}
