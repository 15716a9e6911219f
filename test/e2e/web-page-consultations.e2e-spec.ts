import { seedPartnership, THURROCK } from '@hubline/demo';
import { COUNT_HEADER, countRequestRoundTrips, statementsOf } from '../support/query-counter';
import { TestHub, ok } from '../support/test-hub';
import { signInAsDemoUser } from '../support/web-sign-in';

/**
 * A page's reads are recorded in one append, and a page whose consultations cannot be stored is
 * not sent. The person page reads the record and then the timeline through the API: both
 * consultations are appended together (one transaction in the store), and the page leaves only
 * once they are stored.
 */
describe("a web page's consultations", () => {
  let hub: TestHub;
  let cookie: string;
  let personId: string;
  const pc = 'pc.okafor@essex-police.demo';

  beforeAll(async () => {
    hub = await TestHub.start({}, countRequestRoundTrips);
    await seedPartnership(hub.commands, THURROCK);
    await hub.settle();
    personId = (
      await ok(
        hub.as(pc, {
          method: 'POST',
          url: '/people',
          body: { givenName: 'Nell', familyName: 'Quillfeather', dateOfBirth: '1968-03-04' },
        }),
        201,
      )
    ).personId as string;
    await hub.settle();
    ({ cookie } = await signInAsDemoUser(hub, pc));
  }, 120_000);
  afterAll(() => hub?.close());

  const consultationsSince = async (seq: string) =>
    hub.db.query<Array<{ tx_id: string; view: string }>>(
      `SELECT tx_id::text, data->>'view' AS view FROM event_store.events
        WHERE type = 'PersonalDataConsulted' AND seq > $1 AND (data->'personIds')::jsonb ? $2 ORDER BY seq`,
      [seq, personId],
    );
  const lastSeq = async () =>
    String((await hub.db.query('SELECT coalesce(max(seq), 0)::text AS seq FROM event_store.events'))[0].seq);

  it('appends the consultations of every read of a page together, before the page is sent', async () => {
    const before = await lastSeq();
    const page = await hub.app.inject({ url: `/person/${personId}?purpose=case_management`, headers: { cookie } });
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('Quillfeather');
    // Stored by the time the page arrived: read at once, with no wait for anything.
    const rows = await consultationsSince(before);
    expect(rows.map((r) => r.view).sort()).toEqual(['person_profile', 'victim_timeline']);
    expect(new Set(rows.map((r) => r.tx_id)).size).toBe(1);
  });

  it("reads the person once for the page's record and timeline, and shows both from it", async () => {
    const page = await hub.app.inject({
      url: `/person/${personId}?purpose=case_management`,
      headers: { cookie, [COUNT_HEADER]: 'person-page' },
    });
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('Quillfeather');
    expect(page.body).toContain('Timeline');
    const statements = statementsOf('person-page');
    // Two reads through the API (the record, then the timeline), one read of the person.
    expect(statements.filter((s) => /FROM people\.people p WHERE/.test(s))).toHaveLength(1);
    expect(statements.filter((s) => /FROM timelines\./.test(s)).length).toBeGreaterThan(0);
  });

  it('sends an error instead of the page when its consultations cannot be stored, and the page again once they can', async () => {
    await hub.db.query(`
      CREATE FUNCTION public.refuse_consultations() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF NEW.type = 'PersonalDataConsulted' THEN RAISE EXCEPTION 'consultations refused for this test'; END IF;
        RETURN NEW;
      END $$`);
    await hub.db.query(`CREATE TRIGGER refuse_consultations BEFORE INSERT ON event_store.events
      FOR EACH ROW EXECUTE FUNCTION public.refuse_consultations()`);
    try {
      const before = await lastSeq();
      const refused = await hub.app.inject({
        url: `/person/${personId}?purpose=case_management`,
        headers: { cookie },
      });
      expect(refused.statusCode).toBe(500);
      expect(refused.body).not.toContain('Quillfeather');
      expect(refused.body).not.toContain('1968');
      expect(await consultationsSince(before)).toEqual([]);
    } finally {
      await hub.db.query('DROP TRIGGER refuse_consultations ON event_store.events');
      await hub.db.query('DROP FUNCTION public.refuse_consultations()');
    }
    const again = await hub.app.inject({ url: `/person/${personId}?purpose=case_management`, headers: { cookie } });
    expect(again.statusCode).toBe(200);
    expect(again.body).toContain('Quillfeather');
  });
});
