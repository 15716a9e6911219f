import { Get, Param, ParseUUIDPipe, Post, Req, Res } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import { PURPOSES, type Role } from '@hubline/access';
import { HubApi, isProblem, type ApiProblem } from '../hub-api';
import type { WebRequest } from '../web-context';
import { Page, PagesController } from './page.decorators';
import { PageRenderer } from './page-renderer';
import { PageRoles } from './guards';
import { pageErrorsFor, PURPOSE_LABELS, refusalPage, type PageError } from './plain-english';

/** Who may search and read people (as the API's `GET /people`). */
const READERS: Role[] = ['practitioner', 'lag_chair', 'case_review_coordinator', 'panel_member', 'partnership_admin'];
/** Who may register a person (as the API's `POST /people`). */
const WRITERS: Role[] = ['practitioner', 'lag_chair', 'case_review_coordinator', 'partnership_admin'];

/** Why a registered record may be the same person, in words. */
/** Why the register thinks a candidate may be this person, in the officer's words. */
const REASONS: Record<string, string> = {
  name_similar: 'a similar name',
  dob_match: 'the same date of birth',
  dob_transposed: 'the same date of birth with the day and month swapped',
  postcode_match: 'the same postcode',
  agency_reference: 'the same agency reference',
};
const CONFIDENCE: Record<string, string> = { high: 'Likely', medium: 'Possibly', low: 'Perhaps' };
type TimelineKind = 'victim' | 'offender';

const purposeItems = (chosen?: string) =>
  PURPOSES.map((value) => ({ value, text: PURPOSE_LABELS[value] ?? value, checked: value === chosen }));

const isPurpose = (value: unknown): value is string =>
  typeof value === 'string' && (PURPOSES as readonly string[]).includes(value);

/** A date from the GOV.UK date input's three fields: `YYYY-MM-DD`, '' when all are empty, or null when not a date. */
function dateFrom(day = '', month = '', year = ''): string | null {
  if (!day.trim() && !month.trim() && !year.trim()) return '';
  if (!/^\d{1,2}$/.test(day.trim()) || !/^\d{1,2}$/.test(month.trim()) || !/^\d{4}$/.test(year.trim())) return null;
  const iso = `${year.trim()}-${month.trim().padStart(2, '0')}-${day.trim().padStart(2, '0')}`;
  const date = new Date(`${iso}T00:00:00Z`);
  return !Number.isNaN(date.getTime()) && date.toISOString().startsWith(iso) ? iso : null;
}

/**
 * Finding a person and reading their record and timeline. Each read states its purpose first,
 * which the API records in the consultation log; search terms travel in a form body, never in
 * the address, and no page title holds a name.
 */
@PagesController()
@PageRoles(...READERS)
export class PeoplePages {
  constructor(
    private readonly api: HubApi,
    private readonly pages: PageRenderer,
  ) {}

  @Get('find-a-person')
  @Page()
  async searchForm(@Req() request: WebRequest, @Res() reply: FastifyReply): Promise<void> {
    await this.pages.send(request, reply, 'find-a-person.njk', { values: {}, purposes: purposeItems() });
  }

  @Post('find-a-person')
  @Page()
  async search(@Req() request: WebRequest, @Res() reply: FastifyReply): Promise<void> {
    const body = (request.body ?? {}) as Record<string, string>;
    const values = {
      name: body.name?.trim() ?? '',
      day: body['dateOfBirth-day'] ?? '',
      month: body['dateOfBirth-month'] ?? '',
      year: body['dateOfBirth-year'] ?? '',
      postcode: body.postcode?.trim() ?? '',
      purpose: body.purpose,
    };
    const dateOfBirth = dateFrom(values.day, values.month, values.year);
    const errors: PageError[] = [];
    if (dateOfBirth === null)
      errors.push({ text: 'Date of birth must be a real date, like 27 3 1985', href: '#dateOfBirth-day' });
    if (!values.name && !dateOfBirth && !values.postcode)
      errors.push({ text: 'Enter a name, a date of birth or a postcode', href: '#name' });
    if (!isPurpose(values.purpose)) errors.push({ text: 'Select why you are searching', href: '#purpose' });
    let results: unknown[] | undefined;
    let truncated = false;
    if (errors.length === 0) {
      const answer = await this.api.call<{ results: unknown[]; truncated: boolean }>(
        request.signedIn!.actor,
        request.id,
        {
          path: '/people',
          query: {
            purpose: values.purpose,
            name: values.name || undefined,
            dateOfBirth: dateOfBirth || undefined,
            postcode: values.postcode || undefined,
          },
        },
      );
      if (isProblem(answer)) errors.push(...pageErrorsFor(answer.body as ApiProblem));
      else ({ results, truncated } = answer.body as { results: unknown[]; truncated: boolean });
    }
    await this.pages.send(
      request,
      reply,
      'find-a-person.njk',
      { values, errors, results, truncated, purpose: values.purpose, purposes: purposeItems(values.purpose) },
      errors.length ? 400 : 200,
    );
  }

  @Get('register-a-person')
  @Page()
  @PageRoles(...WRITERS)
  async registerForm(@Req() request: WebRequest, @Res() reply: FastifyReply): Promise<void> {
    await this.pages.send(request, reply, 'register-a-person.njk', { values: {} });
  }

  /**
   * Registers through the API, which refuses a possible duplicate (naming candidates by id only)
   * unless the officer confirms that none of them is the person: the page shows the warning and
   * the confirmation before anything is saved.
   */
  @Post('register-a-person')
  @Page()
  @PageRoles(...WRITERS)
  async register(@Req() request: WebRequest, @Res() reply: FastifyReply): Promise<void> {
    const body = (request.body ?? {}) as Record<string, string>;
    const values = {
      givenName: body.givenName?.trim() ?? '',
      familyName: body.familyName?.trim() ?? '',
      day: body['dateOfBirth-day'] ?? '',
      month: body['dateOfBirth-month'] ?? '',
      year: body['dateOfBirth-year'] ?? '',
      postcode: body.postcode?.trim() ?? '',
      agencyReference: body.agencyReference?.trim() ?? '',
      confirmNewPerson: body.confirmNewPerson === 'yes',
    };
    const dateOfBirth = dateFrom(values.day, values.month, values.year);
    const errors: PageError[] = [];
    if (!values.givenName) errors.push({ text: 'Enter the given name', href: '#givenName' });
    if (!values.familyName) errors.push({ text: 'Enter the family name', href: '#familyName' });
    if (dateOfBirth === null)
      errors.push({ text: 'Date of birth must be a real date, like 27 3 1985', href: '#dateOfBirth-day' });
    let duplicates: Array<{ personId: string; matchedOn: string; confidence: string }> | undefined;
    if (errors.length === 0) {
      const answer = await this.api.call<{ personId: string }>(request.signedIn!.actor, request.id, {
        method: 'POST',
        path: '/people',
        body: {
          givenName: values.givenName,
          familyName: values.familyName,
          ...(dateOfBirth ? { dateOfBirth } : {}),
          ...(values.postcode ? { postcode: values.postcode } : {}),
          ...(values.agencyReference ? { agencyReference: values.agencyReference } : {}),
          ...(values.confirmNewPerson ? { confirmNewPerson: true } : {}),
        },
      });
      if (!isProblem(answer)) {
        await reply
          .code(303)
          .header('location', `/person/${(answer.body as { personId: string }).personId}`)
          .send();
        return;
      }
      const problem = answer.body as ApiProblem & {
        candidates?: Array<{ personId: string; confidence: string; reasons: string[] }>;
      };
      if (problem.code === 'PERSON.POSSIBLE_DUPLICATE')
        duplicates = (problem.candidates ?? []).map((c) => ({
          personId: c.personId,
          confidence: CONFIDENCE[c.confidence] ?? c.confidence,
          matchedOn: c.reasons.map((m) => REASONS[m] ?? m).join(' and '),
        }));
      else errors.push(...pageErrorsFor(problem));
    }
    await this.pages.send(
      request,
      reply,
      'register-a-person.njk',
      { values, errors, duplicates },
      duplicates ? 409 : 400,
    );
  }

  @Get('person/:personId')
  @Page()
  async person(
    @Req() request: WebRequest,
    @Res() reply: FastifyReply,
    @Param('personId', new ParseUUIDPipe({ version: '4' })) personId: string,
  ): Promise<void> {
    const query = (request.query ?? {}) as Record<string, string>;
    const timeline: TimelineKind = query.timeline === 'offender' ? 'offender' : 'victim';
    if (!isPurpose(query.purpose)) {
      const errors =
        query.purpose !== undefined ? [{ text: 'Select why you need to see this record', href: '#purpose' }] : [];
      await this.pages.send(
        request,
        reply,
        'purpose.njk',
        { personId, timeline, purposes: purposeItems(), errors },
        errors.length ? 400 : 200,
      );
      return;
    }
    const actor = request.signedIn!.actor;
    const record = await this.api.call(actor, request.id, {
      path: `/people/${personId}`,
      query: { purpose: query.purpose },
    });
    if (isProblem(record)) refusalPage(record.body as ApiProblem);
    const view = record.body as Record<string, unknown>;
    let entries: unknown;
    if (view.status === 'active') {
      const answer = await this.api.call(actor, request.id, {
        path: `/timelines/${timeline === 'victim' ? 'victims' : 'offenders'}/${personId}`,
        query: { purpose: query.purpose, limit: '50' },
      });
      if (isProblem(answer)) refusalPage(answer.body as ApiProblem);
      entries = answer.body;
    }
    await this.pages.send(request, reply, 'person.njk', {
      personId,
      person: view,
      timeline,
      timelineView: entries,
      purpose: query.purpose,
      purposeLabel: PURPOSE_LABELS[query.purpose],
    });
  }
}
