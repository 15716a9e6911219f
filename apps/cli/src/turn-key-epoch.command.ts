import type { HublineConfig } from '@hubline/config';
import { KeyEpochs } from '@hubline/privacy';
import { STDIO, type CommandOutput } from './cli-flags';
import { withHubContext } from './hub-context';

/**
 * Turns the key epoch now: a new epoch key, every surviving data key re-wrapped under it, the old
 * epoch key destroyed. After it, data keys of forgotten people left in the WAL or in backups open
 * nothing. Exit code 1 when another instance is turning it (try again shortly).
 */
export async function turnKeyEpochCommand(config: HublineConfig, out: CommandOutput = STDIO): Promise<number> {
  const turn = await withHubContext(config, (app) => app.get(KeyEpochs).turn());
  if (!turn) {
    out.err('Another instance is turning the key epoch now; try again when it has finished.');
    return 1;
  }
  out.out(
    `Key epoch ${turn.epochId} is current: ${turn.rewrapped} data keys re-wrapped under it; destroyed the keys of epoch ${turn.destroyed.join(', ') || '(none)'}.`,
  );
  return 0;
}
