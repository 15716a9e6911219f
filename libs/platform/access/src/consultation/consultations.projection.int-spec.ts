import { randomUUID } from 'node:crypto';
import type { DataSource } from 'typeorm';
import type { RecordedEvent } from '@hubline/event-store';
import { applyInBatches, recordedInOrder } from '../../../../../test/support/set-apply';
import { ACCESS_MIGRATIONS } from '../index';
import { ConsultationsProjection } from './consultations.projection';
import { openProjectionDatabase } from '../../../../../test/support/log-database';

/**
 * The consultations read model written a batch at a time: one row per person of each consultation,
 * with the categories shown of that person (none listed: an empty list; a consultation recorded
 * before categories were kept: null), whatever the batch size, and unchanged when a batch is
 * applied again (a crash before the checkpoint was stored).
 */
describe('consultations applied in sets', () => {
  let db: DataSource;
  const projection = new ConsultationsProjection();
  const partnershipId = randomUUID();
  const agencyId = randomUUID();
  const users = [randomUUID(), randomUUID()];
  const people = Array.from({ length: 5 }, () => randomUUID());
  let log: RecordedEvent[];
  /** The rows the log must give, worked out here from the events, sorted as the table snapshot is. */
  let expected: string[];

  beforeAll(async () => {
    db = await openProjectionDatabase('consultations_sets', ACCESS_MIGRATIONS);

    const consulted = (i: number, personIds: string[], categoriesShown?: Record<string, string[]>) => {
      const consultationId = randomUUID();
      return {
        id: consultationId,
        streamId: `consultation-${consultationId}`,
        type: 'PersonalDataConsulted',
        data: {
          consultationId,
          partnershipId,
          userId: users[i % 2],
          agencyId,
          personIds,
          view: i % 3 ? 'victim_timeline' : 'locked_view',
          purpose: 'case_management',
          ...(categoriesShown ? { categoriesShown } : {}),
          consultedAt: new Date(Date.UTC(2026, 11, 5, 9, 0, i)).toISOString(),
        },
      };
    };
    log = recordedInOrder([
      consulted(0, [people[0]], { [people[0]]: ['identity', 'incident_details'] }),
      consulted(1, [people[1], people[2]], { [people[1]]: ['identity'] }), // nothing listed for people[2]
      consulted(2, [people[3]]), // recorded before categories were kept
      consulted(3, [people[0]], { [people[0]]: [] }),
      ...Array.from({ length: 9 }, (_, i) =>
        consulted(4 + i, [people[i % 5], people[(i + 1) % 5]], {
          [people[i % 5]]: ['identity'],
          [people[(i + 1) % 5]]: ['identity', 'address'],
        }),
      ),
    ]);
    expected = log
      .flatMap((e) => {
        const d = e.data as {
          partnershipId: string;
          userId: string;
          agencyId: string;
          personIds: string[];
          view: string;
          purpose: string;
          consultedAt: string;
          categoriesShown?: Record<string, string[]>;
        };
        return d.personIds.map((personId) =>
          JSON.stringify({
            view: d.view,
            purpose: d.purpose,
            user_id: d.userId,
            event_id: e.id,
            agency_id: d.agencyId,
            person_id: personId,
            categories: d.categoriesShown ? (d.categoriesShown[personId] ?? []) : null,
            consulted_at: d.consultedAt.replace('.000Z', '+00:00'),
            partnership_id: d.partnershipId,
          }),
        );
      })
      .map((r) => JSON.stringify(JSON.parse(r)));
  });

  afterAll(async () => {
    await db?.destroy();
  });

  /** The table's rows as JSON text, keys in a fixed order, sorted. */
  const rows = async (): Promise<string[]> =>
    (
      (await db.query(
        `SELECT json_build_object('view', view, 'purpose', purpose, 'user_id', user_id, 'event_id', event_id,
                'agency_id', agency_id, 'person_id', person_id, 'categories', categories,
                'consulted_at', to_char(consulted_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"+00:00"'),
                'partnership_id', partnership_id)::text AS r
           FROM access.consultations`,
      )) as Array<{ r: string }>
    )
      .map((x) => JSON.stringify(JSON.parse(x.r)))
      .sort();

  it('writes one row per person of each consultation, with the categories shown of each, in batches of any size', async () => {
    expect(expected).toHaveLength(1 + 2 + 1 + 1 + 9 * 2);
    for (const size of [1, 2, 5, log.length]) {
      await applyInBatches(db, projection, log, size);
      expect({ size, rows: await rows() }).toEqual({ size, rows: [...expected].sort() });
    }
  });

  it('changes nothing when a batch is applied again', async () => {
    for (const replay of ['crash', 'twice', 'again'] as const) {
      await applyInBatches(db, projection, log, 4, replay);
      expect({ replay, rows: await rows() }).toEqual({ replay, rows: [...expected].sort() });
    }
  });
});
