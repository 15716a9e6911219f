import { Injectable } from '@nestjs/common';
import { createCipheriv, createDecipheriv, createHash, hkdfSync, randomBytes } from 'node:crypto';
import { DataSource } from 'typeorm';

/** A session unused for this long is over: the officer signs in again. */
export const IDLE_TIMEOUT_MINUTES = 30;
/** However busy, a session lasts no longer than a working day. */
export const ABSOLUTE_TIMEOUT_HOURS = 10;
/**
 * A session's last use is written at most this often: a session may thus end up to this much
 * before the idle timeout is over, never after it.
 */
export const TOUCH_EVERY_SECONDS = 30;

/** The cookie that carries a session's token (never its subject or anything else). */
export const SESSION_COOKIE = 'hubline_session';

/** What the OpenID provider gave at sign-in: the pages call the API with its access token. */
export interface ProviderTokens {
  accessToken: string;
  /** When the access token expires (epoch milliseconds). */
  expiresAt: number;
  refreshToken?: string;
  /** For signing out at the provider (RP-initiated logout). */
  idToken?: string;
}

/** A live session: whose it is, and the provider's tokens when it began with OpenID Connect. */
export interface LiveSession {
  subject: string;
  provider?: ProviderTokens;
}

const hash = (token: string) => createHash('sha256').update(token).digest('hex');

/** The key that seals a session's provider tokens: derived from the browser's token, never stored. */
const sealingKey = (token: string) =>
  Buffer.from(hkdfSync('sha256', token, 'hubline-web-session', 'provider-tokens', 32));

function seal(token: string, tokens: ProviderTokens): Buffer {
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', sealingKey(token), iv);
  const body = Buffer.concat([cipher.update(JSON.stringify(tokens), 'utf8'), cipher.final()]);
  return Buffer.concat([iv, cipher.getAuthTag(), body]);
}

function unseal(token: string, sealed: Buffer): ProviderTokens | undefined {
  try {
    const decipher = createDecipheriv('aes-256-gcm', sealingKey(token), sealed.subarray(0, 12));
    decipher.setAuthTag(sealed.subarray(12, 28));
    return JSON.parse(Buffer.concat([decipher.update(sealed.subarray(28)), decipher.final()]).toString('utf8'));
  } catch {
    return undefined;
  }
}

/**
 * Server-side sessions in PostgreSQL. The browser holds a random 256-bit token; the table holds
 * its hash, so a copy of the table opens no session. Each use moves the idle deadline; a session
 * past either deadline is deleted when next presented, and old rows when a session starts. The
 * provider's tokens of an OpenID Connect session are sealed with a key derived from the browser's
 * token (AES-256-GCM), so the table alone cannot call the API either.
 */
@Injectable()
export class WebSessions {
  constructor(private readonly db: DataSource) {}

  /** Starts a session for a registered user's subject; returns the token for the cookie. */
  async start(subject: string, now = new Date(), provider?: ProviderTokens): Promise<string> {
    const token = randomBytes(32).toString('base64url');
    await this.db.query(
      'INSERT INTO web.sessions (token_hash, subject, created_at, last_seen_at, provider_tokens) VALUES ($1, $2, $3, $3, $4)',
      [hash(token), subject, now, provider ? seal(token, provider) : null],
    );
    await this.db.query(
      `DELETE FROM web.sessions WHERE last_seen_at < $1::timestamptz - make_interval(mins => $2) OR created_at < $1::timestamptz - make_interval(hours => $3)`,
      [now, IDLE_TIMEOUT_MINUTES, ABSOLUTE_TIMEOUT_HOURS],
    );
    return token;
  }

  /** The subject of a live session, its idle deadline moved on; null when unknown or expired. */
  async use(token: string | undefined, now = new Date()): Promise<string | null> {
    return (await this.open(token, now))?.subject ?? null;
  }

  /** A live session with its provider tokens, its idle deadline moved on; null when unknown or expired. */
  async open(token: string | undefined, now = new Date()): Promise<LiveSession | null> {
    if (!token || token.length > 100) return null;
    const rows: Array<{ subject: string; provider_tokens: Buffer | null }> = await this.db.query(
      // One statement: the live session, and its idle deadline moved on only when it was last
      // moved more than TOUCH_EVERY_SECONDS ago. Most pages then write nothing, so their
      // transaction commits without waiting for the disk.
      `WITH live AS (
         SELECT token_hash, subject, provider_tokens, last_seen_at FROM web.sessions
          WHERE token_hash = $1
            AND last_seen_at >= $2::timestamptz - make_interval(mins => $3)
            AND created_at >= $2::timestamptz - make_interval(hours => $4)),
       touched AS (
         UPDATE web.sessions AS s SET last_seen_at = $2 FROM live
          WHERE s.token_hash = live.token_hash AND live.last_seen_at < $2::timestamptz - make_interval(secs => $5))
       SELECT subject, provider_tokens FROM live`,
      [hash(token), now, IDLE_TIMEOUT_MINUTES, ABSOLUTE_TIMEOUT_HOURS, TOUCH_EVERY_SECONDS],
    );
    if (rows.length === 1) {
      const sealed = rows[0].provider_tokens;
      if (!sealed) return { subject: rows[0].subject };
      const provider = unseal(token, sealed);
      if (provider) return { subject: rows[0].subject, provider };
    }
    await this.end(token);
    return null;
  }

  /** Keeps the provider's new tokens after a refresh. */
  async renew(token: string, provider: ProviderTokens): Promise<void> {
    await this.db.query('UPDATE web.sessions SET provider_tokens = $2 WHERE token_hash = $1', [
      hash(token),
      seal(token, provider),
    ]);
  }

  async end(token: string | undefined): Promise<void> {
    if (token) await this.db.query('DELETE FROM web.sessions WHERE token_hash = $1', [hash(token)]);
  }
}
