import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { RecordedEvent } from '@hubline/event-store';
import { Parameters, sendWrites, type Projection } from '@hubline/projections';

/**
 * Published events other contexts emit, and the only ones this projection reads:
 * - people: PersonRegistered { personId, partnershipId, registeredByAgencyId },
 *   PersonAgencyReferenceAdded { personId, partnershipId, agencyId },
 *   PeopleMerged { partnershipId, survivorId, mergedId };
 * - case contexts: CaseInvolvementChanged { partnershipId, caseId, caseType, personIds, agencyIds, open }.
 */
export const PERSON_AGENCIES_EVENTS = new Set([
  'PersonRegistered',
  'PersonAgencyReferenceAdded',
  'PeopleMerged',
  'CaseInvolvementChanged',
]);

/**
 * The condition of the case index (`person_agencies_case`, partial), said in every statement that
 * finds a case's links: PostgreSQL uses a partial index only when it can prove the statement's
 * rows satisfy its condition, and from `case_id = ANY(...)` it proves that only for lists of at
 * most 100 ids. A batch with more cases would scan the whole table (70 ms a batch at 358,000
 * links, most of a rebuild's time in the database).
 */
const CASE_LINK = "case_id <> ''";

@Injectable()
export class PersonAgenciesProjection implements Projection {
  readonly name = 'access.person-agencies';
  readonly tables = ['access.person_agencies'];
  readonly eventTypes = PERSON_AGENCIES_EVENTS;

  /** One event, statement by statement: the reference `applyBatch` must match (its tests compare the two). */
  async apply(event: RecordedEvent, m: EntityManager): Promise<void> {
    const d = event.data as Record<string, unknown>;
    switch (event.type) {
      case 'PersonRegistered':
        await this.recorded(m, d.partnershipId as string, d.personId as string, d.registeredByAgencyId as string);
        return;
      case 'PersonAgencyReferenceAdded':
        await this.recorded(m, d.partnershipId as string, d.personId as string, d.agencyId as string);
        return;
      case 'PeopleMerged':
        // The surviving record inherits every agency link of the merged one.
        await m.query(
          `INSERT INTO access.person_agencies (partnership_id, person_id, agency_id, source, case_id, case_type, open)
           SELECT partnership_id, $2, agency_id, source, case_id, case_type, open FROM access.person_agencies WHERE person_id = $1
           ON CONFLICT DO NOTHING`,
          [d.mergedId, d.survivorId],
        );
        return;
      case 'CaseInvolvementChanged': {
        await m.query(`DELETE FROM access.person_agencies WHERE source = $1 AND ${CASE_LINK} AND case_id = $2`, [
          'case',
          d.caseId,
        ]);
        await m.query(
          `INSERT INTO access.person_agencies (partnership_id, person_id, agency_id, source, case_id, case_type, open)
           SELECT $1, p, a, 'case', $2, $3, $4 FROM unnest($5::uuid[]) AS p, unnest($6::uuid[]) AS a
           ON CONFLICT DO NOTHING`,
          [d.partnershipId, d.caseId, d.caseType, d.open, d.personIds, d.agencyIds],
        );
        return;
      }
    }
  }

  /**
   * A batch in one round trip per run of events between merges (`PendingLinks.write`). Agencies
   * that recorded a person are inserted together; a case's links become those of its last
   * involvement in the batch (each stands for all of the case's links, so the earlier ones leave
   * nothing). A merge copies the links the merged record has at that point, so what the batch
   * gathered before it is written first, and the merge then runs as in `apply`. Recorded links are
   * never deleted and case links are keyed by their case, so the two kinds do not depend on each
   * other's order.
   */
  async applyBatch(events: RecordedEvent[], m: EntityManager): Promise<void> {
    let pending = new PendingLinks();
    for (const event of events) {
      const d = event.data as Record<string, unknown>;
      switch (event.type) {
        case 'PersonRegistered':
          pending.recorded(d.partnershipId, d.personId, d.registeredByAgencyId);
          break;
        case 'PersonAgencyReferenceAdded':
          pending.recorded(d.partnershipId, d.personId, d.agencyId);
          break;
        case 'CaseInvolvementChanged':
          pending.involvement(d);
          break;
        case 'PeopleMerged':
          await pending.write(m);
          pending = new PendingLinks();
          await this.apply(event, m);
          break;
      }
    }
    await pending.write(m);
  }

  async reset(m: EntityManager): Promise<void> {
    await m.query('TRUNCATE access.person_agencies');
  }

  private async recorded(m: EntityManager, partnershipId: string, personId: string, agencyId: string): Promise<void> {
    await m.query(
      `INSERT INTO access.person_agencies (partnership_id, person_id, agency_id, source, case_id, open)
       VALUES ($1, $2, $3, 'recorded', '', true) ON CONFLICT DO NOTHING`,
      [partnershipId, personId, agencyId],
    );
  }
}

/** Links gathered from a run of a batch's events without a merge in it. */
class PendingLinks {
  private readonly recordedLinks: Array<[unknown, unknown, unknown]> = [];
  private readonly cases = new Map<string, Record<string, unknown>>();

  recorded(partnershipId: unknown, personId: unknown, agencyId: unknown): void {
    this.recordedLinks.push([partnershipId, personId, agencyId]);
  }

  involvement(d: Record<string, unknown>): void {
    const caseId = String(d.caseId);
    // Map order is first insertion: re-insert so the case's last involvement counts.
    this.cases.delete(caseId);
    this.cases.set(caseId, d);
  }

  /**
   * One round trip: the recorded links inserted, and each case's links made those of its last
   * involvement. A case's links are changed, not replaced: the links it no longer has deleted, new
   * ones inserted, and those whose case type, partnership or openness changed updated. A link that
   * stays as it was is not written again, so an involvement that adds one agency to a case writes
   * that agency's links only, not every link of the case. The three statements touch different
   * rows (recorded or case links; a case's links kept or gone), so they go as one (`sendWrites`).
   */
  async write(m: EntityManager): Promise<void> {
    const { list: values, add } = new Parameters();
    const statements: string[] = [];
    const r = this.recordedLinks;
    if (r.length > 0)
      statements.push(
        `INSERT INTO access.person_agencies (partnership_id, person_id, agency_id, source, case_id, open)
         SELECT p, person, a, 'recorded', '', true
           FROM unnest(${add(r.map((x) => x[0]))}::uuid[], ${add(r.map((x) => x[1]))}::uuid[], ${add(r.map((x) => x[2]))}::uuid[]) AS t(p, person, a)
         ON CONFLICT DO NOTHING`,
      );
    if (this.cases.size > 0) {
      const cases = [...this.cases.values()];
      const caseIds = add(cases.map((c) => String(c.caseId)));
      // One row per person and agency of each case, each once; arrays of arrays do not pass as
      // parameters, so as JSON.
      const involvement = `SELECT DISTINCT ON (person_id, agency_id, case_id) *
          FROM (SELECT (c->>'partnershipId')::uuid AS partnership_id, p::uuid AS person_id, a::uuid AS agency_id,
                       c->>'caseId' AS case_id, c->>'caseType' AS case_type, (c->>'open')::boolean AS open
                  FROM jsonb_array_elements(${add(
                    JSON.stringify(
                      cases.map((c) => ({
                        partnershipId: c.partnershipId,
                        caseId: c.caseId,
                        caseType: c.caseType,
                        open: c.open,
                        personIds: c.personIds,
                        agencyIds: c.agencyIds,
                      })),
                    ),
                  )}::jsonb) AS c,
                       jsonb_array_elements_text(CASE WHEN jsonb_typeof(c->'personIds') = 'array' THEN c->'personIds' ELSE '[]' END) AS p,
                       jsonb_array_elements_text(CASE WHEN jsonb_typeof(c->'agencyIds') = 'array' THEN c->'agencyIds' ELSE '[]' END) AS a) AS links`;
      statements.push(
        `DELETE FROM access.person_agencies l
          WHERE l.source = 'case' AND l.${CASE_LINK} AND l.case_id = ANY(${caseIds}::text[])
            AND NOT EXISTS (SELECT 1 FROM (${involvement}) i
                             WHERE i.case_id = l.case_id AND i.person_id = l.person_id AND i.agency_id = l.agency_id)`,
        `INSERT INTO access.person_agencies (partnership_id, person_id, agency_id, source, case_id, case_type, open)
         SELECT partnership_id, person_id, agency_id, 'case', case_id, case_type, open FROM (${involvement}) AS i
         ON CONFLICT (person_id, agency_id, source, case_id) DO UPDATE
           SET partnership_id = excluded.partnership_id, case_type = excluded.case_type, open = excluded.open
           WHERE (person_agencies.partnership_id, person_agencies.case_type, person_agencies.open)
                 IS DISTINCT FROM (excluded.partnership_id, excluded.case_type, excluded.open)`,
      );
    }
    await sendWrites(m, { statements, values });
  }
}
