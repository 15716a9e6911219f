import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { BreachResponse, OrderKind, OrderParticulars, Sealed } from '../domain';

export interface OrderRow {
  order_id: string;
  partnership_id: string;
  kind: OrderKind;
  person_id: string;
  agency_id: string;
  agency_reference: string;
  served_on: string;
  expires_on: string | null;
  lag_case_id: string | null;
  particulars: OrderParticulars;
  conditions: Sealed | null;
  status: 'served' | 'discharged';
  discharged_on: string | null;
  discharge_reason: string | null;
  served_by_user_id: string;
  recorded_at: Date;
  history: Array<Record<string, unknown>>;
  version: string;
}

export interface BreachRow {
  breach_id: string;
  order_id: string;
  person_id: string;
  occurred_on: string;
  what_happened: Sealed;
  response: BreachResponse;
  responded_on: string | null;
  recorded_by_agency_id: string;
  recorded_at: Date;
}

const ORDER_COLUMNS = `order_id, partnership_id, kind, person_id, agency_id, agency_reference, served_on, expires_on, lag_case_id,
  particulars, conditions, status, discharged_on, discharge_reason, served_by_user_id, recorded_at, history, version`;

/** Reads of the orders projection's tables, with no access decisions: callers decide who may see what. */
@Injectable()
export class OrdersReadModel {
  constructor(private readonly db: DataSource) {}

  async order(partnershipId: string, orderId: string): Promise<OrderRow | null> {
    const [row] = await this.db.query(
      `SELECT ${ORDER_COLUMNS} FROM enforcement.orders WHERE partnership_id = $1 AND order_id = $2`,
      [partnershipId, orderId],
    );
    return row ?? null;
  }

  /** Orders served on any of the people (a person and the records merged into them), oldest first. */
  async ordersOf(partnershipId: string, personIds: string[]): Promise<OrderRow[]> {
    return this.db.query(
      `SELECT ${ORDER_COLUMNS} FROM enforcement.orders WHERE partnership_id = $1 AND person_id = ANY($2::uuid[])
        ORDER BY served_on, recorded_at, order_id`,
      [partnershipId, personIds],
    );
  }

  async orders(partnershipId: string): Promise<OrderRow[]> {
    return this.db.query(`SELECT ${ORDER_COLUMNS} FROM enforcement.orders WHERE partnership_id = $1`, [partnershipId]);
  }

  async breachesOf(orderIds: string[]): Promise<BreachRow[]> {
    if (orderIds.length === 0) return [];
    return this.db.query(
      `SELECT breach_id, order_id, person_id, occurred_on, what_happened, response, responded_on, recorded_by_agency_id, recorded_at
         FROM enforcement.breaches WHERE order_id = ANY($1::uuid[]) ORDER BY occurred_on, recorded_at, breach_id`,
      [orderIds],
    );
  }

  /** In-force orders of an agency (not discharged) whose end falls from `from` to `to`, soonest first. */
  async endingBetween(partnershipId: string, agencyId: string, from: string, to: string): Promise<OrderRow[]> {
    return this.db.query(
      `SELECT ${ORDER_COLUMNS} FROM enforcement.orders
        WHERE partnership_id = $1 AND agency_id = $2 AND status = 'served' AND expires_on >= $3 AND expires_on <= $4
        ORDER BY expires_on, order_id`,
      [partnershipId, agencyId, from, to],
    );
  }
}
