import { rebuildSchema, redirectTables } from './rebuild';

describe('redirectTables', () => {
  const redirect = redirectTables(['timelines.entries', 'timelines.case_people']);

  it("points the projection's own qualified tables at the rebuild schema, every occurrence", () => {
    expect(
      redirect(
        'INSERT INTO timelines.entries (a) SELECT cp.a FROM timelines.case_people cp JOIN timelines.case_people x ON true',
      ),
    ).toBe(
      'INSERT INTO rebuild__timelines.entries (a) SELECT cp.a FROM rebuild__timelines.case_people cp JOIN rebuild__timelines.case_people x ON true',
    );
  });

  it('leaves other tables, longer names, columns and already redirected names alone', () => {
    const sql =
      'SELECT * FROM timelines.entries_old, timelines.meetings, people.entries, x.timelines.entries, rebuild__timelines.entries';
    expect(redirect(sql)).toBe(sql);
  });

  it('refuses a table name that is not schema.table in lower case', () => {
    expect(() => redirectTables(['entries'])).toThrow('must be schema.table');
    expect(() => redirectTables(['Timelines.Entries'])).toThrow('must be schema.table');
  });

  it('names the rebuild schema after the table schema', () => {
    expect(rebuildSchema('lag')).toBe('rebuild__lag');
  });
});
