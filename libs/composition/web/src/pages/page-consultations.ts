import { Injectable, Logger, type CallHandler, type ExecutionContext, type NestInterceptor } from '@nestjs/common';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { Observable } from 'rxjs';
import { ConsultationLog, type HeldConsultations } from '@hubline/access';

const HELD = Symbol('heldConsultations');

type WithHeld = { [HELD]?: HeldConsultations };

/** The consultations a page's reads have recorded and not yet stored (none outside a page). */
export const heldConsultationsOf = (request: object): HeldConsultations | undefined => (request as WithHeld)[HELD];

/** Marks a request as a page's: its answers wait for `held` to be stored. */
export function holdConsultationsFor(request: object, held: HeldConsultations): void {
  (request as WithHeld)[HELD] = held;
}

/**
 * A page's reads are recorded in one append. A page may make several reads through the API (a
 * person's record, then their timeline); each would append its consultations on its own, one
 * commit each, before answering the page. Instead, the page's handler runs with the consultation
 * log holding them (`ConsultationLog.withinPage`), and they are appended together: the renderer
 * starts the append before it renders the page and sends the page once it is stored, and every
 * other answer of the request (a redirect, a document, an error page) waits for it in an `onSend`
 * hook. Nothing leaves unrecorded, as before; a page costs one commit for its consultations.
 */
@Injectable()
export class PageConsultations implements NestInterceptor {
  private readonly logger = new Logger('WebPages');

  constructor(private readonly consultations: ConsultationLog) {}

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    const request = context.switchToHttp().getRequest<{ method?: string }>();
    // A page that only reads keeps its reads of a person for its later reads (`readOnce`).
    const held = this.consultations.forPage({ keepReads: request.method === 'GET' });
    holdConsultationsFor(request, held);
    return new Observable((subscriber) => {
      const subscription = this.consultations.withinPage(held, () => next.handle().subscribe(subscriber));
      return () => {
        subscription.unsubscribe();
        // Consultations held after the page was sent (none are expected) are stored all the same.
        held
          .store()
          .catch((error: unknown) =>
            this.logger.error(`consultations not stored: ${error instanceof Error ? error.message : String(error)}`),
          );
      };
    });
  }
}

/** The plain answer sent instead of a page whose consultations could not be stored. */
export const NOT_RECORDED_PAGE = 'Sorry, there is a problem with the service. Try again later.';

/**
 * The last check before any answer of a page request leaves: the consultations its reads recorded
 * are stored first. If they cannot be, what the reads found is not sent: a plain 500 instead.
 * Added to the routes marked as pages only (as they are added, so call it before), not to the API.
 */
export function storeConsultationsBeforeSending(fastify: FastifyInstance): void {
  const logger = new Logger('WebPages');
  const beforeSending = async (request: FastifyRequest, reply: FastifyReply, payload: unknown) => {
    const held = heldConsultationsOf(request);
    if (!held) return payload;
    try {
      await held.store();
      return payload;
    } catch (error) {
      logger.error(`page not sent, its consultations not stored: ${error instanceof Error ? error.message : error}`);
      void reply.code(500).header('content-type', 'text/plain; charset=utf-8');
      reply.removeHeader('content-length');
      reply.removeHeader('content-disposition');
      return NOT_RECORDED_PAGE;
    }
  };
  fastify.addHook('onRoute', (route) => {
    if ((route.config as { web?: boolean } | undefined)?.web)
      route.onSend = [beforeSending, ...[route.onSend ?? []].flat()];
  });
}
