import type { ArgumentsHost } from '@nestjs/common';
import { ServiceProblem } from '../web-context';
import { PageErrorsFilter } from './page-errors.filter';
import type { PageRenderer } from './page-renderer';

/** Which page the filter answers with, and its status and headers, for an error a page threw. */
async function pageFor(exception: unknown) {
  const sent: Array<{ template: string; status: number }> = [];
  const headers: Record<string, string> = {};
  const reply = {
    sent: false,
    header(name: string, value: string) {
      headers[name] = value;
      return this;
    },
  };
  const pages = {
    send: async (_request: unknown, _reply: unknown, template: string, _data: unknown, status = 200) => {
      sent.push({ template, status });
    },
  } as unknown as PageRenderer;
  const host = {
    switchToHttp: () => ({ getRequest: () => ({}), getResponse: () => reply }),
  } as unknown as ArgumentsHost;
  await new PageErrorsFilter(pages).catch(exception, host);
  return { ...sent[0], headers };
}

describe('error pages', () => {
  it('answers a shed API call with the busy page, its status and Retry-After, not a failure', async () => {
    expect(await pageFor(new ServiceProblem(503, 'HTTP.OVERLOADED'))).toEqual({
      template: 'busy.njk',
      status: 503,
      headers: { 'retry-after': '5' },
    });
    expect(await pageFor(new ServiceProblem(429, 'AUDIT.CHECKPOINT_TOO_SOON'))).toMatchObject({
      template: 'busy.njk',
      status: 429,
    });
  });

  it('answers an API refusal the page has no words for with the bad request page and its 4xx, not a failure', async () => {
    for (const [status, code] of [
      [400, 'HTTP.INVALID_TEXT'],
      [409, 'SOMETHING.NEW'],
      [422, 'REFERRAL.SOMETHING_ELSE'],
    ] as const) {
      expect(await pageFor(new ServiceProblem(status, code))).toMatchObject({ template: 'bad-request.njk', status });
    }
  });

  it('answers any other failure with the problem page and 500', async () => {
    expect(await pageFor(new ServiceProblem(500, 'INTERNAL'))).toMatchObject({ template: 'problem.njk', status: 500 });
    expect(await pageFor(new Error('boom'))).toMatchObject({ template: 'problem.njk', status: 500 });
  });
});
