import { actorOf, seedPartnership, seedPeople, THURROCK, type SeededPerson } from '@hubline/demo';
import { TestHub } from '../support/test-hub';
import { signInAsDemoUser } from '../support/web-sign-in';

/**
 * The practitioner's forms over HTTP: who may open them, forms without the page's token, answers
 * changed between "check your answers" and sending, and a referral the API refuses: each refused
 * with nothing recorded.
 */
describe('practitioner form pages', () => {
  const PRACTITIONER = 'pc.okafor@essex-police.demo';
  let hub: TestHub;
  let person: SeededPerson;

  beforeAll(async () => {
    hub = await TestHub.start();
    const seeded = await seedPartnership(hub.commands, THURROCK);
    await hub.settle();
    [person] = await seedPeople(hub.commands, seeded, [actorOf(THURROCK, seeded, PRACTITIONER)], 1, 77);
    await hub.settle();
  }, 120_000);
  afterAll(() => hub?.close());

  const signIn = (subject: string) => signInAsDemoUser(hub, subject);

  const events = async (type: string) =>
    Number((await hub.db.query('SELECT count(*) AS n FROM event_store.events WHERE type = $1', [type]))[0].n);

  it('refuses the forms to roles that may not record or refer, with no data', async () => {
    const auditor = await signIn('auditor@thurrock.demo');
    for (const url of [
      '/record-asb-report',
      `/record-asb-report/${person.personId}?purpose=case_management`,
      `/refer-to-lag/${person.personId}?purpose=case_management`,
    ]) {
      const res = await hub.app.inject({ method: 'GET', url, headers: { cookie: auditor.cookie } });
      expect({ url, status: res.statusCode }).toEqual({ url, status: 403 });
      expect(res.body).toContain('You do not have access to this page');
    }
    // Without a session: sign in first.
    const anonymous = await hub.app.inject({ method: 'GET', url: '/record-asb-report' });
    expect(anonymous.statusCode).toBe(303);
  });

  it('asks for a purpose before showing the victim’s name', async () => {
    const officer = await signIn(PRACTITIONER);
    const { familyName } = (
      await hub.as(PRACTITIONER, { url: `/people/${person.personId}?purpose=data_quality` })
    ).json() as { familyName: string };
    const res = await hub.app.inject({
      method: 'GET',
      url: `/refer-to-lag/${person.personId}`,
      headers: { cookie: officer.cookie },
    });
    expect(res.statusCode).toBe(200);
    expect(res.body).toContain('Why do you need to see this record?');
    expect(res.body).not.toContain(familyName);
    const form = await hub.app.inject({
      method: 'GET',
      url: `/refer-to-lag/${person.personId}?purpose=case_management`,
      headers: { cookie: officer.cookie },
    });
    expect(form.statusCode).toBe(200);
    expect(form.body).toContain(familyName);
    expect(form.body).toContain('<title>Refer to the Locality Action Group – Hubline</title>');
  });

  it('refuses a form without the page’s token, or with answers changed on the way, and records nothing', async () => {
    const officer = await signIn(PRACTITIONER);
    const before = await events('VictimReferred');
    const send = (fields: Record<string, string>) =>
      hub.app.inject({
        method: 'POST',
        url: `/refer-to-lag/${person.personId}`,
        headers: { cookie: officer.cookie, 'content-type': 'application/x-www-form-urlencoded' },
        payload: new URLSearchParams(fields).toString(),
      });
    expect((await send({ action: 'submit', answers: 'e30' })).statusCode).toBe(403);
    // Answers that are not this page's: no purpose, or not readable.
    expect((await send({ _csrf: officer.csrf, action: 'submit', answers: 'e30' })).statusCode).toBe(404);
    expect((await send({ _csrf: officer.csrf, action: 'submit', answers: '%%%' })).statusCode).toBe(404);
    // Readable answers with the risk questions left out: the form again, with every error.
    const partial = Buffer.from(JSON.stringify({ purpose: 'case_management', category: 'asb' })).toString('base64url');
    const res = await send({ _csrf: officer.csrf, action: 'submit', answers: partial });
    expect(res.statusCode).toBe(400);
    expect(res.body).toContain('There is a problem');
    expect(res.body).toContain('Select the locality whose LAG should hear the case');
    expect(res.body).toContain('Answer: ');
    expect(await events('VictimReferred')).toBe(before);
  });

  it('keeps a form whose text holds a control character, says what to do, and records nothing', async () => {
    // A vertical tab comes with text pasted from a word processor; the API's body reader refuses it.
    const officer = await signIn(PRACTITIONER);
    const before = await events('PersonRegistered');
    const res = await hub.app.inject({
      method: 'POST',
      url: '/register-a-person',
      headers: { cookie: officer.cookie, 'content-type': 'application/x-www-form-urlencoded' },
      payload: new URLSearchParams({
        _csrf: officer.csrf,
        givenName: 'Ann\u000bMarie',
        familyName: 'Pasted',
        'dateOfBirth-day': '3',
        'dateOfBirth-month': '4',
        'dateOfBirth-year': '1990',
      }).toString(),
    });
    expect(res.statusCode).toBe(400);
    expect(res.body).toContain('There is a problem');
    expect(res.body).toContain('type that text again instead of pasting it');
    expect(res.body).toContain('value="Pasted"');
    expect(await events('PersonRegistered')).toBe(before);
  });
});
