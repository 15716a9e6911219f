import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { RecordedEvent } from '@hubline/event-store';
import type { Projection } from '@hubline/projections';
import type { LagSettingsEvent } from '../domain';

/** The settings in force per partnership; a missing row or column means the defaults. */
@Injectable()
export class SettingsProjection implements Projection {
  readonly name = 'lag.settings';
  readonly tables = ['lag.settings'];
  readonly eventTypes = new Set(['LagRiskMatrixAdopted', 'LagReviewCadenceChanged']);

  async apply(recorded: RecordedEvent, m: EntityManager): Promise<void> {
    if (!recorded.streamId.startsWith('lag-settings-')) return;
    const event = { type: recorded.type, data: recorded.data } as LagSettingsEvent;
    const column = event.type === 'LagRiskMatrixAdopted' ? 'risk_matrix' : 'review_cadence';
    const value = event.type === 'LagRiskMatrixAdopted' ? event.data.matrix : event.data.cadence;
    await m.query(
      `INSERT INTO lag.settings (partnership_id, ${column}, version) VALUES ($1, $2, $3)
       ON CONFLICT (partnership_id) DO UPDATE SET ${column} = EXCLUDED.${column}, version = EXCLUDED.version`,
      [event.data.partnershipId, JSON.stringify(value), recorded.revision],
    );
  }

  async reset(m: EntityManager): Promise<void> {
    await m.query('TRUNCATE lag.settings');
  }
}
