import { readFileSync } from 'node:fs';
import { Client } from 'pg';
import {
  checkpointEvents,
  describeChainBreak,
  readAuditPublicKey,
  verifyLog,
  type AuditPublicKey,
  type SqlQuery,
} from '@hubline/audit';
import type { HublineConfig } from '@hubline/config';
import { EventStoreDbEventStore, PostgresEventStore, type EventStore } from '@hubline/event-store';
import { databaseForCommand } from './database-for-command';

const say = (line: string) => process.stdout.write(`${line}\n`);

/**
 * Recomputes every stream's hash chain and checks every signed checkpoint (or one stream's chain
 * with --stream), and reports OK or the first broken link. Exit code 3 when something is broken.
 * Signatures are checked with --public-key=<PEM file> (what an auditor was given), else with the
 * configured signing key.
 */
export async function verifyCommand(config: HublineConfig, args: string[]): Promise<number> {
  const streamArg = args.find((a) => a.startsWith('--stream='));
  const keyArg = args.find((a) => a.startsWith('--public-key='));
  let key: AuditPublicKey | null;
  try {
    key = readAuditPublicKey({
      pem: keyArg ? readFileSync(keyArg.slice('--public-key='.length), 'utf8') : undefined,
      fromEnvironment: config.audit.signingKey,
      dataDir: config.dataDir,
    });
  } catch (error) {
    process.stderr.write(
      `Cannot read the audit public key: ${error instanceof Error ? error.message : String(error)}\n`,
    );
    return 2;
  }
  const database = await databaseForCommand(config);
  const postgres = config.eventStore.kind === 'postgres';
  const store: EventStore =
    config.eventStore.kind === 'eventstoredb'
      ? new EventStoreDbEventStore({ connectionString: config.eventStore.url })
      : new PostgresEventStore({ connectionString: database.url, poolSize: 2 });
  const client = postgres && !streamArg ? new Client({ connectionString: database.url }) : null;
  try {
    if (streamArg) return await verifyOneStream(store, streamArg.slice('--stream='.length));
    let sql: SqlQuery | null = null;
    if (client) {
      await client.connect();
      sql = async (text, params) => (await client.query(text, params)).rows;
    }
    if (!key) {
      const signed = sql ? (await checkpointEvents(sql)).length : 0;
      if (signed > 0) {
        process.stderr.write(
          `The log holds ${signed} signed checkpoints, but there is no public key to check them with: pass --public-key=<PEM file>.\n`,
        );
        return 2;
      }
      // No checkpoint and no key: only the chains can be checked.
      return await verifyChainsOnly(
        store,
        sql ? 'no signed checkpoints yet' : 'signed checkpoints are not built on EventStoreDB',
      );
    }
    const report = await verifyLog(store, sql, key);
    const { chains, checkpoints } = report;
    if (report.ok) {
      say(
        `OK: ${chains.eventsChecked} events in ${chains.streamsChecked} streams verified; every hash chain is intact.`,
      );
      if (!checkpoints.supported)
        say('Signed checkpoints are not built on EventStoreDB: only the chains were checked.');
      else if (checkpoints.latest) {
        say(
          `OK: ${checkpoints.checked} signed checkpoints hold (key ${key.fingerprint}); the latest covers the log up to position ${checkpoints.latest.position}, signed ${checkpoints.latest.createdAt}.`,
        );
      } else say('No signed checkpoints yet.');
      return 0;
    }
    say(`BROKEN: ${report.firstBroken!.message}`);
    if (chains.firstBroken && checkpoints.firstBroken) say(`Also BROKEN: ${checkpoints.firstBroken.message}`);
    say(
      `Checked ${chains.eventsChecked} events in ${chains.streamsChecked} streams, and ${checkpoints.checked} signed checkpoints before the break.`,
    );
    return 3;
  } finally {
    await client?.end().catch(() => undefined);
    await store.close();
    await database.stop();
  }
}

async function verifyOneStream(store: EventStore, streamId: string): Promise<number> {
  const report = await store.verify({ streamId });
  if (report.ok) {
    say(
      `OK: ${report.eventsChecked} events of stream ${streamId} verified; its hash chain is intact. (Signed checkpoints are checked when verifying the whole log.)`,
    );
    return 0;
  }
  say(`BROKEN: ${describeChainBreak(report.firstBroken!)}`);
  return 3;
}

async function verifyChainsOnly(store: EventStore, note: string): Promise<number> {
  const report = await store.verify();
  if (report.ok) {
    say(
      `OK: ${report.eventsChecked} events in ${report.streamsChecked} streams verified; every hash chain is intact (${note}).`,
    );
    return 0;
  }
  say(`BROKEN: ${describeChainBreak(report.firstBroken!)}`);
  say(`Checked ${report.eventsChecked} events in ${report.streamsChecked} streams before the break.`);
  return 3;
}

/** Prints the PEM public key that verifies checkpoints, for the operator to hand to auditors. */
export async function auditPublicKeyCommand(config: HublineConfig): Promise<number> {
  const key = readAuditPublicKey({ fromEnvironment: config.audit.signingKey, dataDir: config.dataDir });
  if (!key) {
    process.stderr.write(
      'No checkpoint signing key yet: set HUBLINE_AUDIT_SIGNING_KEY, or start Hubline once to generate one.\n',
    );
    return 1;
  }
  process.stderr.write(`Ed25519 public key, fingerprint ${key.fingerprint}:\n`);
  process.stdout.write(key.publicKeyPem);
  return 0;
}
