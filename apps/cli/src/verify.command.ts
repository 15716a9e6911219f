import type { HublineConfig } from '@hubline/config';
import { EventStoreDbEventStore, PostgresEventStore, type EventStore } from '@hubline/event-store';
import { databaseForCommand } from './database-for-command';

/** Recomputes every stream's hash chain (or one stream's) and reports OK or the first broken link. */
export async function verifyCommand(config: HublineConfig, args: string[]): Promise<number> {
  const streamArg = args.find((a) => a.startsWith('--stream='));
  const database = await databaseForCommand(config);
  const store: EventStore =
    config.eventStore.kind === 'eventstoredb' ? new EventStoreDbEventStore({ connectionString: config.eventStore.url }) : new PostgresEventStore({ connectionString: database.url, poolSize: 2 });
  try {
    const report = await store.verify(streamArg ? { streamId: streamArg.split('=')[1] } : {});
    if (report.ok) {
      process.stdout.write(`OK: ${report.eventsChecked} events in ${report.streamsChecked} streams verified; every hash chain is intact.\n`);
      return 0;
    }
    const b = report.firstBroken!;
    process.stdout.write(`BROKEN: stream ${b.streamId} at revision ${b.revision}: ${b.reason}${b.expected ? ` (expected ${b.expected}, found ${b.actual})` : ''}\n`);
    process.stdout.write(`Checked ${report.eventsChecked} events in ${report.streamsChecked} streams before the break.\n`);
    return 3;
  } finally {
    await store.close();
    await database.stop();
  }
}
