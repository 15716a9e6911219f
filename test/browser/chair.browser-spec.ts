/// <reference lib="dom" />
import { actorOf, seedLocalityActionGroups, seedPartnership, seedPeople, THURROCK } from '@hubline/demo';
import { londonDay } from '@hubline/calendar';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { TestHub } from '../support/test-hub';
import { accessibilityViolations, launchChromium } from './browser';

interface Referral {
  referralId: string;
  localityId: string;
  status: string;
  band: string;
  dueForReview: boolean;
}

/**
 * The LAG chair's pages in a real headless Chromium, on a hub with the demo partnership: the
 * referral queue and both decisions, scheduling and moving a meeting, its agenda with a late
 * addition, running it case by case to its close, and the locality's overdue actions and figures
 * with their charts. axe-core checks every page against WCAG 2.2 AA, and no page breaks its CSP.
 */
describe('the LAG chair’s pages in a browser', () => {
  const CHAIR = 'lag.chair@thurrock.demo';
  const PRACTITIONER = 'pc.okafor@essex-police.demo';
  let hub: TestHub;
  let browser: Browser;
  let base: string;
  let context: BrowserContext;
  let page: Page;
  const cspViolations: string[] = [];
  const today = londonDay(new Date());

  beforeAll(async () => {
    browser = await launchChromium();
    hub = await TestHub.start();
    const seeded = await seedPartnership(hub.commands, THURROCK);
    await hub.settle();
    const people = await seedPeople(
      hub.commands,
      seeded,
      [actorOf(THURROCK, seeded, PRACTITIONER), actorOf(THURROCK, seeded, 'panel.housing@thurrock.demo')],
      60,
      2024,
      new Date(Date.now() - 300 * 86_400_000).toISOString(),
    );
    await seedLocalityActionGroups(hub.commands, seeded, people, { app: hub.app, referrals: 24 });
    await hub.settle(60_000);
    await hub.app.listen({ host: '127.0.0.1', port: 0 });
    base = (await hub.app.getUrl()).replace('[::1]', '127.0.0.1');
  }, 240_000);

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
    await page.goto('/');
    await page.locator(`input[name="subject"][value="${subject}"]`).check();
    await page.getByRole('button', { name: 'Sign in' }).click();
    expect(new URL(page.url()).pathname).toBe('/');
  }

  const heading = async () => (await page.getByRole('heading', { level: 1 }).textContent())?.trim();
  const errorSummary = () => page.locator('.govuk-error-summary').textContent();
  const problems = async () =>
    (await page.locator('.govuk-error-summary').count()) ? (await errorSummary())!.replace(/\s+/g, ' ') : null;
  const api = async <T>(url: string): Promise<T> => (await hub.as(CHAIR, { url })).json() as T;
  const path = () => new URL(page.url()).pathname;
  /** The success banner's text; without one, what the page shows instead, so that a failure says why. */
  const banner = async () =>
    (await page.locator('.govuk-notification-banner').count())
      ? await page.locator('.govuk-notification-banner').textContent()
      : `no banner on "${await heading()}" (${path()}): ${await problems()}`;

  it('decides referrals, schedules and moves a meeting, builds its agenda and runs it to its close', async () => {
    await signIn(CHAIR);
    await audit('home (chair)');

    // The queue: codes and days waiting, names only after a purpose.
    await page.getByRole('link', { name: 'Referrals' }).first().click();
    expect(await heading()).toBe('Referrals waiting for a decision');
    await audit('referral queue');
    const waiting = await api<Referral[]>('/lag/referrals?status=referred');
    expect(waiting.length).toBeGreaterThanOrEqual(2);
    expect(await page.locator('tbody tr').count()).toBe(waiting.length);
    await page.getByLabel('To see the victims’ names, say why').selectOption('case_management');
    await page.getByRole('button', { name: 'Show names' }).click();
    expect(await page.locator('th', { hasText: 'Victims' }).count()).toBe(1);
    await audit('referral queue with names');

    // The first referral (the highest risk): purpose first, then a refusal without a reason, then accepted.
    await page.goto('/referral-queue');
    const firstHref = (await page.locator('tbody tr a').first().getAttribute('href'))!;
    const accepted = firstHref.split('/')[2];
    await page.goto(firstHref);
    expect(await heading()).toBe('Why are you opening this referral?');
    await audit('referral purpose');
    await page.getByRole('button', { name: 'Continue' }).click();
    expect(await heading()).toBe('Decide on a referral');
    await audit('referral for decision');
    await page.getByRole('button', { name: 'Decline the referral' }).click();
    expect(await errorSummary()).toContain('Select why you are declining the referral');
    expect(await page.title()).toMatch(/^Error: /);
    await audit('referral decision with an error');
    await page.getByRole('button', { name: 'Accept the referral' }).click();
    expect(path()).toBe('/referral-queue');
    expect(await banner()).toContain('accepted');
    await hub.settle();
    const acceptedCase = await api<Referral>(`/lag/referrals/${accepted}?purpose=case_management`);
    expect(acceptedCase.status).toBe('accepted');
    expect(['high', 'very_high']).toContain(acceptedCase.band);

    // The second: declined with a reason.
    // The list may still show the referral just accepted for a moment: take another.
    const hrefs = await page.locator('tbody tr a').evaluateAll((links) => links.map((a) => a.getAttribute('href')!));
    const secondHref = hrefs.find((h) => !h.includes(accepted))!;
    const declined = secondHref.split('/')[2];
    await page.goto(`${secondHref}?purpose=case_management`);
    await page.getByLabel('It duplicates another referral').check();
    await page.getByLabel('A note for the referrer (optional)').fill('Already referred by housing last week.');
    await page.getByRole('button', { name: 'Decline the referral' }).click();
    expect(await banner()).toContain('declined');
    await hub.settle();
    expect((await api<Referral>(`/lag/referrals/${declined}?purpose=case_management`)).status).toBe('declined');

    // Schedule a meeting for tomorrow in the accepted case's locality; errors first.
    await page.getByRole('link', { name: 'Meetings' }).first().click();
    expect(await heading()).toBe('LAG meetings');
    await audit('meetings');
    await page.getByRole('button', { name: 'Schedule a meeting' }).click();
    await audit('schedule a meeting');
    await page.getByLabel('Start time').fill('');
    await page.getByRole('button', { name: 'Schedule the meeting' }).click();
    expect(await errorSummary()).toContain('Select the locality');
    expect(await errorSummary()).toContain('Enter the meeting’s date');
    await audit('schedule a meeting with errors');
    const tomorrow = new Date(Date.now() + 86_400_000 * 2);
    await page.locator(`input[name="localityId"][value="${acceptedCase.localityId}"]`).check();
    await page.locator('#startsAt-day').fill(String(tomorrow.getUTCDate()));
    await page.locator('#startsAt-month').fill(String(tomorrow.getUTCMonth() + 1));
    await page.locator('#startsAt-year').fill(String(tomorrow.getUTCFullYear()));
    await page.getByLabel('Start time').fill('10:00');
    await page.getByLabel('Cut-off for new referrals').fill('0');
    await page.getByRole('button', { name: 'Schedule the meeting' }).click();
    const meetingId = path().split('/')[2];
    expect(await banner()).toContain('The meeting is scheduled.');
    expect(await page.locator(`a[href="/meetings/${meetingId}/pack"]`).count()).toBe(1);
    await audit('a meeting');

    // Moved to today, so that it can be held now.
    await page.getByRole('button', { name: 'Move the meeting' }).click();
    await audit('move a meeting');
    const [y, m, d] = today.split('-');
    await page.locator('#startsAt-day').fill(String(Number(d)));
    await page.locator('#startsAt-month').fill(String(Number(m)));
    await page.locator('#startsAt-year').fill(y);
    await page.getByLabel('Start time').fill('00:01');
    await page.getByRole('button', { name: 'Move the meeting' }).click();
    expect(await errorSummary()).toContain('Select why the meeting is moving');
    await audit('move a meeting with an error');
    await page.getByLabel('The chair is not available').check();
    await page.getByRole('button', { name: 'Move the meeting' }).click();
    expect(await banner()).toContain('moved');
    await hub.settle();

    // The agenda: the case accepted after the cut-off needs a late addition's reason.
    await page.getByRole('button', { name: 'Add a case to the agenda' }).click();
    await audit('agenda');
    await page.locator(`input[name="referralId"][value="${accepted}"]`).check();
    await page.getByLabel('A new case').check();
    await page.getByRole('button', { name: 'Add to the agenda' }).click();
    expect(await errorSummary()).toContain('accepted after the cut-off');
    await audit('agenda with an error');
    await page.getByLabel('The risk has escalated').check();
    await page.getByRole('button', { name: 'Add to the agenda' }).click();
    expect(await banner()).toContain('on the agenda');
    await hub.settle();
    // And a case of the locality due for review.
    const due = (
      await api<Referral[]>(`/lag/referrals?status=accepted&dueForReview=true&localityId=${acceptedCase.localityId}`)
    )[0];
    expect(due).toBeDefined();
    await page.goto(`/meetings/${meetingId}/agenda`);
    await page.locator(`input[name="referralId"][value="${due.referralId}"]`).check();
    await page.getByLabel('A review').check();
    await page.getByRole('button', { name: 'Add to the agenda' }).click();
    expect(await banner()).toContain('on the agenda');
    await hub.settle();

    // Run it: attendance and apologies, then the confidentiality statement.
    await page.getByRole('button', { name: 'Run the meeting' }).click();
    expect(await heading()).toBe('Run the meeting');
    expect(await page.locator('body.hubline-projector').count()).toBe(1);
    await audit('run: attendance and statement');
    const partnership = await api<{ agencies: Array<{ agencyId: string; active: boolean }> }>('/partnership');
    const active = partnership.agencies.filter((a) => a.active);
    for (const [i, agency] of active.entries())
      await page.locator(`#agency-${agency.agencyId}-${i === active.length - 1 ? 'apologies' : 'present'}`).check();
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

    // Case 1: errors, then the discussion with a new action and a review.
    await page.getByRole('button', { name: /^Next case/ }).click();
    expect(await heading()).toBe('Case 1 of 2');
    await audit('run: a case');
    await page.getByRole('button', { name: 'Record the discussion' }).click();
    expect(await errorSummary()).toContain('Enter what was shared and discussed');
    expect(await errorSummary()).toContain('Select at least one decision');
    await audit('run: a case with errors');
    const due14 = new Date(Date.now() + 14 * 86_400_000);
    const discuss = async () => {
      await page
        .getByLabel('What was shared and discussed')
        .fill('Police shared two recent call-outs; housing will visit.');
      await page.getByLabel('Information shared').check();
      await page.getByLabel('Actions agreed').check();
      await page.locator('#action-1-agency').selectOption(active[0].agencyId);
      await page.locator('#action-1-kind').selectOption('warning_letter');
      await page.locator('#action-1-description').fill('Warning letter to the neighbour at number 14.');
      await page.locator('#action-1-due-day').fill(String(due14.getUTCDate()));
      await page.locator('#action-1-due-month').fill(String(due14.getUTCMonth() + 1));
      await page.locator('#action-1-due-year').fill(String(due14.getUTCFullYear()));
      await page.getByLabel(/The meeting reviewed the case/).check();
    };
    await discuss();
    await page.getByRole('button', { name: 'Record the discussion' }).click();
    if ((await page.locator('.govuk-error-summary').count()) > 0) {
      // Agencies present that no sharing agreement covers: named, and the chair decides.
      expect(await page.locator('.govuk-warning-text').textContent()).toContain(
        'No information sharing agreement covers sharing this case with',
      );
      await audit('run: sharing not covered');
      await page.getByLabel('Share with them on a stated basis').check();
      await page.getByLabel('The basis for sharing').fill('Immediate risk of harm to the victim; shared under s.115.');
      await page.getByRole('button', { name: 'Record the discussion' }).click();
    }
    expect(await banner()).toContain('The discussion is recorded');
    await hub.settle();
    const firstCase = await api<{ actions: Array<{ kind: string; meetingId: string | null }> }>(
      `/lag/referrals/${accepted}?purpose=meeting_preparation`,
    );
    expect(firstCase.actions.some((a) => a.kind === 'warning_letter' && a.meetingId === meetingId)).toBe(true);

    // Case 2: closed, with its outstanding actions cancelled.
    await page.getByRole('button', { name: /^Next case/ }).click();
    expect(await heading()).toBe('Case 2 of 2');
    await page.getByRole('link', { name: 'Close this case' }).click();
    expect(await heading()).toBe('Close the case');
    await audit('close a case');
    await page.getByRole('button', { name: 'Close the case' }).click();
    expect(await errorSummary()).toContain('Select what changed for the victim');
    await audit('close a case with errors');
    await page.getByLabel('The incidents stopped').check();
    await page.getByLabel('The risk has reduced').check();
    await page
      .getByLabel('The outcome for the victim, in words')
      .fill('No incidents for eight weeks; the victim feels safe.');
    if ((await page.locator('input[name="cancelOutstandingActions"]').count()) > 0)
      await page.getByLabel('Cancel them with the case').check();
    await page.getByRole('button', { name: 'Close the case' }).click();
    expect(await banner()).toContain('The case is closed');
    await hub.settle();
    expect((await api<Referral>(`/lag/referrals/${due.referralId}?purpose=case_management`)).status).toBe('closed');

    // Close the meeting: its page then links to the minutes.
    await page.getByRole('button', { name: 'Close the meeting' }).click();
    expect(path()).toBe(`/meetings/${meetingId}`);
    expect(await banner()).toContain('The meeting is closed');
    expect(await page.locator(`a[href="/meetings/${meetingId}/minutes"]`).count()).toBe(1);
    await audit('a closed meeting');
    await hub.settle();
    const meetings =
      await api<Array<{ meetingId: string; status: string; agenda: Array<{ discussed: boolean }> }>>('/lag/meetings');
    const held = meetings.find((x) => x.meetingId === meetingId)!;
    expect(held.status).toBe('closed');
    expect(held.agenda.map((a) => a.discussed)).toEqual([true, false]);
  }, 300_000);

  it('shows every agency’s overdue actions for a locality, and the cases by band, each chart with its table', async () => {
    await signIn(CHAIR);
    const partnership = await api<{ localities: Array<{ localityId: string }> }>('/partnership');
    const locality = partnership.localities[0].localityId;
    await page.goto('/overdue-actions');
    await audit('overdue actions');
    await page.getByLabel('Locality').selectOption(locality);
    await page.getByRole('button', { name: 'Show' }).click();
    await audit('overdue actions of a locality');
    const overdue = await api<Array<{ owningAgencyId: string }>>(
      `/lag/actions?agencyId=all&state=overdue&localityId=${locality}`,
    );
    const rows = await page.locator('table').first().locator('tbody tr').count();
    expect(rows).toBe(new Set(overdue.map((a) => a.owningAgencyId)).size);
    if (overdue.length) expect(await page.locator('svg[role="img"] rect').count()).toBe(rows);

    await page.getByRole('link', { name: 'LAG figures' }).first().click();
    expect(await heading()).toBe('LAG cases by risk band');
    await audit('LAG figures');
    const figures = await api<{ months: Array<{ total: number }> }>('/lag/figures/cases-by-band');
    const totals = await page.locator('#cases-by-band tbody tr td:last-child').allTextContents();
    expect(totals.map(Number)).toEqual(figures.months.map((m) => m.total));
    expect(figures.months.at(-1)!.total).toBeGreaterThan(0);
  }, 120_000);

  it('the chair’s pages are refused to other roles, with no data', async () => {
    await signIn(PRACTITIONER);
    for (const url of ['/referral-queue', '/meetings', '/overdue-actions', '/lag-figures']) {
      const res = await page.goto(url);
      expect({ url, status: res?.status() }).toEqual({ url, status: 403 });
    }
    expect(await page.locator('table').count()).toBe(0);
  });

  afterAll(() => {
    expect(cspViolations).toEqual([]);
  });
});
