import fastifyCsrf from '@fastify/csrf-protection';
import fastifyHelmet from '@fastify/helmet';
import fastifyStatic from '@fastify/static';
import fastifyView from '@fastify/view';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { existsSync } from 'node:fs';
import path from 'node:path';
import nunjucks from 'nunjucks';
import { readCookies } from './cookies';
import { CSRF_COOKIE, CSRF_FIELD, type WebRequest } from './web-context';
import { formatDate } from './pages/format';
import { checkPageInput, MAX_FORM_BYTES, parseForm } from './pages/page-input';
import { sendPageError } from './pages/page-errors.filter';
import { PageRenderer } from './pages/page-renderer';
import { rememberedComponents } from './remembered-components';

/** The route config that marks a route as a web page (set with `@RouteConfig(WEB_ROUTE)`). */
export const WEB_ROUTE = { web: true, helmet: { enableCSPNonces: true } } as const;

const packageRoot = (name: string) => path.dirname(require.resolve(`${name}/package.json`));

/** The templates: next to this file when run from source, or the source's when run from `dist/`. */
function viewsFolder(): string {
  const here = path.join(__dirname, 'views');
  if (existsSync(here)) return here;
  const source = path.join(__dirname.replace(`${path.sep}dist${path.sep}`, path.sep), 'views');
  if (existsSync(source)) return source;
  throw new Error(`the web templates are not found in ${here} or ${source}`);
}

/**
 * The content security policy of every page: everything from this server only; the one inline
 * script of GOV.UK Frontend's template and our module script carry the request's nonce.
 */
const CONTENT_SECURITY_POLICY = {
  useDefaults: false,
  directives: {
    defaultSrc: ["'self'"],
    scriptSrc: ["'self'"],
    styleSrc: ["'self'"],
    imgSrc: ["'self'"],
    fontSrc: ["'self'"],
    connectSrc: ["'self'"],
    formAction: ["'self'"],
    frameAncestors: ["'none'"],
    baseUri: ["'none'"],
    objectSrc: ["'none'"],
  },
};

/**
 * Nunjucks' `trim`, the same answer in linear time. Its own, `replace(/^\s*|\s*$/g, '')`, goes
 * over every run of spaces again from each of its characters, and GOV.UK Frontend's macros trim
 * the indented HTML of each field, select list and table they build: most of a long list page's
 * rendering time went there. `\s` and `String.prototype.trim` remove the same characters, and
 * HTML marked safe stays safe.
 */
export function trimFilter(value: unknown): string | nunjucks.runtime.SafeString {
  const trimmed = String.prototype.trim.call(value);
  return value instanceof nunjucks.runtime.SafeString ? new nunjucks.runtime.SafeString(trimmed) : trimmed;
}

/**
 * What the web pages need of the web server, registered before Nest adds its routes (a hook
 * applies only to routes added after it): cookies, security headers on the routes marked as pages,
 * CSRF tokens, Nunjucks views with GOV.UK Frontend's and MOJ Frontend's templates, and their
 * assets served from the installed packages. API routes are left as they were: the hooks added
 * here act only on routes whose config marks them as pages.
 */
export async function registerWebServer(fastify: FastifyInstance, options: { secureCookies: boolean }): Promise<void> {
  const govuk = path.join(packageRoot('govuk-frontend'), 'dist');
  const moj = packageRoot('@ministryofjustice/frontend');
  readCookies(fastify);
  holdPagesToTheirInput(fastify);
  await fastify.register(fastifyHelmet, {
    global: false,
    contentSecurityPolicy: CONTENT_SECURITY_POLICY,
    hsts: options.secureCookies ? { maxAge: 31536000, includeSubDomains: true } : false,
    referrerPolicy: { policy: 'same-origin' },
  });
  await fastify.register(fastifyCsrf, {
    sessionPlugin: '@fastify/cookie',
    cookieKey: CSRF_COOKIE,
    cookieOpts: { path: '/', sameSite: 'lax', httpOnly: true, secure: options.secureCookies },
    getToken: (request: FastifyRequest) => {
      const body = request.body as Record<string, unknown> | undefined;
      return typeof body?.[CSRF_FIELD] === 'string' ? (body[CSRF_FIELD] as string) : '';
    },
  });
  await fastify.register(fastifyView, {
    engine: { nunjucks },
    templates: [viewsFolder(), govuk, moj],
    options: {
      autoescape: true,
      throwOnUndefined: false,
      onConfigure: (env: nunjucks.Environment) => {
        env.addFilter('trim', trimFilter);
        env.addFilter('mojDate', (value: string, type?: string) => formatDate(value, type));
        env.addFilter('date', (value: string) => formatDate(value, 'datetime'));
        env.addGlobal('govukComponent', rememberedComponents(env));
      },
    },
  });
  // Assets: precompiled CSS and JavaScript, fonts and images, from the installed packages.
  await fastify.register(async (assets) => {
    assets.addHook('onRoute', (route) => {
      route.config = { ...(route.config ?? {}), helmet: {} } as typeof route.config;
    });
    await assets.register(fastifyStatic, {
      root: [path.join(govuk, 'govuk', 'assets'), path.join(moj, 'moj', 'assets')],
      prefix: '/assets/',
      decorateReply: false,
      index: false,
      maxAge: '1d',
    });
    await assets.register(fastifyStatic, {
      root: path.join(govuk, 'govuk'),
      prefix: '/assets/govuk/',
      decorateReply: false,
      index: false,
      allowedPath: (pathName) => /^\/govuk-frontend\.min\.(css|js)(\.map)?$/.test(pathName),
      maxAge: '1d',
    });
    await assets.register(fastifyStatic, {
      root: path.join(moj, 'moj'),
      prefix: '/assets/moj/',
      decorateReply: false,
      index: false,
      allowedPath: (pathName) => /^\/moj-frontend\.min\.(css|js)(\.map)?$/.test(pathName),
      maxAge: '1d',
    });
    await assets.register(fastifyStatic, {
      root: path.join(viewsFolder(), '..', 'public'),
      prefix: '/assets/hubline/',
      decorateReply: false,
      index: false,
      maxAge: '1h',
    });
  });
}

/**
 * Every page route, whatever its controller: its query and body are checked before it runs
 * (`checkPageInput`: single short strings with plain names, and only an HTML form as a body), and
 * what the web server refuses before the page runs (a body too large, of a type no page reads,
 * not readable) is answered with a page, as the page's own errors are, never a problem document,
 * a stack or the input.
 */
function holdPagesToTheirInput(fastify: FastifyInstance): void {
  const pages = new PageRenderer();
  fastify.addHook('onRoute', (route) => {
    if (!(route.config as { web?: boolean } | undefined)?.web) return;
    const check = async (request: FastifyRequest) => checkPageInput(request);
    route.preValidation = [check, ...[route.preValidation ?? []].flat()];
    route.errorHandler = (error, request, reply) =>
      sendPageError(pages, request as unknown as WebRequest, reply, error);
  });
}

/**
 * Reads HTML forms (`application/x-www-form-urlencoded`, UTF-8, one value per field: `parseForm`)
 * for the web pages only; the API keeps reading JSON alone, and a form sent to it is refused with
 * 415 as before. Added at start-up, after the HTTP app has replaced Fastify's parsers with its own.
 */
export function readFormsOnWebPages(fastify: FastifyInstance): void {
  if (fastify.hasContentTypeParser('application/x-www-form-urlencoded')) return;
  fastify.addContentTypeParser(
    'application/x-www-form-urlencoded',
    { parseAs: 'buffer', bodyLimit: MAX_FORM_BYTES },
    (request: FastifyRequest, body: Buffer, done: (error: Error | null, body?: unknown) => void) => {
      if (!(request.routeOptions.config as { web?: boolean }).web) {
        done(
          Object.assign(new Error('Unsupported Media Type'), {
            statusCode: 415,
            code: 'FST_ERR_CTP_INVALID_MEDIA_TYPE',
          }),
        );
        return;
      }
      try {
        done(null, parseForm(body, String(request.headers['content-type'] ?? '')));
      } catch (error) {
        done(error as Error);
      }
    },
  );
}

/** Whether a request was routed to a web page. */
export const isWebRequest = (request: FastifyRequest) =>
  Boolean((request.routeOptions?.config as { web?: boolean } | undefined)?.web);

export type { FastifyReply };
