import { randomUUID } from 'node:crypto';
import { createTestDatabase, eventually } from '@hubline/testing';
import { DataSource } from 'typeorm';
import { CreateIdempotencyKeys1763873100000 } from '../migrations/1763873100000-create-idempotency-keys';
import { IdempotencyKeySeeds1765400000000 } from '../migrations/1765400000000-idempotency-key-seeds';
import { fingerprintOf, IdempotencyKeyStore } from './idempotency-keys';

describe('IdempotencyKeyStore', () => {
  let db: DataSource;
  const user = () => `user:${randomUUID()}`;
  const request = (body: unknown) => fingerprintOf('POST', '/people', body);
  const ANSWER = { status: 201, headers: { etag: '"0"' }, body: { personId: 'p-1', version: 0 } };

  beforeAll(async () => {
    db = await new DataSource({
      type: 'postgres',
      url: await createTestDatabase('idempotency'),
      migrations: [CreateIdempotencyKeys1763873100000, IdempotencyKeySeeds1765400000000],
      extra: { max: 8 },
    }).initialize();
    await db.runMigrations();
  });
  afterAll(() => db?.destroy());

  it('claims a key once, then replays its answer to the same request and refuses another', async () => {
    const keys = new IdempotencyKeyStore(db);
    const [scope, key] = [user(), randomUUID()];
    expect(await keys.claim(scope, key, request({ a: 1, b: 2 }))).toMatchObject({ kind: 'claimed' });
    expect(await keys.claim(scope, key, request({ b: 2, a: 1 }))).toEqual({ kind: 'in_progress' });
    await keys.answer(scope, key, ANSWER);
    expect(await keys.claim(scope, key, request({ b: 2, a: 1 }))).toEqual({ kind: 'answered', answer: ANSWER });
    expect(await keys.claim(scope, key, request({ a: 2, b: 2 }))).toEqual({ kind: 'different_request' });
    expect(await keys.claim(user(), key, request({ a: 2, b: 2 }))).toMatchObject({ kind: 'claimed' });
  });

  it('lets exactly one of many concurrent claims of a key run', async () => {
    const keys = new IdempotencyKeyStore(db);
    const [scope, key] = [user(), randomUUID()];
    const claims = await Promise.all(Array.from({ length: 8 }, () => keys.claim(scope, key, request({}))));
    expect(claims.filter((c) => c.kind === 'claimed')).toHaveLength(1);
    expect(claims.filter((c) => c.kind === 'in_progress')).toHaveLength(7);
  });

  it('frees a released key (a refusal), so that a retry is decided afresh', async () => {
    const keys = new IdempotencyKeyStore(db);
    const [scope, key] = [user(), randomUUID()];
    await keys.claim(scope, key, request({ a: 1 }));
    await keys.release(scope, key);
    expect(await keys.claim(scope, key, request({ a: 2 }))).toMatchObject({ kind: 'claimed' });
  });

  it('hands a key whose request died without answering to a retry of the same request once its lease runs out', async () => {
    const keys = new IdempotencyKeyStore(db, 60_000, 200);
    const [scope, key] = [user(), randomUUID()];
    await keys.claim(scope, key, request({ a: 1 }));
    expect(await keys.claim(scope, key, request({ a: 1 }))).toEqual({ kind: 'in_progress' });
    await eventually(async () =>
      expect(await keys.claim(scope, key, request({ a: 1 }))).toMatchObject({ kind: 'claimed' }),
    );
    expect(await keys.claim(scope, key, request({ a: 9 }))).toEqual({ kind: 'different_request' });
  });

  it('keeps the seed of a key for a re-run of its request, after a crash or a failure, and only for it', async () => {
    const keys = new IdempotencyKeyStore(db, 60_000, 200);
    const [scope, key] = [user(), randomUUID()];
    const first = await keys.claim(scope, key, request({ a: 1 }));
    if (first.kind !== 'claimed') throw new Error('not claimed');
    expect(first.seed).toMatch(/^[0-9a-f-]{36}$/);
    let rerun = await keys.claim(scope, key, request({ a: 1 }));
    await eventually(async () => {
      rerun = await keys.claim(scope, key, request({ a: 1 }));
      expect(rerun.kind).toBe('claimed');
    });
    expect(rerun).toEqual({ kind: 'claimed', seed: first.seed });
    await keys.release(scope, key);
    expect(await keys.claim(scope, key, request({ a: 1 }))).toEqual({ kind: 'claimed', seed: first.seed });
    await keys.release(scope, key);
    const corrected = await keys.claim(scope, key, request({ a: 2 }));
    expect(corrected).toMatchObject({ kind: 'claimed' });
    expect(corrected).not.toEqual({ kind: 'claimed', seed: first.seed });
    expect(await keys.claim(user(), key, request({ a: 1 }))).not.toEqual({ kind: 'claimed', seed: first.seed });
  });

  it('forgets an answered key once it has expired, and gives the same request a new seed then', async () => {
    const keys = new IdempotencyKeyStore(db, 200);
    const [scope, key] = [user(), randomUUID()];
    const first = await keys.claim(scope, key, request({ a: 1 }));
    await keys.answer(scope, key, ANSWER);
    let again = await keys.claim(scope, key, request({ a: 1 }));
    await eventually(async () => {
      again = await keys.claim(scope, key, request({ a: 1 }));
      expect(again).toMatchObject({ kind: 'claimed' });
    });
    expect(again).not.toEqual(first);
  });
});
