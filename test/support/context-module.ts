import { Test, type TestingModule } from '@nestjs/testing';
import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { loadConfig } from '@hubline/config';
import { ServiceModule, type ServiceOptions } from '@hubline/service';
import { createTestDatabase } from '@hubline/testing';

/**
 * One or more contexts composed as a service composes them (the platform, the given contexts,
 * their migrations and projections), on a fresh database of the suite's PostgreSQL, initialised:
 * what a context's command-to-event integration tests send commands through.
 */
export async function contextModule(
  name: string,
  parts: Pick<ServiceOptions, 'contexts' | 'migrations' | 'projections' | 'reactors'>,
  env: Record<string, string> = {},
): Promise<TestingModule> {
  const databaseUrl = await createTestDatabase(name);
  const dataDir = mkdtempSync(path.join(os.tmpdir(), `hubline-${name}-`));
  const config = loadConfig({ DATABASE_URL: databaseUrl, LOG_LEVEL: 'silent', HUBLINE_DATA_DIR: dataDir, ...env });
  const module = await Test.createTestingModule({
    imports: [ServiceModule.register({ name: `${name}-test`, config, databaseUrl, ...parts })],
  }).compile();
  await module.init();
  return module;
}
