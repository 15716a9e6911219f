import { Injectable } from '@nestjs/common';
import {
  ConsultationLog,
  DATA_CATEGORIES,
  PersonalDataPolicy,
  sortedCategories,
  type Actor,
  type DataCategory,
  type Purpose,
} from '@hubline/access';
import { addDays } from '@hubline/calendar';
import { LagCaseRecords } from '@hubline/lag';
import { PartnershipDirectory } from '@hubline/partnerships';
import { PeopleDirectory, type PersonView } from '@hubline/people';
import { PersonalDataVault } from '@hubline/privacy';
import { EnforcementError, standingOf, type Sealed, type Standing } from '../domain';
import { EnforcementClock } from '../enforcement-clock';
import { EnforcementStreams } from '../commands/enforcement-streams';
import { OrdersReadModel, type BreachRow, type OrderRow } from './orders-read-model';

/** A sealed text as shown: the text, or that it was erased when its subject was forgotten. */
export type Opened = string | { erased: true };

/** What any officer of the partnership may see of an order: codes, days and agencies, no person, no text. */
export interface OrderSummary {
  orderId: string;
  kind: string;
  agencyId: string;
  agencyName: string | null;
  servedOn: string;
  expiresOn: string | null;
  status: 'served' | 'discharged';
  standing: Standing;
  breaches: number;
  version: number;
}

export interface BreachView {
  breachId: string;
  occurredOn: string;
  response: string;
  respondedOn: string | null;
  recordedByAgencyId: string;
  recordedAt: string;
  whatHappened?: Opened;
}

export interface OrderView extends OrderSummary {
  locked: false;
  person: PersonView | null;
  agencyReference: string;
  lagCaseId: string | null;
  particulars: Record<string, unknown>;
  conditions?: Opened | null;
  dischargedOn: string | null;
  dischargeReason: string | null;
  servedByUserId: string;
  recordedAt: string;
  history: Array<Record<string, unknown>>;
  breachList: BreachView[];
  withheld?: DataCategory[];
}

export interface LockedOrderView extends OrderSummary {
  locked: true;
}

export interface ExpiringOrder extends OrderSummary {
  person: PersonView | null;
  /** The person's open LAG cases. */
  openLagCaseIds: string[];
}

/** What an order tells about its person: that they were subject to it, and the conditions and breaches. */
const ORDER_CATEGORIES: readonly DataCategory[] = ['case_actions', 'incident_details'];

/**
 * The views of orders. An order is shown in full to the agency that served it; to another agency,
 * when the personal-data policy lets it see the person and read their case actions (the
 * conditions and breach accounts also need incident details); otherwise locked: codes and days.
 * People are shown through the people directory, which records the consultation; texts about a
 * person it did not show are recorded as consulted too, before anything is returned.
 */
@Injectable()
export class OrderViews {
  constructor(
    private readonly readModel: OrdersReadModel,
    private readonly streams: EnforcementStreams,
    private readonly people: PeopleDirectory,
    private readonly policy: PersonalDataPolicy,
    private readonly consultations: ConsultationLog,
    private readonly vault: PersonalDataVault,
    private readonly partnerships: PartnershipDirectory,
    private readonly cases: LagCaseRecords,
    private readonly clock: EnforcementClock,
  ) {}

  async windowDays(partnershipId: string): Promise<number> {
    return (await this.streams.settings(partnershipId)).state.expiryWindowDays;
  }

  async order(
    actor: Actor,
    orderId: string,
    purpose: Purpose,
    correlationId?: string,
  ): Promise<OrderView | LockedOrderView> {
    const row = await this.readModel.order(actor.partnershipId, orderId);
    if (!row) throw new EnforcementError('ORDER.NOT_FOUND', 'No such enforcement order in your partnership.');
    const [breaches, names, window] = await Promise.all([
      this.readModel.breachesOf([row.order_id]),
      this.agencyNames(actor.partnershipId),
      this.windowDays(actor.partnershipId),
    ]);
    const summary = summaryOf(row, breaches.length, names, this.clock.today(), window);
    const granted = await this.readable(actor, row);
    if (!granted) return { ...summary, locked: true };
    const may = (c: DataCategory) => granted.includes(c);
    const withheld = ORDER_CATEGORIES.filter((c) => !may(c));
    const texts = may('incident_details');
    const conditions = texts
      ? row.conditions === null
        ? null
        : await this.open(row.person_id, row.conditions)
      : undefined;
    const breachList = await Promise.all(
      breaches.map(async (b) => ({
        ...breachOf(b),
        ...(texts ? { whatHappened: await this.open(b.person_id, b.what_happened) } : {}),
      })),
    );
    const people = await this.showPeople(
      actor,
      [row.person_id],
      new Map([[row.person_id, sortedCategories(texts ? ORDER_CATEGORIES : ['case_actions'])]]),
      purpose,
      'enforcement_order',
      correlationId,
    );
    return {
      ...summary,
      locked: false,
      person: people.get(row.person_id) ?? null,
      agencyReference: row.agency_reference,
      lagCaseId: row.lag_case_id,
      particulars: row.particulars,
      ...(conditions !== undefined ? { conditions } : {}),
      dischargedOn: row.discharged_on,
      dischargeReason: row.discharge_reason,
      servedByUserId: row.served_by_user_id,
      recordedAt: new Date(row.recorded_at).toISOString(),
      history: row.history,
      breachList,
      ...(withheld.length ? { withheld } : {}),
    };
  }

  /**
   * The orders served on a person, codes only: all of them when the caller's agency may see the
   * person's case actions, else only those its own agency served. One consultation records the list.
   */
  async ordersOf(actor: Actor, personId: string, purpose: Purpose, correlationId?: string): Promise<OrderSummary[]> {
    if (!(await this.people.exists(actor.partnershipId, personId)))
      throw new EnforcementError('ENFORCEMENT.UNKNOWN_PERSON', 'That person is not registered in your partnership.');
    const access = (await this.policy.assess(actor, [personId])).get(personId);
    const all = Boolean(access?.visible && access.categories.includes('case_actions'));
    const rows = (await this.readModel.ordersOf(actor.partnershipId, [personId])).filter(
      (r) => all || r.agency_id === actor.agencyId,
    );
    if (rows.length)
      await this.consultations.record(actor, {
        personIds: [personId],
        view: 'enforcement_orders_of_person',
        purpose,
        correlationId,
        categories: new Map([[personId, ['case_actions'] as DataCategory[]]]),
      });
    const [breaches, names, window] = await Promise.all([
      this.readModel.breachesOf(rows.map((r) => r.order_id)),
      this.agencyNames(actor.partnershipId),
      this.windowDays(actor.partnershipId),
    ]);
    const today = this.clock.today();
    return rows.map((r) =>
      summaryOf(r, breaches.filter((b) => b.order_id === r.order_id).length, names, today, window),
    );
  }

  /**
   * The caller's agency's orders ending within the partnership's expiry window (today included)
   * on people with an open LAG case: time to seek a renewal or a further order before protection lapses.
   */
  async expiring(actor: Actor, purpose: Purpose, correlationId?: string): Promise<ExpiringOrder[]> {
    const today = this.clock.today();
    const window = await this.windowDays(actor.partnershipId);
    const rows = await this.readModel.endingBetween(actor.partnershipId, actor.agencyId, today, addDays(today, window));
    if (rows.length === 0) return [];
    const openCases = new Map<string, string[]>();
    for (const n of await this.cases.namings(actor.partnershipId))
      if (n.open) openCases.set(n.personId, [...(openCases.get(n.personId) ?? []), n.caseId]);
    const due = rows.filter((r) => openCases.has(r.person_id));
    if (due.length === 0) return [];
    const [breaches, names] = await Promise.all([
      this.readModel.breachesOf(due.map((r) => r.order_id)),
      this.agencyNames(actor.partnershipId),
    ]);
    const people = await this.showPeople(
      actor,
      [...new Set(due.map((r) => r.person_id))],
      new Map(),
      purpose,
      'enforcement_orders_expiring',
      correlationId,
    );
    return due.map((r) => ({
      ...summaryOf(r, breaches.filter((b) => b.order_id === r.order_id).length, names, today, window),
      person: people.get(r.person_id) ?? null,
      openLagCaseIds: [...new Set(openCases.get(r.person_id))].sort(),
    }));
  }

  /** Every category to the serving agency; else what the policy grants of the person, if it includes case actions. */
  private async readable(actor: Actor, row: OrderRow): Promise<readonly DataCategory[] | null> {
    if (row.agency_id === actor.agencyId) return DATA_CATEGORIES;
    const access = (await this.policy.assess(actor, [row.person_id])).get(row.person_id);
    return access?.visible && access.categories.includes('case_actions') ? access.categories : null;
  }

  private async open(personId: string, sealed: Sealed): Promise<Opened> {
    const opened = await this.vault.open<string>(personId, sealed);
    return typeof opened === 'string' ? opened : { erased: true };
  }

  private async showPeople(
    actor: Actor,
    personIds: string[],
    alsoShown: Map<string, readonly DataCategory[]>,
    purpose: Purpose,
    view: string,
    correlationId?: string,
  ): Promise<Map<string, PersonView>> {
    const views = await this.people.describe(actor, personIds, purpose, view, { correlationId, alsoShown });
    const shown = new Set(views.filter((v) => 'givenName' in v).map((v) => v.personId));
    const unrecorded = [...alsoShown.keys()].filter((id) => !shown.has(id));
    if (unrecorded.length)
      await this.consultations.record(actor, {
        personIds: unrecorded,
        view,
        purpose,
        correlationId,
        categories: new Map(unrecorded.map((id) => [id, sortedCategories(alsoShown.get(id)!)])),
      });
    return new Map(views.map((v) => [v.personId, v]));
  }

  private async agencyNames(partnershipId: string): Promise<Map<string, string>> {
    const p = await this.partnerships.partnership(partnershipId);
    return new Map(p?.agencies.map((a) => [a.agencyId, a.name]) ?? []);
  }
}

function summaryOf(
  r: OrderRow,
  breaches: number,
  names: Map<string, string>,
  today: string,
  window: number,
): OrderSummary {
  return {
    orderId: r.order_id,
    kind: r.kind,
    agencyId: r.agency_id,
    agencyName: names.get(r.agency_id) ?? null,
    servedOn: r.served_on,
    expiresOn: r.expires_on,
    status: r.status,
    standing: standingOf({ kind: r.kind, status: r.status, expiresOn: r.expires_on }, today, window),
    breaches,
    version: Number(r.version),
  };
}

function breachOf(b: BreachRow): BreachView {
  return {
    breachId: b.breach_id,
    occurredOn: b.occurred_on,
    response: b.response,
    respondedOn: b.responded_on,
    recordedByAgencyId: b.recorded_by_agency_id,
    recordedAt: new Date(b.recorded_at).toISOString(),
  };
}
