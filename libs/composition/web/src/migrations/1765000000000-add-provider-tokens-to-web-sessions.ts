import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A session started by OpenID Connect sign-in keeps the provider's tokens (the access token the
 * pages call the API with, its refresh token and the ID token for signing out at the provider),
 * encrypted with a key derived from the session's own token, which only the browser holds: a copy
 * of the table opens no session and calls no API.
 */
export class AddProviderTokensToWebSessions1765000000000 implements MigrationInterface {
  name = 'AddProviderTokensToWebSessions1765000000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query('ALTER TABLE web.sessions ADD COLUMN provider_tokens bytea');
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('ALTER TABLE web.sessions DROP COLUMN provider_tokens');
  }
}
