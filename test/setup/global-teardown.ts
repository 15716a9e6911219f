import { rmSync } from 'node:fs';
import type { RunningPostgres } from '../../libs/platform/database/src/embedded/embedded-postgres';

export default async function globalTeardown(): Promise<void> {
  const state = globalThis as { __HUBLINE_PG__?: RunningPostgres; __HUBLINE_SCRATCH__?: string };
  await state.__HUBLINE_PG__?.stop();
  if (state.__HUBLINE_SCRATCH__) rmSync(state.__HUBLINE_SCRATCH__, { recursive: true, force: true });
}
