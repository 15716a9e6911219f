/// <reference lib="dom" />
import {
  actorOf,
  seedLocalityActionGroups,
  seedPartnership,
  seedPeople,
  THURROCK,
  type SeededPerson,
} from '@hubline/demo';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { TestHub } from '../support/test-hub';
import { accessibilityViolations, launchChromium } from './browser';

/**
 * The practitioner's first pages in a real headless Chromium, on a hub with the demo partnership:
 * sign in, see and update the agency's actions, find a person, read their timeline after giving
 * a purpose; the wrong role, a forged form and no session are refused. axe-core checks every page
 * visited against WCAG 2.2 AA, and no page breaks its own content security policy.
 */
describe('web pages in a browser', () => {
  const PRACTITIONER = 'pc.okafor@essex-police.demo';
  const AUDITOR = 'auditor@thurrock.demo';
  let hub: TestHub;
  let browser: Browser;
  let base: string;
  let people: SeededPerson[];
  let context: BrowserContext;
  let page: Page;
  const visited = new Map<string, string[]>();
  const cspViolations: string[] = [];

  beforeAll(async () => {
    browser = await launchChromium();
    hub = await TestHub.start();
    const seeded = await seedPartnership(hub.commands, THURROCK);
    await hub.settle();
    people = await seedPeople(
      hub.commands,
      seeded,
      [actorOf(THURROCK, seeded, PRACTITIONER), actorOf(THURROCK, seeded, 'panel.housing@thurrock.demo')],
      40,
      2024,
      new Date(Date.now() - 300 * 86_400_000).toISOString(),
    );
    await seedLocalityActionGroups(hub.commands, seeded, people, { app: hub.app, referrals: 12 });
    await hub.settle(60_000);
    await hub.app.listen({ host: '127.0.0.1', port: 0 });
    base = (await hub.app.getUrl()).replace('[::1]', '127.0.0.1');
  }, 180_000);

  afterAll(async () => {
    await browser?.close();
    await hub?.close();
  });

  beforeEach(async () => {
    context = await browser.newContext({ baseURL: base, javaScriptEnabled: true });
    page = await context.newPage();
    page.on('console', (message) => {
      if (/Content Security Policy/i.test(message.text())) cspViolations.push(message.text());
    });
  });
  afterEach(() => context?.close());

  /** Checks the page now shown with axe, once per distinct page. */
  async function audit(name: string): Promise<void> {
    visited.set(name, await accessibilityViolations(page));
    expect({ page: name, violations: visited.get(name) }).toEqual({ page: name, violations: [] });
  }

  async function signIn(subject: string): Promise<void> {
    await page.goto('/');
    expect(new URL(page.url()).pathname).toBe('/sign-in/demo');
    await audit('sign in as a demo user');
    await page.locator(`input[name="subject"][value="${subject}"]`).check();
    await page.getByRole('button', { name: 'Sign in' }).click();
    await expect(page.getByRole('heading', { level: 1 })).resolves;
    expect(new URL(page.url()).pathname).toBe('/');
  }

  it('a practitioner signs in, sees their agency’s actions and reports progress on one', async () => {
    await signIn(PRACTITIONER);
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe('What do you want to do?');
    expect(await page.title()).toBe('Home – Hubline');
    await audit('home');

    await page.getByRole('link', { name: 'Actions' }).first().click();
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe('Your agency’s open actions');
    await audit('open actions');
    const before = await hub.as(PRACTITIONER, { url: '/lag/actions?state=open' });
    const open = before.json() as Array<{ actionId: string; referralId: string; status: string }>;
    expect(open.length).toBeGreaterThan(0);
    expect(await page.locator('tbody tr').count()).toBe(open.length);

    await page.getByRole('link', { name: 'Overdue', exact: true }).click();
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe('Your agency’s overdue actions');
    await audit('overdue actions');

    await page.goto('/my-actions');
    const link = page.getByRole('link', { name: /^Update progress/ }).first();
    const href = (await link.getAttribute('href'))!;
    const [, , referralId, actionId] = href.split('/');
    await link.click();
    await audit('update an action');

    // Completing without an outcome: the error summary, and nothing changed.
    await page.getByLabel('Completed').check();
    await page.getByRole('button', { name: 'Save progress' }).click();
    expect(await page.locator('.govuk-error-summary').textContent()).toContain(
      'Enter what came of the action to complete it',
    );
    expect(await page.title()).toMatch(/^Error: /);
    await audit('update an action, with an error');

    await page.getByLabel('In progress').check();
    await page.getByRole('button', { name: 'Save progress' }).click();
    expect(new URL(page.url()).pathname).toBe('/my-actions');
    expect(await page.locator('.govuk-notification-banner').textContent()).toContain('in progress');
    await audit('actions after an update');
    const after = (await hub.as(PRACTITIONER, { url: '/lag/actions?state=open' })).json() as typeof open;
    expect(after.find((a) => a.actionId === actionId && a.referralId === referralId)?.status).toBe('in_progress');
  });

  it('a practitioner finds a person and reads their timeline after giving a purpose', async () => {
    await signIn(PRACTITIONER);
    const person = (
      await hub.as(PRACTITIONER, { url: `/people/${people[0].personId}?purpose=data_quality` })
    ).json() as { givenName: string; familyName: string };

    await page.getByRole('link', { name: 'Find a person' }).first().click();
    await audit('find a person');
    // No purpose: refused with an error, and the search is not run.
    await page.getByLabel('Name').fill(person.familyName);
    await page.getByRole('button', { name: 'Search' }).click();
    expect(await page.locator('.govuk-error-summary').textContent()).toContain('Select why you are searching');
    await audit('find a person, with an error');

    await page.getByLabel('Managing a case').check();
    await page.getByRole('button', { name: 'Search' }).click();
    // The search terms went in the form's body: the address holds no name.
    expect(page.url()).not.toContain(person.familyName);
    expect(await page.title()).not.toContain(person.familyName);
    await audit('search results');
    await page
      .getByRole('link', { name: `${person.givenName} ${person.familyName}` })
      .first()
      .click();
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe(
      `${person.givenName} ${person.familyName}`,
    );
    expect(await page.title()).toBe('Person record – Hubline');
    await audit('person record, victim timeline');
    await page.getByRole('link', { name: 'As an alleged offender' }).click();
    await audit('person record, offender timeline');

    // Without a purpose, the person page asks for one first and shows nothing of the person.
    await page.goto(`/person/${people[0].personId}`);
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toContain(
      'Why do you need to see this record?',
    );
    expect(await page.content()).not.toContain(person.familyName);
    await audit('purpose');
    await page.getByLabel('Safeguarding').check();
    await page.getByRole('button', { name: 'Continue' }).click();
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe(
      `${person.givenName} ${person.familyName}`,
    );

    // Each read of the record was recorded in the consultation log with its purpose.
    const rows: Array<{ purpose: string }> = await hub.db.query(
      `SELECT purpose FROM access.consultations WHERE person_id = $1 AND purpose IN ('case_management', 'safeguarding')`,
      [people[0].personId],
    );
    expect(rows.map((r) => r.purpose)).toEqual(expect.arrayContaining(['case_management', 'safeguarding']));
  });

  it('a practitioner registers a person, warned of a possible duplicate before anything is saved', async () => {
    await signIn(PRACTITIONER);
    const fill = async () => {
      await page.getByLabel('Given name').fill('Rosalind');
      await page.getByLabel('Family name').fill('Okonkwo-Baptiste');
      await page.getByLabel('Day').fill('14');
      await page.getByLabel('Month').fill('7');
      await page.getByLabel('Year').fill('1979');
    };
    await page.getByRole('link', { name: 'Register a person' }).first().click();
    await audit('register a person');
    await page.getByRole('button', { name: 'Register' }).click();
    expect(await page.locator('.govuk-error-summary').textContent()).toContain('Enter the given name');
    await audit('register a person, with errors');
    await fill();
    await page.getByRole('button', { name: 'Register' }).click();
    // Registered: the record asks why before showing anything.
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toContain(
      'Why do you need to see this record?',
    );
    const first = new URL(page.url()).pathname.split('/')[2];

    const registered = async () =>
      Number((await hub.db.query("SELECT count(*) AS n FROM event_store.events WHERE type = 'PersonRegistered'"))[0].n);
    await hub.settle();
    const before = await registered();
    await page.goto('/register-a-person');
    await fill();
    await page.getByRole('button', { name: 'Register' }).click();
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe(
      'Check whether this person is already registered',
    );
    expect(await page.locator('#duplicates a').first().getAttribute('href')).toBe(
      `/person/${first}?purpose=duplicate_check`,
    );
    // How likely, and why, in words.
    expect(await page.locator('#duplicates li').first().textContent()).toMatch(
      /Likely the same person, with a similar name and the same date of birth/,
    );
    await audit('possible duplicate');
    expect(await registered()).toBe(before);
    await page.getByLabel(/none of these records is this person/).check();
    await page.getByRole('button', { name: 'Register' }).click();
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toContain(
      'Why do you need to see this record?',
    );
    const second = new URL(page.url()).pathname.split('/')[2];
    expect(second).not.toBe(first);
    expect(await registered()).toBe(before + 1);
  });

  it('the wrong role gets the no-access page, with no data', async () => {
    await signIn(AUDITOR);
    await audit('home (auditor)');
    const res = await page.goto('/my-actions');
    expect(res?.status()).toBe(403);
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe('You do not have access to this page');
    expect(await page.locator('table').count()).toBe(0);
    await audit('no access');
    expect((await page.goto('/find-a-person'))?.status()).toBe(403);
  });

  it('no page without a session, and none after signing out', async () => {
    for (const path of ['/', '/my-actions', '/find-a-person', `/person/${people[0].personId}?purpose=safeguarding`]) {
      await page.goto(path);
      expect({ path, landed: new URL(page.url()).pathname }).toEqual({ path, landed: '/sign-in/demo' });
    }
    await signIn(PRACTITIONER);
    await page.getByRole('button', { name: 'Sign out' }).click();
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe('You have signed out');
    await audit('signed out');
    await page.goto('/my-actions');
    expect(new URL(page.url()).pathname).toBe('/sign-in/demo');
  });

  it('a form sent without the page’s CSRF token, or with a wrong one, is refused and changes nothing', async () => {
    await signIn(PRACTITIONER);
    const open = (await hub.as(PRACTITIONER, { url: '/lag/actions?state=open' })).json() as Array<{
      actionId: string;
      referralId: string;
      status: string;
    }>;
    const action = open.find((a) => a.status === 'open') ?? open[0];
    const url = `/my-actions/${action.referralId}/${action.actionId}`;
    for (const token of [undefined, 'forged-token']) {
      const res = await page.request.post(url, {
        form: { status: 'cancelled', outcome: 'Not needed', ...(token ? { _csrf: token } : {}) },
        maxRedirects: 0,
      });
      expect({ token, status: res.status() }).toEqual({ token, status: 403 });
      expect(await res.text()).toContain('This form could not be sent');
    }
    const after = (await hub.as(PRACTITIONER, { url: '/lag/actions?state=open' })).json() as typeof open;
    expect(after.find((a) => a.actionId === action.actionId)?.status).toBe(action.status);
  });

  it('a practitioner reports progress with the keyboard alone', async () => {
    await page.goto('/');
    // Sign in: Tab to the first demo user's radio, arrow to the practitioner, Enter to send.
    const radios = page.locator('input[name="subject"]');
    const subjects = await radios.evaluateAll((els) => els.map((e) => (e as HTMLInputElement).value));
    await page.keyboard.press('Tab'); // skip link
    let guard = 0;
    while (!(await page.evaluate(() => (document.activeElement as HTMLInputElement | null)?.name === 'subject'))) {
      await page.keyboard.press('Tab');
      if (++guard > 30) throw new Error('the demo users cannot be reached with Tab');
    }
    await page.keyboard.press('Space');
    for (let i = 0; i < subjects.indexOf(PRACTITIONER); i++) await page.keyboard.press('ArrowDown');
    await page.keyboard.press('Enter');
    await page.waitForURL(`${base}/`);

    // To the actions, then the first one's update form, by Tab and Enter.
    await tabTo(async () => (await activeText()) === 'Actions');
    await page.keyboard.press('Enter');
    await page.waitForURL(/\/my-actions$/);
    await tabTo(async () => (await activeText()).startsWith('Update progress'));
    await page.keyboard.press('Enter');
    await page.waitForURL(/\/my-actions\/.+/);
    await tabTo(() => page.evaluate(() => (document.activeElement as HTMLInputElement | null)?.name === 'status'));
    await page.keyboard.press('Space'); // In progress
    await tabTo(async () => (await activeText()) === 'Save progress');
    await page.keyboard.press('Enter');
    await page.waitForURL(/\/my-actions\?updated=in_progress$/);
    expect(await page.locator('.govuk-notification-banner').textContent()).toContain('in progress');
  });

  async function activeText(): Promise<string> {
    return page.evaluate(() => (document.activeElement as HTMLElement | null)?.innerText?.trim() ?? '');
  }

  async function tabTo(reached: () => Promise<boolean>): Promise<void> {
    for (let i = 0; i < 60; i++) {
      await page.keyboard.press('Tab');
      if (await reached()) return;
    }
    throw new Error('not reached with Tab');
  }

  afterAll(() => {
    expect(cspViolations).toEqual([]);
  });
});
