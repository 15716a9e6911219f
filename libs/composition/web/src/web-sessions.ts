import { Injectable } from '@nestjs/common';
import { createHash, randomBytes } from 'node:crypto';
import { DataSource } from 'typeorm';

/** A session unused for this long is over: the officer signs in again. */
export const IDLE_TIMEOUT_MINUTES = 30;
/** However busy, a session lasts no longer than a working day. */
export const ABSOLUTE_TIMEOUT_HOURS = 10;

/** The cookie that carries a session's token (never its subject or anything else). */
export const SESSION_COOKIE = 'hubline_session';

const hash = (token: string) => createHash('sha256').update(token).digest('hex');

/**
 * Server-side sessions in PostgreSQL. The browser holds a random 256-bit token; the table holds
 * its hash, so a copy of the table opens no session. Each use moves the idle deadline; a session
 * past either deadline is deleted when next presented, and old rows when a session starts.
 */
@Injectable()
export class WebSessions {
  constructor(private readonly db: DataSource) {}

  /** Starts a session for a registered user's subject; returns the token for the cookie. */
  async start(subject: string, now = new Date()): Promise<string> {
    const token = randomBytes(32).toString('base64url');
    await this.db.query(
      'INSERT INTO web.sessions (token_hash, subject, created_at, last_seen_at) VALUES ($1, $2, $3, $3)',
      [hash(token), subject, now],
    );
    await this.db.query(
      `DELETE FROM web.sessions WHERE last_seen_at < $1::timestamptz - make_interval(mins => $2) OR created_at < $1::timestamptz - make_interval(hours => $3)`,
      [now, IDLE_TIMEOUT_MINUTES, ABSOLUTE_TIMEOUT_HOURS],
    );
    return token;
  }

  /** The subject of a live session, its idle deadline moved on; null when unknown or expired. */
  async use(token: string | undefined, now = new Date()): Promise<string | null> {
    if (!token || token.length > 100) return null;
    const rows: Array<{ subject: string }> = await this.db.query(
      // A SELECT around the UPDATE, so that the driver answers with the rows alone.
      `WITH used AS (
         UPDATE web.sessions SET last_seen_at = $2
          WHERE token_hash = $1
            AND last_seen_at >= $2::timestamptz - make_interval(mins => $3)
            AND created_at >= $2::timestamptz - make_interval(hours => $4)
          RETURNING subject)
       SELECT subject FROM used`,
      [hash(token), now, IDLE_TIMEOUT_MINUTES, ABSOLUTE_TIMEOUT_HOURS],
    );
    if (rows.length === 1) return rows[0].subject;
    await this.end(token);
    return null;
  }

  async end(token: string | undefined): Promise<void> {
    if (token) await this.db.query('DELETE FROM web.sessions WHERE token_hash = $1', [hash(token)]);
  }
}
