import { ArgumentsHost, Catch, ExceptionFilter, HttpException, Logger } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import {
  FormTokenRefused,
  NoAccess,
  PageNotFound,
  ServiceProblem,
  SignInRequired,
  type WebRequest,
} from '../web-context';
import { SESSION_COOKIE } from '../web-sessions';
import { PageRenderer } from './page-renderer';

/**
 * Errors on a page are pages: sign in first, you do not have access, page not found, the form
 * has expired, or sorry, there is a problem with the service. Never a stack or the API's problem.
 */
@Catch()
export class PageErrorsFilter implements ExceptionFilter {
  private readonly logger = new Logger('WebPages');

  constructor(private readonly pages: PageRenderer) {}

  async catch(exception: unknown, host: ArgumentsHost): Promise<void> {
    const request = host.switchToHttp().getRequest<WebRequest>();
    const reply = host.switchToHttp().getResponse<FastifyReply>();
    if (reply.sent) return;
    try {
      if (exception instanceof SignInRequired) {
        void reply.clearCookie(SESSION_COOKIE, { path: '/' });
        await reply.code(303).header('location', '/sign-in').header('cache-control', 'no-store').send();
        return;
      }
      if (exception instanceof NoAccess) return await this.pages.send(request, reply, 'no-access.njk', {}, 403);
      if (exception instanceof FormTokenRefused)
        return await this.pages.send(request, reply, 'form-expired.njk', {}, 403);
      // The API shed the page's call, or asked it to slow down: a busy page, never a failure.
      if (exception instanceof ServiceProblem && (exception.status === 503 || exception.status === 429)) {
        void reply.header('retry-after', '5');
        return await this.pages.send(request, reply, 'busy.njk', {}, exception.status);
      }
      const status = exception instanceof HttpException ? exception.getStatus() : undefined;
      if (exception instanceof PageNotFound || status === 404 || status === 400)
        return await this.pages.send(request, reply, 'not-found.njk', {}, 404);
      this.logger.error(
        `page failed: ${exception instanceof Error ? exception.message : String(exception)}`,
        exception instanceof Error ? exception.stack : undefined,
      );
      await this.pages.send(request, reply, 'problem.njk', {}, 500);
    } catch (error) {
      this.logger.error(`error page failed: ${error instanceof Error ? error.message : String(error)}`);
      if (!reply.sent)
        await reply
          .code(500)
          .header('content-type', 'text/plain; charset=utf-8')
          .send('Sorry, there is a problem with the service.');
    }
  }
}
