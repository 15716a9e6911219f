import type { FastifyInstance, FastifyReply } from 'fastify';

export interface CookieOptions {
  path?: string;
  httpOnly?: boolean;
  secure?: boolean;
  sameSite?: 'lax' | 'strict';
  maxAge?: number;
}

const NAME = /^[A-Za-z0-9_-]{1,64}$/;
const VALUE = /^[A-Za-z0-9_.~+/=-]{0,512}$/;

/** The `Cookie` header's pairs; only names and values of the plain form Hubline sets are kept. */
export function parseCookies(header: string | undefined): Record<string, string> {
  const cookies: Record<string, string> = Object.create(null);
  for (const part of (header ?? '').split(';')) {
    const at = part.indexOf('=');
    if (at < 0) continue;
    const name = part.slice(0, at).trim();
    const value = part.slice(at + 1).trim();
    if (NAME.test(name) && VALUE.test(value) && !(name in cookies)) cookies[name] = value;
  }
  return cookies;
}

export function serializeCookie(name: string, value: string, options: CookieOptions): string {
  if (!NAME.test(name) || !VALUE.test(value)) throw new Error('a cookie name or value Hubline does not set');
  const parts = [`${name}=${value}`, `Path=${options.path ?? '/'}`];
  if (options.maxAge !== undefined) parts.push(`Max-Age=${Math.floor(options.maxAge)}`);
  if (options.httpOnly) parts.push('HttpOnly');
  if (options.secure) parts.push('Secure');
  if (options.sameSite) parts.push(`SameSite=${options.sameSite === 'lax' ? 'Lax' : 'Strict'}`);
  return parts.join('; ');
}

function appendSetCookie(reply: FastifyReply, cookie: string): void {
  const existing = reply.getHeader('set-cookie');
  const list = existing === undefined ? [] : Array.isArray(existing) ? existing : [String(existing)];
  void reply.header('set-cookie', [...list, cookie]);
}

/**
 * The cookies of the web pages, as `@fastify/csrf-protection` expects them (`request.cookies`,
 * `reply.setCookie`). Hubline's cookies are plain tokens, so a small reader does: Fastify's cookie
 * plugin loads its parser with a dynamic `import()`, which the test runner cannot follow.
 */
export function readCookies(fastify: FastifyInstance): void {
  fastify.decorateRequest('cookies', null);
  fastify.decorateReply(
    'setCookie',
    function (this: FastifyReply, name: string, value: string, options: CookieOptions) {
      appendSetCookie(this, serializeCookie(name, value, options));
      return this;
    },
  );
  fastify.decorateReply('clearCookie', function (this: FastifyReply, name: string, options: CookieOptions = {}) {
    appendSetCookie(this, serializeCookie(name, '', { ...options, maxAge: 0 }));
    return this;
  });
  fastify.addHook('onRequest', async (request) => {
    (request as unknown as { cookies: Record<string, string> }).cookies = parseCookies(request.headers.cookie);
  });
}

declare module 'fastify' {
  interface FastifyReply {
    setCookie(name: string, value: string, options: CookieOptions): FastifyReply;
    clearCookie(name: string, options?: CookieOptions): FastifyReply;
  }
}
