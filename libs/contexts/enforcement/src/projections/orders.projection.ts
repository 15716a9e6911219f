import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { RecordedEvent } from '@hubline/event-store';
import type { Projection } from '@hubline/projections';
import { ORDER_EVENT_TYPES, type OrderEvent } from '../domain';

/** The orders and their breaches as the routes and facades read them. Sealed texts are copied as stored, never opened. */
@Injectable()
export class OrdersProjection implements Projection {
  readonly name = 'enforcement.orders';
  readonly tables = ['enforcement.orders', 'enforcement.breaches'];
  readonly eventTypes: ReadonlySet<string> = new Set(ORDER_EVENT_TYPES);

  async apply(recorded: RecordedEvent, m: EntityManager): Promise<void> {
    const event = { type: recorded.type, data: recorded.data } as OrderEvent;
    const version = recorded.revision;
    switch (event.type) {
      case 'EnforcementOrderServed': {
        const d = event.data;
        await m.query(
          `INSERT INTO enforcement.orders (order_id, partnership_id, kind, person_id, agency_id, agency_reference, served_on, expires_on,
             lag_case_id, particulars, conditions, status, served_by_user_id, recorded_at, version)
           VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, 'served', $12, $13, $14) ON CONFLICT (order_id) DO NOTHING`,
          [
            d.orderId,
            d.partnershipId,
            d.kind,
            d.personId,
            d.agencyId,
            d.agencyReference,
            d.servedOn,
            d.expiresOn,
            d.lagCaseId,
            JSON.stringify(d.particulars),
            d.conditions === null ? null : JSON.stringify(d.conditions),
            d.servedByUserId,
            d.recordedAt,
            version,
          ],
        );
        return;
      }
      case 'EnforcementOrderVaried': {
        const d = event.data;
        await m.query(
          `UPDATE enforcement.orders SET expires_on = $2, conditions = coalesce($3::jsonb, conditions),
                  history = history || $4::jsonb, version = $5 WHERE order_id = $1`,
          [
            d.orderId,
            d.expiresOn,
            d.conditions === null ? null : JSON.stringify(d.conditions),
            JSON.stringify([
              {
                event: 'varied',
                on: d.variedOn,
                at: d.recordedAt,
                byAgencyId: d.variedByAgencyId,
                expiresOn: d.expiresOn,
                previousExpiresOn: d.previousExpiresOn,
                conditionsChanged: d.conditions !== null,
                court: d.court,
              },
            ]),
            version,
          ],
        );
        return;
      }
      case 'EnforcementOrderDischarged': {
        const d = event.data;
        await m.query(
          `UPDATE enforcement.orders SET status = 'discharged', discharged_on = $2, discharge_reason = $3,
                  history = history || $4::jsonb, version = $5 WHERE order_id = $1`,
          [
            d.orderId,
            d.dischargedOn,
            d.reason,
            JSON.stringify([
              {
                event: 'discharged',
                on: d.dischargedOn,
                at: d.recordedAt,
                byAgencyId: d.dischargedByAgencyId,
                reason: d.reason,
              },
            ]),
            version,
          ],
        );
        return;
      }
      case 'EnforcementOrderBreached': {
        const d = event.data;
        await m.query(
          `INSERT INTO enforcement.breaches (breach_id, order_id, partnership_id, person_id, occurred_on, what_happened, response,
             recorded_by_agency_id, recorded_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) ON CONFLICT (breach_id) DO NOTHING`,
          [
            d.breachId,
            d.orderId,
            d.partnershipId,
            d.personId,
            d.occurredOn,
            JSON.stringify(d.whatHappened),
            d.response,
            d.recordedByAgencyId,
            d.recordedAt,
          ],
        );
        await m.query('UPDATE enforcement.orders SET version = $2 WHERE order_id = $1', [d.orderId, version]);
        return;
      }
      case 'EnforcementBreachResponded': {
        const d = event.data;
        await m.query('UPDATE enforcement.breaches SET response = $2, responded_on = $3 WHERE breach_id = $1', [
          d.breachId,
          d.response,
          d.respondedOn,
        ]);
        await m.query('UPDATE enforcement.orders SET version = $2 WHERE order_id = $1', [d.orderId, version]);
        return;
      }
      default: {
        const unexpected: never = event;
        return unexpected;
      }
    }
  }

  async reset(m: EntityManager): Promise<void> {
    await m.query('TRUNCATE enforcement.orders, enforcement.breaches');
  }
}
