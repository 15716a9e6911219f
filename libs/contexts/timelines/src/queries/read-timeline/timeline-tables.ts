import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { TimelineRole } from '../../domain/summarise';

export type TimelineKind = 'victim' | 'offender';

export interface EntryRow {
  event_id: string;
  person_id: string;
  event_type: string;
  occurred_at: Date;
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

const ROLES: Record<TimelineKind, TimelineRole[]> = {
  victim: ['victim', 'subject'],
  offender: ['offender', 'subject'],
};
const OPEN_REFERRAL = `('referred', 'accepted')`;
const OUTSTANDING = `('open', 'in_progress')`;

/**
 * Reads of the timelines projection's tables, with no access decisions: callers decide who may
 * see what. `ids` are a person and the records merged into them (`recordIds`).
 */
@Injectable()
export class TimelineTables {
  constructor(private readonly db: DataSource) {}

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
      `SELECT DISTINCT ON (e.occurred_at, e.seq, e.event_id) e.event_id, e.person_id, e.event_type, e.occurred_at, e.seq::text AS seq, role, agency_id, case_type, case_id, facts
         FROM timelines.entries e
        WHERE e.partnership_id = $1 AND e.person_id = ANY($2::uuid[]) AND e.role = ANY($3::text[])
          AND ($4::timestamptz IS NULL OR (e.occurred_at, e.seq) < ($4::timestamptz, $5::numeric))
        -- e.seq, the number: a bare "seq" here would be the text output column and sort 10 before 9.
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
    return {
      currentBand: referrals.band,
      referrals: Number(referrals.total),
      openReferrals: Number(referrals.open),
      repeat: referrals.repeat === true,
      openActions: actions.length,
      overdueActions: actions.filter((a) => a.overdue).length,
      outstandingActions: actions.map((a) => ({
        actionId: a.action_id,
        referralId: a.referral_id,
        kind: a.kind,
        status: a.status,
        owningAgency: { agencyId: a.owning_agency_id, name: '' },
        dueDate: a.due_date,
        overdue: a.overdue,
      })),
    };
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
    const [settings]: Array<{ days: number }> = await this.db.query(
      'SELECT expiry_window_days AS days FROM timelines.order_settings WHERE partnership_id = $1',
      [partnershipId],
    );
    const days = settings?.days ?? DEFAULT_EXPIRY_WINDOW_DAYS;
    const rows: Array<{
      order_id: string;
      kind: string;
      agency_id: string | null;
      served_on: string;
      expires_on: string | null;
      breaches: number;
      last_breach_on: string | null;
      in_force: boolean;
      expiring: boolean;
    }> = await this.db.query(
      `SELECT order_id, kind, agency_id, served_on, expires_on, breaches, last_breach_on,
              (status = 'served' AND kind NOT IN ${ONE_OFF_ORDERS} AND (expires_on IS NULL OR expires_on >= $3)) AS in_force,
              (status = 'served' AND kind NOT IN ${ONE_OFF_ORDERS} AND expires_on >= $3
                 AND expires_on <= to_char($3::date + $4::integer, 'YYYY-MM-DD')) AS expiring
         FROM timelines.orders WHERE partnership_id = $1 AND person_id = ANY($2::uuid[])
        ORDER BY served_on DESC, order_id`,
      [partnershipId, ids, today, days],
    );
    const order = (r: (typeof rows)[number]): HeaderOrder => ({
      orderId: r.order_id,
      kind: r.kind,
      agency: r.agency_id ? { agencyId: r.agency_id, name: '' } : null,
      servedOn: r.served_on,
      expiresOn: r.expires_on,
      breaches: r.breaches,
      lastBreachOn: r.last_breach_on,
    });
    return {
      expiryWindowDays: days,
      inForce: rows.filter((r) => r.in_force).map(order),
      expiring: rows.filter((r) => r.expiring).map(order),
      breached: rows.filter((r) => r.breaches > 0).map(order),
    };
  }
}
