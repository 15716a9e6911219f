import { Get, Param, ParseUUIDPipe, Post, Req, Res } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import { HubApi, isProblem, type ApiProblem } from '../../hub-api';
import { PageNotFound, type WebRequest } from '../../web-context';
import { UUID } from '../audit/period';
import { PageRoles } from '../guards';
import { Page, PagesController } from '../page.decorators';
import { PageRenderer } from '../page-renderer';
import { refusalPage, type PageError } from '../plain-english';
import { adminErrors, etagOf, field } from './admin-forms';

interface Hold {
  personId: string;
  reason: string;
  placedBy: string;
  placedAt: string;
}
interface Policy {
  retentionYears: number;
  version: number | null;
  holds: Hold[];
}

const uuid = () => new ParseUUIDPipe({ version: '4' });
const REASON_TEXT = /^[^\u0000-\u001f<>]*$/;
const DONE: Record<string, string> = {
  policy: 'Retention period changed. The next sweep applies it.',
  placed: 'Legal hold placed. The record will not be erased while it stands.',
  released: 'Legal hold released. Retention applies to the record again from the next sweep.',
};

function reasonErrors(reason: string): PageError[] {
  if (reason.length < 3 || reason.length > 500)
    return [{ text: 'Enter the reason, 3 to 500 characters', href: '#reason' }];
  if (!REASON_TEXT.test(reason)) return [{ text: 'The reason cannot contain < or >', href: '#reason' }];
  return [];
}

/**
 * The retention policy and legal holds. Changing the period and placing or releasing a hold
 * decide whether records are erased, so each is checked before it is sent. A person appears by
 * their record id only; reasons are kept in clear for auditors, so the pages ask for no personal
 * data in them.
 */
@PagesController()
@PageRoles('partnership_admin')
export class RetentionPages {
  constructor(
    private readonly api: HubApi,
    private readonly pages: PageRenderer,
  ) {}

  @Get('admin/retention')
  @Page()
  async policy(@Req() request: WebRequest, @Res() reply: FastifyReply): Promise<void> {
    const done = (request.query as Record<string, string> | undefined)?.done;
    await this.show(request, reply, { done: done ? DONE[done] : undefined });
  }

  @Post('admin/retention/policy')
  @Page()
  async changePolicy(@Req() request: WebRequest, @Res() reply: FastifyReply): Promise<void> {
    const body = (request.body ?? {}) as Record<string, string>;
    const values = { retentionYears: field(body, 'retentionYears'), policyReason: field(body, 'policyReason') };
    const version = etagOf(body.version);
    const errors: PageError[] = [];
    const years = Number(values.retentionYears);
    if (!/^\d{1,3}$/.test(values.retentionYears) || years < 1 || years > 100)
      errors.push({ text: 'Enter a whole number of years from 1 to 100', href: '#retentionYears' });
    errors.push(...reasonErrors(values.policyReason).map((e) => ({ ...e, href: '#policyReason' })));
    if (errors.length) return this.show(request, reply, { errors, values });
    if (body.confirm !== 'yes') {
      const policy = await this.load(request);
      await this.pages.send(request, reply, 'admin/retention-policy-check.njk', {
        section: 'retention',
        policy,
        values,
        version,
      });
      return;
    }
    const answer = await this.api.call(request.signedIn!.actor, request.id, {
      method: 'PUT',
      path: '/retention/policy',
      body: { retentionYears: years, reason: values.policyReason },
      ifMatch: version,
    });
    if (isProblem(answer))
      return this.show(request, reply, {
        errors: adminErrors(answer).map((e) => (e.href === '#reason' ? { ...e, href: '#policyReason' } : e)),
        values,
      });
    await reply.code(303).header('location', '/admin/retention?done=policy').send();
  }

  @Post('admin/retention/holds')
  @Page()
  async placeHold(@Req() request: WebRequest, @Res() reply: FastifyReply): Promise<void> {
    const body = (request.body ?? {}) as Record<string, string>;
    const values = { personId: field(body, 'personId').toLowerCase(), reason: field(body, 'reason') };
    const errors: PageError[] = [];
    if (!UUID.test(values.personId))
      errors.push({ text: 'Enter the person’s record id, 36 characters', href: '#personId' });
    errors.push(...reasonErrors(values.reason));
    if (errors.length) return this.show(request, reply, { errors, values });
    if (body.confirm !== 'yes') {
      await this.pages.send(request, reply, 'admin/hold-place-check.njk', { section: 'retention', values });
      return;
    }
    const answer = await this.api.call(request.signedIn!.actor, request.id, {
      method: 'POST',
      path: '/retention/holds',
      body: values,
    });
    if (isProblem(answer)) return this.show(request, reply, { errors: adminErrors(answer), values });
    await reply.code(303).header('location', '/admin/retention?done=placed').send();
  }

  @Get('admin/retention/holds/:personId/release')
  @Page()
  async releaseForm(
    @Req() request: WebRequest,
    @Res() reply: FastifyReply,
    @Param('personId', uuid()) personId: string,
  ): Promise<void> {
    const hold = await this.hold(request, personId);
    await this.pages.send(request, reply, 'admin/hold-release.njk', { section: 'retention', hold, values: {} });
  }

  @Post('admin/retention/holds/:personId/release')
  @Page()
  async release(
    @Req() request: WebRequest,
    @Res() reply: FastifyReply,
    @Param('personId', uuid()) personId: string,
  ): Promise<void> {
    const body = (request.body ?? {}) as Record<string, string>;
    const values = { reason: field(body, 'reason') };
    const hold = await this.hold(request, personId);
    const errors = reasonErrors(values.reason);
    if (errors.length === 0 && body.confirm === 'yes') {
      const answer = await this.api.call(request.signedIn!.actor, request.id, {
        method: 'POST',
        path: `/retention/holds/${personId}/release`,
        body: values,
      });
      if (!isProblem(answer)) {
        await reply.code(303).header('location', '/admin/retention?done=released').send();
        return;
      }
      errors.push(...adminErrors(answer));
    }
    const check = errors.length === 0;
    await this.pages.send(
      request,
      reply,
      check ? 'admin/hold-release-check.njk' : 'admin/hold-release.njk',
      { section: 'retention', hold, values, errors },
      check ? 200 : 400,
    );
  }

  private async show(
    request: WebRequest,
    reply: FastifyReply,
    options: { errors?: PageError[]; values?: Record<string, string>; done?: string },
  ): Promise<void> {
    const policy = await this.load(request);
    const names = await this.userNames(request);
    const errors = options.errors ?? [];
    await this.pages.send(
      request,
      reply,
      'admin/retention.njk',
      {
        section: 'retention',
        policy,
        version: policy.version === null ? undefined : `"${policy.version}"`,
        holds: [...policy.holds]
          .sort((a, b) => b.placedAt.localeCompare(a.placedAt))
          .map((h) => ({ ...h, placedByName: names.get(h.placedBy) ?? 'Unknown user' })),
        values: options.values ?? {},
        errors,
        done: options.done,
      },
      errors.length ? 400 : 200,
    );
  }

  private async load(request: WebRequest): Promise<Policy> {
    const answer = await this.api.call<Policy>(request.signedIn!.actor, request.id, { path: '/retention/policy' });
    if (isProblem(answer)) refusalPage(answer.body as ApiProblem);
    return answer.body as Policy;
  }

  private async hold(request: WebRequest, personId: string): Promise<Hold> {
    const hold = (await this.load(request)).holds.find((h) => h.personId === personId);
    if (!hold) throw new PageNotFound();
    return hold;
  }

  private async userNames(request: WebRequest): Promise<Map<string, string>> {
    const answer = await this.api.call<Array<{ userId: string; displayName: string }>>(
      request.signedIn!.actor,
      request.id,
      { path: '/users' },
    );
    if (isProblem(answer)) refusalPage(answer.body as ApiProblem);
    return new Map(
      (answer.body as Array<{ userId: string; displayName: string }>).map((u) => [u.userId, u.displayName]),
    );
  }
}
