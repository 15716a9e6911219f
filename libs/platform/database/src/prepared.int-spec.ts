import { DataSource } from 'typeorm';
import { createTestDatabase } from '@hubline/testing';
import { readModelPool } from './database.module';
import { queryPrepared } from './prepared';

/**
 * Statements read on every request are sent prepared: planned once per connection, answered as
 * `DataSource.query` answers.
 */
describe('queryPrepared', () => {
  let db: DataSource;
  beforeAll(async () => {
    // One connection: the statement prepared is on the connection the checks below ask.
    db = await new DataSource({
      type: 'postgres',
      url: await createTestDatabase('prepared'),
      extra: readModelPool(1),
    }).initialize();
  });
  afterAll(() => db?.destroy());

  const TEXT = `SELECT $1::uuid AS id, ARRAY[$1::uuid] AS ids, json_build_object('n', $2::int) AS doc,
                       $3::timestamptz AS at, $2::numeric / 3 AS third, NULL::text AS nothing`;
  const values = ['0b7c9d6e-1f2a-4b3c-8d4e-5f6a7b8c9d0e', 7, '2028-02-29T23:59:59.123Z'];

  it('answers with the rows DataSource.query gives, types parsed alike', async () => {
    const prepared = await queryPrepared(db, 'test.types', TEXT, values);
    expect(prepared).toEqual(await db.query(TEXT, values));
    expect(prepared).toEqual([
      {
        id: values[0],
        ids: [values[0]],
        doc: { n: 7 },
        at: new Date('2028-02-29T23:59:59.123Z'),
        third: '2.3333333333333333',
        nothing: null,
      },
    ]);
  });

  it('leaves the statement prepared on the connection, and answers again from it', async () => {
    await queryPrepared(db, 'test.again', 'SELECT $1::int + 1 AS n', [1]);
    const [{ n }] = await queryPrepared<{ n: number }>(db, 'test.again', 'SELECT $1::int + 1 AS n', [41]);
    expect(n).toBe(42);
    const names: Array<{ name: string }> = await db.query(`SELECT name FROM pg_prepared_statements ORDER BY name`);
    expect(names.map((r) => r.name)).toEqual(expect.arrayContaining(['test.again', 'test.types']));
  });

  it('plans a statement once, generically, even one PostgreSQL would plan at every call', async () => {
    await db.query('CREATE TABLE keyed (id uuid PRIMARY KEY, n int NOT NULL)');
    await db.query('INSERT INTO keyed SELECT gen_random_uuid(), g FROM generate_series(1, 1000) g');
    await db.query('ANALYZE keyed');
    const [{ id }] = await db.query('SELECT id FROM keyed LIMIT 1');
    const text = 'SELECT n FROM keyed WHERE id = ANY($1::uuid[])';
    for (let i = 0; i < 8; i++) expect(await queryPrepared(db, 'test.keyed', text, [[id]])).toHaveLength(1);
    const [plans]: Array<{ generic_plans: string; custom_plans: string }> = await db.query(
      `SELECT generic_plans, custom_plans FROM pg_prepared_statements WHERE name = 'test.keyed'`,
    );
    expect({ generic: Number(plans.generic_plans), custom: Number(plans.custom_plans) }).toEqual({
      generic: 8,
      custom: 0,
    });
  });

  it('refuses a name given a second text, before anything is sent', async () => {
    await queryPrepared(db, 'test.one-text', 'SELECT 1 AS n', []);
    await expect(queryPrepared(db, 'test.one-text', 'SELECT 2 AS n', [])).rejects.toThrow(/second text/);
  });

  it('fails as the statement fails, and the connection serves the next', async () => {
    await expect(queryPrepared(db, 'test.fails', 'SELECT 1 / $1::int AS n', [0])).rejects.toThrow(/division by zero/);
    await expect(queryPrepared(db, 'test.fails', 'SELECT 1 / $1::int AS n', [1])).resolves.toEqual([{ n: 1 }]);
  });
});
