import { Get, Param, ParseUUIDPipe, Post, Req, Res } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import { DATA_CATEGORIES } from '@hubline/access';
import { LAWFUL_BASES, SCHEDULE_1_CONDITIONS, SHARING_PURPOSES } from '@hubline/sharing';
import { HubApi, isProblem, type ApiProblem } from '../../hub-api';
import type { WebRequest } from '../../web-context';
import { dateFrom, dateItems } from '../audit/period';
import { PageRoles } from '../guards';
import { Page, PagesController } from '../page.decorators';
import { PageRenderer } from '../page-renderer';
import { refusalPage, type PageError } from '../plain-english';
import { adminErrors, etagOf, field } from './admin-forms';

interface Agreement {
  agreementId: string;
  title: string;
  parties: string[];
  purposes: string[];
  dataCategories: string[];
  lawfulBases: string[];
  schedule1Conditions: string[];
  startDate: string;
  reviewDate: string;
  endDate: string | null;
  agreedAt: string;
  lastReviewedAt: string | null;
  terminatedAt: string | null;
  version: number;
  inForce: boolean;
  notInForceBecause?: string;
  reviewDueSoon: boolean;
}
interface Agency {
  agencyId: string;
  name: string;
  active: boolean;
}

export const BASIS_LABELS: Record<string, string> = {
  cda_1998_s115: 'Crime and Disorder Act 1998 s.115 (power to disclose)',
  cda_1998_s17a: 'Crime and Disorder Act 1998 s.17A (depersonalised information)',
  uk_gdpr_6_1_a: 'UK GDPR 6(1)(a) consent',
  uk_gdpr_6_1_c: 'UK GDPR 6(1)(c) legal obligation',
  uk_gdpr_6_1_d: 'UK GDPR 6(1)(d) vital interests',
  uk_gdpr_6_1_e: 'UK GDPR 6(1)(e) public task',
  uk_gdpr_9_2_g: 'UK GDPR 9(2)(g) substantial public interest',
};
const NOT_IN_FORCE: Record<string, string> = {
  not_started: 'Not started',
  ended: 'Ended',
  terminated: 'Terminated',
  review_lapsed: 'Review lapsed: nothing can be shared under it',
  unknown: 'Not in force',
};

/** Each code list of an agreement: its form field prefix and its codes. */
const LISTS = {
  parties: 'party',
  purposes: 'purpose',
  dataCategories: 'category',
  lawfulBases: 'basis',
  schedule1Conditions: 'condition',
} as const;

const uuid = () => new ParseUUIDPipe({ version: '4' });
const ticked = (body: Record<string, string>, prefix: string, codes: readonly string[]) =>
  codes.filter((c) => body[`${prefix}-${c}`] === 'yes');
const items = (prefix: string, codes: readonly string[], chosen: readonly string[], label: (c: string) => string) =>
  codes.map((c) => ({ value: 'yes', name: `${prefix}-${c}`, text: label(c), checked: chosen.includes(c) }));
const words = (code: string) => {
  const text = code.replace(/_/g, ' ');
  return text.charAt(0).toUpperCase() + text.slice(1);
};
const DATE_PARTS = ['day', 'month', 'year'] as const;

/** Review due (or lapsed) first, then the soonest review; agreements no longer in force last. */
function reviewOrder(a: Agreement, b: Agreement): number {
  const rank = (x: Agreement) =>
    x.notInForceBecause === 'review_lapsed' ? 0 : x.reviewDueSoon ? 1 : x.inForce ? 2 : 3;
  return rank(a) - rank(b) || a.reviewDate.localeCompare(b.reviewDate) || a.title.localeCompare(b.title);
}

/**
 * Information Sharing Agreements: the list with reviews due first, one agreement's terms,
 * recording one (with a check of the answers), its yearly review and its termination. The API
 * judges every rule (at least two parties, an Article 6 basis, Schedule 1 conditions for special
 * and criminal offence data, dates in order): the page only states them in plain English.
 */
@PagesController()
@PageRoles('partnership_admin')
export class AgreementsPages {
  constructor(
    private readonly api: HubApi,
    private readonly pages: PageRenderer,
  ) {}

  @Get('admin/agreements')
  @Page()
  async list(@Req() request: WebRequest, @Res() reply: FastifyReply): Promise<void> {
    const answer = await this.api.call<Agreement[]>(request.signedIn!.actor, request.id, {
      path: '/sharing/agreements',
    });
    if (isProblem(answer)) refusalPage(answer.body as ApiProblem);
    const names = await this.agencyNames(request);
    const agreements = [...(answer.body as Agreement[])].sort(reviewOrder).map((a) => ({
      ...a,
      partyNames: a.parties.map((p) => names.get(p) ?? 'Unknown agency').join(', '),
      status: status(a),
    }));
    const done = (request.query as Record<string, string> | undefined)?.done;
    await this.pages.send(request, reply, 'admin/agreements.njk', {
      section: 'agreements',
      agreements,
      done: done === 'recorded' ? 'Agreement recorded.' : undefined,
    });
  }

  @Get('admin/agreements/new')
  @Page()
  async newForm(@Req() request: WebRequest, @Res() reply: FastifyReply): Promise<void> {
    await this.showNew(request, reply, emptyAgreement(), []);
  }

  @Post('admin/agreements/new')
  @Page()
  async record(@Req() request: WebRequest, @Res() reply: FastifyReply): Promise<void> {
    const body = (request.body ?? {}) as Record<string, string>;
    const agencies = (await this.agencies(request)).filter((a) => a.active);
    const values = {
      title: field(body, 'title'),
      parties: ticked(
        body,
        LISTS.parties,
        agencies.map((a) => a.agencyId),
      ),
      purposes: ticked(body, LISTS.purposes, SHARING_PURPOSES),
      dataCategories: ticked(body, LISTS.dataCategories, DATA_CATEGORIES),
      lawfulBases: ticked(body, LISTS.lawfulBases, LAWFUL_BASES),
      schedule1Conditions: ticked(body, LISTS.schedule1Conditions, SCHEDULE_1_CONDITIONS),
      dates: {} as Record<string, string>,
    };
    for (const name of ['startDate', 'reviewDate', 'endDate'])
      for (const part of DATE_PARTS) values.dates[`${name}-${part}`] = field(body, `${name}-${part}`);
    const day = (name: string) =>
      dateFrom(values.dates[`${name}-day`], values.dates[`${name}-month`], values.dates[`${name}-year`]);
    const [startDate, reviewDate, endDate] = [day('startDate'), day('reviewDate'), day('endDate')];
    const errors: PageError[] = [];
    if (values.title.length < 3) errors.push({ text: 'Enter the agreement’s title', href: '#title' });
    if (values.parties.length < 2) errors.push({ text: 'Select at least two agencies party to it', href: '#parties' });
    if (values.purposes.length === 0) errors.push({ text: 'Select what sharing under it is for', href: '#purposes' });
    if (values.dataCategories.length === 0)
      errors.push({ text: 'Select the kinds of information it covers', href: '#dataCategories' });
    if (values.lawfulBases.length === 0) errors.push({ text: 'Select its lawful bases', href: '#lawfulBases' });
    if (!startDate) errors.push({ text: 'Enter the day it starts, like 1 4 2026', href: '#startDate-day' });
    if (reviewDate === null) errors.push({ text: 'The review date must be a real date', href: '#reviewDate-day' });
    if (endDate === null) errors.push({ text: 'The end date must be a real date', href: '#endDate-day' });
    if (errors.length || body.edit === 'yes') return this.showNew(request, reply, values, errors);
    const send = {
      title: values.title,
      parties: values.parties,
      purposes: values.purposes,
      dataCategories: values.dataCategories,
      lawfulBases: values.lawfulBases,
      schedule1Conditions: values.schedule1Conditions,
      startDate: startDate!,
      ...(reviewDate ? { reviewDate } : {}),
      ...(endDate ? { endDate } : {}),
    };
    if (body.confirm !== 'yes') {
      const names = new Map(agencies.map((a) => [a.agencyId, a.name]));
      await this.pages.send(request, reply, 'admin/agreement-check.njk', {
        section: 'agreements',
        values,
        send,
        partyNames: values.parties.map((p) => names.get(p)).join(', '),
        bases: values.lawfulBases.map((b) => BASIS_LABELS[b] ?? b).join(', '),
        hidden: hiddenFields(values),
      });
      return;
    }
    const answer = await this.api.call(request.signedIn!.actor, request.id, {
      method: 'POST',
      path: '/sharing/agreements',
      body: send,
    });
    if (isProblem(answer)) return this.showNew(request, reply, values, agreementErrors(answer.body as ApiProblem));
    await reply.code(303).header('location', '/admin/agreements?done=recorded').send();
  }

  @Get('admin/agreements/:agreementId')
  @Page()
  async agreement(
    @Req() request: WebRequest,
    @Res() reply: FastifyReply,
    @Param('agreementId', uuid()) agreementId: string,
  ): Promise<void> {
    const done = (request.query as Record<string, string> | undefined)?.done;
    await this.showAgreement(request, reply, agreementId, {
      done: done === 'reviewed' ? 'Review recorded.' : done === 'terminated' ? 'Agreement terminated.' : undefined,
    });
  }

  @Post('admin/agreements/:agreementId/review')
  @Page()
  async review(
    @Req() request: WebRequest,
    @Res() reply: FastifyReply,
    @Param('agreementId', uuid()) agreementId: string,
  ): Promise<void> {
    const body = (request.body ?? {}) as Record<string, string>;
    const dates: Record<string, string> = {};
    for (const part of DATE_PARTS) dates[`reviewDate-${part}`] = field(body, `reviewDate-${part}`);
    const reviewDate = dateFrom(dates['reviewDate-day'], dates['reviewDate-month'], dates['reviewDate-year']);
    const errors: PageError[] = [];
    if (reviewDate === null) errors.push({ text: 'The next review date must be a real date', href: '#reviewDate-day' });
    if (errors.length === 0) {
      const answer = await this.api.call(request.signedIn!.actor, request.id, {
        method: 'POST',
        path: `/sharing/agreements/${agreementId}/review`,
        body: reviewDate ? { reviewDate } : {},
        ifMatch: etagOf(body.version),
      });
      if (!isProblem(answer)) {
        await reply.code(303).header('location', `/admin/agreements/${agreementId}?done=reviewed`).send();
        return;
      }
      errors.push(...adminErrors(answer));
    }
    await this.showAgreement(request, reply, agreementId, { errors, dates });
  }

  @Post('admin/agreements/:agreementId/terminate')
  @Page()
  async terminate(
    @Req() request: WebRequest,
    @Res() reply: FastifyReply,
    @Param('agreementId', uuid()) agreementId: string,
  ): Promise<void> {
    const body = (request.body ?? {}) as Record<string, string>;
    const reason = field(body, 'reason');
    const version = etagOf(body.version);
    const errors: PageError[] = [];
    if (reason.length < 3 || reason.length > 500)
      errors.push({ text: 'Enter why the agreement ends, 3 to 500 characters', href: '#reason' });
    else if (/[<>\u0000-\u001f]/.test(reason))
      errors.push({ text: 'The reason cannot contain < or >', href: '#reason' });
    if (errors.length === 0 && body.confirm !== 'yes') {
      const { agreement } = await this.load(request, agreementId);
      await this.pages.send(request, reply, 'admin/agreement-terminate-check.njk', {
        section: 'agreements',
        agreement,
        reason,
        version,
      });
      return;
    }
    if (errors.length === 0) {
      const answer = await this.api.call(request.signedIn!.actor, request.id, {
        method: 'POST',
        path: `/sharing/agreements/${agreementId}/terminate`,
        body: { reason },
        ifMatch: version,
      });
      if (!isProblem(answer)) {
        await reply.code(303).header('location', `/admin/agreements/${agreementId}?done=terminated`).send();
        return;
      }
      errors.push(...adminErrors(answer));
    }
    await this.showAgreement(request, reply, agreementId, { errors, reason });
  }

  private async showNew(
    request: WebRequest,
    reply: FastifyReply,
    values: ReturnType<typeof emptyAgreement>,
    errors: PageError[],
  ): Promise<void> {
    const agencies = (await this.agencies(request)).filter((a) => a.active);
    const invalid = (name: string) => errors.some((e) => e.href === `#${name}-day`);
    const dateInput = (name: string) =>
      dateItems(
        Object.fromEntries(DATE_PARTS.map((p) => [`x-${p}`, values.dates[`${name}-${p}`] ?? ''])),
        'x',
        invalid(name),
      );
    await this.pages.send(
      request,
      reply,
      'admin/agreement-new.njk',
      {
        section: 'agreements',
        values,
        errors,
        parties: agencies.map((a) => ({
          value: 'yes',
          name: `${LISTS.parties}-${a.agencyId}`,
          text: a.name,
          checked: values.parties.includes(a.agencyId),
        })),
        purposes: items(LISTS.purposes, SHARING_PURPOSES, values.purposes, words),
        dataCategories: items(LISTS.dataCategories, DATA_CATEGORIES, values.dataCategories, words),
        lawfulBases: items(LISTS.lawfulBases, LAWFUL_BASES, values.lawfulBases, (c) => BASIS_LABELS[c] ?? c),
        schedule1Conditions: items(LISTS.schedule1Conditions, SCHEDULE_1_CONDITIONS, values.schedule1Conditions, (c) =>
          words(c.replace(/^dpa_sch1_p(\d+)_/, 'Schedule 1 paragraph $1: ')),
        ),
        startItems: dateInput('startDate'),
        reviewItems: dateInput('reviewDate'),
        endItems: dateInput('endDate'),
      },
      errors.length ? 400 : 200,
    );
  }

  private async showAgreement(
    request: WebRequest,
    reply: FastifyReply,
    agreementId: string,
    options: { errors?: PageError[]; done?: string; dates?: Record<string, string>; reason?: string },
  ): Promise<void> {
    const { agreement, etag } = await this.load(request, agreementId);
    const names = await this.agencyNames(request);
    const errors = options.errors ?? [];
    const dates = options.dates ?? {};
    await this.pages.send(
      request,
      reply,
      'admin/agreement.njk',
      {
        section: 'agreements',
        agreement,
        version: etag,
        status: status(agreement),
        partyNames: agreement.parties.map((p) => names.get(p) ?? 'Unknown agency'),
        bases: agreement.lawfulBases.map((b) => BASIS_LABELS[b] ?? b),
        errors,
        done: options.done,
        reason: options.reason,
        reviewItems: dateItems(
          Object.fromEntries(DATE_PARTS.map((p) => [`to-${p}`, dates[`reviewDate-${p}`] ?? ''])),
          'to',
          errors.some((e) => e.href === '#reviewDate-day'),
        ),
      },
      errors.length ? 400 : 200,
    );
  }

  private async load(request: WebRequest, agreementId: string): Promise<{ agreement: Agreement; etag?: string }> {
    const answer = await this.api.call<Agreement>(request.signedIn!.actor, request.id, {
      path: `/sharing/agreements/${agreementId}`,
    });
    if (isProblem(answer)) refusalPage(answer.body as ApiProblem);
    return { agreement: answer.body as Agreement, etag: answer.etag };
  }

  private async agencies(request: WebRequest): Promise<Agency[]> {
    const answer = await this.api.call<{ agencies: Agency[] }>(request.signedIn!.actor, request.id, {
      path: '/partnership',
    });
    if (isProblem(answer)) refusalPage(answer.body as ApiProblem);
    return [...(answer.body as { agencies: Agency[] }).agencies].sort((a, b) => a.name.localeCompare(b.name));
  }

  private async agencyNames(request: WebRequest): Promise<Map<string, string>> {
    return new Map((await this.agencies(request)).map((a) => [a.agencyId, a.name]));
  }
}

function emptyAgreement() {
  return {
    title: '',
    parties: [] as string[],
    purposes: [] as string[],
    dataCategories: [] as string[],
    lawfulBases: [] as string[],
    schedule1Conditions: [] as string[],
    dates: {} as Record<string, string>,
  };
}

/** The answers as hidden fields, for "check your answers" to send or change them. */
function hiddenFields(values: ReturnType<typeof emptyAgreement>): Array<{ name: string; value: string }> {
  const fields = [{ name: 'title', value: values.title }];
  for (const [list, prefix] of Object.entries(LISTS))
    for (const code of values[list as keyof typeof LISTS]) fields.push({ name: `${prefix}-${code}`, value: 'yes' });
  for (const [name, value] of Object.entries(values.dates)) if (value) fields.push({ name, value });
  return fields;
}

/** Where the agreement stands now, in words, with the tag colour. */
function status(a: Agreement): { text: string; colour: string } {
  if (!a.inForce) return { text: NOT_IN_FORCE[a.notInForceBecause ?? 'unknown'] ?? 'Not in force', colour: 'red' };
  if (a.reviewDueSoon) return { text: 'Review due soon', colour: 'orange' };
  return { text: 'In force', colour: 'green' };
}

/** The agreement rules the API applies, in plain English, on the field they concern. */
const AGREEMENT_MESSAGES: Record<string, PageError> = {
  'SHARING.TOO_FEW_PARTIES': { text: 'Select at least two agencies party to it', href: '#parties' },
  'SHARING.UNKNOWN_AGENCY': { text: 'Select only active agencies of the partnership', href: '#parties' },
  'SHARING.ARTICLE_6_BASIS_REQUIRED': {
    text: 'Select at least one UK GDPR Article 6 basis (6(1)(a), (c), (d) or (e))',
    href: '#lawfulBases',
  },
  'SHARING.INVALID_REVIEW_DATE': {
    text: 'The review date must be after the start and at most a year after it',
    href: '#reviewDate-day',
  },
  'SHARING.INVALID_END_DATE': { text: 'The end date must be after the start', href: '#endDate-day' },
  'SHARING.TITLE_REQUIRED': { text: 'Enter the agreement’s title', href: '#title' },
  'SHARING.SCHEDULE_1_CONDITION_REQUIRED': {
    text: 'Health and special category data need UK GDPR 9(2)(g) and a Schedule 1 condition; criminal offence data needs a Schedule 1 condition',
    href: '#schedule1Conditions',
  },
  'SHARING.UNKNOWN_CODE': { text: 'Select at least one purpose and one kind of information', href: '#purposes' },
};

function agreementErrors(problem: ApiProblem): PageError[] {
  const known = AGREEMENT_MESSAGES[problem.code];
  if (known) return [known];
  if (problem.status === 422 || problem.status === 400)
    return [{ text: problem.detail ?? 'The agreement could not be recorded as it is', href: '#title' }];
  return adminErrors({ status: problem.status, body: problem });
}
