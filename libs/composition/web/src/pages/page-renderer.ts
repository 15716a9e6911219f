import { Injectable } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import type { Actor, Role } from '@hubline/access';
import type { WebRequest } from '../web-context';
import { formatDate, words } from './format';
import { heldConsultationsOf } from './page-consultations';

type ViewReply = FastifyReply & {
  viewAsync(page: string, data: object): Promise<string>;
  generateCsrf(): string;
  cspNonce?: { script: string; style: string } | null;
};

/** The links of the service navigation, for the roles that can use them. */
const NAVIGATION: Array<{ href: string; text: string; roles: Role[] }> = [
  {
    href: '/my-actions',
    text: 'Actions',
    roles: ['practitioner', 'lag_chair', 'panel_member', 'case_review_coordinator'],
  },
  {
    href: '/find-a-person',
    text: 'Find a person',
    roles: ['practitioner', 'lag_chair', 'case_review_coordinator', 'panel_member', 'partnership_admin'],
  },
  {
    href: '/register-a-person',
    text: 'Register a person',
    roles: ['practitioner', 'lag_chair', 'case_review_coordinator', 'partnership_admin'],
  },
  {
    href: '/asb-case-reviews',
    text: 'Case reviews',
    roles: ['case_review_coordinator', 'panel_member', 'pfcc_reviewer'],
  },
  {
    href: '/asb-case-review-requests',
    text: 'Case review requests',
    roles: ['practitioner', 'lag_chair', 'case_review_coordinator', 'panel_member'],
  },
  { href: '/asb-case-reviews/figures', text: 'Case review figures', roles: ['partnership_admin'] },
  {
    href: '/record-asb-report',
    text: 'Record an ASB report',
    roles: ['practitioner', 'case_review_coordinator'],
  },
  { href: '/referral-queue', text: 'Referrals', roles: ['lag_chair'] },
  { href: '/meetings', text: 'Meetings', roles: ['lag_chair'] },
  { href: '/overdue-actions', text: 'Overdue actions', roles: ['lag_chair'] },
  { href: '/lag-figures', text: 'LAG figures', roles: ['lag_chair'] },
  { href: '/auditor', text: 'Audit', roles: ['auditor'] },
  { href: '/admin', text: 'Administration', roles: ['partnership_admin'] },
];

export const navigationFor = (actor: Actor) =>
  NAVIGATION.filter((link) => link.roles.some((r) => actor.roles.includes(r)));

/**
 * Renders a page with what every page needs: the CSP nonce for its scripts, a CSRF token for its
 * forms, the signed-in officer and the navigation their roles allow. Pages are never cached:
 * they may hold personal data. The consultations of the page's reads are appended while it
 * renders, and the page is sent once they are stored (`PageConsultations`): if they cannot be,
 * the page is not sent and the error page is.
 */
@Injectable()
export class PageRenderer {
  async send(
    request: WebRequest,
    reply: FastifyReply,
    template: string,
    data: Record<string, unknown> = {},
    status = 200,
  ): Promise<void> {
    const view = reply as ViewReply;
    const actor = request.signedIn?.actor;
    const stored = heldConsultationsOf(request)?.store();
    // Rendering may fail before the append is awaited: its failure is then the page's error.
    stored?.catch(() => undefined);
    const html = await view.viewAsync(template, {
      cspNonce: view.cspNonce?.script,
      csrfToken: view.generateCsrf(),
      signedIn: actor ? { displayName: actor.displayName, roles: actor.roles } : undefined,
      navigation: actor
        ? navigationFor(actor).map((link) => ({
            ...link,
            active:
              request.url === link.href ||
              request.url.startsWith(`${link.href}/`) ||
              request.url.startsWith(`${link.href}?`),
          }))
        : [],
      formatDate,
      words,
      ...data,
    });
    await stored;
    await reply
      .code(status)
      .header('cache-control', 'no-store')
      .header('content-type', 'text/html; charset=utf-8')
      .send(html);
  }
}
