import { randomBytes } from 'node:crypto';
import { Client } from 'pg';

/** Admin URL of the PostgreSQL server the suite runs against (set up by test/setup/global-setup.ts). */
export function testServerUrl(): string {
  const url = process.env.HUBLINE_TEST_ADMIN_URL;
  if (!url)
    throw new Error('HUBLINE_TEST_ADMIN_URL is not set: run tests through jest (see test/setup/global-setup.ts)');
  return url;
}

/**
 * A fresh, empty database on the test server, so a test file owns its global log.
 * Tests inside a file still use unique stream ids instead of truncating.
 */
export async function createTestDatabase(prefix = 't'): Promise<string> {
  const name = `${prefix}_${randomBytes(6).toString('hex')}`;
  const admin = new Client({ connectionString: testServerUrl() });
  await admin.connect();
  try {
    await admin.query(`CREATE DATABASE ${name}`);
  } finally {
    await admin.end();
  }
  const url = new URL(testServerUrl());
  url.pathname = `/${name}`;
  return url.toString();
}
