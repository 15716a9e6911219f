import { seedPartnership, THURROCK } from '@hubline/demo';
import { TestHub, ok } from '../support/test-hub';
import { signInAsDemoUser } from '../support/web-sign-in';

/**
 * The auditor's consultation log page shows the latest 50 lines of the filter, and the latest 200
 * when asked; the download holds up to 1,000 (checked in the browser tests).
 */
describe('the consultation log page', () => {
  let hub: TestHub;
  let cookie: string;
  const pc = 'pc.okafor@essex-police.demo';
  const auditor = 'auditor@thurrock.demo';
  let personId: string;

  beforeAll(async () => {
    hub = await TestHub.start();
    await seedPartnership(hub.commands, THURROCK);
    await hub.settle();
    personId = (
      await ok(
        hub.as(pc, {
          method: 'POST',
          url: '/people',
          body: { givenName: 'Ada', familyName: 'Lines', dateOfBirth: '1970-05-06' },
        }),
        201,
      )
    ).personId as string;
    await hub.settle();
    // 55 reads of the record: 55 lines of the log about this person.
    for (let i = 0; i < 55; i++) await ok(hub.as(pc, { url: `/people/${personId}?purpose=case_management` }));
    await hub.settle();
    ({ cookie } = await signInAsDemoUser(hub, auditor));
  }, 120_000);
  afterAll(() => hub?.close());

  const page = async (query: string) => {
    const res = await hub.app.inject({
      url: `/auditor/consultations?personId=${personId}${query}`,
      headers: { cookie },
    });
    expect(res.statusCode).toBe(200);
    const table = /<table class="govuk-table" id="consultations">([\s\S]*?)<\/table>/.exec(res.body)![1];
    const tbody = /<tbody[^>]*>([\s\S]*?)<\/tbody>/.exec(table)![1];
    return { rows: (tbody.match(/<tr /g) ?? []).length, body: res.body };
  };

  it('shows the latest 50 lines, with a link to the latest 200', async () => {
    const { rows, body } = await page('');
    expect(rows).toBe(50);
    expect(body).toContain('the latest 50; the download holds up to 1,000');
    const more = /<a class="govuk-link" href="([^"]+)" id="more-lines">Show the latest 200 lines<\/a>/.exec(body);
    expect(more?.[1].replace(/&amp;/g, '&')).toBe(`/auditor/consultations?personId=${personId}&lines=200`);
  });

  it('shows up to 200 when asked, and 50 for any other number', async () => {
    const all = await page('&lines=200');
    expect(all.rows).toBe(55);
    expect(all.body).not.toContain('id="more-lines"');
    expect((await page('&lines=100000')).rows).toBe(50);
  });
});
