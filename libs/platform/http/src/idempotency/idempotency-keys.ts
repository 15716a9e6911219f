import { createHash } from 'node:crypto';
import type { DataSource } from 'typeorm';

/** How long a key is kept, and its first answer replayed. */
export const IDEMPOTENCY_KEY_TTL_MS = 24 * 60 * 60 * 1000;
/**
 * How long a key stays claimed by a request that has not answered. A request still running after
 * this is taken to have died with its process (decision 0020), and a retry may run the command.
 */
export const IDEMPOTENCY_LEASE_MS = 60 * 1000;

/** The first answer to a keyed request, as it is replayed. */
export interface StoredAnswer {
  status: number;
  headers: Record<string, string>;
  body: unknown;
}

export type KeyClaim =
  /** This request runs. `seed` is the key's, kept from its first claim (a re-run after a crash gets the first run's). */
  | { kind: 'claimed'; seed: string }
  | { kind: 'answered'; answer: StoredAnswer }
  | { kind: 'in_progress' }
  | { kind: 'different_request' };

/** The request a key was first used for: method, path and query, and the JSON body (key order aside). */
export function fingerprintOf(method: string, url: string, body: unknown): string {
  return createHash('sha256')
    .update(`${method.toUpperCase()} ${url}\n${canonicalJson(body ?? null)}`)
    .digest('hex');
}

function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value && typeof value === 'object')
    return `{${Object.keys(value)
      .sort()
      .map((k) => `${JSON.stringify(k)}:${canonicalJson((value as Record<string, unknown>)[k])}`)
      .join(',')}}`;
  return JSON.stringify(value) ?? 'null';
}

/**
 * Idempotency keys and their first answers, per user (`http.idempotency_keys`). A key is claimed
 * by one request at a time: the claim is one statement, so of two concurrent requests with the
 * same key exactly one runs.
 */
export class IdempotencyKeyStore {
  constructor(
    private readonly db: DataSource,
    private readonly ttlMs = IDEMPOTENCY_KEY_TTL_MS,
    private readonly leaseMs = IDEMPOTENCY_LEASE_MS,
  ) {}

  async claim(scope: string, key: string, fingerprint: string): Promise<KeyClaim> {
    // Expired keys of this user go first, so the table holds at most a day of each user's keys.
    await this.db.query('DELETE FROM http.idempotency_keys WHERE scope = $1 AND expires_at < now()', [scope]);
    const taken: Array<{ seed: string }> = await this.db.query(
      `INSERT INTO http.idempotency_keys (scope, key, fingerprint, state, expires_at, lease_until)
       VALUES ($1, $2, $3, 'processing', now() + $4 * interval '1 millisecond', now() + $5 * interval '1 millisecond')
       ON CONFLICT (scope, key) DO UPDATE
         SET state = 'processing', lease_until = EXCLUDED.lease_until, status = NULL, headers = NULL, body = NULL,
             fingerprint = EXCLUDED.fingerprint,
             seed = CASE WHEN idempotency_keys.fingerprint = EXCLUDED.fingerprint THEN idempotency_keys.seed ELSE EXCLUDED.seed END
         WHERE idempotency_keys.state = 'released'
            OR (idempotency_keys.state = 'processing' AND idempotency_keys.lease_until < now()
                AND idempotency_keys.fingerprint = EXCLUDED.fingerprint)
       RETURNING seed`,
      [scope, key, fingerprint, this.ttlMs, this.leaseMs],
    );
    if (taken.length) return { kind: 'claimed', seed: taken[0].seed };
    const rows: Array<{
      fingerprint: string;
      state: string;
      status: number;
      headers: Record<string, string>;
      body: unknown;
    }> = await this.db.query(
      'SELECT fingerprint, state, status, headers, body FROM http.idempotency_keys WHERE scope = $1 AND key = $2',
      [scope, key],
    );
    const row = rows[0];
    // Released in the meantime (the first request was refused): this one may run after all.
    if (!row || row.state === 'released') return this.claim(scope, key, fingerprint);
    if (row.fingerprint !== fingerprint) return { kind: 'different_request' };
    if (row.state !== 'answered') return { kind: 'in_progress' };
    return { kind: 'answered', answer: { status: row.status, headers: row.headers, body: row.body } };
  }

  /** Keeps the answer; called before the answer is sent. */
  async answer(scope: string, key: string, answer: StoredAnswer): Promise<void> {
    await this.db.query(
      `UPDATE http.idempotency_keys SET state = 'answered', status = $3, headers = $4, body = $5
        WHERE scope = $1 AND key = $2`,
      [scope, key, answer.status, JSON.stringify(answer.headers), JSON.stringify(answer.body ?? null)],
    );
  }

  /**
   * Frees the key of a request that was refused or failed, so that a retry is decided afresh, with
   * any request. The key keeps its seed for a retry of the same request: a failure may have come
   * after an append, which the retry then finds (decision 0020).
   */
  async release(scope: string, key: string): Promise<void> {
    await this.db.query(
      `UPDATE http.idempotency_keys SET state = 'released' WHERE scope = $1 AND key = $2 AND state = 'processing'`,
      [scope, key],
    );
  }
}
