import { chmodSync, cpSync, existsSync, lstatSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { Client } from 'pg';
import { startEmbeddedPostgres, type RunningPostgres } from './embedded-postgres';
import { binariesIn, packagedBinaries } from './postgres-binaries';
import { EmbeddedPostgresError } from './startup-error';

const asRoot = process.getuid?.() === 0;

async function query(server: RunningPostgres, sql: string): Promise<Array<Record<string, unknown>>> {
  const client = new Client({ connectionString: server.adminUrl });
  await client.connect();
  try {
    return (await client.query(sql)).rows;
  } finally {
    await client.end();
  }
}

function uidOf(pid: number): number {
  const line = readFileSync(`/proc/${pid}/status`, 'utf8')
    .split('\n')
    .find((l) => l.startsWith('Uid:'))!;
  return Number(line.split(/\s+/)[1]);
}

describe('the embedded PostgreSQL', () => {
  let scratch: string;
  let runtimeRoot: string;

  beforeAll(() => {
    scratch = mkdtempSync(path.join(os.tmpdir(), 'hubline-embedded-spec-'));
    chmodSync(scratch, 0o755);
    runtimeRoot = path.join(scratch, 'runtime');
  });
  afterAll(() => rmSync(scratch, { recursive: true, force: true }));

  it('starts from a clone inside a folder only its owner may enter, keeps its data across restarts, and starts afresh when the data folder is deleted', async () => {
    // A clone in /root, or in any folder made by mktemp -d: mode 700, owned by whoever runs Hubline.
    const privateHome = mkdtempSync(path.join(scratch, 'home-'));
    chmodSync(privateHome, 0o700);
    const installed = packagedBinaries();
    const clonedBinaries = path.join(privateHome, 'hubline', 'node_modules', 'native');
    cpSync(installed.root, clonedBinaries, { recursive: true, verbatimSymlinks: true });
    const binaries = binariesIn(clonedBinaries, installed.version);
    const dataDir = path.join(privateHome, 'hubline', '.hubline', 'postgres');

    const first = await startEmbeddedPostgres({ dataDir, port: 0, persistent: true, runtimeRoot, binaries });
    try {
      expect(await query(first, 'SELECT 1 AS one')).toEqual([{ one: 1 }]);
      await query(first, 'CREATE TABLE kept (id int)');
      if (asRoot) {
        // PostgreSQL refuses root: it runs as another account, from copies that account can reach.
        expect(first.user).toBe('postgres');
        expect(uidOf(first.pid)).not.toBe(0);
        expect(first.dataDir.startsWith(runtimeRoot)).toBe(true);
        expect(lstatSync(dataDir).isSymbolicLink()).toBe(true);
      } else {
        expect(uidOf(first.pid)).toBe(process.getuid!());
        expect(first.dataDir).toBe(dataDir);
      }
    } finally {
      await first.stop();
    }

    const second = await startEmbeddedPostgres({ dataDir, port: 0, persistent: true, runtimeRoot, binaries });
    try {
      expect(second.dataDir).toBe(first.dataDir);
      expect(await query(second, "SELECT to_regclass('kept') IS NOT NULL AS kept")).toEqual([{ kept: true }]);
    } finally {
      await second.stop();
    }

    // "To start afresh, delete .hubline/": the cluster kept elsewhere is not reused.
    rmSync(path.dirname(dataDir), { recursive: true, force: true });
    const fresh = await startEmbeddedPostgres({ dataDir, port: 0, persistent: false, runtimeRoot, binaries });
    try {
      expect(await query(fresh, "SELECT to_regclass('kept') IS NOT NULL AS kept")).toEqual([{ kept: false }]);
    } finally {
      await fresh.stop();
    }
    expect(existsSync(fresh.dataDir)).toBe(false);
    expect(existsSync(dataDir)).toBe(false);
  });

  it('removes a cluster kept elsewhere once the folder it was kept for is deleted, at the next start', async () => {
    const privateHome = mkdtempSync(path.join(scratch, 'gone-'));
    chmodSync(privateHome, 0o700);
    const dataDir = path.join(privateHome, '.hubline', 'postgres');
    const kept = await startEmbeddedPostgres({ dataDir, port: 0, persistent: true, runtimeRoot });
    await kept.stop();
    // Kept elsewhere only when the server's account could not enter the folder (as root).
    if (kept.dataDir === dataDir) return;
    expect(existsSync(kept.dataDir)).toBe(true);
    rmSync(privateHome, { recursive: true, force: true });

    const other = await startEmbeddedPostgres({
      dataDir: path.join(scratch, 'other'),
      port: 0,
      persistent: false,
      runtimeRoot,
    });
    await other.stop();
    expect(existsSync(kept.dataDir)).toBe(false);
  });

  it('refuses to start on a data folder that a running Hubline uses, and leaves that one running', async () => {
    const dataDir = path.join(scratch, 'in-use');
    const first = await startEmbeddedPostgres({ dataDir, port: 0, persistent: false, runtimeRoot });
    try {
      const second = startEmbeddedPostgres({ dataDir, port: 0, persistent: false, runtimeRoot });
      await expect(second).rejects.toBeInstanceOf(EmbeddedPostgresError);
      await expect(second).rejects.toThrow(/already running PostgreSQL on .*HUBLINE_DATA_DIR/);
      expect(await query(first, 'SELECT 1 AS one')).toEqual([{ one: 1 }]);
    } finally {
      await first.stop();
    }
  });

  it('names the cause and the fix in one line when its port is taken', async () => {
    const holder = net.createServer();
    await new Promise<void>((resolve) => holder.listen(0, '127.0.0.1', resolve));
    const port = (holder.address() as net.AddressInfo).port;
    try {
      const started = startEmbeddedPostgres({
        dataDir: path.join(scratch, 'port-taken'),
        port,
        persistent: false,
        runtimeRoot,
      });
      await expect(started).rejects.toBeInstanceOf(EmbeddedPostgresError);
      await expect(started).rejects.toThrow(`port ${port} on 127.0.0.1 is already in use`);
      await expect(started).rejects.toThrow(/EMBEDDED_POSTGRES_PORT.*DATABASE_URL/);
      const message = await started.catch((e: Error) => e.message);
      expect(message).not.toContain('\n');
    } finally {
      await new Promise((resolve) => holder.close(resolve));
    }
  });

  it('names the cause and the fix in one line when a file stands where the data folder should be', async () => {
    const file = path.join(scratch, 'a-file');
    writeFileSync(file, 'not a folder');
    const started = startEmbeddedPostgres({
      dataDir: path.join(file, 'postgres'),
      port: 0,
      persistent: false,
      runtimeRoot,
    });
    await expect(started).rejects.toBeInstanceOf(EmbeddedPostgresError);
    await expect(started).rejects.toThrow(`the data folder ${file} cannot be made (a file is in the way)`);
    await expect(started).rejects.toThrow(/Set HUBLINE_DATA_DIR to a folder/);
    expect(readFileSync(file, 'utf8')).toBe('not a folder');
  });
});
