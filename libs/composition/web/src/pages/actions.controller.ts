import { Get, Param, ParseUUIDPipe, Post, Req, Res } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import type { Actor, Role } from '@hubline/access';
import { HubApi, isProblem, type ApiProblem } from '../hub-api';
import { PageNotFound, type WebRequest } from '../web-context';
import { Page, PagesController } from './page.decorators';
import { PageRenderer } from './page-renderer';
import { PageRoles } from './guards';
import { pageErrorsFor, refusalPage, type PageError } from './plain-english';

/** The roles whose agency owns LAG actions (as the API's `GET /lag/actions`). */
const ACTION_OWNERS: Role[] = ['practitioner', 'lag_chair', 'panel_member', 'case_review_coordinator'];

interface AgencyAction {
  actionId: string;
  referralId: string;
  kind: string;
  status: string;
  dueDate: string;
  overdue: boolean;
  agreedAt: string;
}

/** What an officer may report of an action's progress. */
const PROGRESS = ['in_progress', 'completed', 'cancelled'] as const;
const uuid = () => new ParseUUIDPipe({ version: '4' });

/** My agency's open and overdue LAG actions, and reporting progress on one. No narratives shown. */
@PagesController()
@PageRoles(...ACTION_OWNERS)
export class ActionsPages {
  constructor(
    private readonly api: HubApi,
    private readonly pages: PageRenderer,
  ) {}

  @Get('my-actions')
  @Page()
  async list(@Req() request: WebRequest, @Res() reply: FastifyReply): Promise<void> {
    const show = (request.query as Record<string, string> | undefined)?.show === 'overdue' ? 'overdue' : 'open';
    const actions = await this.actions(request, show);
    const updated = (request.query as Record<string, string> | undefined)?.updated;
    await this.pages.send(request, reply, 'actions.njk', {
      show,
      actions,
      updated: updated && PROGRESS.includes(updated as (typeof PROGRESS)[number]) ? updated : undefined,
    });
  }

  @Get('my-actions/:referralId/:actionId')
  @Page()
  async form(
    @Req() request: WebRequest,
    @Res() reply: FastifyReply,
    @Param('referralId', uuid()) referralId: string,
    @Param('actionId', uuid()) actionId: string,
  ): Promise<void> {
    const action = await this.action(request, referralId, actionId);
    await this.pages.send(request, reply, 'action-update.njk', { action, values: {} });
  }

  @Post('my-actions/:referralId/:actionId')
  @Page()
  async update(
    @Req() request: WebRequest,
    @Res() reply: FastifyReply,
    @Param('referralId', uuid()) referralId: string,
    @Param('actionId', uuid()) actionId: string,
  ): Promise<void> {
    const action = await this.action(request, referralId, actionId);
    const body = (request.body ?? {}) as Record<string, string>;
    const values = { status: body.status, outcome: body.outcome?.trim() };
    const errors: PageError[] = [];
    if (!PROGRESS.includes(values.status as (typeof PROGRESS)[number]))
      errors.push({ text: 'Select the progress of the action', href: '#status' });
    if (values.status === 'completed' && !values.outcome)
      errors.push({ text: 'Enter what came of the action to complete it', href: '#outcome' });
    if (values.status === 'cancelled' && !values.outcome)
      errors.push({ text: 'Enter why the action was cancelled', href: '#outcome' });
    if (errors.length === 0) {
      const answer = await this.api.call(request.signedIn!.actor, request.id, {
        method: 'PATCH',
        path: `/lag/referrals/${referralId}/actions/${actionId}`,
        body: { status: values.status, ...(values.outcome ? { outcome: values.outcome } : {}) },
      });
      if (!isProblem(answer)) {
        await reply.code(303).header('location', `/my-actions?updated=${values.status}`).send();
        return;
      }
      errors.push(...pageErrorsFor(answer.body as ApiProblem));
    }
    await this.pages.send(request, reply, 'action-update.njk', { action, values, errors }, 400);
  }

  private async actions(request: WebRequest, state: 'open' | 'overdue'): Promise<AgencyAction[]> {
    const actor: Actor = request.signedIn!.actor;
    const answer = await this.api.call<AgencyAction[]>(actor, request.id, {
      path: '/lag/actions',
      query: { state },
    });
    if (isProblem(answer)) refusalPage(answer.body as ApiProblem);
    return (answer.body as AgencyAction[]).sort((a, b) => a.dueDate.localeCompare(b.dueDate));
  }

  /** An outstanding action of the officer's agency; any other is not found, as for the API. */
  private async action(request: WebRequest, referralId: string, actionId: string): Promise<AgencyAction> {
    const action = (await this.actions(request, 'open')).find(
      (a) => a.referralId === referralId && a.actionId === actionId,
    );
    if (!action) throw new PageNotFound();
    return action;
  }
}
