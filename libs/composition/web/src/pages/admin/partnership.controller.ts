import { Get, Param, ParseUUIDPipe, Post, Req, Res } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import { AGENCY_KINDS, CASE_REVIEW_ROLES } from '@hubline/partnerships';
import { HubApi, isProblem, type ApiProblem } from '../../hub-api';
import { PageNotFound, type WebRequest } from '../../web-context';
import { PageRoles } from '../guards';
import { Page, PagesController } from '../page.decorators';
import { PageRenderer } from '../page-renderer';
import { refusalPage, type PageError } from '../plain-english';
import { adminErrors, etagOf, field } from './admin-forms';

interface Agency {
  agencyId: string;
  name: string;
  kind: string;
  active: boolean;
  caseReviewRole: string;
}
interface Locality {
  localityId: string;
  name: string;
  wards: Array<{ wardId: string; name: string }>;
}
interface Partnership {
  name: string;
  area: string;
  agencies: Agency[];
  localities: Locality[];
}

export const KIND_LABELS: Record<string, string> = {
  police: 'Police',
  local_authority: 'Local authority',
  housing_provider: 'Housing provider',
  fire_and_rescue: 'Fire and rescue',
  probation: 'Probation',
  youth_offending: 'Youth offending',
  health: 'Health',
  voluntary: 'Voluntary sector',
  policing_body: 'Policing body (PCC or PFCC)',
};
export const CASE_REVIEW_LABELS: Record<string, { text: string; hint: string }> = {
  relevant_body: {
    text: 'Relevant body',
    hint: 'Receives every case review application and must answer information requests (the council and the police).',
  },
  co_opted: {
    text: 'Co-opted social landlord',
    hint: 'A housing provider the partnership co-opted into case reviews.',
  },
  icb: { text: 'Integrated Care Board', hint: 'The health agency that is the ICB.' },
  none: { text: 'No part', hint: 'Not part of case reviews.' },
};

const NAME_TEXT = /^[^\u0000-\u001f<>]+$/;
const uuid = () => new ParseUUIDPipe({ version: '4' });
const DONE: Record<string, string> = {
  added: 'Agency added.',
  renamed: 'Agency renamed.',
  role: 'Its part in case reviews is changed.',
  deactivated: 'Agency deactivated. Its users keep their history.',
  locality: 'Locality added.',
  ward: 'Ward added.',
};

function nameError(name: string, what: string): PageError[] {
  if (name.length < 2 || name.length > 120) return [{ text: `Enter the ${what}, 2 to 120 characters`, href: '#name' }];
  if (!NAME_TEXT.test(name)) return [{ text: `The ${what} cannot contain < or >`, href: '#name' }];
  return [];
}

/**
 * The partnership's agencies (with their part in ASB Case Reviews), localities and wards. Each
 * change carries the partnership's version the administrator saw (If-Match), so two
 * administrators' changes never silently overwrite each other.
 */
@PagesController()
@PageRoles('partnership_admin')
export class PartnershipPages {
  constructor(
    private readonly api: HubApi,
    private readonly pages: PageRenderer,
  ) {}

  @Get('admin/agencies')
  @Page()
  async agencies(@Req() request: WebRequest, @Res() reply: FastifyReply): Promise<void> {
    const { partnership } = await this.load(request);
    const done = (request.query as Record<string, string> | undefined)?.done;
    await this.pages.send(request, reply, 'admin/agencies.njk', {
      section: 'agencies',
      agencies: [...partnership.agencies].sort(
        (a, b) => Number(b.active) - Number(a.active) || a.name.localeCompare(b.name),
      ),
      kinds: KIND_LABELS,
      roles: CASE_REVIEW_LABELS,
      done: done ? DONE[done] : undefined,
    });
  }

  @Get('admin/agencies/new')
  @Page()
  async addAgencyForm(@Req() request: WebRequest, @Res() reply: FastifyReply): Promise<void> {
    const { etag } = await this.load(request);
    await this.showAddAgency(request, reply, { version: etag }, []);
  }

  @Post('admin/agencies/new')
  @Page()
  async addAgency(@Req() request: WebRequest, @Res() reply: FastifyReply): Promise<void> {
    const body = (request.body ?? {}) as Record<string, string>;
    const values = { name: field(body, 'name'), kind: field(body, 'kind'), version: etagOf(body.version) };
    const errors = nameError(values.name, 'agency’s name');
    if (!(AGENCY_KINDS as readonly string[]).includes(values.kind))
      errors.push({ text: 'Select the kind of agency', href: '#kind' });
    if (errors.length === 0) {
      const answer = await this.api.call(request.signedIn!.actor, request.id, {
        method: 'POST',
        path: '/partnership/agencies',
        body: { name: values.name, kind: values.kind },
        ifMatch: values.version,
      });
      if (!isProblem(answer)) {
        await reply.code(303).header('location', '/admin/agencies?done=added').send();
        return;
      }
      errors.push(...adminErrors(answer));
    }
    await this.showAddAgency(request, reply, values, errors);
  }

  @Get('admin/agencies/:agencyId')
  @Page()
  async agency(
    @Req() request: WebRequest,
    @Res() reply: FastifyReply,
    @Param('agencyId', uuid()) agencyId: string,
  ): Promise<void> {
    const done = (request.query as Record<string, string> | undefined)?.done;
    await this.showAgency(request, reply, agencyId, { done: done ? DONE[done] : undefined });
  }

  @Post('admin/agencies/:agencyId/name')
  @Page()
  async rename(
    @Req() request: WebRequest,
    @Res() reply: FastifyReply,
    @Param('agencyId', uuid()) agencyId: string,
  ): Promise<void> {
    const body = (request.body ?? {}) as Record<string, string>;
    const name = field(body, 'name');
    const errors = nameError(name, 'agency’s new name');
    if (errors.length === 0) {
      const answer = await this.api.call(request.signedIn!.actor, request.id, {
        method: 'PATCH',
        path: `/partnership/agencies/${agencyId}`,
        body: { name },
        ifMatch: etagOf(body.version),
      });
      if (!isProblem(answer)) {
        await reply.code(303).header('location', `/admin/agencies/${agencyId}?done=renamed`).send();
        return;
      }
      errors.push(...adminErrors(answer));
    }
    await this.showAgency(request, reply, agencyId, { errors, name });
  }

  /** Its part in case reviews decides who receives every application: checked before it is sent. */
  @Post('admin/agencies/:agencyId/case-review-role')
  @Page()
  async caseReviewRole(
    @Req() request: WebRequest,
    @Res() reply: FastifyReply,
    @Param('agencyId', uuid()) agencyId: string,
  ): Promise<void> {
    const body = (request.body ?? {}) as Record<string, string>;
    const role = field(body, 'caseReviewRole');
    const version = etagOf(body.version);
    if (!(CASE_REVIEW_ROLES as readonly string[]).includes(role))
      return this.showAgency(request, reply, agencyId, {
        errors: [{ text: 'Select the agency’s part in case reviews', href: '#caseReviewRole' }],
      });
    const { partnership } = await this.load(request);
    const agency = partnership.agencies.find((a) => a.agencyId === agencyId);
    if (!agency) throw new PageNotFound();
    if (body.confirm !== 'yes') {
      await this.pages.send(request, reply, 'admin/agency-role-check.njk', {
        section: 'agencies',
        agency,
        role,
        version,
        labels: CASE_REVIEW_LABELS,
      });
      return;
    }
    const answer = await this.api.call(request.signedIn!.actor, request.id, {
      method: 'PUT',
      path: `/partnership/agencies/${agencyId}/case-review-role`,
      body: { caseReviewRole: role },
      ifMatch: version,
    });
    if (isProblem(answer)) return this.showAgency(request, reply, agencyId, { errors: adminErrors(answer), role });
    await reply.code(303).header('location', `/admin/agencies/${agencyId}?done=role`).send();
  }

  @Post('admin/agencies/:agencyId/deactivate')
  @Page()
  async deactivate(
    @Req() request: WebRequest,
    @Res() reply: FastifyReply,
    @Param('agencyId', uuid()) agencyId: string,
  ): Promise<void> {
    const body = (request.body ?? {}) as Record<string, string>;
    const version = etagOf(body.version);
    const { partnership } = await this.load(request);
    const agency = partnership.agencies.find((a) => a.agencyId === agencyId);
    if (!agency) throw new PageNotFound();
    if (body.confirm !== 'yes') {
      await this.pages.send(request, reply, 'admin/agency-deactivate-check.njk', {
        section: 'agencies',
        agency,
        version,
      });
      return;
    }
    const answer = await this.api.call(request.signedIn!.actor, request.id, {
      method: 'PATCH',
      path: `/partnership/agencies/${agencyId}`,
      body: { active: false },
      ifMatch: version,
    });
    if (isProblem(answer)) return this.showAgency(request, reply, agencyId, { errors: adminErrors(answer) });
    await reply.code(303).header('location', `/admin/agencies/${agencyId}?done=deactivated`).send();
  }

  @Get('admin/localities')
  @Page()
  async localities(@Req() request: WebRequest, @Res() reply: FastifyReply): Promise<void> {
    const done = (request.query as Record<string, string> | undefined)?.done;
    await this.showLocalities(request, reply, { done: done ? DONE[done] : undefined });
  }

  @Post('admin/localities')
  @Page()
  async addLocality(@Req() request: WebRequest, @Res() reply: FastifyReply): Promise<void> {
    const body = (request.body ?? {}) as Record<string, string>;
    const name = field(body, 'name');
    const errors = nameError(name, 'locality’s name');
    if (errors.length === 0) {
      const answer = await this.api.call(request.signedIn!.actor, request.id, {
        method: 'POST',
        path: '/partnership/localities',
        body: { name },
        ifMatch: etagOf(body.version),
      });
      if (!isProblem(answer)) {
        await reply.code(303).header('location', '/admin/localities?done=locality').send();
        return;
      }
      errors.push(...adminErrors(answer));
    }
    await this.showLocalities(request, reply, { errors, name });
  }

  @Get('admin/localities/:localityId')
  @Page()
  async locality(
    @Req() request: WebRequest,
    @Res() reply: FastifyReply,
    @Param('localityId', uuid()) localityId: string,
  ): Promise<void> {
    const done = (request.query as Record<string, string> | undefined)?.done;
    await this.showLocality(request, reply, localityId, { done: done ? DONE[done] : undefined });
  }

  @Post('admin/localities/:localityId/wards')
  @Page()
  async addWard(
    @Req() request: WebRequest,
    @Res() reply: FastifyReply,
    @Param('localityId', uuid()) localityId: string,
  ): Promise<void> {
    const body = (request.body ?? {}) as Record<string, string>;
    const name = field(body, 'name');
    const errors = nameError(name, 'ward’s name');
    if (errors.length === 0) {
      const answer = await this.api.call(request.signedIn!.actor, request.id, {
        method: 'POST',
        path: `/partnership/localities/${localityId}/wards`,
        body: { name },
        ifMatch: etagOf(body.version),
      });
      if (!isProblem(answer)) {
        await reply.code(303).header('location', `/admin/localities/${localityId}?done=ward`).send();
        return;
      }
      errors.push(...adminErrors(answer));
    }
    await this.showLocality(request, reply, localityId, { errors, name });
  }

  private async showAddAgency(
    request: WebRequest,
    reply: FastifyReply,
    values: { name?: string; kind?: string; version?: string },
    errors: PageError[],
  ): Promise<void> {
    await this.pages.send(
      request,
      reply,
      'admin/agency-add.njk',
      {
        section: 'agencies',
        values,
        errors,
        kinds: AGENCY_KINDS.map((k) => ({ value: k, text: KIND_LABELS[k] ?? k, checked: k === values.kind })),
      },
      errors.length ? 400 : 200,
    );
  }

  private async showAgency(
    request: WebRequest,
    reply: FastifyReply,
    agencyId: string,
    options: { errors?: PageError[]; name?: string; role?: string; done?: string },
  ): Promise<void> {
    const { partnership, etag } = await this.load(request);
    const agency = partnership.agencies.find((a) => a.agencyId === agencyId);
    if (!agency) throw new PageNotFound();
    const errors = options.errors ?? [];
    const chosen = options.role ?? agency.caseReviewRole;
    await this.pages.send(
      request,
      reply,
      'admin/agency.njk',
      {
        section: 'agencies',
        agency,
        version: etag,
        errors,
        done: options.done,
        name: options.name ?? agency.name,
        kind: KIND_LABELS[agency.kind] ?? agency.kind,
        roleLabel: CASE_REVIEW_LABELS[agency.caseReviewRole]?.text ?? agency.caseReviewRole,
        roles: CASE_REVIEW_ROLES.map((r) => ({
          value: r,
          text: CASE_REVIEW_LABELS[r].text,
          hint: { text: CASE_REVIEW_LABELS[r].hint },
          checked: r === chosen,
        })),
      },
      errors.length ? 400 : 200,
    );
  }

  private async showLocalities(
    request: WebRequest,
    reply: FastifyReply,
    options: { errors?: PageError[]; name?: string; done?: string },
  ): Promise<void> {
    const { partnership, etag } = await this.load(request);
    const errors = options.errors ?? [];
    await this.pages.send(
      request,
      reply,
      'admin/localities.njk',
      {
        section: 'localities',
        localities: partnership.localities,
        version: etag,
        errors,
        name: options.name,
        done: options.done,
      },
      errors.length ? 400 : 200,
    );
  }

  private async showLocality(
    request: WebRequest,
    reply: FastifyReply,
    localityId: string,
    options: { errors?: PageError[]; name?: string; done?: string },
  ): Promise<void> {
    const { partnership, etag } = await this.load(request);
    const locality = partnership.localities.find((l) => l.localityId === localityId);
    if (!locality) throw new PageNotFound();
    const errors = options.errors ?? [];
    await this.pages.send(
      request,
      reply,
      'admin/locality.njk',
      { section: 'localities', locality, version: etag, errors, name: options.name, done: options.done },
      errors.length ? 400 : 200,
    );
  }

  private async load(request: WebRequest): Promise<{ partnership: Partnership; etag?: string }> {
    const answer = await this.api.call<Partnership>(request.signedIn!.actor, request.id, { path: '/partnership' });
    if (isProblem(answer)) refusalPage(answer.body as ApiProblem);
    return { partnership: answer.body as Partnership, etag: answer.etag };
  }
}
