/// <reference lib="dom" />
import { actorOf, seedPartnership, seedPeople, THURROCK, type SeededPerson } from '@hubline/demo';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { TestHub } from '../support/test-hub';
import { accessibilityViolations, launchChromium } from './browser';

interface Questionnaire {
  thresholds: { medium: number; high: number; veryHigh: number };
  questions: Array<{ id: string; text: string; answers: Array<{ id: string; text: string; score: number }> }>;
}

const BANDS: Record<string, string> = { standard: 'Standard', medium: 'Medium', high: 'High', very_high: 'Very high' };

/**
 * The practitioner's forms in a real headless Chromium: recording an ASB report (from a person's
 * record, and from a business), and referring a victim to the LAG with the partnership's risk
 * questionnaire, whose score and band show as it is answered (by our script with JavaScript, by
 * "Work out the score" without), check your answers and the confirmation; and a whole referral
 * with the keyboard alone. axe-core checks every page; no page breaks its content security policy.
 */
describe('practitioner forms in a browser', () => {
  // Many steps per test on a shared machine: time enough for each.
  jest.setTimeout(180_000);
  const PRACTITIONER = 'pc.okafor@essex-police.demo';
  let hub: TestHub;
  let browser: Browser;
  let base: string;
  let people: SeededPerson[];
  let questionnaire: Questionnaire;
  let context: BrowserContext;
  let page: Page;
  const cspViolations: string[] = [];

  beforeAll(async () => {
    browser = await launchChromium();
    hub = await TestHub.start();
    const seeded = await seedPartnership(hub.commands, THURROCK);
    await hub.settle();
    people = await seedPeople(
      hub.commands,
      seeded,
      [actorOf(THURROCK, seeded, PRACTITIONER)],
      8,
      2031,
      new Date(Date.now() - 100 * 86_400_000).toISOString(),
    );
    await hub.settle(30_000);
    questionnaire = (await hub.as(PRACTITIONER, { url: '/lag/settings' })).json().riskMatrix;
    await hub.app.listen({ host: '127.0.0.1', port: 0 });
    base = (await hub.app.getUrl()).replace('[::1]', '127.0.0.1');
  }, 180_000);

  afterAll(async () => {
    await browser?.close();
    await hub?.close();
  });

  async function open(javaScriptEnabled = true): Promise<void> {
    context = await browser.newContext({ baseURL: base, javaScriptEnabled });
    page = await context.newPage();
    page.on('console', (message) => {
      if (/Content Security Policy/i.test(message.text())) cspViolations.push(message.text());
    });
  }
  afterEach(() => context?.close());

  async function audit(name: string): Promise<void> {
    expect({ page: name, violations: await accessibilityViolations(page) }).toEqual({ page: name, violations: [] });
  }

  async function signIn(): Promise<void> {
    await page.goto('/sign-in/demo');
    await page.locator(`input[name="subject"][value="${PRACTITIONER}"]`).check();
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.waitForURL(`${base}/`);
  }

  const h1 = () => page.getByRole('heading', { level: 1 }).textContent();
  const nameOf = async (person: SeededPerson) => {
    const p = (await hub.as(PRACTITIONER, { url: `/people/${person.personId}?purpose=data_quality` })).json();
    return `${p.givenName} ${p.familyName}`;
  };

  /** The score and band the partnership's questionnaire gives answers (question index → answer index). */
  function expectedScore(chosen: number[]): { score: number; band: string } {
    const score = chosen.reduce((sum, a, q) => sum + questionnaire.questions[q].answers[a].score, 0);
    const t = questionnaire.thresholds;
    const band =
      score >= t.veryHigh ? 'very_high' : score >= t.high ? 'high' : score >= t.medium ? 'medium' : 'standard';
    return { score, band };
  }
  /** High answers for every question: the last answer of each. */
  const highest = () => questionnaire.questions.map((q) => q.answers.length - 1);

  async function fillReferralText(): Promise<void> {
    await page
      .getByLabel('What has happened to the victim?')
      .fill('Stones thrown at the window three times this month.');
    await page
      .getByLabel('Why is a multi-agency response needed?')
      .fill('Police action alone has not stopped it; the victim is isolated.');
  }

  it('records an ASB report from a person’s record, with its errors, check your answers and confirmation', async () => {
    await open();
    await signIn();
    const victim = people[0];
    await page.goto(`/person/${victim.personId}?purpose=case_management`);
    await page.getByRole('link', { name: 'Record an ASB report by this person' }).click();
    expect(await h1()).toBe('Record an ASB report');
    expect(await page.title()).toBe('Record an ASB report – Hubline');
    await audit('record an ASB report');

    await page.getByRole('button', { name: 'Continue' }).click();
    const summary = await page.locator('.govuk-error-summary').textContent();
    expect(summary).toContain('Enter your agency’s reference for the report');
    expect(summary).toContain('Enter the day it happened as a real date');
    expect(summary).toContain('Select the ward where it happened');
    expect(await page.title()).toMatch(/^Error: /);
    await audit('record an ASB report, with errors');

    const reference = `EP/${Date.now()}`;
    await page.getByLabel('Your agency’s reference').fill(reference);
    const day = new Date(Date.now() - 3 * 86_400_000);
    const dates = page.locator('#behaviourOn');
    await dates.getByLabel('Day').fill(String(day.getUTCDate()));
    await dates.getByLabel('Month').fill(String(day.getUTCMonth() + 1));
    await dates.getByLabel('Year').fill(String(day.getUTCFullYear()));
    const reported = page.locator('#reportedOn');
    await reported.getByLabel('Day').fill(String(day.getUTCDate()));
    await reported.getByLabel('Month').fill(String(day.getUTCMonth() + 1));
    await reported.getByLabel('Year').fill(String(day.getUTCFullYear()));
    await page.getByLabel('Hate incident').check();
    await page.getByLabel('Religion or belief').check();
    await page.getByLabel('Ward where it happened').selectOption({ index: 1 });
    await page.getByLabel('What happened, as reported').fill('Abuse shouted at the victim outside the mosque.');
    await page.getByRole('button', { name: 'Continue' }).click();
    expect(await h1()).toBe('Check your answers before recording the report');
    expect(await page.locator('.govuk-summary-list').textContent()).toContain(reference);
    await audit('ASB report, check your answers');

    // Change, and back: nothing is lost.
    await page.getByRole('button', { name: 'Change your answers' }).click();
    expect(await page.getByLabel('Your agency’s reference').inputValue()).toBe(reference);
    await page.getByRole('button', { name: 'Continue' }).click();
    await page.getByRole('button', { name: 'Record the report' }).click();
    expect(await h1()).toContain('ASB report recorded');
    await audit('ASB report recorded');

    const reportId = new URL(page.url()).pathname.split('/')[3];
    const report = (await hub.as(PRACTITIONER, { url: `/asb/reports/${reportId}?purpose=case_management` })).json();
    expect(report).toMatchObject({ agencyReference: reference, category: 'hate' });
  });

  it('records a report from a business, reached from the navigation', async () => {
    await open();
    await signIn();
    await page.getByRole('link', { name: 'Record an ASB report' }).first().click();
    await audit('record an ASB report from a business or group');
    await page.getByLabel('A business').check();
    await page.getByLabel('Name of the business or group').fill('Grays Corner Shop');
    await page.getByLabel('Your agency’s reference').fill('EP/BIZ/1');
    const today = new Date();
    for (const field of ['#behaviourOn', '#reportedOn']) {
      await page.locator(field).getByLabel('Day').fill(String(today.getUTCDate()));
      await page
        .locator(field)
        .getByLabel('Month')
        .fill(String(today.getUTCMonth() + 1));
      await page.locator(field).getByLabel('Year').fill(String(today.getUTCFullYear()));
    }
    await page.getByLabel('Environmental').check();
    await page.getByLabel('Ward where it happened').selectOption({ index: 2 });
    await page.getByLabel('What happened, as reported').fill('Shop shutters sprayed with graffiti overnight.');
    await page.getByRole('button', { name: 'Continue' }).click();
    expect(await page.locator('.govuk-summary-list').textContent()).toContain('A business: Grays Corner Shop');
    await page.getByRole('button', { name: 'Record the report' }).click();
    expect(await h1()).toContain('ASB report recorded');
  });

  it('refers a victim to the LAG, the score and band updating as each risk question is answered', async () => {
    await open();
    await signIn();
    const victim = people[1];
    await page.goto(`/person/${victim.personId}?purpose=case_management`);
    await page.getByRole('link', { name: 'Refer to the Locality Action Group' }).click();
    expect(await h1()).toBe('Refer to the Locality Action Group');
    expect(await page.title()).toBe('Refer to the Locality Action Group – Hubline');
    expect(await page.title()).not.toContain(await nameOf(victim));
    await audit('refer to the LAG');

    const chosen: number[] = [];
    for (const [q, question] of questionnaire.questions.entries()) {
      const answer = q % 2 === 0 ? question.answers.length - 1 : 0;
      chosen.push(answer);
      await page.locator(`input[name="risk.${question.id}"]`).nth(answer).check();
      const sofar = expectedScore(chosen);
      const done = chosen.length === questionnaire.questions.length;
      // Our script updates the score at each answer, with no request to the server.
      await page.waitForFunction(
        (text) => document.getElementById('risk-score')?.textContent === text,
        done
          ? `Score ${sofar.score}: ${BANDS[sofar.band]} risk`
          : `Score so far ${sofar.score} (${chosen.length} of ${questionnaire.questions.length} questions answered): at least ${BANDS[sofar.band]} risk`,
      );
    }
    const final = expectedScore(chosen);
    await audit('refer to the LAG, questionnaire answered');

    await page.getByRole('button', { name: 'Continue' }).click();
    const errors = await page.locator('.govuk-error-summary').textContent();
    expect(errors).toContain('Select the locality whose LAG should hear the case');
    expect(errors).toContain('Enter what has happened');
    // The answers given are kept.
    expect(
      await page.locator(`input[name="risk.${questionnaire.questions[0].id}"]:checked`).getAttribute('value'),
    ).toBe(questionnaire.questions[0].answers[chosen[0]].id);
    await audit('refer to the LAG, with errors');

    await page.getByRole('radio', { name: THURROCK.localities[0].name }).check();
    await page.getByLabel('Anti-social behaviour').check();
    await page.getByLabel('Mental health').check();
    await fillReferralText();
    await page.getByRole('button', { name: 'Continue' }).click();
    expect(await h1()).toBe('Check your answers before referring');
    const check = await page.locator('main').textContent();
    expect(check).toContain(`Score ${final.score}: ${BANDS[final.band]} risk`);
    expect(check).toContain(await nameOf(victim));
    await audit('referral, check your answers');

    await page.getByRole('button', { name: 'Send the referral' }).click();
    expect(await h1()).toContain('Referral sent');
    expect(await page.locator('.govuk-panel').textContent()).toContain(BANDS[final.band]);
    await audit('referral sent');

    const referralId = new URL(page.url()).pathname.split('/')[3];
    const referral = (
      await hub.as(PRACTITIONER, { url: `/lag/referrals/${referralId}?purpose=case_management` })
    ).json();
    expect(referral).toMatchObject({ band: final.band, status: 'referred' });
  });

  it('works out the score without JavaScript, on the server', async () => {
    await open(false);
    await signIn();
    await page.goto(`/refer-to-lag/${people[2].personId}?purpose=case_management`);
    const chosen = highest();
    for (const [q, question] of questionnaire.questions.entries())
      await page.locator(`input[name="risk.${question.id}"]`).nth(chosen[q]).check();
    await page.getByRole('button', { name: 'Work out the score' }).click();
    const { score, band } = expectedScore(chosen);
    expect(await page.locator('#risk-score').textContent()).toBe(`Score ${score}: ${BANDS[band]} risk`);
    // No error for a form not yet finished: the score step only works the score out.
    expect(await page.locator('.govuk-error-summary').count()).toBe(0);
    // (axe cannot run where scripts are off; this page was checked with them on.)
  });

  it('refers a victim with the keyboard alone', async () => {
    await open();
    await signIn();
    const victim = people[3];
    await page.goto(`/person/${victim.personId}?purpose=case_management`);
    await tabTo(async () => (await activeText()) === 'Refer to the Locality Action Group');
    await page.keyboard.press('Enter');
    await page.waitForURL(/\/refer-to-lag\//);

    // The locality: Tab to its radios, Space to choose the first.
    await tabTo(() => activeName('localityId'));
    await page.keyboard.press('Space');
    await tabTo(() => activeName('category'));
    await page.keyboard.press('Space'); // anti-social behaviour
    await tabTo(() => activeName('incidentSummary'));
    await page.keyboard.type('Eggs thrown at the door every weekend since March.');
    await tabTo(() => activeName('multiAgencyReason'));
    await page.keyboard.type('Housing and police both needed: the perpetrators are tenants.');
    // Each risk question: Tab into its radios, Space for the first answer, ArrowDown for the next.
    const chosen: number[] = [];
    for (const question of questionnaire.questions) {
      await tabTo(() => activeName(`risk.${question.id}`));
      await page.keyboard.press('Space');
      await page.keyboard.press('ArrowDown');
      chosen.push(1);
    }
    const { score, band } = expectedScore(chosen);
    expect(await page.locator('#risk-score').textContent()).toBe(`Score ${score}: ${BANDS[band]} risk`);
    await tabTo(async () => (await activeText()) === 'Continue');
    await page.keyboard.press('Enter');
    await page.waitForSelector('text=Check your answers before referring');
    await tabTo(async () => (await activeText()) === 'Send the referral');
    await page.keyboard.press('Enter');
    await page.waitForSelector('.govuk-panel');
    expect(await page.locator('.govuk-panel').textContent()).toContain(BANDS[band]);
  });

  async function activeText(): Promise<string> {
    return page.evaluate(() => (document.activeElement as HTMLElement | null)?.innerText?.trim() ?? '');
  }

  function activeName(name: string): Promise<boolean> {
    return page.evaluate((n) => (document.activeElement as HTMLInputElement | null)?.name === n, name);
  }

  async function tabTo(reached: () => Promise<boolean>): Promise<void> {
    for (let i = 0; i < 120; i++) {
      await page.keyboard.press('Tab');
      if (await reached()) return;
    }
    throw new Error('not reached with Tab');
  }

  afterAll(() => {
    expect(cspViolations).toEqual([]);
  });
});
