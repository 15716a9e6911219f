import type { Actor } from '@hubline/access';

/** The cookie holding the CSRF secret, and the form field holding the token made from it. */
export const CSRF_COOKIE = 'hubline_csrf';
export const CSRF_FIELD = '_csrf';

/** The signed-in officer of a page request, set by the session guard. */
export interface SignedIn {
  actor: Actor;
  /** The session's token, to sign out. */
  token: string;
  /** The provider's ID token of an OpenID Connect session, to sign out at the provider too. */
  idToken?: string;
}

export interface WebRequest {
  id: string;
  method: string;
  url: string;
  body?: unknown;
  query?: unknown;
  cookies: Record<string, string | undefined>;
  signedIn?: SignedIn;
}

/** Nobody signed in (no session, or one past its deadline): the page sends them to sign in. */
export class SignInRequired extends Error {}

/** The officer may not use this page (their role, or another partnership's record). */
export class NoAccess extends Error {}

/** Nothing at this address that the officer may know of. */
export class PageNotFound extends Error {}

/** A form sent without the token of a page this server gave out (CSRF). */
export class FormTokenRefused extends Error {}

/**
 * A request no page of this server sends, refused before any page reads it: a query field given
 * twice or oddly named, an over-long value, a body that is not a UTF-8 HTML form, a field sent
 * twice, or a body over the limit. Answered with the page for its status; nothing is read or changed.
 */
export class PageInputRefused extends Error {
  constructor(readonly status: 400 | 413 | 415) {
    super(`the request's input was refused (${status})`);
  }
}

/** The API answered with something the page cannot show (5xx, or a problem it does not expect). */
export class ServiceProblem extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
  ) {
    super(`the API answered ${status} ${code}`);
  }
}
