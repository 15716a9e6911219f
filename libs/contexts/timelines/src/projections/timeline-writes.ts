import type { EntityManager } from 'typeorm';
import { parsePosition, type RecordedEvent } from '@hubline/event-store';
import { Parameters, type Writes } from '@hubline/projections';
import { ENTRY_COLUMNS, ENTRY_JSON } from './entry-json';
import type { Facts, TimelineRole } from '../domain/summarise';

export const LAG_REFERRAL = 'lag_referral';

/** The event's place in the global log as one sortable number (both store adapters use two 64-bit parts). */
function logOrder(position: string): string {
  const parts = parsePosition(position);
  return parts ? ((parts[0] << 64n) + parts[1]).toString() : '0';
}

const param = (value: unknown): string | null => (value === null || value === undefined ? null : String(value));
/** How PostgreSQL compares uuids (their text in any case): the key of a row in memory. */
const key = (value: unknown): string | null => param(value)?.toLowerCase() ?? null;
/** A text column's value as PostgreSQL would read it back (node-postgres sends objects as JSON). */
const textOf = (value: unknown): string | null =>
  value === null || value === undefined ? null : typeof value === 'object' ? JSON.stringify(value) : String(value);

export interface Entry {
  personId: string;
  role: TimelineRole;
  agencyId: string | null;
  occurredAt: string;
  facts: Facts;
  caseId?: string | null;
  /** The kind of case `caseId` names (default: a LAG referral). */
  caseType?: string;
}

export interface CasePerson {
  id: string;
  role: 'victim' | 'offender';
  repeat: boolean;
}

/** Where a meeting is and when it starts, as its row gives them. */
export interface MeetingPlace {
  localityId: string;
  startsAt: Date | string;
}

/** A new row of `timelines.referrals`, `actions`, `meetings` or `orders`: the values the event gives. */
export interface NewReferral {
  referralId: unknown;
  partnershipId: unknown;
  localityId: unknown;
  category: unknown;
  band: unknown;
  referredAt: unknown;
}
export interface NewAction {
  actionId: unknown;
  referralId: unknown;
  partnershipId: unknown;
  kind: unknown;
  owningAgencyId: unknown;
  dueDate: unknown;
  targetPersonId: string | null;
}
export interface NewMeeting {
  meetingId: unknown;
  partnershipId: unknown;
  localityId: unknown;
  startsAt: unknown;
}
export interface NewOrder {
  orderId: unknown;
  partnershipId: unknown;
  personId: string;
  kind: unknown;
  agencyId: string | null;
  servedOn: unknown;
  expiresOn: unknown;
}

/**
 * Every write and read of the timelines projection's tables, behind one interface so that the
 * projection's rules are written once: `StatementWrites` sends each as it comes (the reference,
 * `apply`), `BatchWrites` keeps a batch's in memory and hands them back as one statement's writes
 * at its end (`writes`). Both must leave the same rows.
 */
export interface TimelineWrites {
  /** An entry on one named person's timeline. */
  entry(partnershipId: unknown, e: Entry, event: RecordedEvent): void;
  /** One entry for every person of the case as it stands; the action's target (if any) is marked on their own. */
  fanOut(
    caseId: unknown,
    event: RecordedEvent,
    occurredAt: string,
    agencyId: string | null,
    facts: Facts,
    target: string | null,
  ): void;
  /** People added to a case (a row already there stays as it is). */
  casePeople(caseType: string, caseId: unknown, partnershipId: unknown, people: CasePerson[]): Promise<void>;
  merged(mergedId: unknown, survivorId: unknown, partnershipId: unknown, mergedAt: string): Promise<void>;
  referralOpened(r: NewReferral): Promise<void>;
  /** Status and band change when given; the next review date is always replaced. */
  referralChanged(
    referralId: unknown,
    changes: { status?: string; band?: unknown; next_review_date: unknown },
  ): Promise<void>;
  actionAgreed(a: NewAction): Promise<void>;
  /** The action's kind, or null when there is no such action. */
  actionStatusChanged(actionId: unknown, status: unknown): Promise<string | null>;
  meetingScheduled(mt: NewMeeting): Promise<void>;
  meeting(meetingId: string): Promise<MeetingPlace | null>;
  orderServed(o: NewOrder): Promise<void>;
  orderVaried(orderId: unknown, expiresOn: unknown): Promise<void>;
  orderDischarged(orderId: unknown): Promise<void>;
  /** Counted once per breach event, so that a batch applied again counts nothing twice. */
  orderBreached(orderId: unknown, occurredOn: unknown, eventId: string): Promise<void>;
  orderKind(orderId: unknown): Promise<string | null>;
  expiryWindow(partnershipId: unknown, days: unknown): Promise<void>;
}

/** The insert of a batch's entries, its parameters added to `v`; each row's `entry` built from its values. */
const insertEntries = (v: Parameters, columns: unknown[][]) => {
  const [p, person, event, role, type, at, seq, agency, caseType, caseId, facts] = columns.map((c) => v.add(c));
  return `INSERT INTO timelines.entries (partnership_id, person_id, event_id, role, event_type, occurred_at, seq, agency_id, case_type, case_id, facts, entry)
       SELECT *, ${ENTRY_JSON(ENTRY_COLUMNS)}
         FROM unnest(${p}::uuid[], ${person}::uuid[], ${event}::uuid[], ${role}::text[], ${type}::text[], ${at}::timestamptz[],
                     ${seq}::numeric[], ${agency}::uuid[], ${caseType}::text[], ${caseId}::uuid[], ${facts}::jsonb[])
              AS t(partnership_id, person_id, event_id, role, event_type, occurred_at, seq, agency_id, case_type, case_id, facts)
       ON CONFLICT DO NOTHING`;
};

/** Rows of `timelines.entries` as the columns of one multi-row insert. */
class EntryRows {
  readonly partnership: unknown[] = [];
  readonly person: string[] = [];
  readonly event: string[] = [];
  readonly role: string[] = [];
  readonly type: string[] = [];
  readonly at: string[] = [];
  readonly seq: string[] = [];
  readonly agency: Array<string | null> = [];
  readonly caseType: Array<string | null> = [];
  readonly caseId: unknown[] = [];
  readonly facts: string[] = [];

  push(
    partnershipId: unknown,
    personId: string,
    event: RecordedEvent,
    role: string,
    occurredAt: string,
    seq: string,
    agencyId: string | null,
    caseType: string | null,
    caseId: unknown,
    facts: string,
  ): void {
    this.partnership.push(partnershipId);
    this.person.push(personId);
    this.event.push(event.id);
    this.role.push(role);
    this.type.push(event.type);
    this.at.push(occurredAt);
    this.seq.push(seq);
    this.agency.push(agencyId);
    this.caseType.push(caseType);
    this.caseId.push(caseId);
    this.facts.push(facts);
  }

  get size(): number {
    return this.person.length;
  }

  /** The insert of these rows, its parameters added to `v`; null when there are none. */
  statement(v: Parameters): string | null {
    if (this.size === 0) return null;
    return insertEntries(v, [
      this.partnership.map(param),
      this.person,
      this.event,
      this.role,
      this.type,
      this.at,
      this.seq,
      this.agency,
      this.caseType,
      this.caseId.map(param),
      this.facts,
    ]);
  }

  async insert(m: EntityManager): Promise<void> {
    const v = new Parameters();
    const statement = this.statement(v);
    if (statement) await m.query(statement, v.list);
  }
}

/**
 * Each write sent as it comes, reads answered by the tables: the reference the batch path is
 * compared with. Entries are still gathered and written at the end, one statement for named
 * people and one fanned out to every person of the cases (`INSERT ... SELECT ... JOIN
 * case_people`); a case's waiting entries are written before people are added to it, so the
 * fan-out sees the case as it stood.
 */
export class StatementWrites implements TimelineWrites {
  private named = new EntryRows();
  private readonly cases = {
    caseId: [] as Array<string | null>,
    event: [] as string[],
    type: [] as string[],
    at: [] as string[],
    seq: [] as string[],
    agency: [] as Array<string | null>,
    facts: [] as string[],
    target: [] as Array<string | null>,
  };
  private readonly pendingCases = new Set<string>();

  constructor(private readonly m: EntityManager) {}

  entry(partnershipId: unknown, e: Entry, event: RecordedEvent): void {
    this.named.push(
      partnershipId,
      e.personId,
      event,
      e.role,
      e.occurredAt,
      logOrder(event.position),
      e.agencyId,
      e.caseId ? (e.caseType ?? LAG_REFERRAL) : null,
      e.caseId ?? null,
      JSON.stringify(e.facts),
    );
  }

  fanOut(
    caseId: unknown,
    event: RecordedEvent,
    occurredAt: string,
    agencyId: string | null,
    facts: Facts,
    target: string | null,
  ): void {
    const c = this.cases;
    const id = param(caseId);
    c.caseId.push(id);
    c.event.push(event.id);
    c.type.push(event.type);
    c.at.push(occurredAt);
    c.seq.push(logOrder(event.position));
    c.agency.push(agencyId);
    c.facts.push(JSON.stringify(facts));
    c.target.push(target);
    if (id) this.pendingCases.add(id);
  }

  async casePeople(caseType: string, caseId: unknown, partnershipId: unknown, people: CasePerson[]): Promise<void> {
    const id = param(caseId);
    if (id && this.pendingCases.has(id)) await this.flushCases();
    await this.m.query(
      `INSERT INTO timelines.case_people (case_type, case_id, person_id, partnership_id, role, repeat)
       SELECT $1, $2, p, $3, r, x FROM unnest($4::uuid[], $5::text[], $6::boolean[]) AS t(p, r, x) ON CONFLICT DO NOTHING`,
      [
        caseType,
        caseId,
        partnershipId,
        people.map((p) => p.id),
        people.map((p) => p.role),
        people.map((p) => p.repeat),
      ],
    );
  }

  async merged(mergedId: unknown, survivorId: unknown, partnershipId: unknown, mergedAt: string): Promise<void> {
    await this.m.query(
      'INSERT INTO timelines.merges (merged_id, survivor_id, partnership_id, merged_at) VALUES ($1, $2, $3, $4) ON CONFLICT (merged_id) DO NOTHING',
      [mergedId, survivorId, partnershipId, mergedAt],
    );
  }

  async referralOpened(r: NewReferral): Promise<void> {
    await this.m.query(
      `INSERT INTO timelines.referrals (referral_id, partnership_id, locality_id, category, band, status, referred_at)
       VALUES ($1, $2, $3, $4, $5, 'referred', $6) ON CONFLICT (referral_id) DO NOTHING`,
      [r.referralId, r.partnershipId, r.localityId, r.category, r.band, r.referredAt],
    );
  }

  async referralChanged(
    referralId: unknown,
    changes: { status?: string; band?: unknown; next_review_date: unknown },
  ): Promise<void> {
    await this.m.query(
      'UPDATE timelines.referrals SET status = coalesce($2, status), band = coalesce($3, band), next_review_date = $4::date WHERE referral_id = $1',
      [referralId, changes.status ?? null, changes.band ?? null, changes.next_review_date ?? null],
    );
  }

  async actionAgreed(a: NewAction): Promise<void> {
    await this.m.query(
      `INSERT INTO timelines.actions (action_id, referral_id, partnership_id, kind, status, owning_agency_id, due_date, target_person_id)
       VALUES ($1, $2, $3, $4, 'open', $5, $6, $7) ON CONFLICT (action_id) DO NOTHING`,
      [a.actionId, a.referralId, a.partnershipId, a.kind, a.owningAgencyId, a.dueDate, a.targetPersonId],
    );
  }

  async actionStatusChanged(actionId: unknown, status: unknown): Promise<string | null> {
    // TypeORM answers an UPDATE on PostgreSQL with [rows, affectedCount].
    const [[action]]: [Array<{ kind: string }>, number] = await this.m.query(
      'UPDATE timelines.actions SET status = $2 WHERE action_id = $1 RETURNING kind',
      [actionId, status],
    );
    return action?.kind ?? null;
  }

  async meetingScheduled(mt: NewMeeting): Promise<void> {
    await this.m.query(
      'INSERT INTO timelines.meetings (meeting_id, partnership_id, locality_id, starts_at) VALUES ($1, $2, $3, $4) ON CONFLICT (meeting_id) DO NOTHING',
      [mt.meetingId, mt.partnershipId, mt.localityId, mt.startsAt],
    );
  }

  async meeting(meetingId: string): Promise<MeetingPlace | null> {
    const [row]: Array<{ locality_id: string; starts_at: Date }> = await this.m.query(
      'SELECT locality_id, starts_at FROM timelines.meetings WHERE meeting_id = $1',
      [meetingId],
    );
    return row ? { localityId: row.locality_id, startsAt: row.starts_at } : null;
  }

  async orderServed(o: NewOrder): Promise<void> {
    await this.m.query(
      `INSERT INTO timelines.orders (order_id, partnership_id, person_id, kind, agency_id, status, served_on, expires_on)
       VALUES ($1, $2, $3, $4, $5, 'served', $6, $7) ON CONFLICT (order_id) DO NOTHING`,
      [o.orderId, o.partnershipId, o.personId, o.kind, o.agencyId, o.servedOn, o.expiresOn],
    );
  }

  async orderVaried(orderId: unknown, expiresOn: unknown): Promise<void> {
    await this.m.query('UPDATE timelines.orders SET expires_on = $2 WHERE order_id = $1', [orderId, expiresOn]);
  }

  async orderDischarged(orderId: unknown): Promise<void> {
    await this.m.query(`UPDATE timelines.orders SET status = 'discharged' WHERE order_id = $1`, [orderId]);
  }

  async orderBreached(orderId: unknown, occurredOn: unknown, eventId: string): Promise<void> {
    await this.m.query(
      `UPDATE timelines.orders
          SET breaches = breaches + 1, breach_events = breach_events || $3::uuid, last_breach_on = greatest(last_breach_on, $2)
        WHERE order_id = $1 AND NOT ($3::uuid = ANY (breach_events))`,
      [orderId, occurredOn, eventId],
    );
  }

  async orderKind(orderId: unknown): Promise<string | null> {
    const [row]: Array<{ kind: string }> = await this.m.query('SELECT kind FROM timelines.orders WHERE order_id = $1', [
      orderId,
    ]);
    return row?.kind ?? null;
  }

  async expiryWindow(partnershipId: unknown, days: unknown): Promise<void> {
    await this.m.query(
      `INSERT INTO timelines.order_settings (partnership_id, expiry_window_days) VALUES ($1, $2)
       ON CONFLICT (partnership_id) DO UPDATE SET expiry_window_days = excluded.expiry_window_days`,
      [partnershipId, days],
    );
  }

  /** Writes the entries still waiting. */
  async finish(): Promise<void> {
    // A case's entries first: an action's target keeps the entry marked as about them.
    await this.flushCases();
    await this.named.insert(this.m);
    this.named = new EntryRows();
  }

  private async flushCases(): Promise<void> {
    const c = this.cases;
    if (c.event.length === 0) return;
    await this.m.query(
      `INSERT INTO timelines.entries (partnership_id, person_id, event_id, role, event_type, occurred_at, seq, agency_id, case_type, case_id, facts, entry)
       SELECT partnership_id, person_id, event_id, role, event_type, occurred_at, seq, agency_id, case_type, case_id, facts,
              ${ENTRY_JSON(ENTRY_COLUMNS)}
         FROM (SELECT cp.partnership_id, cp.person_id, t.event_id, cp.role, t.event_type, t.occurred_at, t.seq, t.agency_id, cp.case_type, cp.case_id,
                      CASE WHEN cp.person_id = t.target THEN t.facts || '{"aboutThisPerson": true}' ELSE t.facts END AS facts
                 FROM unnest($1::uuid[], $2::uuid[], $3::text[], $4::timestamptz[], $5::numeric[], $6::uuid[], $7::jsonb[], $8::uuid[])
                      AS t(case_id, event_id, event_type, occurred_at, seq, agency_id, facts, target)
                 JOIN timelines.case_people cp ON cp.case_id = t.case_id) fanned
       ON CONFLICT DO NOTHING`,
      [c.caseId, c.event, c.type, c.at, c.seq, c.agency, c.facts, c.target],
    );
    for (const list of Object.values(c)) list.length = 0;
    this.pendingCases.clear();
  }
}

/** A row of `timelines.case_people`; ids as their text. */
interface CasePersonRow {
  case_type: string;
  case_id: string;
  person_id: string;
  partnership_id: string;
  role: string;
  repeat: boolean;
}
/** Rows of the small tables with each value as PostgreSQL reads it back, or as the event gave it. */
interface ReferralRow {
  referral_id: unknown;
  partnership_id: unknown;
  locality_id: unknown;
  category: unknown;
  band: unknown;
  status: unknown;
  referred_at: unknown;
  next_review_date: unknown;
}
interface ActionRow {
  action_id: unknown;
  referral_id: unknown;
  partnership_id: unknown;
  kind: string | null;
  status: unknown;
  owning_agency_id: unknown;
  due_date: unknown;
  target_person_id: unknown;
}
interface MeetingRow {
  meeting_id: unknown;
  partnership_id: unknown;
  locality_id: string;
  starts_at: Date | string;
}
interface OrderRow {
  order_id: unknown;
  partnership_id: unknown;
  person_id: unknown;
  kind: string | null;
  agency_id: unknown;
  status: unknown;
  served_on: unknown;
  expires_on: unknown;
  breaches: number;
  breach_events: string[];
  last_breach_on: string | null;
}

/**
 * The rows of one small table that a batch reads or changes, by id: each row read before the
 * batch (null where there is none), then changed in memory as the events come. `dirty` rows are
 * written back at the end. An id that is no uuid names no row (a new row with it fails when
 * written, as its insert did); a uuid the batch did not read first is a mistake of this code,
 * not of the data: it throws rather than guess.
 */
class Rows<T> {
  private readonly rows = new Map<string, T | null>();
  readonly dirty = new Set<string>();

  constructor(
    private readonly table: string,
    private readonly isUuid: (v: unknown) => boolean,
    ids: Iterable<string>,
    stored: T[],
    idOf: (row: T) => string,
  ) {
    for (const id of ids) this.rows.set(id, null);
    for (const row of stored) this.rows.set(idOf(row).toLowerCase(), row);
  }

  get(id: unknown): T | null {
    const k = key(id);
    if (k === null) return null;
    const row = this.rows.get(k);
    if (row !== undefined) return row;
    if (!this.isUuid(k)) return null;
    throw new Error(`${this.table} ${k} was not read before the batch`);
  }

  /** Adds a row where there is none (as `INSERT ... ON CONFLICT DO NOTHING`). */
  add(id: unknown, row: T): void {
    const k = key(id);
    if (k === null || this.get(k) !== null) return;
    this.rows.set(k, row);
    this.dirty.add(k);
  }

  /** Changes a row if there is one (as `UPDATE ... WHERE id = ...`). */
  change(id: unknown, change: (row: T) => void): T | null {
    const row = this.get(id);
    if (row === null) return null;
    change(row);
    this.dirty.add(key(id)!);
    return row;
  }

  changed(): T[] {
    return [...this.dirty].map((k) => this.rows.get(k)!);
  }
}

/** The rows of the small tables a batch names (`$1` cases, `$2` referrals, `$3` actions, `$4` meetings, `$5` orders). */
const READ_ROWS = `SELECT
   (SELECT json_agg(r) FROM (SELECT case_type, case_id::text, person_id::text, partnership_id::text, role, repeat
                               FROM timelines.case_people WHERE case_id = ANY($1::uuid[])) r) AS case_people,
   (SELECT json_agg(r) FROM (SELECT referral_id::text, partnership_id::text, locality_id::text, category, band, status,
                                    referred_at::text, next_review_date::text
                               FROM timelines.referrals WHERE referral_id = ANY($2::uuid[])) r) AS referrals,
   (SELECT json_agg(r) FROM (SELECT action_id::text, referral_id::text, partnership_id::text, kind, status, owning_agency_id::text,
                                    due_date::text, target_person_id::text
                               FROM timelines.actions WHERE action_id = ANY($3::uuid[])) r) AS actions,
   (SELECT json_agg(r) FROM (SELECT meeting_id::text, partnership_id::text, locality_id::text, starts_at
                               FROM timelines.meetings WHERE meeting_id = ANY($4::uuid[])) r) AS meetings,
   (SELECT json_agg(r) FROM (SELECT order_id::text, partnership_id::text, person_id::text, kind, agency_id::text, status, served_on,
                                    expires_on, breaches, breach_events::text[], last_breach_on
                               FROM timelines.orders WHERE order_id = ANY($5::uuid[])) r) AS orders`;

const DATA_IDS = {
  referrals: ['referralId'],
  actions: ['actionId'],
  orders: ['orderId'],
  cases: ['referralId', 'reportId', 'reviewId', 'orderId'],
} as const;

/**
 * A batch's writes kept in memory and written at its end, a statement per table. Before the
 * first event, the rows of the small tables the batch names (its cases and their people, its
 * referrals, actions, meetings and orders) are read, one query per table; the events then read
 * and change those rows in memory, in log order, as `StatementWrites` would read and change the
 * tables, and a case's entries go to the people the case has at that event. At the end, new and
 * changed rows are written with one multi-row statement per table (`unnest`; new rows
 * `ON CONFLICT DO NOTHING`, changed ones replacing theirs), the entries in one more.
 */
export class BatchWrites implements TimelineWrites {
  private readonly entries = new EntryRows();
  private readonly entryKeys = new Set<string>();
  private readonly newCasePeople: CasePersonRow[] = [];
  private readonly merges = new Map<string, [unknown, unknown, unknown, string]>();
  private readonly settings = new Map<string, [unknown, unknown]>();
  private lastEvent: RecordedEvent | null = null;
  private lastSeq = '';

  private constructor(
    private readonly cases: Map<string, Map<string, CasePersonRow>>,
    private readonly referrals: Rows<ReferralRow>,
    private readonly actions: Rows<ActionRow>,
    private readonly meetings: Rows<MeetingRow>,
    private readonly orders: Rows<OrderRow>,
  ) {}

  /**
   * Reads the rows the batch's events name, every table in one statement (one round trip): each
   * table's rows as JSON, their values as text where the driver would have read text.
   */
  static async read(events: RecordedEvent[], m: EntityManager, isUuid: (v: unknown) => boolean): Promise<BatchWrites> {
    const ids = { referrals: new Set<string>(), actions: new Set<string>(), orders: new Set<string>() };
    const caseIds = new Set<string>();
    const meetingIds = new Set<string>();
    for (const event of events) {
      const d = event.data as Record<string, unknown>;
      for (const [table, fields] of Object.entries(DATA_IDS))
        for (const field of fields) {
          if (!isUuid(d[field])) continue;
          const id = key(d[field])!;
          if (table === 'cases') caseIds.add(id);
          else ids[table as keyof typeof ids].add(id);
        }
      if (isUuid(d.meetingId)) meetingIds.add(key(d.meetingId)!);
    }
    const named = [caseIds, ids.referrals, ids.actions, meetingIds, ids.orders];
    const [read]: Array<{
      case_people: CasePersonRow[] | null;
      referrals: ReferralRow[] | null;
      actions: ActionRow[] | null;
      meetings: Array<MeetingRow & { starts_at: string }> | null;
      orders: OrderRow[] | null;
    }> = named.some((set) => set.size > 0)
      ? await m.query(
          READ_ROWS,
          named.map((set) => [...set]),
        )
      : [{ case_people: null, referrals: null, actions: null, meetings: null, orders: null }];
    const casePeople = read.case_people ?? [];
    const referrals = read.referrals ?? [];
    const actions = read.actions ?? [];
    // starts_at as a Date, as the driver reads it where a meeting's place is read one by one.
    const meetings = (read.meetings ?? []).map((row) => ({ ...row, starts_at: new Date(row.starts_at) }));
    const orders = read.orders ?? [];
    const cases = new Map<string, Map<string, CasePersonRow>>([...caseIds].map((id) => [id, new Map()]));
    for (const row of casePeople) cases.get(row.case_id)!.set(row.person_id, row);
    for (const order of orders) order.breach_events = order.breach_events.map((id) => id.toLowerCase());
    return new BatchWrites(
      cases,
      new Rows('referral', isUuid, ids.referrals, referrals, (r) => String(r.referral_id)),
      new Rows('action', isUuid, ids.actions, actions, (r) => String(r.action_id)),
      new Rows('meeting', isUuid, meetingIds, meetings, (r) => String(r.meeting_id)),
      new Rows('order', isUuid, ids.orders, orders, (r) => String(r.order_id)),
    );
  }

  private seqOf(event: RecordedEvent): string {
    if (event !== this.lastEvent) {
      this.lastEvent = event;
      this.lastSeq = logOrder(event.position);
    }
    return this.lastSeq;
  }

  /** An entry, unless the batch already made one for this person and event (the first stays, as in the table). */
  private push(
    partnershipId: unknown,
    personId: string,
    event: RecordedEvent,
    role: string,
    occurredAt: string,
    agencyId: string | null,
    caseType: string | null,
    caseId: unknown,
    facts: string,
  ): void {
    const k = `${personId.toLowerCase()} ${event.id.toLowerCase()}`;
    if (this.entryKeys.has(k)) return;
    this.entryKeys.add(k);
    this.entries.push(
      partnershipId,
      personId,
      event,
      role,
      occurredAt,
      this.seqOf(event),
      agencyId,
      caseType,
      caseId,
      facts,
    );
  }

  entry(partnershipId: unknown, e: Entry, event: RecordedEvent): void {
    this.push(
      partnershipId,
      e.personId,
      event,
      e.role,
      e.occurredAt,
      e.agencyId,
      e.caseId ? (e.caseType ?? LAG_REFERRAL) : null,
      e.caseId ?? null,
      JSON.stringify(e.facts),
    );
  }

  fanOut(
    caseId: unknown,
    event: RecordedEvent,
    occurredAt: string,
    agencyId: string | null,
    facts: Facts,
    target: string | null,
  ): void {
    const id = key(caseId);
    if (id === null) return;
    const people = this.cases.get(id);
    // As the fan-out's uuid cast did, a case id that is no uuid fails the batch.
    if (!people) throw new Error(`case ${id} was not read before the batch`);
    if (people.size === 0) return;
    const json = JSON.stringify(facts);
    const about = target?.toLowerCase();
    for (const cp of people.values())
      this.push(
        cp.partnership_id,
        cp.person_id,
        event,
        cp.role,
        occurredAt,
        agencyId,
        cp.case_type,
        cp.case_id,
        cp.person_id.toLowerCase() === about ? JSON.stringify({ ...facts, aboutThisPerson: true }) : json,
      );
  }

  async casePeople(caseType: string, caseId: unknown, partnershipId: unknown, people: CasePerson[]): Promise<void> {
    const id = key(caseId);
    if (id === null) throw new Error('a case without an id');
    const rows = this.cases.get(id);
    if (!rows) throw new Error(`case ${id} was not read before the batch`);
    for (const p of people) {
      const person = p.id.toLowerCase();
      if (rows.has(person)) continue;
      const row: CasePersonRow = {
        case_type: caseType,
        case_id: id,
        person_id: person,
        partnership_id: textOf(partnershipId)!,
        role: p.role,
        repeat: p.repeat,
      };
      rows.set(person, row);
      this.newCasePeople.push(row);
    }
  }

  async merged(mergedId: unknown, survivorId: unknown, partnershipId: unknown, mergedAt: string): Promise<void> {
    const id = key(mergedId);
    if (id !== null && !this.merges.has(id)) this.merges.set(id, [mergedId, survivorId, partnershipId, mergedAt]);
  }

  async referralOpened(r: NewReferral): Promise<void> {
    this.referrals.add(r.referralId, {
      referral_id: r.referralId,
      partnership_id: r.partnershipId,
      locality_id: r.localityId,
      category: r.category,
      band: r.band,
      status: 'referred',
      referred_at: r.referredAt,
      next_review_date: null,
    });
  }

  async referralChanged(
    referralId: unknown,
    changes: { status?: string; band?: unknown; next_review_date: unknown },
  ): Promise<void> {
    this.referrals.change(referralId, (row) => {
      row.status = changes.status ?? row.status;
      row.band = changes.band ?? row.band;
      row.next_review_date = changes.next_review_date ?? null;
    });
  }

  async actionAgreed(a: NewAction): Promise<void> {
    this.actions.add(a.actionId, {
      action_id: a.actionId,
      referral_id: a.referralId,
      partnership_id: a.partnershipId,
      kind: textOf(a.kind),
      status: 'open',
      owning_agency_id: a.owningAgencyId,
      due_date: a.dueDate,
      target_person_id: a.targetPersonId,
    });
  }

  async actionStatusChanged(actionId: unknown, status: unknown): Promise<string | null> {
    return (
      this.actions.change(actionId, (row) => {
        row.status = status;
      })?.kind ?? null
    );
  }

  async meetingScheduled(mt: NewMeeting): Promise<void> {
    this.meetings.add(mt.meetingId, {
      meeting_id: mt.meetingId,
      partnership_id: mt.partnershipId,
      locality_id: textOf(mt.localityId)!,
      starts_at: textOf(mt.startsAt)!,
    });
  }

  async meeting(meetingId: string): Promise<MeetingPlace | null> {
    const row = this.meetings.get(meetingId);
    return row ? { localityId: row.locality_id, startsAt: row.starts_at } : null;
  }

  async orderServed(o: NewOrder): Promise<void> {
    this.orders.add(o.orderId, {
      order_id: o.orderId,
      partnership_id: o.partnershipId,
      person_id: o.personId,
      kind: textOf(o.kind),
      agency_id: o.agencyId,
      status: 'served',
      served_on: o.servedOn,
      expires_on: o.expiresOn,
      breaches: 0,
      breach_events: [],
      last_breach_on: null,
    });
  }

  async orderVaried(orderId: unknown, expiresOn: unknown): Promise<void> {
    this.orders.change(orderId, (row) => {
      row.expires_on = expiresOn;
    });
  }

  async orderDischarged(orderId: unknown): Promise<void> {
    this.orders.change(orderId, (row) => {
      row.status = 'discharged';
    });
  }

  async orderBreached(orderId: unknown, occurredOn: unknown, eventId: string): Promise<void> {
    const id = eventId.toLowerCase();
    const row = this.orders.get(orderId);
    if (row === null || row.breach_events.includes(id)) return;
    this.orders.change(orderId, (order) => {
      order.breaches += 1;
      order.breach_events.push(id);
      // greatest(): the later day (ISO days compare as text), a missing one ignored.
      const day = textOf(occurredOn);
      const last = order.last_breach_on;
      order.last_breach_on = last === null ? day : day === null || day <= last ? last : day;
    });
  }

  async orderKind(orderId: unknown): Promise<string | null> {
    return this.orders.get(orderId)?.kind ?? null;
  }

  async expiryWindow(partnershipId: unknown, days: unknown): Promise<void> {
    const id = key(partnershipId);
    // The last one stays, as the upsert of each in turn leaves it.
    this.settings.set(id ?? '', [partnershipId, days]);
  }

  /**
   * The batch's writes, a statement per table that has new or changed rows and one for the
   * entries, to be sent as one statement (`sendWrites`, or the runner with its checkpoint's move):
   * each touches its own table, so none depends on another's effect. Null when there are none.
   */
  writes(): Writes | null {
    const v = new Parameters();
    const statements: string[] = [];
    const arrays = (list: unknown[][], types: string[]) =>
      list.map((values, i) => `${v.add(values)}::${types[i]}[]`).join(', ');

    if (this.merges.size > 0) {
      const rows = [...this.merges.values()];
      statements.push(
        `INSERT INTO timelines.merges (merged_id, survivor_id, partnership_id, merged_at)
         SELECT * FROM unnest(${arrays(
           [0, 1, 2, 3].map((i) => rows.map((r) => r[i])),
           ['uuid', 'uuid', 'uuid', 'timestamptz'],
         )}) ON CONFLICT (merged_id) DO NOTHING`,
      );
    }
    const referrals = this.referrals.changed();
    if (referrals.length > 0)
      statements.push(
        `INSERT INTO timelines.referrals (referral_id, partnership_id, locality_id, category, band, status, referred_at, next_review_date)
         SELECT * FROM unnest(${arrays(
           columns(referrals, [
             'referral_id',
             'partnership_id',
             'locality_id',
             'category',
             'band',
             'status',
             'referred_at',
             'next_review_date',
           ]),
           ['uuid', 'uuid', 'uuid', 'text', 'text', 'text', 'timestamptz', 'date'],
         )})
         ON CONFLICT (referral_id) DO UPDATE SET partnership_id = excluded.partnership_id, locality_id = excluded.locality_id,
           category = excluded.category, band = excluded.band, status = excluded.status, referred_at = excluded.referred_at,
           next_review_date = excluded.next_review_date`,
      );
    const actions = this.actions.changed();
    if (actions.length > 0)
      statements.push(
        `INSERT INTO timelines.actions (action_id, referral_id, partnership_id, kind, status, owning_agency_id, due_date, target_person_id)
         SELECT * FROM unnest(${arrays(
           columns(actions, [
             'action_id',
             'referral_id',
             'partnership_id',
             'kind',
             'status',
             'owning_agency_id',
             'due_date',
             'target_person_id',
           ]),
           ['uuid', 'uuid', 'uuid', 'text', 'text', 'uuid', 'date', 'uuid'],
         )})
         ON CONFLICT (action_id) DO UPDATE SET referral_id = excluded.referral_id, partnership_id = excluded.partnership_id,
           kind = excluded.kind, status = excluded.status, owning_agency_id = excluded.owning_agency_id, due_date = excluded.due_date,
           target_person_id = excluded.target_person_id`,
      );
    const meetings = this.meetings.changed();
    if (meetings.length > 0)
      statements.push(
        `INSERT INTO timelines.meetings (meeting_id, partnership_id, locality_id, starts_at)
         SELECT * FROM unnest(${arrays(
           columns(meetings, ['meeting_id', 'partnership_id', 'locality_id', 'starts_at']),
           ['uuid', 'uuid', 'uuid', 'timestamptz'],
         )}) ON CONFLICT (meeting_id) DO NOTHING`,
      );
    const orders = this.orders.changed();
    if (orders.length > 0)
      statements.push(
        `INSERT INTO timelines.orders (order_id, partnership_id, person_id, kind, agency_id, status, served_on, expires_on, breaches,
                                       breach_events, last_breach_on)
         SELECT o, p, pe, k, a, s, so, e, b, be::uuid[], l
           FROM unnest(${arrays(
             [
               ...columns(orders, [
                 'order_id',
                 'partnership_id',
                 'person_id',
                 'kind',
                 'agency_id',
                 'status',
                 'served_on',
                 'expires_on',
                 'breaches',
               ]),
               orders.map((o) => `{${o.breach_events.join(',')}}`),
               orders.map((o) => o.last_breach_on),
             ],
             ['uuid', 'uuid', 'uuid', 'text', 'uuid', 'text', 'text', 'text', 'int', 'text', 'text'],
           )}) AS x(o, p, pe, k, a, s, so, e, b, be, l)
         ON CONFLICT (order_id) DO UPDATE SET partnership_id = excluded.partnership_id, person_id = excluded.person_id,
           kind = excluded.kind, agency_id = excluded.agency_id, status = excluded.status, served_on = excluded.served_on,
           expires_on = excluded.expires_on, breaches = excluded.breaches, breach_events = excluded.breach_events,
           last_breach_on = excluded.last_breach_on`,
      );
    if (this.settings.size > 0) {
      const rows = [...this.settings.values()];
      statements.push(
        `INSERT INTO timelines.order_settings (partnership_id, expiry_window_days)
         SELECT * FROM unnest(${arrays([rows.map((r) => r[0]), rows.map((r) => r[1])], ['uuid', 'int'])})
         ON CONFLICT (partnership_id) DO UPDATE SET expiry_window_days = excluded.expiry_window_days`,
      );
    }
    if (this.newCasePeople.length > 0)
      statements.push(
        `INSERT INTO timelines.case_people (case_type, case_id, person_id, partnership_id, role, repeat)
         SELECT * FROM unnest(${arrays(
           columns(this.newCasePeople, ['case_type', 'case_id', 'person_id', 'partnership_id', 'role', 'repeat']),
           ['text', 'uuid', 'uuid', 'uuid', 'text', 'boolean'],
         )}) ON CONFLICT DO NOTHING`,
      );
    const entries = this.entries.statement(v);
    if (entries) statements.push(entries);
    return statements.length === 0 ? null : { statements, values: v.list };
  }
}

function columns<T>(rows: T[], names: Array<keyof T>): unknown[][] {
  return names.map((name) => rows.map((row) => row[name]));
}
