import type { DataSource } from 'typeorm';
import { round } from './figures';

/**
 * The read model queries behind one victim timeline read, as TimelineTables and the access policy
 * send them (copied here: EXPLAIN needs the text), with the chosen victim's parameters.
 */
function timelineQueries(
  partnershipId: string,
  personId: string,
  today: string,
): Record<string, { sql: string; params: unknown[] }> {
  const ids = [personId];
  return {
    entries: {
      sql: `SELECT DISTINCT ON (occurred_at, seq, event_id) event_id, person_id, event_type, occurred_at, seq::text AS seq, role, agency_id, case_type, case_id, facts
              FROM timelines.entries
             WHERE partnership_id = $1 AND person_id = ANY($2::uuid[]) AND role = ANY($3::text[])
               AND ($4::timestamptz IS NULL OR (occurred_at, seq) < ($4::timestamptz, $5::numeric))
             ORDER BY occurred_at DESC, seq DESC, event_id DESC, (person_id = $6::uuid) DESC
             LIMIT $7`,
      params: [partnershipId, ids, ['victim', 'subject'], null, null, personId, 201],
    },
    header_referrals: {
      sql: `SELECT count(DISTINCT r.referral_id) AS total,
                   count(DISTINCT r.referral_id) FILTER (WHERE r.status IN ('referred', 'accepted')) AS open,
                   bool_or(cp.repeat) AS repeat,
                   (array_agg(r.band ORDER BY r.referred_at DESC, r.referral_id DESC) FILTER (WHERE r.status IN ('referred', 'accepted')))[1] AS band
              FROM timelines.case_people cp JOIN timelines.referrals r ON r.referral_id = cp.case_id
             WHERE cp.partnership_id = $1 AND cp.person_id = ANY($2::uuid[]) AND cp.role = 'victim'`,
      params: [partnershipId, ids],
    },
    header_actions: {
      sql: `SELECT action_id, referral_id, kind, status, owning_agency_id, due_date::text AS due_date, due_date < $3::date AS overdue
              FROM timelines.actions
             WHERE status IN ('open', 'in_progress')
               AND referral_id IN (SELECT case_id FROM timelines.case_people WHERE partnership_id = $1 AND person_id = ANY($2::uuid[]) AND role = 'victim')
             ORDER BY due_date, action_id`,
      params: [partnershipId, ids, today],
    },
    merged_records: {
      sql: `WITH RECURSIVE ids AS (
              SELECT $2::uuid AS person_id
              UNION SELECT m.merged_id FROM timelines.merges m JOIN ids ON m.survivor_id = ids.person_id WHERE m.partnership_id = $1
            ) SELECT person_id FROM ids`,
      params: [partnershipId, personId],
    },
    access_policy: {
      sql: `SELECT person_id, agency_id, source, open FROM access.person_agencies
             WHERE partnership_id = $1 AND person_id = ANY($2::uuid[]) AND (source = 'recorded' OR open)`,
      params: [partnershipId, ids],
    },
  };
}

export interface Explained {
  /** Execution time of each query as EXPLAIN ANALYZE measured it, ms. */
  executionMs: Record<string, number>;
  plans: Record<string, string>;
}

/** EXPLAIN (ANALYZE, BUFFERS) of each query, run twice so the figures are for a warm cache as in the read phase. */
export async function explainTimelineRead(
  db: DataSource,
  partnershipId: string,
  personId: string,
  today: string,
): Promise<Explained> {
  const executionMs: Record<string, number> = {};
  const plans: Record<string, string> = {};
  for (const [name, q] of Object.entries(timelineQueries(partnershipId, personId, today))) {
    let lines: string[] = [];
    for (let i = 0; i < 2; i++) {
      const rows: Array<{ 'QUERY PLAN': string }> = await db.query(`EXPLAIN (ANALYZE, BUFFERS) ${q.sql}`, q.params);
      lines = rows.map((r) => r['QUERY PLAN']);
    }
    plans[name] = lines.join('\n');
    const time = lines.find((l) => l.startsWith('Execution Time'))?.match(/([\d.]+) ms/);
    executionMs[name] = time ? round(Number(time[1]), 3) : -1;
  }
  return { executionMs, plans };
}
