import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Sessions of the web pages: the cookie holds a random token, the table only its SHA-256 hash,
 * the user's subject and when it was last used (for the idle timeout). Signing out deletes the row.
 */
export class CreateWebSessions1764900000000 implements MigrationInterface {
  name = 'CreateWebSessions1764900000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query('CREATE SCHEMA IF NOT EXISTS web');
    await q.query(`
      CREATE TABLE web.sessions (
        token_hash text PRIMARY KEY,
        subject text NOT NULL,
        created_at timestamptz NOT NULL,
        last_seen_at timestamptz NOT NULL
      )`);
    await q.query('CREATE INDEX sessions_last_seen_idx ON web.sessions (last_seen_at)');
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP TABLE web.sessions');
  }
}
