import { Client } from 'pg';
import { loadOrCreateLocalSigningKey, mintLocalToken } from '@hubline/access';
import type { HublineConfig } from '@hubline/config';
import { databaseForCommand } from './database-for-command';

/** Mints a short-lived bearer token for a registered, active user (embedded default only). */
export async function tokenCommand(config: HublineConfig, args: string[]): Promise<number> {
  const subject = args.find((a) => !a.startsWith('--'));
  const minutesArg = args.find((a) => a.startsWith('--minutes='));
  const minutes = minutesArg ? Number(minutesArg.split('=')[1]) : 60;
  if (!subject) {
    process.stderr.write(
      'usage: npm run token -- <subject> [--minutes=60]\n  e.g. npm run token -- pc.okafor@essex-police.demo\n',
    );
    return 2;
  }
  if (!Number.isInteger(minutes) || minutes < 1 || minutes > 720) {
    process.stderr.write('--minutes must be a whole number from 1 to 720\n');
    return 2;
  }
  if (config.auth.mode !== 'local') {
    process.stderr.write(
      'This Hubline uses an OpenID Connect issuer (AUTH_JWKS_URL): get tokens from it, not from this command.\n',
    );
    return 2;
  }
  const database = await databaseForCommand(config);
  const client = new Client({ connectionString: database.url });
  try {
    await client.connect();
    const exists = await client.query(`SELECT to_regclass('identity.users') IS NOT NULL AS ok`);
    if (!exists.rows[0].ok) {
      process.stderr.write('No users yet: run `npm run seed` (demo data) or start the hub once and register users.\n');
      return 1;
    }
    const platform = await client.query(`SELECT to_regclass('identity.platform_admins') IS NOT NULL AS ok`);
    const { rows } = await client.query<{ active: boolean; display_name: string; roles: string[] }>(
      `SELECT active, display_name, roles FROM identity.users WHERE subject = $1${
        platform.rows[0].ok
          ? ` UNION ALL SELECT active, display_name, ARRAY['platform_admin'] FROM identity.platform_admins WHERE subject = $1`
          : ''
      }`,
      [subject],
    );
    if (!rows.length) {
      const known = await client.query<{ subject: string }>(
        'SELECT subject FROM identity.users WHERE active ORDER BY subject LIMIT 20',
      );
      process.stderr.write(
        `No registered user has the subject ${subject}. Registered users: ${known.rows.map((r) => r.subject).join(', ') || 'none'}\n`,
      );
      return 1;
    }
    if (!rows[0].active) {
      process.stderr.write(
        `${subject} is deactivated; ${rows[0].roles.includes('platform_admin') ? 'the operator reactivates them with create-platform-admin' : 'a partnership administrator can reactivate them'}.\n`,
      );
      return 1;
    }
    const jwk = await loadOrCreateLocalSigningKey(config.dataDir);
    const token = await mintLocalToken(jwk, {
      subject,
      issuer: config.auth.issuer,
      audience: config.auth.audience,
      ttlSeconds: minutes * 60,
    });
    process.stderr.write(
      `Token for ${rows[0].display_name} (${rows[0].roles.join(', ')}), valid for ${minutes} minutes:\n`,
    );
    process.stdout.write(`${token}\n`);
    return 0;
  } finally {
    await client.end().catch(() => undefined);
    await database.stop();
  }
}
