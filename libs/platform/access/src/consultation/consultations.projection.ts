import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { RecordedEvent } from '@hubline/event-store';
import type { BatchStatement, Projection } from '@hubline/projections';

interface ConsultedData {
  partnershipId: string;
  userId: string;
  agencyId: string;
  personIds: string[];
  view: string;
  purpose: string;
  consultedAt: string;
  /** Absent in consultations recorded before categories were kept. */
  categoriesShown?: Record<string, string[]>;
}

/**
 * One row per person per consultation, for the auditor's questions ("who saw this victim's record, and why?").
 * Every read of personal data appends a consultation, so this read model sees as many events as
 * there are reads: a batch of them is written in one statement.
 */
@Injectable()
export class ConsultationsProjection implements Projection {
  readonly name = 'access.consultations';
  readonly tables = ['access.consultations'];
  readonly eventTypes = new Set(['PersonalDataConsulted']);

  apply(event: RecordedEvent, m: EntityManager): Promise<void> {
    return this.applyBatch([event], m);
  }

  /** One row per person of each consultation, all in one `INSERT`; a row already there is left as it is. */
  async applyBatch(events: RecordedEvent[], m: EntityManager): Promise<void> {
    const statement = this.batchStatement(events, 'true');
    if (statement) await m.query(statement.text, statement.values);
  }

  /** The batch's `INSERT` (the runner sends it with the checkpoint's move, in one round trip). */
  batchStatement(events: RecordedEvent[], when: string): BatchStatement | null {
    const rows = events.flatMap((event) => {
      const d = event.data as unknown as ConsultedData;
      return d.personIds.map((personId) => ({ event, d, personId }));
    });
    if (rows.length === 0) return null;
    const column = <T>(of: (row: (typeof rows)[number]) => T) => rows.map(of);
    // The categories of each person, as JSON text per person (arrays of arrays cannot be ragged).
    return {
      text: `INSERT INTO access.consultations (event_id, person_id, partnership_id, user_id, agency_id, view, purpose, consulted_at, categories)
       SELECT e, p, pa, us, ag, v, pu, at, CASE WHEN c IS NULL THEN NULL ELSE ARRAY(SELECT jsonb_array_elements_text(c::jsonb)) END
         FROM unnest($1::uuid[], $2::uuid[], $3::uuid[], $4::uuid[], $5::uuid[], $6::text[], $7::text[], $8::timestamptz[], $9::text[])
              AS x(e, p, pa, us, ag, v, pu, at, c)
        WHERE ${when}
       ON CONFLICT DO NOTHING`,
      values: [
        column((r) => r.event.id),
        column((r) => r.personId),
        column((r) => r.d.partnershipId),
        column((r) => r.d.userId),
        column((r) => r.d.agencyId),
        column((r) => r.d.view),
        column((r) => r.d.purpose),
        column((r) => r.d.consultedAt),
        column((r) => (r.d.categoriesShown ? JSON.stringify(r.d.categoriesShown[r.personId] ?? []) : null)),
      ],
    };
  }

  async reset(m: EntityManager): Promise<void> {
    await m.query('TRUNCATE access.consultations');
  }
}
