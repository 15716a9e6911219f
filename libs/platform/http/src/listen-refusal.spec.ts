import net from 'node:net';
import { StartUpRefusedError } from '@hubline/errors';
import { listenRefusal } from './create-http-app';

/** The error Node gives a server listening where it may not, as `app.listen` passes it on. */
async function listenError(port: number, host: string): Promise<unknown> {
  const server = net.createServer();
  return new Promise((resolve) => {
    server.once('error', resolve);
    server.listen(port, host, () => server.close(() => resolve(null)));
  });
}

describe('a server that cannot listen', () => {
  it('names a taken port and what to do, in one line', async () => {
    const holder = net.createServer();
    await new Promise<void>((resolve) => holder.listen(0, '127.0.0.1', resolve));
    const port = (holder.address() as net.AddressInfo).port;
    try {
      const refusal = listenRefusal(await listenError(port, '127.0.0.1'), '127.0.0.1', port);
      expect(refusal).toBeInstanceOf(StartUpRefusedError);
      expect(refusal?.message).toBe(
        `port ${port} on 127.0.0.1 is already in use by another process: stop that process, or set PORT to a free port.`,
      );
    } finally {
      await new Promise((resolve) => holder.close(resolve));
    }
  });

  it('names a HOST that is not an address of this machine', async () => {
    const refusal = listenRefusal(await listenError(0, '10.254.254.254'), '10.254.254.254', 3000);
    expect(refusal?.message).toMatch(/^10\.254\.254\.254 is not an address of this machine: set HOST/);
  });

  it('leaves any other failure as it was, for its stack', () => {
    expect(listenRefusal(new Error('something else'), '127.0.0.1', 3000)).toBeNull();
  });
});
