import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { RecordedEvent } from '@hubline/event-store';
import type { Projection } from '@hubline/projections';

type Data = Record<string, unknown>;

/**
 * The enforcement orders taken in LAG cases, read from the events the enforcement context
 * publishes (ids, kinds, days; never the sealed conditions), and the partnership's expiry window.
 */
@Injectable()
export class CaseOrdersProjection implements Projection {
  readonly name = 'lag.case-orders';
  readonly tables = ['lag.case_orders', 'lag.enforcement_window'];
  readonly eventTypes: ReadonlySet<string> = new Set([
    'EnforcementOrderServed',
    'EnforcementOrderVaried',
    'EnforcementOrderDischarged',
    'EnforcementOrderBreached',
    'EnforcementExpiryWindowChanged',
  ]);

  async apply(recorded: RecordedEvent, m: EntityManager): Promise<void> {
    const d = recorded.data as Data;
    switch (recorded.type) {
      case 'EnforcementOrderServed':
        if (typeof d.lagCaseId !== 'string') return;
        await m.query(
          `INSERT INTO lag.case_orders (order_id, partnership_id, referral_id, person_id, kind, agency_id, served_on, expires_on, status)
           VALUES ($1, $2, $3, $4, $5, $6, $7, $8, 'served') ON CONFLICT (order_id) DO NOTHING`,
          [d.orderId, d.partnershipId, d.lagCaseId, d.personId, d.kind, d.agencyId, d.servedOn, d.expiresOn ?? null],
        );
        return;
      case 'EnforcementOrderVaried':
        await m.query('UPDATE lag.case_orders SET expires_on = $2 WHERE order_id = $1', [
          d.orderId,
          d.expiresOn ?? null,
        ]);
        return;
      case 'EnforcementOrderDischarged':
        await m.query(`UPDATE lag.case_orders SET status = 'discharged' WHERE order_id = $1`, [d.orderId]);
        return;
      case 'EnforcementOrderBreached':
        // Counted once per breach event: the same event applied again counts nothing.
        await m.query(
          `UPDATE lag.case_orders SET breaches = breaches + 1, breach_events = breach_events || $2::uuid
            WHERE order_id = $1 AND NOT ($2::uuid = ANY (breach_events))`,
          [d.orderId, recorded.id],
        );
        return;
      case 'EnforcementExpiryWindowChanged':
        await m.query(
          `INSERT INTO lag.enforcement_window (partnership_id, days) VALUES ($1, $2)
           ON CONFLICT (partnership_id) DO UPDATE SET days = excluded.days`,
          [d.partnershipId, d.days],
        );
        return;
    }
  }

  async reset(m: EntityManager): Promise<void> {
    await m.query('TRUNCATE lag.case_orders, lag.enforcement_window');
  }
}
