import { seedPartnership, THURROCK } from '@hubline/demo';
import { ok, TestHub } from '../support/test-hub';

/**
 * The duplicate check's settings as a partnership setting (decision 0025): the name similarity
 * threshold and whether low-confidence candidates are listed, within safe bounds, versioned by
 * their events, and what registration then finds.
 */
describe('duplicate check settings over HTTP', () => {
  let hub: TestHub;
  const pc = 'pc.okafor@essex-police.demo';
  const admin = 'admin@thurrock.demo';
  let aisha: string;

  beforeAll(async () => {
    hub = await TestHub.start();
    await seedPartnership(hub.commands, THURROCK);
    await hub.settle();
    aisha = (
      await ok(
        hub.as(pc, {
          method: 'POST',
          url: '/people',
          body: { givenName: 'Aisha', familyName: 'Rahman', dateOfBirth: '1991-04-18', confirmNewPerson: true },
        }),
        201,
      )
    ).personId;
    await hub.settle();
  });
  afterAll(() => hub?.close());

  const put = (body: unknown, headers: Record<string, string> = {}) =>
    hub.as(admin, { method: 'PUT', url: '/people/settings/duplicate-check', body, headers });
  const registerAysha = (body: Record<string, unknown> = {}) =>
    hub.as(pc, { method: 'POST', url: '/people', body: { givenName: 'Aysha', familyName: 'Rahmen', ...body } });
  const changes = async () =>
    Number(
      (
        await hub.db.query(`SELECT count(*) AS n FROM event_store.events WHERE type = 'DuplicateCheckSettingsChanged'`)
      )[0].n,
    );

  it('starts at the defaults, and refuses settings out of bounds, changing nothing', async () => {
    expect(await ok(hub.as(admin, { url: '/people/settings/duplicate-check' }))).toEqual({
      nameSimilarity: 0.88,
      showLowConfidence: true,
      version: null,
    });
    for (const nameSimilarity of [0.5, 0.99, 0.905]) {
      const res = await put({ nameSimilarity, showLowConfidence: true });
      expect({ status: res.statusCode, code: res.json().code }).toEqual({
        status: 400,
        code: 'PEOPLE_SETTINGS.OUT_OF_BOUNDS',
      });
    }
    expect((await put({ nameSimilarity: 0.9 })).statusCode).toBe(400);
    expect((await hub.as(pc, { url: '/people/settings/duplicate-check' })).statusCode).toBe(403);
    expect(await changes()).toBe(0);
    expect((await registerAysha()).json().candidates).toEqual([
      { personId: aisha, confidence: 'low', reasons: ['name_similar'] },
    ]);
  });

  it('leaves out a similar name alone when the partnership says so, keeping stronger evidence', async () => {
    const res = await put({ nameSimilarity: 0.88, showLowConfidence: false });
    expect(res.statusCode).toBe(200);
    expect(res.headers.etag).toBe('"0"');
    expect(res.json()).toEqual({ nameSimilarity: 0.88, showLowConfidence: false, version: 0 });
    // The same date of birth with a similar name is still listed.
    expect((await registerAysha({ dateOfBirth: '1991-04-18' })).json().candidates).toEqual([
      { personId: aisha, confidence: 'high', reasons: ['name_similar', 'dob_match'] },
    ]);
    expect((await registerAysha()).statusCode).toBe(201);
  });

  it('raises the name threshold, with If-Match, so a looser spelling no longer counts as similar', async () => {
    expect((await put({ nameSimilarity: 0.95, showLowConfidence: false }, { 'if-match': '"5"' })).statusCode).toBe(412);
    const res = await put({ nameSimilarity: 0.95, showLowConfidence: false }, { 'if-match': '"0"' });
    expect(res.json()).toEqual({ nameSimilarity: 0.95, showLowConfidence: false, version: 1 });
    await hub.settle();
    // Listed as a high-confidence duplicate at 0.88 (above); at 0.95 "Aysha Rahmen" is not a
    // similar name to "Aisha Rahman", and a shared date of birth alone is no candidate.
    const registered = await registerAysha({ dateOfBirth: '1991-04-18' });
    expect(registered.statusCode).toBe(201);
    const [stored] = await hub.db.query(
      `SELECT data FROM event_store.events WHERE type = 'DuplicateCheckSettingsChanged' ORDER BY seq DESC LIMIT 1`,
    );
    expect(stored.data).toMatchObject({
      nameSimilarity: 0.95,
      previous: { nameSimilarity: 0.88, showLowConfidence: false },
    });
  });
});
