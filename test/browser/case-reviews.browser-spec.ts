/// <reference lib="dom" />
import { actorOf, seedCaseReviewProcedure, seedPartnership, THURROCK } from '@hubline/demo';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { TestHub } from '../support/test-hub';
import { accessibilityViolations, launchChromium } from './browser';

/**
 * The ASB Case Review pages in a real headless Chromium, on a hub with the demo partnership: the
 * coordinator records an application (check your answers, confirmation), sees its deadlines and
 * clock chart, and takes the review through every step to its outcome; a panel member records
 * the findings and a recommendation; the applicant's request goes to the PFCC's office, whose
 * reviewer sees only that review and upholds it; the figures for the year and their CSV. axe-core
 * checks every page against WCAG 2.2 AA, and no page breaks its content security policy.
 */
describe('case review pages in a browser', () => {
  const COORDINATOR = 'case.review@thurrock.demo';
  const PANEL = 'panel.chair@thurrock.demo';
  const PFCC = 'reviews@essex-pfcc.demo';
  const PRACTITIONER = 'pc.okafor@essex-police.demo';
  let hub: TestHub;
  let browser: Browser;
  let base: string;
  let context: BrowserContext;
  let page: Page;
  const cspViolations: string[] = [];

  beforeAll(async () => {
    browser = await launchChromium();
    hub = await TestHub.start();
    const seeded = await seedPartnership(hub.commands, THURROCK);
    await seedCaseReviewProcedure(hub.commands, seeded, actorOf(THURROCK, seeded, 'admin@thurrock.demo'));
    await hub.settle();
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

  async function audit(name: string): Promise<void> {
    const violations = await accessibilityViolations(page);
    expect({ page: name, violations }).toEqual({ page: name, violations: [] });
  }

  async function signIn(subject: string): Promise<void> {
    await context.clearCookies();
    await page.goto('/');
    await page.locator(`input[name="subject"][value="${subject}"]`).check();
    await page.getByRole('button', { name: 'Sign in' }).click();
    expect(new URL(page.url()).pathname).toBe('/');
  }

  const heading = async () => (await page.getByRole('heading', { level: 1 }).textContent())?.trim();
  const submit = (name: string | RegExp) => page.getByRole('button', { name }).click();

  /** From the review page, follows a "what to do next" link and checks the form. */
  async function step(link: string, name: string): Promise<void> {
    await page.locator('#next-steps').getByRole('link', { name: link }).click();
    expect(await heading()).toBe(link);
    await audit(name);
  }

  async function expectDone(banner: string | RegExp): Promise<void> {
    expect(await page.locator('.govuk-notification-banner').textContent()).toMatch(banner);
  }

  it('a coordinator records an application and takes the review to its outcome; the PFCC upholds it', async () => {
    await signIn(COORDINATOR);
    // The victim, registered by the coordinator's own agency.
    await page.goto('/register-a-person');
    await page.getByLabel('Given name').fill('Winifred');
    await page.getByLabel('Family name').fill('Abernethy-Kaur');
    await page.getByLabel('Day').fill('3');
    await page.getByLabel('Month').fill('11');
    await page.getByLabel('Year').fill('1961');
    await submit('Register');

    await page.getByRole('link', { name: 'Case reviews', exact: true }).first().click();
    expect(await heading()).toBe('ASB Case Reviews');
    await audit('all reviews');

    // Record an application: errors first, then each question.
    await page.goto('/asb-case-reviews/apply');
    await audit('application: who applies');
    await submit('Continue');
    expect(await page.locator('.govuk-error-summary').textContent()).toContain('Select who is applying');
    await audit('application: who applies, with errors');
    await page.getByLabel('The victim', { exact: true }).check();
    await page.getByLabel('Phone').check();
    await submit('Continue');
    expect(await heading()).toBe('Who is the victim?');
    await audit('application: the victim');
    await page.getByLabel('Name').fill('Abernethy-Kaur');
    await page.getByLabel('Managing a case').check();
    await submit('Search');
    expect(page.url()).not.toContain('Abernethy');
    await audit('application: the victim, found');
    await page.getByLabel('Winifred Abernethy-Kaur').check();
    await submit('Continue');
    expect(await heading()).toBe('Check your answers before recording the application');
    expect(await page.locator('#answers').textContent()).toContain('Winifred Abernethy-Kaur');
    await audit('application: check your answers');
    // Change, and back to the check with the answers kept.
    await page.getByRole('button', { name: 'Change how it came in' }).click();
    expect(await page.getByLabel('Phone').isChecked()).toBe(true);
    await page.getByLabel('Email').check();
    await submit('Continue');
    expect(await heading()).toBe('Check your answers before recording the application');
    expect(await page.locator('#answers').textContent()).toContain('Email');
    expect(
      Number(
        (await hub.db.query("SELECT count(*) AS n FROM event_store.events WHERE type = 'CaseReviewApplied'"))[0].n,
      ),
    ).toBe(0);
    await submit('Record the application');
    expect(await page.locator('.govuk-panel__title').textContent()).toContain('Application recorded');
    expect(await page.locator('main').textContent()).toContain('Acknowledgement due by');
    await audit('application recorded');
    const reviewId = page.url().split('/').at(-1)!;
    expect(await page.title()).not.toContain('Abernethy');

    // The deadlines and the clock chart.
    await page.goto('/asb-case-reviews/due');
    expect(await page.locator('#due-list tbody tr').count()).toBe(1);
    expect(await page.locator('svg[role="img"] path').count()).toBeGreaterThan(0);
    expect(await page.locator('#clock-table').textContent()).toContain('Acknowledgement');
    await audit('deadlines and clock chart');

    // The review asks why first, and shows nothing of the victim before.
    await page.goto(`/asb-case-reviews/${reviewId}`);
    expect(await heading()).toBe('Why do you need to see this case review?');
    expect(await page.content()).not.toContain('Abernethy');
    await audit('review: purpose');
    await page.getByLabel('Managing a case').check();
    await submit('Continue');
    expect(await page.locator('main').textContent()).toContain('Winifred Abernethy-Kaur');
    await audit('review: received');

    await step('Acknowledge the application', 'acknowledge');
    await page.getByLabel('Letter').check();
    await submit('Record the acknowledgement');
    await expectDone('The acknowledgement is recorded.');

    await step('Ask the agencies for what they hold', 'information requests');
    await submit('Send the requests');
    await expectDone('The information requests are recorded.');
    expect(await page.locator('#information-requests tbody tr').count()).toBeGreaterThan(1);
    await audit('review: information requested');

    // The coordinator's own agency answers its request.
    await page.getByRole('link', { name: 'Answer for your agency' }).click();
    await audit('answer a request');
    await page.getByLabel('We hold records and supply them').check();
    await submit('Send the answer');
    expect(await page.locator('.govuk-error-summary').textContent()).toContain('What your agency supplies');
    await audit('answer a request, with errors');
    await page.getByLabel('What your agency supplies').fill('Two noise complaints logged; warning letters sent.');
    await submit('Send the answer');
    expect(await page.locator('#information-requests').textContent()).toContain('Two noise complaints logged');

    // No complaints recorded: met only on a senior manager's discretion, with its working shown.
    await step('Decide the threshold', 'threshold decision');
    await page.getByLabel(/senior manager’s reason/).fill('Persistent harm to a vulnerable victim.');
    await submit('Judge the complaints and record the decision');
    await expectDone(/threshold decision is recorded/);
    const decision = await page.locator('#threshold-round-1').textContent();
    expect(decision).toContain('Met');
    expect(decision).toContain('discretion');
    expect(decision).toContain('Persistent harm to a vulnerable victim.');
    await audit('review: threshold met');

    await step('Schedule the panel meeting', 'schedule the panel');
    const today = new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/London' }).format(new Date()).split('-');
    await page.locator('#meetingOn-day').fill(String(Number(today[2])));
    await page.locator('#meetingOn-month').fill(String(Number(today[1])));
    await page.locator('#meetingOn-year').fill(today[0]);
    await page.getByLabel('Chair’s name').fill('Ruth Adeyemi');
    await page.locator('input[name="independentChair"][value="yes"]').check();
    await page.getByLabel('Essex Police', { exact: true }).check();
    // The independent chair's agency sits on the panel, so its panel members see the review whole.
    await page.getByLabel('Thurrock Council for Voluntary Services').check();
    await page.locator('input[name="victimInvited"][value="yes"]').check();
    await submit('Schedule the panel');
    await expectDone('The panel meeting is scheduled.');

    await step('Record that the panel met', 'panel met');
    await page.getByLabel('Essex Police', { exact: true }).check();
    await page.locator('input[name="victimAttended"][value="no"]').check();
    await page.locator('input[name="impactStatementGiven"][value="yes"]').check();
    await submit('Record the meeting');
    await expectDone('The panel meeting is recorded.');

    // A panel member records the findings and a recommendation.
    await signIn(PANEL);
    await page.goto(`/asb-case-reviews/${reviewId}?purpose=meeting_preparation`);
    await audit('review: panel member');
    await step('Record the panel’s findings', 'findings');
    await page.getByLabel('Findings').fill('Reports were not joined up between the agencies.');
    await submit('Save the findings');
    await expectDone('The panel’s findings are recorded.');
    await step('Make a recommendation', 'recommendation');
    await page.getByLabel('Which agency owns it?').selectOption({ label: 'Essex Police' });
    await page.getByLabel('What is the agency to do?').fill('Flag the address for a joint visit.');
    await page.locator('#dueOn-day').fill('1');
    await page.locator('#dueOn-month').fill('1');
    await page.locator('#dueOn-year').fill(String(Number(today[0]) + 1));
    await submit('Add the recommendation');
    await expectDone('The recommendation is added to the action plan.');
    expect(await page.locator('main').textContent()).toContain('Flag the address for a joint visit.');

    // The police report progress from their own list.
    await signIn(PRACTITIONER);
    await page.getByRole('link', { name: 'Case review requests' }).first().click();
    await audit('case review work for an agency');
    await page
      .getByRole('link', { name: /^Report progress/ })
      .first()
      .click();
    await page.getByLabel('In progress').check();
    await submit('Save progress');
    await expectDone('Progress on the recommendation is recorded.');

    // Back to the coordinator: the victim consulted, the plan final, the outcome.
    await signIn(COORDINATOR);
    await page.goto(`/asb-case-reviews/${reviewId}?purpose=case_management`);
    await step('Make the action plan final', 'finalise');
    await submit('Make the plan final');
    expect(await page.locator('.govuk-error-summary').textContent()).toContain('consulted');
    await audit('finalise, refused');
    await page.goto(`/asb-case-reviews/${reviewId}?purpose=case_management`);
    await step('Record that the victim was consulted on the action plan', 'victim consulted');
    await page.getByLabel('Phone').check();
    await submit('Record the consultation');
    await step('Make the action plan final', 'finalise');
    await submit('Make the plan final');
    await expectDone('The action plan is final.');
    await step('Record that the applicant was told the outcome', 'outcome');
    await page.getByLabel('Letter').check();
    await submit('Record the outcome');
    await expectDone(/The outcome is recorded/);
    expect(await heading()).toBe('Outcome sent');
    await audit('review: outcome sent');

    // The applicant asks the PFCC's office to review.
    await step('Record a request for the PFCC’s office to review', 'escalation');
    await page.getByLabel('How the review was handled').check();
    await submit('Send to the PFCC’s office');
    await expectDone('The request is with the PFCC’s office.');

    // The figures for the year, and their CSV.
    await page.goto('/asb-case-reviews/figures');
    expect(await page.locator('#figures').textContent()).toMatch(/Applications received[\s\S]*1/);
    await audit('figures');
    const csv = await page.request.get('/asb-case-reviews/figures.csv');
    expect(csv.headers()['content-type']).toContain('text/csv');
    expect(await csv.text()).toMatch(/^figure,count,from,to_exclusive,description\r\napplications_received,1,/);

    // The PFCC reviewer sees only the escalated review, and upholds it.
    await signIn(PFCC);
    await page.getByRole('link', { name: 'Case reviews', exact: true }).first().click();
    expect(await page.locator('tbody tr').count()).toBe(1);
    await audit('all reviews (PFCC)');
    await page.getByRole('link', { name: /^CR-/ }).click();
    await page.getByLabel('Managing a case').check();
    await submit('Continue');
    await step('Decide the PFCC review', 'PFCC decision');
    await page.getByLabel('Upheld: the review stands').check();
    await page.getByLabel('Reasons').fill('The review was handled as the procedure says.');
    await submit('Record the decision');
    await expectDone('The PFCC’s decision is recorded.');
    expect(await page.locator('main').textContent()).toContain('The review was handled as the procedure says.');
    await audit('review: PFCC decided');
    expect((await page.goto('/asb-case-reviews/due'))?.status()).toBe(403);
  }, 600_000);

  it('the wrong role gets the no-access page, and a business applies without a victim', async () => {
    await signIn(PRACTITIONER);
    for (const path of ['/asb-case-reviews', '/asb-case-reviews/apply', '/asb-case-reviews/figures']) {
      const res = await page.goto(path);
      expect({ path, status: res?.status() }).toEqual({ path, status: 403 });
    }
    await signIn(COORDINATOR);
    await page.goto('/asb-case-reviews/apply');
    await page.getByLabel('A business').check();
    await page.getByLabel('Online form').check();
    await submit('Continue');
    expect(await page.locator('.govuk-error-summary').textContent()).toContain(
      'Enter the name of the business or group',
    );
    await page.getByLabel(/Name of the person, business or group/).fill('Riverside Newsagents');
    await submit('Continue');
    await submit('Continue without a victim');
    expect(await page.locator('#answers').textContent()).toContain('No victim');
    await submit('Record the application');
    expect(await page.locator('.govuk-panel__title').textContent()).toContain('Application recorded');
    const reviewId = page.url().split('/').at(-1)!;
    // A review not escalated to the PFCC's office is not there for its reviewer; the deadlines are the coordinator's.
    await signIn(PFCC);
    const res = await page.goto(`/asb-case-reviews/${reviewId}?purpose=case_management`);
    expect(res?.status()).toBe(404);
    await audit('not found (PFCC)');
    await signIn(PANEL);
    expect((await page.goto('/asb-case-reviews/due'))?.status()).toBe(403);
    expect((await page.goto(`/asb-case-reviews/${reviewId}/acknowledge`))?.status()).toBe(403);
  }, 120_000);

  it('someone applies on the victim’s behalf only with a consent that covers case reviews', async () => {
    const json = async (call: Parameters<TestHub['as']>[1]) => (await hub.as(COORDINATOR, call)).json();
    const register = async (givenName: string, familyName: string) =>
      (
        await json({
          method: 'POST',
          url: '/people',
          body: { givenName, familyName, dateOfBirth: '1948-05-17', confirmNewPerson: true },
        })
      ).personId as string;
    const consenting = await register('Esther', 'Vandermeer-Osei');
    await register('Esther', 'Vandermeer-Okafor');
    const partnership = await json({ url: '/partnership' });
    const asb = (partnership.agencies as Array<{ agencyId: string; kind: string }>).find(
      (a) => a.kind === 'local_authority',
    )!.agencyId;
    const consent = await json({
      method: 'POST',
      url: '/sharing/consents',
      body: {
        personId: consenting,
        givenBy: { kind: 'person' },
        recipients: { kind: 'agencies', agencyIds: [asb] },
        purposes: ['asb_case_review'],
        dataCategories: ['incident_details', 'case_actions'],
        obtained: 'written',
      },
    });
    expect(consent.consentId).toBeDefined();
    await hub.settle();

    await signIn(COORDINATOR);
    const apply = async (familyName: string) => {
      await page.goto('/asb-case-reviews/apply');
      await page.getByLabel('Someone on the victim’s behalf, with their consent').check();
      await page.getByLabel(/Name of the person, business or group/).fill('Derek Holt');
      await page.getByLabel(/Their relationship to the victim/).selectOption({ label: 'Family member' });
      await page.getByLabel('Paper form or letter').check();
      await submit('Continue');
      await page.getByLabel('Name').fill(familyName);
      await page.getByLabel('Managing a case').check();
      await submit('Search');
      await page.getByLabel(`Esther ${familyName}`).check();
      await submit('Continue');
      expect(await heading()).toBe('The victim’s consent');
    };
    // No consent on record: the application cannot go on.
    await apply('Vandermeer-Okafor');
    expect(await page.locator('.govuk-inset-text').textContent()).toContain('No consent of this person covers');
    expect(await page.getByRole('button', { name: 'Continue' }).count()).toBe(0);
    await audit('application: no consent');

    await apply('Vandermeer-Osei');
    await audit('application: the victim’s consent');
    await submit('Continue');
    expect(await page.locator('.govuk-error-summary').textContent()).toContain('Select the victim’s consent');
    const consentRadio = page.locator('input[name="consentId"]');
    expect(await consentRadio.count()).toBe(1);
    expect(await page.locator('label[for="consentId"]').textContent()).toMatch(/Consent given .* \(written\)/);
    await consentRadio.check();
    await submit('Continue');
    const answers = await page.locator('#answers').textContent();
    expect(answers).toContain('Derek Holt');
    expect(answers).toContain('Family member');
    expect(answers).toContain('Recorded in the consent ledger');
    await audit('application: check your answers, on behalf');
    await submit('Record the application');
    expect(await page.locator('.govuk-panel__title').textContent()).toContain('Application recorded');
    const reviewId = page.url().split('/').at(-1)!;
    // The applicant's name is sealed, and shown on the review after a purpose.
    const applied = await hub.db.query(
      `SELECT data FROM event_store.events WHERE type = 'CaseReviewApplied' AND data->>'reviewId' = $1`,
      [reviewId],
    );
    expect(JSON.stringify(applied[0].data)).not.toContain('Derek Holt');
    await page.goto(`/asb-case-reviews/${reviewId}?purpose=case_management`);
    expect(await page.locator('main').textContent()).toContain('Derek Holt');
  }, 180_000);

  afterAll(() => {
    expect(cspViolations).toEqual([]);
  });
});
