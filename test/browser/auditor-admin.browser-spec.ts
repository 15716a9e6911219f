/// <reference lib="dom" />
import {
  actorOf,
  seedPartnership,
  seedPeople,
  seedSharingAgreement,
  THURROCK,
  type SeededPartnership,
  type SeededPerson,
} from '@hubline/demo';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { TestHub } from '../support/test-hub';
import { accessibilityViolations, launchChromium } from './browser';

/**
 * The auditor's and the partnership administrator's pages in a real headless Chromium, on a hub
 * with the demo partnership: the auditor finds who saw a seeded victim's record and why, filters
 * the consultation log and downloads each report; the administrator registers a user, changes
 * their roles and deactivates them, sets an agency's part in case reviews, adds a locality and a
 * ward, records, reviews and terminates an agreement, changes the retention period and places and
 * releases a legal hold, with the check-your-answers step before each consequential change.
 * axe-core checks every page visited against WCAG 2.2 AA, and no page breaks its content
 * security policy.
 */
jest.setTimeout(240_000);

describe('auditor and partnership administrator pages in a browser', () => {
  const AUDITOR = 'auditor@thurrock.demo';
  const ADMIN = 'admin@thurrock.demo';
  const PRACTITIONER = 'pc.okafor@essex-police.demo';
  const FIRE = 'station.officer@essex-fire.demo';
  const GATEWAY_JUSTIFICATION = 'Repeat targeting at home: housing must know to safeguard her.';
  let hub: TestHub;
  let browser: Browser;
  let base: string;
  let seeded: SeededPartnership;
  let people: SeededPerson[];
  let victim: string;
  let dueSoonAgreement: string;
  let context: BrowserContext;
  let page: Page;
  const cspViolations: string[] = [];

  beforeAll(async () => {
    browser = await launchChromium();
    hub = await TestHub.start();
    seeded = await seedPartnership(hub.commands, THURROCK);
    await hub.settle();
    people = await seedPeople(
      hub.commands,
      seeded,
      [actorOf(THURROCK, seeded, PRACTITIONER)],
      6,
      2025,
      new Date(Date.now() - 300 * 86_400_000).toISOString(),
    );
    const agreementId = await seedSharingAgreement(hub.commands, seeded, actorOf(THURROCK, seeded, ADMIN));
    // An agreement whose yearly review falls within 30 days: it must come first on the list.
    const start = new Date(Date.now() - 345 * 86_400_000).toISOString().slice(0, 10);
    const agreed = await hub.as(ADMIN, {
      method: 'POST',
      url: '/sharing/agreements',
      body: {
        title: 'Youth diversion information sharing agreement',
        parties: [seeded.agencies.police, seeded.agencies.yos],
        purposes: ['crime_and_disorder_reduction'],
        dataCategories: ['identity', 'contact'],
        lawfulBases: ['cda_1998_s115', 'uk_gdpr_6_1_e'],
        startDate: start,
      },
    });
    expect(agreed.statusCode).toBe(201);
    dueSoonAgreement = agreed.json().agreementId;
    await hub.settle(60_000);
    victim = people[0].personId;
    // The police share the victim's details with housing under the agreement, and in an emergency with the fire service.
    for (const body of [
      {
        recipientAgencyIds: [seeded.agencies.housing],
        personIds: [victim],
        dataCategories: ['identity', 'contact'],
        purpose: 'safeguarding',
        basis: { kind: 'gateway', gateway: 'cda_1998_s115', agreementId, justification: GATEWAY_JUSTIFICATION },
      },
      {
        recipientAgencyIds: [seeded.agencies.fire],
        personIds: [victim],
        dataCategories: ['identity', 'address'],
        purpose: 'safeguarding',
        basis: { kind: 'vital_interests', justification: 'Fire risk at the address reported tonight.' },
      },
    ]) {
      const res = await hub.as(PRACTITIONER, { method: 'POST', url: '/sharing/disclosures', body });
      expect({ status: res.statusCode, body: res.json() }).toMatchObject({ status: 201 });
    }
    // The victim seen by a police officer to safeguard them, and by the fire service (through the disclosure) to assess the risk.
    for (const [subject, purpose, personId] of [
      [PRACTITIONER, 'safeguarding', victim],
      [PRACTITIONER, 'case_management', people[1].personId],
      [FIRE, 'risk_assessment', victim],
    ]) {
      const res = await hub.as(subject, { url: `/people/${personId}?purpose=${purpose}` });
      expect({ subject, status: res.statusCode }).toEqual({ subject, status: 200 });
    }
    await hub.settle();
    await hub.app.listen({ host: '127.0.0.1', port: 0 });
    base = (await hub.app.getUrl()).replace('[::1]', '127.0.0.1');
  }, 240_000);

  afterAll(async () => {
    await browser?.close();
    await hub?.close();
  });

  async function open(): Promise<void> {
    context = await browser.newContext({ baseURL: base, acceptDownloads: true });
    page = await context.newPage();
    page.on('console', (message) => {
      if (/Content Security Policy/i.test(message.text())) cspViolations.push(message.text());
    });
  }
  afterEach(() => context?.close());

  async function audit(name: string): Promise<void> {
    const violations = await accessibilityViolations(page);
    expect({ page: name, violations }).toEqual({ page: name, violations: [] });
  }

  async function signIn(subject: string): Promise<void> {
    await page.goto('/sign-in/demo');
    await page.locator(`input[name="subject"][value="${subject}"]`).check();
    await page.getByRole('button', { name: 'Sign in' }).click();
    expect(new URL(page.url()).pathname).toBe('/');
  }

  const heading = () => page.getByRole('heading', { level: 1 }).textContent();
  const errorSummary = () => page.locator('.govuk-error-summary').textContent();
  const banner = () => page.locator('.govuk-notification-banner').textContent();
  const cells = (selector: string) =>
    page
      .locator(`${selector} tbody tr`)
      .evaluateAll((rows) =>
        rows.map((r) => Array.from(r.querySelectorAll('td')).map((td) => (td as HTMLElement).innerText.trim())),
      );

  /** A download link's file, fetched with the page's session. */
  async function download(linkName: RegExp): Promise<{ type: string; disposition: string; text: string }> {
    const href = (await page.getByRole('link', { name: linkName }).getAttribute('href'))!;
    const res = await page.request.get(href);
    expect(res.status()).toBe(200);
    return {
      type: res.headers()['content-type'],
      disposition: res.headers()['content-disposition'],
      text: await res.text(),
    };
  }

  describe('the auditor', () => {
    it('finds who saw a seeded victim’s record, and why', async () => {
      await open();
      await signIn(AUDITOR);
      await audit('home (auditor)');
      await page.getByRole('link', { name: 'Audit' }).first().click();
      expect(await heading()).toBe('Audit');
      await audit('audit');
      await page.getByRole('link', { name: 'A person’s trail' }).first().click();
      await audit('find a person’s trail');

      await page.getByLabel('Person’s record id').fill('not-an-id');
      await page.getByRole('button', { name: 'Show the trail' }).click();
      expect(await errorSummary()).toContain('Enter the person’s record id');
      expect(await page.title()).toMatch(/^Error: /);
      await audit('find a person’s trail, with an error');

      await page.getByLabel('Person’s record id').fill(victim);
      await page.getByRole('button', { name: 'Show the trail' }).click();
      expect(new URL(page.url()).pathname).toBe(`/auditor/people/${victim}`);
      expect(await heading()).toBe('A person’s audit trail');
      expect(await page.title()).toBe('A person’s audit trail – Hubline');
      const viewers = await cells('#viewers');
      const officer = viewers.find((row) => row[0] === 'PC Grace Okafor');
      expect(officer?.slice(1, 3)).toEqual(['Essex Police', expect.stringContaining('Safeguarding')]);
      const fire = viewers.find((row) => row[0] === 'Chris Dunn (fire prevention)');
      expect(fire?.slice(1, 3)).toEqual(['Essex County Fire and Rescue Service', 'Assessing risk']);
      // What was shared about her: the gateway disclosure with its justification, and the emergency one.
      const shared = await page.locator('#shared + table').textContent();
      expect(shared).toContain('Legal gateway');
      expect(shared).toContain('Vital interests (emergency)');
      expect(shared).toContain(GATEWAY_JUSTIFICATION);
      // The other person's view is not in this victim's trail.
      expect(viewers.some((row) => row[2] === 'Managing a case')).toBe(false);
      await audit('a person’s trail');

      // Every view is in the trail as the consultation log holds it.
      const logged: Array<{ n: string }> = await hub.db.query(
        `SELECT count(*) AS n FROM access.consultations WHERE person_id = $1 AND view <> 'disclosure_justification'`,
        [victim],
      );
      const shown = (await cells('#consultations')).filter((row) => row[2] !== 'Disclosure justification');
      expect(shown.length).toBe(Number(logged[0].n));

      const csv = await download(/Download the whole trail/);
      expect(csv.type).toContain('text/csv');
      expect(csv.disposition).toContain(`audit-trail-${victim}.csv`);
      expect(csv.text.split('\r\n')[0]).toMatch(/^entry,at,id,person_ids,/);
      expect(csv.text).toContain('PC Grace Okafor');
      expect(csv.text).toContain('safeguarding');
    });

    it('filters the consultation log by agency and person, and downloads it', async () => {
      await open();
      await signIn(AUDITOR);
      await page.goto('/auditor/consultations');
      expect(await heading()).toBe('Consultation log');
      await audit('consultation log');
      expect(await page.locator('#consultations tbody tr').count()).toBeGreaterThanOrEqual(3);

      await page.getByLabel('Person’s record id').fill('12345');
      await page.getByRole('button', { name: 'Apply filters' }).click();
      expect(await errorSummary()).toContain('The person’s record id must be 36 characters');
      await audit('consultation log, with an error');

      await page.getByLabel('Agency').selectOption({ label: 'Essex Police' });
      await page.getByLabel('Person’s record id').fill(victim);
      await page.getByRole('button', { name: 'Apply filters' }).click();
      const rows = await cells('#consultations');
      expect(rows.length).toBeGreaterThan(0);
      for (const row of rows) expect(row[1]).toContain('Essex Police');
      expect(rows.map((r) => r[3])).toContain('Safeguarding');
      await audit('consultation log, filtered');

      // The users list names who consulted records: filter by the fire officer.
      await page.goto('/auditor/consultations');
      await page
        .getByLabel('Who')
        .selectOption({ label: 'Chris Dunn (fire prevention) (Essex County Fire and Rescue Service)' });
      await page.getByRole('button', { name: 'Apply filters' }).click();
      const byFire = await cells('#consultations');
      expect(byFire.length).toBe(1);
      expect(byFire[0][1]).toContain('Chris Dunn (fire prevention)');

      await page.goto(`/auditor/consultations?personId=${victim}`);
      const csv = await download(/Download these lines/);
      expect(csv.type).toContain('text/csv');
      const lines = csv.text.trim().split('\r\n');
      expect(lines[0]).toBe(
        'consulted_at,user,user_id,agency,agency_id,person_id,view,purpose,categories,consultation_id',
      );
      expect(lines.length - 1).toBe(await page.locator('#consultations tbody tr').count());
      for (const line of lines.slice(1)) expect(line).toContain(victim);

      await page
        .getByRole('link', { name: /^Trail/ })
        .first()
        .click();
      expect(new URL(page.url()).pathname).toBe(`/auditor/people/${victim}`);
    });

    it('reads an agency’s sharing and the exceptions, and downloads them', async () => {
      await open();
      await signIn(AUDITOR);
      await page.goto('/auditor/agencies');
      await audit('choose an agency');
      await page.getByRole('button', { name: 'Show the sharing' }).click();
      expect(await errorSummary()).toContain('Select the agency whose sharing you want to see');
      await audit('choose an agency, with an error');
      await page.getByLabel('Agency').selectOption({ label: 'Essex Police' });
      await page.getByRole('button', { name: 'Show the sharing' }).click();
      expect(await heading()).toBe('Essex Police: sharing');
      expect(await page.locator('.govuk-summary-list').first().textContent()).toMatch(/Disclosed\s*2/);
      await audit('an agency’s sharing');
      const sharing = await download(/Download this report/);
      expect(sharing.type).toContain('text/csv');
      expect(sharing.disposition).toContain(`agency-sharing-${seeded.agencies.police}.csv`);

      await page.getByRole('link', { name: 'Exceptions' }).first().click();
      expect(await heading()).toBe('Exceptions');
      expect(await page.locator('#emergency + table').textContent()).toContain('Essex County Fire and Rescue Service');
      await audit('exceptions');
      await page.getByLabel(/Flag a user who viewed more people/).fill('lots');
      await page.getByRole('button', { name: 'Apply filters' }).click();
      expect(await errorSummary()).toContain('whole number from 1 to 100,000');
      await audit('exceptions, with an error');
      await page.getByLabel(/Flag a user who viewed more people/).fill('1');
      await page.getByRole('button', { name: 'Apply filters' }).click();
      // The police officer viewed two people today: over a threshold of one.
      expect(await page.locator('#many-views + p + table').textContent()).toContain('PC Grace Okafor');
      const exceptions = await download(/Download the exceptions/);
      expect(exceptions.disposition).toContain('audit-exceptions.csv');
      expect(exceptions.text).toContain('PC Grace Okafor');
    });

    it('sees the log verified and signs a checkpoint, once a minute at most', async () => {
      await open();
      await signIn(AUDITOR);
      await page.goto('/auditor/verification');
      expect(await page.locator('#status').textContent()).toContain('Intact');
      await audit('verification');
      await page.getByRole('button', { name: 'Sign a checkpoint' }).click();
      expect(await page.locator('.govuk-panel__title').textContent()).toContain('Checkpoint signed');
      const receipt = await page.locator('#receipt').textContent();
      const [row] = await hub.db.query('SELECT checkpoint_id FROM audit.checkpoints ORDER BY created_at DESC LIMIT 1');
      expect(receipt).toContain(row.checkpoint_id);
      await audit('checkpoint signed');
      await page.goto('/auditor/verification');
      await page.getByRole('button', { name: 'Sign a checkpoint' }).click();
      expect(await errorSummary()).toContain('A checkpoint was signed moments ago');
      await audit('verification, with an error');
    });
  });

  describe('the partnership administrator', () => {
    it('registers a user after checking the answers, changes their roles and deactivates them', async () => {
      await open();
      await signIn(ADMIN);
      await page.getByRole('link', { name: 'Administration' }).first().click();
      expect(await heading()).toBe('Partnership administration');
      await audit('administration');
      await page.getByRole('link', { name: 'Users and roles' }).first().click();
      await audit('users');
      await page.getByRole('button', { name: 'Register a user' }).click();
      await audit('register a user');
      await page.getByRole('button', { name: 'Continue' }).click();
      const errors = await errorSummary();
      for (const text of [
        'Enter the user’s name',
        'Enter the sign-in id',
        'Select the agency',
        'Select at least one role',
      ])
        expect(errors).toContain(text);
      await audit('register a user, with errors');

      await page.getByLabel('Name').fill('DC Ayo Bankole');
      await page.getByLabel('Sign-in id').fill('ayo.bankole@essex-police.demo');
      await page.getByLabel('Agency they act for').selectOption({ label: 'Essex Police' });
      await page.getByLabel('Practitioner').check();
      await page.getByRole('button', { name: 'Continue' }).click();
      expect(await heading()).toBe('Check the new user’s details');
      await audit('check the new user');
      // Nothing is registered before the answers are confirmed.
      const registered = async () =>
        ((await hub.as(ADMIN, { url: '/users' })).json() as Array<{ subject: string }>).some(
          (u) => u.subject === 'ayo.bankole@essex-police.demo',
        );
      expect(await registered()).toBe(false);
      await page.getByRole('button', { name: 'Register user' }).click();
      expect(await page.locator('.govuk-panel__title').textContent()).toContain('User registered');
      await audit('user registered');
      expect(await registered()).toBe(true);

      await page.getByRole('link', { name: 'See the user' }).click();
      expect(await heading()).toBe('DC Ayo Bankole');
      await audit('a user');
      const userId = new URL(page.url()).pathname.split('/')[3];
      await page.getByLabel('LAG chair').check();
      await page.getByRole('button', { name: 'Continue' }).click();
      expect(await heading()).toBe('Check the change of roles');
      expect(await page.locator('.govuk-summary-list').textContent()).toContain('LAG chair');
      await audit('check the change of roles');
      await page.getByRole('button', { name: 'Change roles' }).click();
      expect(await banner()).toContain('Roles changed');
      expect((await hub.as(ADMIN, { url: `/users/${userId}` })).json().roles).toEqual(['practitioner', 'lag_chair']);

      // Someone else changes the roles meanwhile: the stale page's change is refused, not applied.
      await page.getByLabel('Auditor').check();
      await page.getByRole('button', { name: 'Continue' }).click();
      const etag = (await hub.as(ADMIN, { url: `/users/${userId}` })).headers.etag as string;
      expect(
        (
          await hub.as(ADMIN, {
            method: 'PUT',
            url: `/users/${userId}/roles`,
            body: { roles: ['practitioner'] },
            headers: { 'if-match': etag },
          })
        ).statusCode,
      ).toBe(200);
      await hub.settle();
      await page.getByRole('button', { name: 'Change roles' }).click();
      expect(await errorSummary()).toContain('Someone else changed this since you opened the page');
      expect((await hub.as(ADMIN, { url: `/users/${userId}` })).json().roles).toEqual(['practitioner']);

      await page.goto(`/admin/users/${userId}`);
      await page.getByRole('link', { name: 'Deactivate this user' }).click();
      await audit('deactivate a user');
      await page.getByRole('button', { name: 'Continue' }).click();
      expect(await errorSummary()).toContain('Enter why the account is deactivated');
      await page.getByLabel('Why is the account deactivated?').fill('Moved to another force');
      await page.getByRole('button', { name: 'Continue' }).click();
      expect(await heading()).toBe('Check before you deactivate this user');
      await audit('check before deactivating');
      expect((await hub.as(ADMIN, { url: `/users/${userId}` })).json().active).toBe(true);
      await page.getByRole('button', { name: 'Deactivate user' }).click();
      expect(await banner()).toContain('User deactivated');
      expect((await hub.as(ADMIN, { url: `/users/${userId}` })).json().active).toBe(false);
      await audit('a deactivated user');
      await page.getByRole('button', { name: 'Reactivate user' }).click();
      expect(await banner()).toContain('User reactivated');
      expect((await hub.as(ADMIN, { url: `/users/${userId}` })).json().active).toBe(true);
    });

    it('sets an agency’s part in case reviews, adds an agency, a locality and a ward', async () => {
      await open();
      await signIn(ADMIN);
      await page.goto('/admin/agencies');
      await audit('agencies');
      await page.getByRole('link', { name: 'Thurrock Council Housing' }).click();
      await audit('an agency');
      await page.getByLabel('Co-opted social landlord').check();
      await page.getByRole('button', { name: 'Continue' }).click();
      expect(await heading()).toBe('Check the change to the agency’s part in case reviews');
      await audit('check an agency’s part');
      await page.getByRole('button', { name: 'Change its part' }).click();
      expect(await banner()).toContain('part in case reviews is changed');
      const housing = async () =>
        (
          (await hub.as(ADMIN, { url: '/partnership' })).json() as {
            agencies: Array<{ agencyId: string; caseReviewRole: string; name: string }>;
          }
        ).agencies;
      expect((await housing()).find((a) => a.agencyId === seeded.agencies.housing)?.caseReviewRole).toBe('co_opted');

      // A role the kind of agency cannot hold is refused by the API, in plain English.
      await page.getByLabel('Integrated Care Board').check();
      await page.getByRole('button', { name: 'Continue' }).click();
      await page.getByRole('button', { name: 'Change its part' }).click();
      expect(await errorSummary()).toContain('This kind of agency cannot have that part in case reviews');
      await audit('an agency, with an error');

      await page.goto('/admin/agencies/new');
      await audit('add an agency');
      await page.getByRole('button', { name: 'Add agency' }).click();
      expect(await errorSummary()).toContain('Select the kind of agency');
      await page.getByLabel('Name').fill('Thurrock Mind');
      await page.getByLabel('Voluntary sector').check();
      await page.getByRole('button', { name: 'Add agency' }).click();
      expect(await banner()).toContain('Agency added');
      expect(await page.locator('#agencies').textContent()).toContain('Thurrock Mind');

      await page.getByRole('link', { name: 'Localities and wards' }).first().click();
      await audit('localities');
      await page.getByLabel('Add a locality').fill('Purfleet');
      await page.getByRole('button', { name: 'Add locality' }).click();
      expect(await banner()).toContain('Locality added');
      await page.getByRole('link', { name: 'Purfleet' }).click();
      await audit('a locality');
      await page.getByLabel('Add a ward').fill('x');
      await page.getByRole('button', { name: 'Add ward' }).click();
      expect(await errorSummary()).toContain('2 to 120 characters');
      await page.getByLabel('Add a ward').fill('Purfleet on Thames');
      await page.getByRole('button', { name: 'Add ward' }).click();
      expect(await banner()).toContain('Ward added');
      expect(await page.locator('#wards').textContent()).toContain('Purfleet on Thames');
    });

    it('lists agreements with reviews due first, records one after checking it, reviews and terminates one', async () => {
      await open();
      await signIn(ADMIN);
      await page.goto('/admin/agreements');
      await audit('agreements');
      const first = await page.locator('#agreements tbody tr').first().textContent();
      expect(first).toContain('Youth diversion information sharing agreement');
      expect(first).toContain('Review due soon');

      await page.getByRole('button', { name: 'Record an agreement' }).click();
      await audit('record an agreement');
      await page.getByRole('button', { name: 'Continue' }).click();
      expect(await errorSummary()).toContain('Select at least two agencies');
      await audit('record an agreement, with errors');
      await page.getByLabel('Title').fill('Hate crime victim support agreement');
      await page.locator('#parties').check(); // the first agency
      await page.getByRole('checkbox', { name: 'Essex Police', exact: true }).check();
      await page.getByRole('checkbox', { name: 'Victim support', exact: true }).check();
      await page.getByRole('checkbox', { name: 'Criminal offence', exact: true }).check();
      await page.getByRole('checkbox', { name: 'UK GDPR 6(1)(e) public task', exact: true }).check();
      const today = new Date();
      await page.locator('#startDate-day').fill(String(today.getUTCDate()));
      await page.locator('#startDate-month').fill(String(today.getUTCMonth() + 1));
      await page.locator('#startDate-year').fill(String(today.getUTCFullYear()));
      await page.getByRole('button', { name: 'Continue' }).click();
      expect(await heading()).toBe('Check the agreement before you record it');
      await audit('check an agreement');
      // Criminal offence data without a Schedule 1 condition: the API refuses, the form says why.
      await page.getByRole('button', { name: 'Record agreement' }).click();
      expect(await errorSummary()).toContain('criminal offence data needs a Schedule 1 condition');
      await page.getByRole('checkbox', { name: /paragraph 10/ }).check();
      await page.getByRole('button', { name: 'Continue' }).click();
      await page.getByRole('button', { name: 'Record agreement' }).click();
      expect(await banner()).toContain('Agreement recorded');
      expect(await page.locator('#agreements').textContent()).toContain('Hate crime victim support agreement');

      await page.getByRole('link', { name: 'Youth diversion information sharing agreement' }).click();
      await audit('an agreement');
      await page.getByRole('button', { name: 'Record the review' }).click();
      expect(await banner()).toContain('Review recorded');
      const reviewed = (await hub.as(ADMIN, { url: `/sharing/agreements/${dueSoonAgreement}` })).json();
      expect(reviewed.reviewDueSoon).toBe(false);
      expect(reviewed.lastReviewedAt).not.toBeNull();

      await page.getByLabel('Why does it end?').fill('Replaced by the county agreement');
      await page.getByRole('button', { name: 'Continue' }).click();
      expect(await heading()).toBe('Check before you terminate this agreement');
      await audit('check before terminating');
      await page.getByRole('button', { name: 'Terminate agreement' }).click();
      expect(await banner()).toContain('Agreement terminated');
      const ended = (await hub.as(ADMIN, { url: `/sharing/agreements/${dueSoonAgreement}` })).json();
      expect(ended.terminatedAt).not.toBeNull();
    });

    it('changes the retention period, places and releases a legal hold, each checked first', async () => {
      await open();
      await signIn(ADMIN);
      await page.goto('/admin/retention');
      await audit('retention');
      await page.getByLabel('Change the period (years)').fill('7');
      await page.getByLabel('Why it changes').fill('Board decision 2026/11');
      await page.getByRole('button', { name: 'Continue' }).first().click();
      expect(await heading()).toBe('Check the change to the retention period');
      await audit('check the retention period');
      await page.getByRole('button', { name: 'Change the period' }).click();
      expect(await banner()).toContain('Retention period changed');
      expect((await hub.as(ADMIN, { url: '/retention/policy' })).json().retentionYears).toBe(7);

      const held = people[2].personId;
      await page.getByLabel('Person’s record id').fill(held);
      await page.getByLabel('Reason', { exact: true }).fill('Civil claim CL-2026-031');
      await page.getByRole('button', { name: 'Continue' }).nth(1).click();
      expect(await heading()).toBe('Check the legal hold before you place it');
      await audit('check a legal hold');
      await page.getByRole('button', { name: 'Place legal hold' }).click();
      expect(await banner()).toContain('Legal hold placed');
      expect(await page.locator('#holds').textContent()).toContain(held);
      expect(await page.locator('#holds').textContent()).toContain('Dana Whitfield (CSP manager)');

      // A second hold on the same record is refused, in plain English.
      await page.getByLabel('Person’s record id').fill(held);
      await page.getByLabel('Reason', { exact: true }).fill('Another claim');
      await page.getByRole('button', { name: 'Continue' }).nth(1).click();
      await page.getByRole('button', { name: 'Place legal hold' }).click();
      expect(await errorSummary()).toContain('already on legal hold');
      await audit('retention, with an error');

      await page.goto('/admin/retention');
      await page.getByRole('link', { name: /^Release/ }).click();
      await audit('release a legal hold');
      await page.getByLabel('Why is it released?').fill('Claim settled');
      await page.getByRole('button', { name: 'Continue' }).click();
      expect(await heading()).toBe('Check before you release this legal hold');
      await audit('check before releasing');
      await page.getByRole('button', { name: 'Release legal hold' }).click();
      expect(await banner()).toContain('Legal hold released');
      expect((await hub.as(ADMIN, { url: '/retention/policy' })).json().holds).toEqual([]);

      // The auditor sees the hold placed and released in the person's trail.
      await hub.settle();
      const trail = (await hub.as(AUDITOR, { url: `/audit/people/${held}/trail` })).json() as {
        entries: Array<{ entry: string; action?: string }>;
      };
      expect(trail.entries.filter((e) => e.entry === 'record_change').map((e) => e.action)).toEqual([
        'hold_placed',
        'hold_released',
      ]);
    });
  });

  it('each role reaches only its own pages', async () => {
    await open();
    await signIn(AUDITOR);
    for (const path of ['/admin', '/admin/users', '/admin/retention'])
      expect({ path, status: (await page.goto(path))?.status() }).toEqual({ path, status: 403 });
    await audit('no access (auditor)');
    await signIn(ADMIN);
    for (const path of [
      '/auditor',
      '/auditor/consultations',
      `/auditor/people/${victim}`,
      '/auditor/consultations.csv',
    ])
      expect({ path, status: (await page.request.get(path)).status() }).toEqual({ path, status: 403 });
    await signIn(PRACTITIONER);
    for (const path of ['/auditor/verification', '/admin/agreements'])
      expect({ path, status: (await page.goto(path))?.status() }).toEqual({ path, status: 403 });
  });

  afterAll(() => {
    expect(cspViolations).toEqual([]);
  });
});
