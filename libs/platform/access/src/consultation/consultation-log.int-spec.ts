import { randomUUID } from 'node:crypto';
import { Client } from 'pg';
import { PostgresEventStore } from '@hubline/event-store';
import { createTestDatabase } from '@hubline/testing';
import type { Actor } from '../roles';
import { ConsultationLog } from './consultation-log';

/**
 * The consultation log's one append for a read that records several consultations (decision
 * 0032): each consultation is still its own event on its own stream, all stored in one statement
 * (one transaction) when the read ends, none while it runs, and none when it fails.
 */
describe('the consultation log', () => {
  let store: PostgresEventStore;
  let db: Client;
  let log: ConsultationLog;
  const actor: Actor = {
    userId: randomUUID(),
    partnershipId: randomUUID(),
    agencyId: randomUUID(),
    roles: ['practitioner'],
  } as Actor;

  beforeAll(async () => {
    const url = await createTestDatabase('consultation_log');
    store = new PostgresEventStore({ connectionString: url, poolSize: 5 });
    await store.migrate();
    db = new Client({ connectionString: url });
    await db.connect();
    log = new ConsultationLog(store);
  });
  afterAll(async () => {
    await db?.end();
    await store?.close();
  });

  /** The consultations recorded with this view, with the transaction that stored each. */
  const recorded = async (view: string) =>
    (
      await db.query(
        `SELECT tx_id::text AS tx, data FROM event_store.events
          WHERE type = 'PersonalDataConsulted' AND data->>'view' = $1 ORDER BY seq`,
        [view],
      )
    ).rows as Array<{ tx: string; data: { personIds: string[]; categoriesShown?: Record<string, string[]> } }>;

  it('stores a consultation recorded alone before `record` returns', async () => {
    const view = `alone-${randomUUID()}`;
    const personId = randomUUID();
    await log.record(actor, { personIds: [personId], view, purpose: 'case_management' });
    expect((await recorded(view)).map((r) => r.data.personIds)).toEqual([[personId]]);
  });

  it('stores every consultation of a read at its end, each its own event, in one transaction', async () => {
    const view = `together-${randomUUID()}`;
    const [shown, locked, subject] = [randomUUID(), randomUUID(), randomUUID()];
    const during: number[] = [];
    const answer = await log.inOneAppend(async () => {
      await log.record(actor, {
        personIds: [shown],
        view,
        purpose: 'case_management',
        categories: new Map([[shown, ['identity']]]),
      });
      await log.record(actor, { personIds: [locked], view, purpose: 'case_management', categories: new Map() });
      await log.record(actor, { personIds: [subject, subject], view, purpose: 'case_management' });
      during.push((await recorded(view)).length);
      return 'the answer';
    });
    expect(answer).toBe('the answer');
    expect(during).toEqual([0]);
    const rows = await recorded(view);
    expect(rows.map((r) => r.data.personIds)).toEqual(expect.arrayContaining([[shown], [locked], [subject]]));
    expect(rows).toHaveLength(3);
    expect(rows.find((r) => r.data.personIds[0] === shown)!.data.categoriesShown).toEqual({ [shown]: ['identity'] });
    expect(new Set(rows.map((r) => r.tx)).size).toBe(1);
  });

  it('records nothing of a read that fails: nothing was shown', async () => {
    const view = `failed-${randomUUID()}`;
    await expect(
      log.inOneAppend(async () => {
        await log.record(actor, { personIds: [randomUUID()], view, purpose: 'case_management' });
        throw new Error('the read failed');
      }),
    ).rejects.toThrow('the read failed');
    expect(await recorded(view)).toEqual([]);
  });

  describe("a page's reads", () => {
    /** A read that counts how often it was made. */
    const counted = () => {
      let made = 0;
      return { read: async () => ++made, made: () => made };
    };

    it('makes the same read once in a page that keeps its reads, and again after the page writes', async () => {
      const page = log.forPage({ keepReads: true });
      const person = counted();
      const other = counted();
      await log.withinPage(page, async () => {
        expect(await log.readOnce('person a', person.read)).toBe(1);
        expect(await log.readOnce('person a', person.read)).toBe(1);
        expect(await log.keptRead('person a')).toBe(1);
        expect(await log.readOnce('person b', other.read)).toBe(1);
        log.forgetReads();
        expect(log.keptRead('person a')).toBeUndefined();
        expect(await log.readOnce('person a', person.read)).toBe(2);
      });
      expect(person.made()).toBe(2);
    });

    it('keeps no read that failed, none in a page that writes, and none outside a page', async () => {
      let failures = 0;
      const flaky = async () => {
        if (failures++ === 0) throw new Error('the database went away');
        return 'read';
      };
      await log.withinPage(log.forPage({ keepReads: true }), async () => {
        await expect(log.readOnce('flaky', flaky)).rejects.toThrow('went away');
        expect(await log.readOnce('flaky', flaky)).toBe('read');
      });
      const writes = counted();
      await log.withinPage(log.forPage(), async () => {
        await log.readOnce('person', writes.read);
        await log.readOnce('person', writes.read);
        expect(log.keptRead('person')).toBeUndefined();
      });
      expect(writes.made()).toBe(2);
      const outside = counted();
      await log.readOnce('person', outside.read);
      await log.readOnce('person', outside.read);
      expect(outside.made()).toBe(2);
    });
  });
});
