import { Get, Param, ParseUUIDPipe, Post, Req, Res } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import { HubApi, isProblem, type ApiProblem } from '../../hub-api';
import type { WebRequest } from '../../web-context';
import { PageRoles } from '../guards';
import { Page, PagesController } from '../page.decorators';
import { PageRenderer } from '../page-renderer';
import { refusalPage, type PageError } from '../plain-english';
import { adminErrors, etagOf, field, roleItems, roleNames, rolesFrom, ROLE_LABELS } from './admin-forms';

interface User {
  userId: string;
  subject: string;
  displayName: string;
  agencyId: string;
  roles: string[];
  active: boolean;
}
interface Agency {
  agencyId: string;
  name: string;
  kind: string;
  active: boolean;
}

const uuid = () => new ParseUUIDPipe({ version: '4' });
const DONE: Record<string, string> = {
  roles: 'Roles changed. They apply from the user’s next page or request.',
  deactivated: 'User deactivated. Their sessions and tokens stopped working at once.',
  reactivated: 'User reactivated. They can sign in again.',
};

/**
 * The partnership's users: register one (with a check of the answers), change their roles and
 * deactivate or reactivate them. Each change that affects what someone may see is checked before
 * it is sent, and carries the version the administrator saw, so a change made meanwhile by
 * someone else is refused rather than overwritten.
 */
@PagesController()
@PageRoles('partnership_admin')
export class UsersPages {
  constructor(
    private readonly api: HubApi,
    private readonly pages: PageRenderer,
  ) {}

  @Get('admin')
  @Page()
  async index(@Req() request: WebRequest, @Res() reply: FastifyReply): Promise<void> {
    await this.pages.send(request, reply, 'admin/index.njk', { section: 'index' });
  }

  @Get('admin/users')
  @Page()
  async list(@Req() request: WebRequest, @Res() reply: FastifyReply): Promise<void> {
    const answer = await this.api.call<User[]>(request.signedIn!.actor, request.id, { path: '/users' });
    if (isProblem(answer)) refusalPage(answer.body as ApiProblem);
    const agencies = await this.agencies(request);
    const names = new Map(agencies.map((a) => [a.agencyId, a.name]));
    const users = (answer.body as User[])
      .map((u) => ({ ...u, agency: names.get(u.agencyId) ?? 'Unknown agency', roleNames: roleNames(u.roles) }))
      .sort((a, b) => Number(b.active) - Number(a.active) || a.displayName.localeCompare(b.displayName));
    await this.pages.send(request, reply, 'admin/users.njk', { section: 'users', users });
  }

  @Get('admin/users/new')
  @Page()
  async registerForm(@Req() request: WebRequest, @Res() reply: FastifyReply): Promise<void> {
    await this.showRegister(request, reply, { roles: [] }, []);
  }

  /** The form, then "check your answers", then the API: `confirm` says the answers were checked. */
  @Post('admin/users/new')
  @Page()
  async register(@Req() request: WebRequest, @Res() reply: FastifyReply): Promise<void> {
    const body = (request.body ?? {}) as Record<string, string>;
    const values = {
      displayName: field(body, 'displayName'),
      subject: field(body, 'subject'),
      agencyId: field(body, 'agencyId'),
      roles: rolesFrom(body),
    };
    const agencies = (await this.agencies(request)).filter((a) => a.active);
    const errors: PageError[] = [];
    if (values.displayName.length < 2)
      errors.push({ text: 'Enter the user’s name as colleagues know it', href: '#displayName' });
    if (!values.subject)
      errors.push({ text: 'Enter the sign-in id their identity provider gives them', href: '#subject' });
    else if (/\s/.test(values.subject)) errors.push({ text: 'The sign-in id cannot contain spaces', href: '#subject' });
    if (!agencies.some((a) => a.agencyId === values.agencyId))
      errors.push({ text: 'Select the agency they act for', href: '#agencyId' });
    if (values.roles.length === 0) errors.push({ text: 'Select at least one role', href: '#roles' });
    if (errors.length || body.edit === 'yes') return this.showRegister(request, reply, values, errors);
    if (body.confirm !== 'yes') {
      await this.pages.send(request, reply, 'admin/user-check.njk', {
        section: 'users',
        values,
        agency: agencies.find((a) => a.agencyId === values.agencyId)!.name,
        roleNames: roleNames(values.roles),
      });
      return;
    }
    const answer = await this.api.call<{ userId: string }>(request.signedIn!.actor, request.id, {
      method: 'POST',
      path: '/users',
      body: values,
    });
    if (isProblem(answer)) return this.showRegister(request, reply, values, adminErrors(answer));
    await this.pages.send(request, reply, 'admin/user-registered.njk', {
      section: 'users',
      userId: (answer.body as { userId: string }).userId,
      values,
    });
  }

  @Get('admin/users/:userId')
  @Page()
  async user(
    @Req() request: WebRequest,
    @Res() reply: FastifyReply,
    @Param('userId', uuid()) userId: string,
  ): Promise<void> {
    const done = (request.query as Record<string, string> | undefined)?.done;
    await this.showUser(request, reply, userId, { done: done ? DONE[done] : undefined });
  }

  @Post('admin/users/:userId/roles')
  @Page()
  async changeRoles(
    @Req() request: WebRequest,
    @Res() reply: FastifyReply,
    @Param('userId', uuid()) userId: string,
  ): Promise<void> {
    const body = (request.body ?? {}) as Record<string, string>;
    const roles = rolesFrom(body);
    const version = etagOf(body.version);
    if (roles.length === 0)
      return this.showUser(request, reply, userId, {
        errors: [{ text: 'Select at least one role', href: '#roles' }],
        roles,
      });
    const { user } = await this.load(request, userId);
    if (body.edit === 'yes') return this.showUser(request, reply, userId, { roles });
    if (body.confirm !== 'yes') {
      await this.pages.send(request, reply, 'admin/roles-check.njk', {
        section: 'users',
        user,
        roles,
        version,
        before: roleNames(user.roles),
        after: roleNames(roles),
        added: roles.filter((r) => !user.roles.includes(r)).map((r) => ROLE_LABELS[r]),
        removed: user.roles
          .filter((r) => !(roles as string[]).includes(r))
          .map((r) => ROLE_LABELS[r as keyof typeof ROLE_LABELS] ?? r),
      });
      return;
    }
    const answer = await this.api.call(request.signedIn!.actor, request.id, {
      method: 'PUT',
      path: `/users/${userId}/roles`,
      body: { roles },
      ifMatch: version,
    });
    if (isProblem(answer)) return this.showUser(request, reply, userId, { errors: adminErrors(answer), roles });
    await reply.code(303).header('location', `/admin/users/${userId}?done=roles`).send();
  }

  @Get('admin/users/:userId/deactivate')
  @Page()
  async deactivateForm(
    @Req() request: WebRequest,
    @Res() reply: FastifyReply,
    @Param('userId', uuid()) userId: string,
  ): Promise<void> {
    const { user, etag } = await this.load(request, userId);
    await this.pages.send(request, reply, 'admin/user-deactivate.njk', {
      section: 'users',
      user,
      version: etag,
      values: {},
    });
  }

  @Post('admin/users/:userId/deactivate')
  @Page()
  async deactivate(
    @Req() request: WebRequest,
    @Res() reply: FastifyReply,
    @Param('userId', uuid()) userId: string,
  ): Promise<void> {
    const body = (request.body ?? {}) as Record<string, string>;
    const values = { reason: field(body, 'reason') };
    const version = etagOf(body.version);
    const { user } = await this.load(request, userId);
    const errors: PageError[] = [];
    if (values.reason.length < 3 || values.reason.length > 300)
      errors.push({ text: 'Enter why the account is deactivated, 3 to 300 characters', href: '#reason' });
    if (errors.length === 0 && body.confirm === 'yes') {
      const answer = await this.api.call(request.signedIn!.actor, request.id, {
        method: 'POST',
        path: `/users/${userId}/deactivate`,
        body: values,
        ifMatch: version,
      });
      if (!isProblem(answer)) {
        await reply.code(303).header('location', `/admin/users/${userId}?done=deactivated`).send();
        return;
      }
      errors.push(...adminErrors(answer));
    }
    const check = errors.length === 0;
    await this.pages.send(
      request,
      reply,
      check ? 'admin/user-deactivate-check.njk' : 'admin/user-deactivate.njk',
      { section: 'users', user, version, values, errors },
      check ? 200 : 400,
    );
  }

  @Post('admin/users/:userId/reactivate')
  @Page()
  async reactivate(
    @Req() request: WebRequest,
    @Res() reply: FastifyReply,
    @Param('userId', uuid()) userId: string,
  ): Promise<void> {
    const body = (request.body ?? {}) as Record<string, string>;
    const answer = await this.api.call(request.signedIn!.actor, request.id, {
      method: 'POST',
      path: `/users/${userId}/reactivate`,
      ifMatch: etagOf(body.version),
    });
    if (isProblem(answer)) return this.showUser(request, reply, userId, { errors: adminErrors(answer) });
    await reply.code(303).header('location', `/admin/users/${userId}?done=reactivated`).send();
  }

  private async showRegister(
    request: WebRequest,
    reply: FastifyReply,
    values: { roles: string[]; agencyId?: string; [key: string]: unknown },
    errors: PageError[],
  ): Promise<void> {
    const agencies = (await this.agencies(request)).filter((a) => a.active);
    await this.pages.send(
      request,
      reply,
      'admin/user-register.njk',
      {
        section: 'users',
        values,
        errors,
        roles: roleItems(values.roles),
        agencies: [
          { value: '', text: 'Select an agency' },
          ...agencies.map((a) => ({ value: a.agencyId, text: a.name, selected: a.agencyId === values.agencyId })),
        ],
      },
      errors.length ? 400 : 200,
    );
  }

  private async showUser(
    request: WebRequest,
    reply: FastifyReply,
    userId: string,
    options: { errors?: PageError[]; roles?: string[]; done?: string },
  ): Promise<void> {
    const { user, etag } = await this.load(request, userId);
    const agency = (await this.agencies(request)).find((a) => a.agencyId === user.agencyId);
    const errors = options.errors ?? [];
    await this.pages.send(
      request,
      reply,
      'admin/user.njk',
      {
        section: 'users',
        user,
        agency: agency?.name ?? 'Unknown agency',
        roleNames: roleNames(user.roles),
        roles: roleItems(options.roles ?? user.roles),
        version: etag,
        errors,
        done: options.done,
        self: user.userId === request.signedIn!.actor.userId,
      },
      errors.length ? 400 : 200,
    );
  }

  private async load(request: WebRequest, userId: string): Promise<{ user: User; etag?: string }> {
    const answer = await this.api.call<User>(request.signedIn!.actor, request.id, { path: `/users/${userId}` });
    if (isProblem(answer)) refusalPage(answer.body as ApiProblem);
    return { user: answer.body as User, etag: answer.etag };
  }

  private async agencies(request: WebRequest): Promise<Agency[]> {
    const answer = await this.api.call<{ agencies: Agency[] }>(request.signedIn!.actor, request.id, {
      path: '/partnership',
    });
    if (isProblem(answer)) refusalPage(answer.body as ApiProblem);
    return [...(answer.body as { agencies: Agency[] }).agencies].sort((a, b) => a.name.localeCompare(b.name));
  }
}
