import type { RunningPostgres } from '../../libs/platform/database/src/embedded/embedded-postgres';

export default async function globalTeardown(): Promise<void> {
  await (globalThis as { __HUBLINE_PG__?: RunningPostgres }).__HUBLINE_PG__?.stop();
}
