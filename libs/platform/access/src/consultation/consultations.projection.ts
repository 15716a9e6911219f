import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { RecordedEvent } from '@hubline/event-store';
import type { Projection } from '@hubline/projections';

/** One row per person per consultation, for the auditor's questions ("who saw this victim's record, and why?"). */
@Injectable()
export class ConsultationsProjection implements Projection {
  readonly name = 'access.consultations';
  readonly tables = ['access.consultations'];
  readonly eventTypes = new Set(['PersonalDataConsulted']);

  async apply(event: RecordedEvent, m: EntityManager): Promise<void> {
    const d = event.data as {
      partnershipId: string;
      userId: string;
      agencyId: string;
      personIds: string[];
      view: string;
      purpose: string;
      consultedAt: string;
      /** Absent in consultations recorded before categories were kept. */
      categoriesShown?: Record<string, string[]>;
    };
    // The categories of each person, as JSON text per person (arrays of arrays cannot be ragged).
    const categories = d.personIds.map((p) => (d.categoriesShown ? JSON.stringify(d.categoriesShown[p] ?? []) : null));
    await m.query(
      `INSERT INTO access.consultations (event_id, person_id, partnership_id, user_id, agency_id, view, purpose, consulted_at, categories)
       SELECT $1, p, $2, $3, $4, $5, $6, $7, CASE WHEN c IS NULL THEN NULL ELSE ARRAY(SELECT jsonb_array_elements_text(c::jsonb)) END
         FROM unnest($8::uuid[], $9::text[]) AS u(p, c) ON CONFLICT DO NOTHING`,
      [event.id, d.partnershipId, d.userId, d.agencyId, d.view, d.purpose, d.consultedAt, d.personIds, categories],
    );
  }

  async reset(m: EntityManager): Promise<void> {
    await m.query('TRUNCATE access.consultations');
  }
}
