/// <reference lib="dom" />
import { actorOf, seedPartnership, seedSharingAgreement, THURROCK, type SeededPartnership } from '@hubline/demo';
import { londonDay } from '@hubline/calendar';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { TestHub } from '../support/test-hub';
import { accessibilityViolations, clearOfMidnight, launchChromium } from './browser';

/** Time enough for one run of the journeys, start-up included; it must fit inside one London day. */
const JOURNEY_MINUTES = 20;

interface Questionnaire {
  questions: Array<{ id: string; answers: Array<{ id: string }> }>;
}

/** The reasons for reading a record, as the auditor's pages word them. */
const PURPOSE_WORDS: Record<string, string> = {
  case_management: 'Managing a case',
  meeting_preparation: 'Preparing for a meeting',
  risk_assessment: 'Assessing risk',
  safeguarding: 'Safeguarding',
};

/**
 * One case from start to finish across the roles, in a real headless Chromium, through the web
 * pages alone: a police officer registers a victim and refers them to the LAG; the chair accepts
 * the referral, schedules a meeting for today, puts the case on its agenda and runs it, agreeing
 * an action for housing; a housing officer completes that action; the auditor then sees in the
 * victim's trail who saw the record and why. What each step changed is checked in the hub's
 * read models, not through its API, so that every read of the victim's record in the trail is one
 * made on the pages. No page breaks its content security policy. The journey runs twice: with
 * JavaScript, where axe-core checks every distinct page against WCAG 2.2 AA, and with scripts
 * switched off in the browser, as some councils' locked-down desktops have them.
 */
describe.each([
  { javaScript: true, how: 'with JavaScript' },
  // The pages work without it (decision 0027): the same journey with scripts switched off.
  { javaScript: false, how: 'without JavaScript' },
])('a case’s journey across the roles in a browser, $how', ({ javaScript }) => {
  // Many steps per test on a shared machine: time enough for each.
  jest.setTimeout(240_000);
  const PRACTITIONER = 'pc.okafor@essex-police.demo';
  const CHAIR = 'lag.chair@thurrock.demo';
  // The demo practitioner of Thurrock Council Housing.
  const HOUSING = 'panel.housing@thurrock.demo';
  const AUDITOR = 'auditor@thurrock.demo';
  const ADMIN = 'admin@thurrock.demo';
  const OUTCOME = 'Door and window locks fitted; the victim reports feeling safer.';
  let hub: TestHub;
  let browser: Browser;
  let base: string;
  let seeded: SeededPartnership;
  let questionnaire: Questionnaire;
  let context: BrowserContext | undefined;
  let page: Page;
  const audited = new Set<string>();
  const cspViolations: string[] = [];
  // Set once the journey is clear of midnight: the meeting is scheduled for today and run today.
  let today: string;

  // What each step leaves for the next.
  let victimId: string;
  let referralId: string;
  let meetingId: string;
  let actionId: string;

  beforeAll(
    async () => {
      await clearOfMidnight(JOURNEY_MINUTES);
      today = londonDay(new Date());
      browser = await launchChromium();
      hub = await TestHub.start();
      seeded = await seedPartnership(hub.commands, THURROCK);
      // The partnership's agreement covers sharing the case with housing at the meeting.
      await seedSharingAgreement(hub.commands, seeded, actorOf(THURROCK, seeded, ADMIN));
      await hub.settle();
      questionnaire = (await hub.as(PRACTITIONER, { url: '/lag/settings' })).json().riskMatrix;
      await hub.app.listen({ host: '127.0.0.1', port: 0 });
      base = (await hub.app.getUrl()).replace('[::1]', '127.0.0.1');
    },
    180_000 + JOURNEY_MINUTES * 60_000,
  );

  afterAll(async () => {
    await browser?.close();
    await hub?.close();
  });

  afterEach(() => context?.close());

  /** A fresh browser for each role, signed in as that role's demo user. */
  async function signInAs(subject: string): Promise<void> {
    context = await browser.newContext({ baseURL: base, javaScriptEnabled: javaScript });
    page = await context.newPage();
    // A step that cannot be done fails with what it waited for, well within the test's time.
    page.setDefaultTimeout(60_000);
    page.on('console', (message) => {
      if (/Content Security Policy/i.test(message.text())) cspViolations.push(message.text());
    });
    await page.goto('/');
    expect(path()).toBe('/sign-in/demo');
    // GOV.UK Frontend's template marks the body when scripts run: they do in one run only.
    expect(await page.locator('body.js-enabled').count()).toBe(javaScript ? 1 : 0);
    await audit('sign in as a demo user');
    await page.locator(`input[name="subject"][value="${subject}"]`).check();
    await page.getByRole('button', { name: 'Sign in' }).click();
    expect(path()).toBe('/');
    await audit(`home (${subject})`);
  }

  /** axe-core on the page now shown, once per distinct page. */
  async function audit(name: string): Promise<void> {
    // axe-core waits on the page's timers, which do not run with scripts switched off; the pages'
    // markup is the same in both runs, and the run with JavaScript checks it.
    if (!javaScript) return;
    if (audited.has(name)) return;
    audited.add(name);
    const violations = await accessibilityViolations(page);
    expect({ page: name, violations }).toEqual({ page: name, violations: [] });
  }

  const path = () => new URL(page.url()).pathname;
  const heading = async () => (await page.getByRole('heading', { level: 1 }).textContent())?.trim();
  const problems = async () =>
    (await page.locator('.govuk-error-summary').count())
      ? (await page.locator('.govuk-error-summary').textContent())!.replace(/\s+/g, ' ').trim()
      : null;
  /** The success banner's text; without one, what the page shows instead, so that a failure says why. */
  const banner = async () =>
    (await page.locator('.govuk-notification-banner').count())
      ? await page.locator('.govuk-notification-banner').textContent()
      : `no banner on "${await heading()}" (${path()}): ${await problems()}`;
  const api = async <T>(subject: string, url: string): Promise<T> => (await hub.as(subject, { url })).json() as T;
  const referral = async () =>
    (
      await hub.db.query('SELECT status, locality_id, victim_ids FROM lag.referrals WHERE referral_id = $1', [
        referralId,
      ])
    )[0] as { status: string; locality_id: string; victim_ids: string[] } | undefined;
  const actionsAgreed = (): Promise<
    Array<{ action_id: string; owning_agency_id: string; kind: string; status: string }>
  > =>
    hub.db.query(
      'SELECT action_id, owning_agency_id, kind, status FROM lag.actions WHERE referral_id = $1 AND meeting_id = $2',
      [referralId, meetingId],
    );
  const cells = (selector: string) =>
    page
      .locator(`${selector} tbody tr`)
      .evaluateAll((rows) =>
        rows.map((r) => Array.from(r.querySelectorAll('td')).map((td) => (td as HTMLElement).innerText.trim())),
      );

  it('a police officer registers a victim and refers them to the LAG', async () => {
    await signInAs(PRACTITIONER);

    await page.getByRole('link', { name: 'Register a person' }).first().click();
    expect(await heading()).toBe('Register a person');
    await audit('register a person');
    await page.getByLabel('Given name').fill('Marguerite');
    await page.getByLabel('Family name').fill('Oyelaran-Thistlewood');
    await page.getByLabel('Day').fill('3');
    await page.getByLabel('Month').fill('11');
    await page.getByLabel('Year').fill('1958');
    await page.getByRole('button', { name: 'Register' }).click();
    // Registered: the record asks why before showing anything.
    expect(await heading()).toContain('Why do you need to see this record?');
    await audit('person record purpose');
    victimId = path().split('/')[2];
    await page.getByLabel('Managing a case').check();
    await page.getByRole('button', { name: 'Continue' }).click();
    expect(await heading()).toBe('Marguerite Oyelaran-Thistlewood');
    await audit('person record');

    await page.getByRole('link', { name: 'Refer to the Locality Action Group' }).click();
    expect(await heading()).toBe('Refer to the Locality Action Group');
    await audit('refer to the LAG');
    await page.getByRole('radio', { name: THURROCK.localities[0].name }).check();
    await page.getByLabel('Anti-social behaviour').check();
    await page
      .getByLabel('What has happened to the victim?')
      .fill('Windows smashed twice and abuse shouted at her door most nights since September.');
    await page
      .getByLabel('Why is a multi-agency response needed?')
      .fill('The perpetrators are council tenants: police warnings alone have not stopped it.');
    // The highest answer to every risk question.
    for (const question of questionnaire.questions)
      await page
        .locator(`input[name="risk.${question.id}"]`)
        .nth(question.answers.length - 1)
        .check();
    await page.getByRole('button', { name: 'Continue' }).click();
    expect({ heading: await heading(), errors: await problems() }).toEqual({
      heading: 'Check your answers before referring',
      errors: null,
    });
    expect(await page.locator('main').textContent()).toContain('Marguerite Oyelaran-Thistlewood');
    await audit('referral, check your answers');

    await page.getByRole('button', { name: 'Send the referral' }).click();
    expect(await heading()).toContain('Referral sent');
    await audit('referral sent');
    referralId = path().split('/')[3];

    await hub.settle();
    expect(await referral()).toEqual({
      status: 'referred',
      locality_id: seeded.localities[THURROCK.localities[0].name],
      victim_ids: [victimId],
    });
  });

  it('the LAG chair accepts the referral, schedules a meeting for today and runs it, agreeing an action for housing', async () => {
    expect(referralId).toBeDefined();
    await signInAs(CHAIR);

    // The queue: the referral just sent, opened after giving a purpose, and accepted.
    await page.getByRole('link', { name: 'Referrals' }).first().click();
    expect(await heading()).toBe('Referrals waiting for a decision');
    await audit('referral queue');
    await page.locator(`tbody tr a[href*="${referralId}"]`).click();
    expect(await heading()).toBe('Why are you opening this referral?');
    await audit('referral purpose');
    await page.getByRole('button', { name: 'Continue' }).click();
    expect(await heading()).toBe('Decide on a referral');
    await audit('referral for decision');
    await page.getByRole('button', { name: 'Accept the referral' }).click();
    expect(path()).toBe('/referral-queue');
    expect(await banner()).toContain('accepted');
    await hub.settle();
    expect((await referral())?.status).toBe('accepted');

    // A meeting today, late in the day, in the case's locality; referrals close at its start.
    const locality = seeded.localities[THURROCK.localities[0].name];
    await page.getByRole('link', { name: 'Meetings' }).first().click();
    expect(await heading()).toBe('LAG meetings');
    await audit('meetings');
    await page.getByRole('button', { name: 'Schedule a meeting' }).click();
    await audit('schedule a meeting');
    const [y, m, d] = today.split('-');
    await page.locator(`input[name="localityId"][value="${locality}"]`).check();
    await page.locator('#startsAt-day').fill(String(Number(d)));
    await page.locator('#startsAt-month').fill(String(Number(m)));
    await page.locator('#startsAt-year').fill(y);
    await page.getByLabel('Start time').fill('23:59');
    await page.getByLabel('Cut-off for new referrals').fill('0');
    await page.getByRole('button', { name: 'Schedule the meeting' }).click();
    expect(await banner()).toContain('The meeting is scheduled.');
    meetingId = path().split('/')[2];
    await audit('a meeting');
    await hub.settle();

    // The case on the agenda, as a new case.
    await page.getByRole('button', { name: 'Add a case to the agenda' }).click();
    await audit('agenda');
    await page.locator(`input[name="referralId"][value="${referralId}"]`).check();
    await page.getByLabel('A new case').check();
    await page.getByRole('button', { name: 'Add to the agenda' }).click();
    expect(await banner()).toContain('on the agenda');
    await hub.settle();

    // Run it: police, the ASB team and housing present, the others' apologies; then the statement.
    await page.getByRole('button', { name: 'Run the meeting' }).click();
    expect(await heading()).toBe('Run the meeting');
    await audit('run: attendance and statement');
    const present = new Set([seeded.agencies.police, seeded.agencies.asb, seeded.agencies.housing]);
    const partnership = await api<{ agencies: Array<{ agencyId: string; active: boolean }> }>(CHAIR, '/partnership');
    for (const agency of partnership.agencies.filter((a) => a.active))
      await page
        .locator(`#agency-${agency.agencyId}-${present.has(agency.agencyId) ? 'present' : 'apologies'}`)
        .check();
    await page.getByRole('button', { name: 'Record attendance' }).click();
    expect(await banner()).toContain('Attendance is recorded');
    await page.getByRole('button', { name: /The statement has been read/ }).click();
    expect({ heading: await heading(), errors: await problems() }).toEqual({
      heading: 'Why do you need to see the cases?',
      errors: null,
    });
    await audit('run: purpose');
    await page.getByRole('button', { name: 'Continue' }).click();
    await audit('run: agenda');

    // The case: what was shared, and target hardening by housing within a fortnight.
    await page.getByRole('button', { name: /^Next case/ }).click();
    expect(await heading()).toBe('Case 1 of 1');
    await audit('run: a case');
    const due = new Date(Date.now() + 14 * 86_400_000);
    await page
      .getByLabel('What was shared and discussed')
      .fill('Police shared three call-outs this month; housing will secure the doors and windows.');
    await page.getByLabel('Information shared').check();
    await page.getByLabel('Actions agreed').check();
    await page.locator('#action-1-agency').selectOption(seeded.agencies.housing);
    await page.locator('#action-1-kind').selectOption('target_hardening');
    await page.locator('#action-1-description').fill('Fit door and window locks at the victim’s home.');
    await page.locator('#action-1-due-day').fill(String(due.getUTCDate()));
    await page.locator('#action-1-due-month').fill(String(due.getUTCMonth() + 1));
    await page.locator('#action-1-due-year').fill(String(due.getUTCFullYear()));
    await page.getByLabel(/The meeting reviewed the case/).check();
    await page.getByRole('button', { name: 'Record the discussion' }).click();
    // The agreement covers every agency present: no sharing question.
    expect(await banner()).toContain('The discussion is recorded');
    await hub.settle();
    const agreed = await actionsAgreed();
    expect(agreed).toEqual([
      expect.objectContaining({ kind: 'target_hardening', owning_agency_id: seeded.agencies.housing, status: 'open' }),
    ]);
    actionId = agreed[0].action_id;

    // Closed: its page then links to the minutes.
    await page.getByRole('button', { name: 'Close the meeting' }).click();
    expect(path()).toBe(`/meetings/${meetingId}`);
    expect(await banner()).toContain('The meeting is closed');
    expect(await page.locator(`a[href="/meetings/${meetingId}/minutes"]`).count()).toBe(1);
    await audit('a closed meeting');
    await hub.settle();
    const [meeting] = await hub.db.query('SELECT status FROM lag.meetings WHERE meeting_id = $1', [meetingId]);
    expect(meeting?.status).toBe('closed');
    const agenda = await hub.db.query('SELECT referral_id, discussed FROM lag.agenda_items WHERE meeting_id = $1', [
      meetingId,
    ]);
    expect(agenda).toEqual([{ referral_id: referralId, discussed: true }]);
  });

  it('a housing officer completes the action agreed at the meeting', async () => {
    expect(actionId).toBeDefined();
    await signInAs(HOUSING);

    await page.getByRole('link', { name: 'Actions' }).first().click();
    expect(await heading()).toBe('Your agency’s open actions');
    await audit('open actions');
    await page.locator(`a[href="/my-actions/${referralId}/${actionId}"]`).click();
    await audit('update an action');
    await page.getByLabel('Completed').check();
    await page.getByLabel('Outcome').fill(OUTCOME);
    await page.getByRole('button', { name: 'Save progress' }).click();
    expect(path()).toBe('/my-actions');
    expect(await banner()).toContain('completed');
    await audit('actions after an update');
    await hub.settle();

    expect(await actionsAgreed()).toEqual([expect.objectContaining({ action_id: actionId, status: 'completed' })]);
    // No longer among the agency's open actions.
    expect(await page.locator(`a[href="/my-actions/${referralId}/${actionId}"]`).count()).toBe(0);
  });

  it('the auditor sees in the victim’s trail who saw the record, and why', async () => {
    expect(victimId).toBeDefined();
    await signInAs(AUDITOR);

    await page.getByRole('link', { name: 'Audit' }).first().click();
    expect(await heading()).toBe('Audit');
    await audit('audit');
    await page.getByRole('link', { name: 'A person’s trail' }).first().click();
    await audit('find a person’s trail');
    await page.getByLabel('Person’s record id').fill(victimId);
    await page.getByRole('button', { name: 'Show the trail' }).click();
    expect(path()).toBe(`/auditor/people/${victimId}`);
    expect(await heading()).toBe('A person’s audit trail');
    await audit('a person’s trail');

    const viewers = await cells('#viewers');
    const officer = viewers.find((row) => row[0] === 'PC Grace Okafor');
    expect(officer?.slice(1, 3)).toEqual(['Essex Police', expect.stringContaining('Managing a case')]);
    const chair = viewers.find((row) => row[0] === 'Sam Patel (LAG chair)');
    expect(chair?.[1]).toBe('Thurrock Council Community Safety and ASB Team');
    // Each one's reasons and number of views, as the consultation log holds them.
    const logged: Array<{ user_id: string; views: string; purposes: string[] }> = await hub.db.query(
      `SELECT user_id, count(*) AS views, array_agg(DISTINCT purpose) AS purposes
         FROM access.consultations WHERE person_id = $1 GROUP BY user_id`,
      [victimId],
    );
    for (const [subject, row] of [
      [PRACTITIONER, officer!],
      [CHAIR, chair!],
    ] as const) {
      const log = logged.find((l) => l.user_id === seeded.users[subject]);
      expect({ subject, why: row[2].split(', ').sort(), views: Number(row[3]) }).toEqual({
        subject,
        why: log!.purposes.map((p) => PURPOSE_WORDS[p] ?? p).sort(),
        views: Number(log!.views),
      });
    }
    // The chair read the case to decide on it and for the meeting.
    expect(logged.find((l) => l.user_id === seeded.users[CHAIR])?.purposes.sort()).toEqual([
      'case_management',
      'meeting_preparation',
    ]);
  });

  afterAll(() => {
    expect(cspViolations).toEqual([]);
  });
});
