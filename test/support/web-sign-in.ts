import type { Response as InjectResponse } from 'light-my-request';
import type { TestHub } from './test-hub';

/** The `name=value` of a cookie an answer sets, or undefined. */
export function cookieOf(res: InjectResponse, name: string): string | undefined {
  const header = res.headers['set-cookie'];
  const list = Array.isArray(header) ? header : header ? [String(header)] : [];
  return list.find((c) => c.startsWith(`${name}=`))?.split(';')[0];
}

/** A signed-in officer's cookies (session and CSRF secret), the CSRF cookie alone, and a form token of a page. */
export interface WebSession {
  cookie: string;
  csrfCookie: string;
  csrf: string;
}

/** A session through the demo sign-in page, as an officer's browser gets one. */
export async function signInAsDemoUser(hub: TestHub, subject: string): Promise<WebSession> {
  const form = await hub.app.inject({ method: 'GET', url: '/sign-in/demo' });
  const csrfCookie = cookieOf(form, 'hubline_csrf')!;
  const csrf = /name="_csrf" value="([^"]+)"/.exec(form.body)![1];
  const res = await hub.app.inject({
    method: 'POST',
    url: '/sign-in/demo',
    headers: { cookie: csrfCookie, 'content-type': 'application/x-www-form-urlencoded' },
    payload: new URLSearchParams({ _csrf: csrf, subject }).toString(),
  });
  if (res.statusCode !== 303) throw new Error(`demo sign-in as ${subject} answered ${res.statusCode}`);
  return { cookie: `${cookieOf(res, 'hubline_session')}; ${csrfCookie}`, csrfCookie, csrf };
}
