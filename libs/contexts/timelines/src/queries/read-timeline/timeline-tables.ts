import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { queryPrepared } from '@hubline/database';
import { PartnershipDirectory } from '@hubline/partnerships';
import type { TimelineRole } from '../../domain/summarise';
import { ISO_UTC } from '../../projections/entry-json';

export type TimelineKind = 'victim' | 'offender';

export interface EntryRow {
  event_id: string;
  person_id: string;
  event_type: string;
  /** ISO 8601 in UTC to the millisecond, as `Date.prototype.toISOString` writes it (`ISO_UTC`). */
  occurred_at: string;
  seq: string;
  role: TimelineRole;
  agency_id: string | null;
  case_type: string | null;
  case_id: string | null;
  facts: Record<string, unknown>;
}

export interface OutstandingAction {
  actionId: string;
  referralId: string;
  kind: string;
  status: string;
  owningAgency: { agencyId: string; name: string };
  dueDate: string;
  overdue: boolean;
}

export interface VictimHeader {
  /** The band of the most recently referred open referral; null when none is open. */
  currentBand: string | null;
  referrals: number;
  openReferrals: number;
  /** Flagged a repeat victim (referred again within 12 months) on any of their referrals. */
  repeat: boolean;
  openActions: number;
  overdueActions: number;
  outstandingActions: OutstandingAction[];
}

/** An enforcement order as the offender header lists it. */
export interface HeaderOrder {
  orderId: string;
  kind: string;
  agency: { agencyId: string; name: string } | null;
  servedOn: string;
  expiresOn: string | null;
  breaches: number;
  lastBreachOn: string | null;
}

/**
 * The enforcement orders on the person: those in force today (expiring ones included), those
 * among them ending within the partnership's window (`expiryWindowDays`), and every order with a
 * breach recorded, whatever its standing now.
 */
export interface OrdersHeader {
  expiryWindowDays: number;
  inForce: HeaderOrder[];
  expiring: HeaderOrder[];
  breached: HeaderOrder[];
}

export interface OffenderHeader {
  referrals: number;
  openReferrals: number;
  overdueActions: number;
  actionsTargeting: Array<{ kind: string; status: string; count: number }>;
  orders: OrdersHeader;
}

/** The window until a partnership sets its own (the enforcement context's default). */
export const DEFAULT_EXPIRY_WINDOW_DAYS = 28;
/** One-off steps, never "in force". */
const ONE_OFF_ORDERS = `('warning_letter', 'pspo_fixed_penalty_notice')`;

/** The partnership's expiry window for orders (its own, else the default), a scalar subquery on `$partnership`. */
const WINDOW_OF = (partnership: string) =>
  `coalesce((SELECT expiry_window_days FROM timelines.order_settings WHERE partnership_id = ${partnership}), ${DEFAULT_EXPIRY_WINDOW_DAYS})`;

/**
 * The orders in `orders` (a subquery of `timelines.orders` rows) with their standing on `today` (a
 * `YYYY-MM-DD` parameter) given the expiry window `days` (an SQL expression).
 */
const ordersOf = (orders: string, today: string, days: string) =>
  `SELECT order_id, kind, agency_id, served_on, expires_on, breaches, last_breach_on,
          (status = 'served' AND kind NOT IN ${ONE_OFF_ORDERS} AND (expires_on IS NULL OR expires_on >= ${today}::text)) AS in_force,
          (status = 'served' AND kind NOT IN ${ONE_OFF_ORDERS} AND expires_on >= ${today}::text
             AND expires_on <= to_char(${today}::date + ${days}::integer, 'YYYY-MM-DD')) AS expiring
     FROM ${orders} o`;

interface OrderRow {
  order_id: string;
  kind: string;
  agency_id: string | null;
  served_on: string;
  expires_on: string | null;
  breaches: number;
  last_breach_on: string | null;
  in_force: boolean;
  expiring: boolean;
}

function ordersHeaderOf(days: number, rows: OrderRow[]): OrdersHeader {
  const order = (r: OrderRow): HeaderOrder => ({
    orderId: r.order_id,
    kind: r.kind,
    agency: r.agency_id ? { agencyId: r.agency_id, name: '' } : null,
    servedOn: r.served_on,
    expiresOn: r.expires_on,
    breaches: Number(r.breaches),
    lastBreachOn: r.last_breach_on,
  });
  return {
    expiryWindowDays: days,
    inForce: rows.filter((r) => r.in_force).map(order),
    expiring: rows.filter((r) => r.expiring).map(order),
    breached: rows.filter((r) => Number(r.breaches) > 0).map(order),
  };
}

/** An entry as the page's statement sends it (`timelines.entries.entry`, `ENTRY_JSON`): the columns of `EntryRow`, in this order, without names. */
type EntryTuple = [
  string,
  string,
  string,
  string,
  string,
  TimelineRole,
  string | null,
  string | null,
  string | null,
  Record<string, unknown>,
];

/** An entry as the reader works with it, from the page's tuple. */
const entryRow = (t: EntryTuple): EntryRow => ({
  event_id: t[0],
  person_id: t[1],
  event_type: t[2],
  occurred_at: t[3],
  seq: t[4],
  role: t[5],
  agency_id: t[6],
  case_type: t[7],
  case_id: t[8],
  facts: t[9],
});

const ROLES: Record<TimelineKind, TimelineRole[]> = {
  victim: ['victim', 'subject'],
  offender: ['offender', 'subject'],
};
const OPEN_REFERRAL = `('referred', 'accepted')`;
const OUTSTANDING = `('open', 'in_progress')`;

/** One page of a timeline with everything shown beside it, read in one statement (`TimelineTables.page`). */
export interface TimelinePage {
  /** The person and the records merged into them. */
  ids: string[];
  /**
   * The page's entries, parsed from the statement's JSON text when first asked for, not before:
   * read before the consultation is recorded and shown after it, they are kept until then as one
   * string, not as hundreds of objects that would outlive the young generation's collections.
   */
  rows(): EntryRow[];
  more: boolean;
  header: VictimHeader | OffenderHeader;
  /**
   * Whether any case names the person (or a merged record) as an alleged perpetrator; read for an
   * offender's page only (null on a victim's, which does not need it).
   */
  allegedPerpetrator: boolean | null;
  /** The partnership read model's version now, for its names (`PartnershipDirectory.names`). */
  partnershipVersion: number | null;
}

/** The merged records of `$2` (a person) in partnership `$1`, as a CTE named `ids`. */
const RECORD_IDS = `ids AS (
         SELECT $2::uuid AS person_id
         UNION SELECT m.merged_id FROM timelines.merges m JOIN ids ON m.survivor_id = ids.person_id WHERE m.partnership_id = $1
       )`;

/**
 * The rows of `table` about the person's records (`ids`, through its column `person`) that `where`
 * keeps, looked up record by record through the table's index on (partnership, person). Left to
 * choose, the planner joined such a table to `ids` by reading every row of the partnership: it
 * expects ten records in `ids` (its guess for a recursive CTE) where there is nearly always one,
 * and in a partnership of a couple of thousand people in cases that looked as cheap as ten look-ups,
 * but took 0.2 to 0.3 ms a table on every page where the look-ups take 0.01
 * (docs/performance.md). `OFFSET 0` keeps each look-up a subquery of its own record.
 */
const OF_IDS = (table: string, person: string, where = 'true') =>
  `(SELECT r.* FROM ids CROSS JOIN LATERAL (
      SELECT * FROM ${table} WHERE partnership_id = $1 AND ${person} = ids.person_id AND ${where} OFFSET 0) r)`;

/** The cases that name `ids` in `role` (`case_people` rows). */
const CASES_OF_IDS = (role: 'victim' | 'offender') => OF_IDS('timelines.case_people', 'person_id', `role = '${role}'`);

/** Whether a case names `ids` as an alleged perpetrator (looked up record by record: `CASES_OF_IDS`). */
const ALLEGED = `EXISTS (SELECT 1 FROM ${CASES_OF_IDS('offender')} alleged)`;

/**
 * The page's statement for `kind` (see `TimelineTables.page`), built once: it is sent prepared,
 * one name for each text.
 */
function pageStatement(kind: TimelineKind): string {
  const headerColumns =
    kind === 'victim'
      ? `(SELECT json_build_object(
            'total', count(DISTINCT r.referral_id),
            'open', count(DISTINCT r.referral_id) FILTER (WHERE r.status IN ${OPEN_REFERRAL}),
            'repeat', bool_or(cp.repeat),
            'band', (array_agg(r.band ORDER BY r.referred_at DESC, r.referral_id DESC) FILTER (WHERE r.status IN ${OPEN_REFERRAL}))[1])
           FROM ${CASES_OF_IDS('victim')} cp JOIN timelines.referrals r ON r.referral_id = cp.case_id) AS referrals,
         (SELECT coalesce(json_agg(json_build_object('action_id', action_id, 'referral_id', referral_id, 'kind', kind, 'status', status,
                   'owning_agency_id', owning_agency_id, 'due_date', due_date::text, 'overdue', due_date < $7::date) ORDER BY due_date, action_id), '[]'::json)
            FROM timelines.actions
           WHERE status IN ${OUTSTANDING}
             AND referral_id IN (SELECT case_id FROM ${CASES_OF_IDS('victim')} vc)) AS actions`
      : `(SELECT json_build_object(
            'total', count(DISTINCT r.referral_id),
            'open', count(DISTINCT r.referral_id) FILTER (WHERE r.status IN ${OPEN_REFERRAL}))
           FROM ${CASES_OF_IDS('offender')} cp JOIN timelines.referrals r ON r.referral_id = cp.case_id) AS referrals,
         (SELECT coalesce(json_agg(json_build_object('kind', kind, 'status', status, 'n', n, 'overdue', overdue) ORDER BY kind, status), '[]'::json)
            FROM (SELECT kind, status, count(*) AS n, count(*) FILTER (WHERE status IN ${OUTSTANDING} AND due_date < $7::date) AS overdue
                    FROM ${OF_IDS('timelines.actions', 'target_person_id')} t
                     -- Only actions of cases that name the person as an alleged perpetrator.
                   WHERE referral_id IN (SELECT case_id FROM ${CASES_OF_IDS('offender')} oc)
                   GROUP BY kind, status) a) AS actions,
         (SELECT coalesce(json_agg(o ORDER BY o.served_on DESC, o.order_id), '[]'::json)
            FROM (${ordersOf(OF_IDS('timelines.orders', 'person_id'), '$7', `(${WINDOW_OF('$1')})`)}) o) AS orders,
         (${WINDOW_OF('$1')}) AS order_window`;
  return `WITH RECURSIVE ${RECORD_IDS},
   page AS (
     SELECT DISTINCT ON (e.occurred_at, e.seq, e.event_id) e.event_id, e.occurred_at, e.seq, e.entry
       FROM timelines.entries e
      WHERE e.partnership_id = $1 AND e.person_id IN (SELECT person_id FROM ids) AND e.role = ANY($3::text[])
        AND ($4::timestamptz IS NULL OR (e.occurred_at, e.seq) < ($4::timestamptz, $5::numeric))
      ORDER BY e.occurred_at DESC, e.seq DESC, e.event_id DESC, (e.person_id = $2::uuid) DESC
      LIMIT $6
   )
   SELECT (SELECT array_agg(person_id) FROM ids) AS ids,
          (SELECT coalesce(json_agg(entry ORDER BY occurred_at DESC, seq DESC, event_id DESC), '[]'::json)::text FROM page) AS entries,
          (SELECT count(*)::int FROM page) AS entry_count,
          ${headerColumns},
          ${kind === 'offender' ? ALLEGED : 'NULL::boolean'} AS alleged,
          ${PartnershipDirectory.versionColumn('$1')} AS partnership_version`;
}

/** The page's statement of each kind, as `TimelineTables.page` sends it (also explained by the benchmark). */
export const PAGE_STATEMENTS: Readonly<Record<TimelineKind, string>> = {
  victim: pageStatement('victim'),
  offender: pageStatement('offender'),
};

/**
 * Reads of the timelines projection's tables, with no access decisions: callers decide who may
 * see what. `ids` are a person and the records merged into them (`recordIds`).
 */
@Injectable()
export class TimelineTables {
  constructor(private readonly db: DataSource) {}

  /**
   * A page of entries, the header, whether the person is an alleged perpetrator, and the
   * partnership's version, in one statement (one round trip): the same reads as `recordIds`,
   * `entries`, the header of `kind` and `allegedPerpetrator`, which stay for callers that need one.
   */
  async page(
    partnershipId: string,
    personId: string,
    kind: TimelineKind,
    page: { before?: { occurredAt: string; seq: string } | null; limit: number },
    today: string,
  ): Promise<TimelinePage> {
    const [row]: Array<{
      ids: string[];
      entries: string;
      entry_count: number;
      referrals: { total: number; open: number; repeat?: boolean | null; band?: string | null };
      actions: Array<Record<string, unknown>>;
      orders?: OrderRow[];
      order_window?: number;
      alleged: boolean | null;
      partnership_version: string | null;
    }> = await queryPrepared(this.db, `timelines.page.${kind}`, PAGE_STATEMENTS[kind], [
      partnershipId,
      personId,
      ROLES[kind],
      page.before?.occurredAt ?? null,
      page.before?.seq ?? null,
      page.limit + 1,
      today,
    ]);
    // Taken out of the driver's row, not only read from it. V8 allocates the driver's rows in its
    // old generation (allocation-site pretenuring: other reads keep theirs for long), and a row
    // there, even unused, holds its values through every young collection until the next full
    // one. Left in the row, nearly every page's text (some 80 KB) was promoted, and the old
    // generation filled with them (docs/performance.md).
    const entries = row.entries;
    row.entries = '';
    let rows: EntryRow[] | undefined;
    const referrals = row.referrals;
    const header: VictimHeader | OffenderHeader =
      kind === 'victim'
        ? victimHeaderOf(referrals, row.actions)
        : {
            referrals: Number(referrals.total),
            openReferrals: Number(referrals.open),
            overdueActions: row.actions.reduce((sum, a) => sum + Number(a.overdue), 0),
            actionsTargeting: row.actions.map((a) => ({
              kind: String(a.kind),
              status: String(a.status),
              count: Number(a.n),
            })),
            orders: ordersHeaderOf(Number(row.order_window), row.orders ?? []),
          };
    return {
      ids: row.ids,
      rows: () => (rows ??= (JSON.parse(entries) as EntryTuple[]).slice(0, page.limit).map(entryRow)),
      more: row.entry_count > page.limit,
      header,
      allegedPerpetrator: row.alleged,
      partnershipVersion: row.partnership_version === null ? null : Number(row.partnership_version),
    };
  }

  /** The person and every record merged into them, directly or through another merged record. */
  async recordIds(partnershipId: string, personId: string): Promise<string[]> {
    const rows: Array<{ person_id: string }> = await this.db.query(
      `WITH RECURSIVE ids AS (
         SELECT $2::uuid AS person_id
         UNION SELECT m.merged_id FROM timelines.merges m JOIN ids ON m.survivor_id = ids.person_id WHERE m.partnership_id = $1
       ) SELECT person_id FROM ids`,
      [partnershipId, personId],
    );
    return rows.map((r) => r.person_id);
  }

  /** Newest first, after the cursor; `more` when an older page exists. */
  async entries(
    partnershipId: string,
    personId: string,
    ids: string[],
    kind: TimelineKind,
    page: { before?: { occurredAt: string; seq: string } | null; limit: number },
  ): Promise<{ rows: EntryRow[]; more: boolean }> {
    // One event can sit on two of the records (a merge; a duplicate named twice in one case): show it once, as the survivor's.
    const rows: EntryRow[] = await this.db.query(
      `SELECT DISTINCT ON (e.occurred_at, e.seq, e.event_id) e.event_id, e.person_id, e.event_type,
              ${ISO_UTC('e.occurred_at')} AS occurred_at, e.seq::text AS seq, role, agency_id, case_type, case_id, facts
         FROM timelines.entries e
        WHERE e.partnership_id = $1 AND e.person_id = ANY($2::uuid[]) AND e.role = ANY($3::text[])
          AND ($4::timestamptz IS NULL OR (e.occurred_at, e.seq) < ($4::timestamptz, $5::numeric))
        -- e.seq and e.occurred_at, the columns: a bare name here would be the text output column (10 before 9).
        ORDER BY e.occurred_at DESC, e.seq DESC, e.event_id DESC, (e.person_id = $6::uuid) DESC
        LIMIT $7`,
      [
        partnershipId,
        ids,
        ROLES[kind],
        page.before?.occurredAt ?? null,
        page.before?.seq ?? null,
        personId,
        page.limit + 1,
      ],
    );
    return { rows: rows.slice(0, page.limit), more: rows.length > page.limit };
  }

  /** `today` (YYYY-MM-DD) decides which outstanding actions are overdue. Agency names are left for the caller. */
  async victimHeader(partnershipId: string, ids: string[], today: string): Promise<VictimHeader> {
    const [referrals]: Array<{ total: string; open: string; repeat: boolean | null; band: string | null }> =
      await this.db.query(
        `SELECT count(DISTINCT r.referral_id) AS total,
              count(DISTINCT r.referral_id) FILTER (WHERE r.status IN ${OPEN_REFERRAL}) AS open,
              bool_or(cp.repeat) AS repeat,
              (array_agg(r.band ORDER BY r.referred_at DESC, r.referral_id DESC) FILTER (WHERE r.status IN ${OPEN_REFERRAL}))[1] AS band
         FROM timelines.case_people cp JOIN timelines.referrals r ON r.referral_id = cp.case_id
        WHERE cp.partnership_id = $1 AND cp.person_id = ANY($2::uuid[]) AND cp.role = 'victim'`,
        [partnershipId, ids],
      );
    const actions: Array<{
      action_id: string;
      referral_id: string;
      kind: string;
      status: string;
      owning_agency_id: string;
      due_date: string;
      overdue: boolean;
    }> = await this.db.query(
      `SELECT action_id, referral_id, kind, status, owning_agency_id, due_date::text AS due_date, due_date < $3::date AS overdue
         FROM timelines.actions
        WHERE status IN ${OUTSTANDING}
          AND referral_id IN (SELECT case_id FROM timelines.case_people WHERE partnership_id = $1 AND person_id = ANY($2::uuid[]) AND role = 'victim')
        ORDER BY due_date, action_id`,
      [partnershipId, ids, today],
    );
    return victimHeaderOf(referrals, actions);
  }

  /** Whether any case names the person (or a record merged into them) as an alleged perpetrator. */
  async allegedPerpetrator(partnershipId: string, ids: string[]): Promise<boolean> {
    const [row] = await this.db.query(
      `SELECT 1 FROM timelines.case_people WHERE partnership_id = $1 AND person_id = ANY($2::uuid[]) AND role = 'offender' LIMIT 1`,
      [partnershipId, ids],
    );
    return row !== undefined;
  }

  async offenderHeader(partnershipId: string, ids: string[], today: string): Promise<OffenderHeader> {
    const [referrals]: Array<{ total: string; open: string }> = await this.db.query(
      `SELECT count(DISTINCT r.referral_id) AS total, count(DISTINCT r.referral_id) FILTER (WHERE r.status IN ${OPEN_REFERRAL}) AS open
         FROM timelines.case_people cp JOIN timelines.referrals r ON r.referral_id = cp.case_id
        WHERE cp.partnership_id = $1 AND cp.person_id = ANY($2::uuid[]) AND cp.role = 'offender'`,
      [partnershipId, ids],
    );
    const actions: Array<{ kind: string; status: string; n: string; overdue: string }> = await this.db.query(
      `SELECT kind, status, count(*) AS n, count(*) FILTER (WHERE status IN ${OUTSTANDING} AND due_date < $3::date) AS overdue
         FROM timelines.actions
        WHERE partnership_id = $1 AND target_person_id = ANY($2::uuid[])
          -- Only actions of cases that name the person as an alleged perpetrator: support offered to
          -- them as a victim is no part of an offender's record.
          AND referral_id IN (SELECT case_id FROM timelines.case_people WHERE partnership_id = $1 AND person_id = ANY($2::uuid[]) AND role = 'offender')
        GROUP BY kind, status ORDER BY kind, status`,
      [partnershipId, ids, today],
    );
    return {
      referrals: Number(referrals.total),
      openReferrals: Number(referrals.open),
      overdueActions: actions.reduce((sum, a) => sum + Number(a.overdue), 0),
      actionsTargeting: actions.map((a) => ({ kind: a.kind, status: a.status, count: Number(a.n) })),
      orders: await this.ordersHeader(partnershipId, ids, today),
    };
  }

  /** `today` (YYYY-MM-DD) decides what is in force and expiring. Agency names are left for the caller. */
  async ordersHeader(partnershipId: string, ids: string[], today: string): Promise<OrdersHeader> {
    const [row]: Array<{ days: number; orders: OrderRow[] }> = await this.db.query(
      `SELECT (${WINDOW_OF('$1')}) AS days,
              (SELECT coalesce(json_agg(o ORDER BY o.served_on DESC, o.order_id), '[]'::json)
                 FROM (${ordersOf(
                   '(SELECT * FROM timelines.orders WHERE partnership_id = $1 AND person_id IN (SELECT unnest($2::uuid[])))',
                   '$3',
                   `(${WINDOW_OF('$1')})`,
                 )}) o) AS orders`,
      [partnershipId, ids, today],
    );
    return ordersHeaderOf(Number(row.days), row.orders);
  }
}

function victimHeaderOf(
  referrals: { total: string | number; open: string | number; repeat?: boolean | null; band?: string | null },
  actions: Array<Record<string, unknown>>,
): VictimHeader {
  return {
    currentBand: referrals.band ?? null,
    referrals: Number(referrals.total),
    openReferrals: Number(referrals.open),
    repeat: referrals.repeat === true,
    openActions: actions.length,
    overdueActions: actions.filter((a) => a.overdue === true).length,
    outstandingActions: actions.map((a) => ({
      actionId: String(a.action_id),
      referralId: String(a.referral_id),
      kind: String(a.kind),
      status: String(a.status),
      owningAgency: { agencyId: String(a.owning_agency_id), name: '' },
      dueDate: String(a.due_date),
      overdue: a.overdue === true,
    })),
  };
}
