import { ArgumentsHost, Catch, ExceptionFilter, HttpException, Logger } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import {
  FormTokenRefused,
  NoAccess,
  PageInputRefused,
  PageNotFound,
  ServiceProblem,
  SignInRequired,
  type WebRequest,
} from '../web-context';
import { SESSION_COOKIE } from '../web-sessions';
import { PageRenderer } from './page-renderer';

const logger = new Logger('WebPages');

/**
 * Errors on a page are pages: sign in first, you do not have access, page not found, the form
 * has expired, what was sent cannot be used, or sorry, there is a problem with the service. Never
 * a stack, the input, or the API's problem.
 */
@Catch()
export class PageErrorsFilter implements ExceptionFilter {
  constructor(private readonly pages: PageRenderer) {}

  async catch(exception: unknown, host: ArgumentsHost): Promise<void> {
    await sendPageError(
      this.pages,
      host.switchToHttp().getRequest<WebRequest>(),
      host.switchToHttp().getResponse<FastifyReply>(),
      exception,
    );
  }
}

/** The status of a refusal made by the web server before a page ran (a body too large, of an unknown type). */
const refusalStatus = (exception: unknown): number | undefined => {
  const status = (exception as { statusCode?: unknown } | null)?.statusCode;
  return typeof status === 'number' && Number.isInteger(status) && status >= 400 && status < 500 ? status : undefined;
};

/**
 * Answers an error with its page. The page filter uses it for what a page throws, and the web
 * server for what it refuses before any page runs (a form it cannot read, a body over the limit).
 */
export async function sendPageError(
  pages: PageRenderer,
  request: WebRequest,
  reply: FastifyReply,
  exception: unknown,
): Promise<void> {
  if (reply.sent) return;
  try {
    if (exception instanceof SignInRequired) {
      void reply.clearCookie(SESSION_COOKIE, { path: '/' });
      await reply.code(303).header('location', '/sign-in').header('cache-control', 'no-store').send();
      return;
    }
    if (exception instanceof NoAccess) return await pages.send(request, reply, 'no-access.njk', {}, 403);
    if (exception instanceof FormTokenRefused) return await pages.send(request, reply, 'form-expired.njk', {}, 403);
    if (exception instanceof PageInputRefused)
      return await pages.send(request, reply, 'bad-request.njk', { status: exception.status }, exception.status);
    // The API shed the page's call, or asked it to slow down: a busy page, never a failure.
    if (exception instanceof ServiceProblem && (exception.status === 503 || exception.status === 429)) {
      void reply.header('retry-after', '5');
      return await pages.send(request, reply, 'busy.njk', {}, exception.status);
    }
    // The API refused what the page sent for a reason the page has no words for: still the
    // officer's request that was refused (nothing was saved), never a failure of the service.
    if (exception instanceof ServiceProblem && exception.status >= 400 && exception.status < 500)
      return await pages.send(request, reply, 'bad-request.njk', { status: exception.status }, exception.status);
    const status = exception instanceof HttpException ? exception.getStatus() : undefined;
    if (exception instanceof PageNotFound || status === 404 || status === 400)
      return await pages.send(request, reply, 'not-found.njk', {}, 404);
    // The web server's own refusals (a body too large, of a type no page reads, not valid JSON).
    const refused = status === undefined ? refusalStatus(exception) : undefined;
    if (refused !== undefined) {
      const shown = refused === 413 || refused === 415 ? refused : 400;
      return await pages.send(request, reply, 'bad-request.njk', { status: shown }, shown);
    }
    logger.error(
      `page failed: ${exception instanceof Error ? exception.message : String(exception)}`,
      exception instanceof Error ? exception.stack : undefined,
    );
    await pages.send(request, reply, 'problem.njk', {}, 500);
  } catch (error) {
    logger.error(`error page failed: ${error instanceof Error ? error.message : String(error)}`);
    if (!reply.sent)
      await reply
        .code(500)
        .header('content-type', 'text/plain; charset=utf-8')
        .send('Sorry, there is a problem with the service.');
  }
}
