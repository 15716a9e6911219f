import net from 'node:net';
import { StartUpRefusedError } from '@hubline/errors';
import { createTestDatabase } from '@hubline/testing';
import { checkDatabase } from './runtime-database';

/**
 * DATABASE_URL is tried once before the services use it: each way it can be wrong stops the start
 * with one line naming the server and what to do, never the password.
 */
describe('checking DATABASE_URL at start-up', () => {
  let url: URL;
  beforeAll(async () => {
    url = new URL(await createTestDatabase('check'));
  });

  const refusal = async (target: string): Promise<string> => {
    const error = await checkDatabase(target).then(
      () => null,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(StartUpRefusedError);
    const message = (error as Error).message;
    expect(message).not.toContain('\n');
    expect(message).not.toContain('n0t-the-password');
    return message;
  };
  const changed = (change: (u: URL) => void) => {
    const copy = new URL(url.toString());
    change(copy);
    return copy.toString();
  };

  it('accepts a server that answers', async () => {
    await expect(checkDatabase(url.toString())).resolves.toBeUndefined();
  });

  it('names the server that does not answer', async () => {
    // A port just freed: nothing listens there.
    const probe = net.createServer();
    await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
    const port = (probe.address() as net.AddressInfo).port;
    await new Promise((resolve) => probe.close(resolve));
    expect(await refusal(`postgres://someone:n0t-the-password@127.0.0.1:${port}/db`)).toBe(
      `nothing answers at 127.0.0.1:${port} (DATABASE_URL): start PostgreSQL there, or correct DATABASE_URL.`,
    );
  });

  it('names the user the server refused, and not the password', async () => {
    const message = await refusal(changed((u) => (u.password = 'n0t-the-password')));
    expect(message).toMatch(new RegExp(`^PostgreSQL at ${url.hostname}:${url.port} refused the user ${url.username} `));
  });

  it('names the database the server does not have', async () => {
    expect(await refusal(changed((u) => (u.pathname = '/hubline_no_such_database')))).toBe(
      `PostgreSQL at ${url.hostname}:${url.port} has no database hubline_no_such_database: create it (CREATE DATABASE), or correct DATABASE_URL.`,
    );
  });
});
