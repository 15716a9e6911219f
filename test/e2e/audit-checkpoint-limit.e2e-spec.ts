import { randomUUID } from 'node:crypto';
import { seedPartnership, THURROCK } from '@hubline/demo';
import { TestHub } from '../support/test-hub';

/**
 * Signing a checkpoint reads every stream's state: on demand it is limited, so a caller cannot
 * keep the database busy signing the same log over and over.
 */
describe('checkpoints signed on demand', () => {
  let hub: TestHub;
  const auditor = 'auditor@thurrock.demo';
  const admin = 'admin@thurrock.demo';
  const sign = (who: string) => hub.as(who, { method: 'POST', url: '/audit/checkpoints' });

  beforeAll(async () => {
    hub = await TestHub.start({
      HUBLINE_CHECKPOINT_INTERVAL_MINUTES: '0',
      HUBLINE_CHECKPOINT_ON_DEMAND_SECONDS: '600',
    });
    await seedPartnership(hub.commands, THURROCK);
    await hub.settle();
  });
  afterAll(() => hub.close());

  it('signs one, then refuses another within the interval, from anyone, with 429 problem+json and Retry-After', async () => {
    expect((await sign(auditor)).statusCode).toBe(201);
    await hub.store.append(
      `notes-${randomUUID()}`,
      [{ id: randomUUID(), type: 'NoteRecorded', data: {} }],
      'no_stream',
    );

    for (const who of [auditor, admin]) {
      const refused = await sign(who);
      expect(refused.statusCode).toBe(429);
      expect(refused.headers['content-type']).toMatch(/^application\/problem\+json/);
      const retryAfter = Number(refused.headers['retry-after']);
      expect(retryAfter).toBeGreaterThan(0);
      expect(retryAfter).toBeLessThanOrEqual(600);
      expect(refused.json()).toMatchObject({
        status: 429,
        code: 'AUDIT.CHECKPOINT_TOO_SOON',
        retryAfterSeconds: retryAfter,
      });
    }
    const [row] = await hub.db.query('SELECT count(*)::int AS n FROM audit.checkpoints');
    expect(row.n).toBe(1);
  });

  it('still checks the role first', async () => {
    expect((await sign('pc.okafor@essex-police.demo')).statusCode).toBe(403);
  });
});
