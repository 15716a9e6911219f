import { Get, Param, ParseUUIDPipe, Post, Req, Res } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import { HubApi, isProblem, type ApiProblem } from '../../hub-api';
import type { WebRequest } from '../../web-context';
import { Page, PagesController } from '../page.decorators';
import { PageRenderer } from '../page-renderer';
import { PageRoles } from '../guards';
import { PURPOSE_LABELS, refusalPage, type PageError } from '../plain-english';
import { milestoneName, type Milestone } from './clock-chart';
import { BASE, COORDINATOR, dateFrom, formOf, isPurpose, londonToday, purposeItems, reference } from './forms';
import { reviewErrorsFor } from './messages';

const KINDS = [
  { value: 'victim', text: 'The victim' },
  { value: 'on_behalf', text: 'Someone on the victim’s behalf, with their consent' },
  { value: 'business', text: 'A business' },
  { value: 'community_group', text: 'A community group' },
];
const ROUTES = [
  { value: 'online', text: 'Online form' },
  { value: 'phone', text: 'Phone' },
  { value: 'paper', text: 'Paper form or letter' },
  { value: 'in_person', text: 'In person' },
  { value: 'email', text: 'Email' },
];
const RELATIONSHIPS = [
  { value: 'family', text: 'Family member' },
  { value: 'carer', text: 'Carer' },
  { value: 'councillor', text: 'Councillor' },
  { value: 'mp', text: 'MP' },
  { value: 'professional', text: 'Professional' },
  { value: 'other', text: 'Someone else' },
];
/** The answers carried from step to step in the form's body (never in the address). */
const ANSWERS = [
  'kind',
  'name',
  'relationship',
  'route',
  'received-day',
  'received-month',
  'received-year',
  'wardId',
  'purpose',
  'victimPersonId',
  'consentId',
] as const;
type Answers = Partial<Record<(typeof ANSWERS)[number], string>>;
type Step = 'applicant' | 'victim' | 'consent' | 'check';

const label = (list: Array<{ value: string; text: string }>, value?: string) =>
  list.find((x) => x.value === value)?.text ?? '';

/**
 * Recording an application for an ASB Case Review, one question at a time: who applies, by which
 * route and when; the victim (found after a purpose, as any search of people); the victim's
 * consent when someone applies for them; then "check your answers" and the confirmation. The
 * answers travel in the form's body from step to step, so nothing is saved until confirmed and no
 * name is ever in an address.
 */
@PagesController()
@PageRoles(...COORDINATOR)
export class CaseReviewApplicationPages {
  constructor(
    private readonly api: HubApi,
    private readonly pages: PageRenderer,
  ) {}

  @Get('asb-case-reviews/apply')
  @Page()
  async start(@Req() request: WebRequest, @Res() reply: FastifyReply): Promise<void> {
    const today = londonToday();
    await this.show(request, reply, 'applicant', {
      'received-day': String(Number(today.slice(8, 10))),
      'received-month': String(Number(today.slice(5, 7))),
      'received-year': today.slice(0, 4),
    });
  }

  @Post('asb-case-reviews/apply')
  @Page()
  async answer(@Req() request: WebRequest, @Res() reply: FastifyReply): Promise<void> {
    const body = formOf(request.body);
    const answers: Answers = {};
    for (const k of ANSWERS) if (typeof body[k] === 'string' && body[k].trim()) answers[k] = body[k].trim();
    const change = body.change as Step | undefined;
    if (change && ['applicant', 'victim', 'consent'].includes(change))
      return this.show(request, reply, change, answers);
    const step = body.step as Step;
    const errors: PageError[] = [];
    switch (step) {
      case 'applicant': {
        if (!KINDS.some((k) => k.value === answers.kind))
          errors.push({ text: 'Select who is applying', href: '#kind' });
        if (answers.kind !== 'victim' && answers.kind && !answers.name)
          errors.push({
            text:
              answers.kind === 'on_behalf'
                ? 'Enter the name of the person applying'
                : 'Enter the name of the business or group',
            href: '#name',
          });
        if (answers.name && (answers.name.length < 2 || answers.name.length > 120 || /[<>]/.test(answers.name)))
          errors.push({ text: 'The name must be 2 to 120 characters, without < or >', href: '#name' });
        if (answers.kind === 'on_behalf' && !RELATIONSHIPS.some((r) => r.value === answers.relationship))
          errors.push({ text: 'Select their relationship to the victim', href: '#relationship' });
        if (!ROUTES.some((r) => r.value === answers.route))
          errors.push({ text: 'Select how the application came in', href: '#route' });
        const received = dateFrom(answers['received-day'], answers['received-month'], answers['received-year']);
        if (!received)
          errors.push({ text: 'Enter the day the application was received, like 27 3 2026', href: '#received-day' });
        else if (received > londonToday())
          errors.push({ text: 'The day received cannot be in the future', href: '#received-day' });
        if (errors.length) return this.show(request, reply, 'applicant', answers, errors);
        if (answers.kind !== 'on_behalf') delete answers.relationship;
        if (answers.kind === 'victim') delete answers.name;
        return this.show(request, reply, answers.victimPersonId ? this.after('victim', answers) : 'victim', answers);
      }
      case 'victim': {
        if (body.search === 'yes') return this.show(request, reply, 'victim', answers, [], body);
        if (body.noVictim === 'yes' && (answers.kind === 'business' || answers.kind === 'community_group')) {
          delete answers.victimPersonId;
          delete answers.consentId;
          return this.show(request, reply, 'check', answers);
        }
        if (!answers.victimPersonId) {
          errors.push({ text: 'Find the victim and select them', href: '#victim-name' });
          return this.show(request, reply, 'victim', answers, errors, body);
        }
        return this.show(request, reply, this.after('victim', answers), answers);
      }
      case 'consent':
        if (!answers.consentId)
          return this.show(request, reply, 'consent', answers, [
            { text: 'Select the victim’s consent', href: '#consentId' },
          ]);
        return this.show(request, reply, 'check', answers);
      case 'check': {
        const received = dateFrom(answers['received-day'], answers['received-month'], answers['received-year']);
        const answer = await this.api.call<{ reviewId: string }>(request.signedIn!.actor, request.id, {
          method: 'POST',
          path: '/case-reviews',
          body: {
            route: answers.route,
            receivedOn: received,
            applicant:
              answers.kind === 'victim'
                ? { kind: 'victim' }
                : answers.kind === 'on_behalf'
                  ? {
                      kind: 'on_behalf',
                      name: answers.name,
                      relationship: answers.relationship,
                      consentId: answers.consentId,
                    }
                  : { kind: answers.kind, name: answers.name },
            ...(answers.victimPersonId ? { victimPersonId: answers.victimPersonId } : {}),
            ...(answers.wardId ? { wardId: answers.wardId } : {}),
          },
        });
        if (!isProblem(answer)) {
          await reply.code(303).header('location', `${BASE}/apply/recorded/${answer.body.reviewId}`).send();
          return;
        }
        return this.show(
          request,
          reply,
          'check',
          answers,
          reviewErrorsFor(answer.body as ApiProblem, 'kind'),
          undefined,
          400,
        );
      }
      default:
        return this.show(request, reply, 'applicant', answers);
    }
  }

  @Get('asb-case-reviews/apply/recorded/:reviewId')
  @Page()
  async recorded(
    @Req() request: WebRequest,
    @Res() reply: FastifyReply,
    @Param('reviewId', new ParseUUIDPipe({ version: '4' })) reviewId: string,
  ): Promise<void> {
    // The read model trails the event store (decision 0020): wait, briefly, for the new review.
    let due: { reviewId: string; milestones: Milestone[] } | undefined;
    for (let i = 0; i < 30 && !due; i++) {
      if (i > 0) await new Promise((resolve) => setTimeout(resolve, 100));
      const answer = await this.api.call<Array<{ reviewId: string; milestones: Milestone[] }>>(
        request.signedIn!.actor,
        request.id,
        { path: '/case-reviews/due', query: { withinWorkingDays: '30' } },
      );
      if (isProblem(answer)) refusalPage(answer.body as ApiProblem);
      due = (answer.body as Array<{ reviewId: string; milestones: Milestone[] }>).find((r) => r.reviewId === reviewId);
    }
    await this.pages.send(request, reply, 'case-reviews/apply-recorded.njk', {
      reviewId,
      reference: reference(reviewId),
      milestones: (due?.milestones ?? [])
        .filter((m) => m.dueOn && !m.doneOn && m.milestone !== 'appeal_window')
        .map((m) => ({ name: milestoneName(m.milestone), dueOn: m.dueOn })),
    });
  }

  /** The question after the victim: their consent when someone applies for them, else the check. */
  private after(_step: 'victim', answers: Answers): Step {
    return answers.kind === 'on_behalf' ? 'consent' : 'check';
  }

  private async show(
    request: WebRequest,
    reply: FastifyReply,
    step: Step,
    answers: Answers,
    errors: PageError[] = [],
    search?: Record<string, string>,
    status?: number,
  ): Promise<void> {
    const actor = request.signedIn!.actor;
    const data: Record<string, unknown> = {
      step,
      answers,
      errors,
      kinds: KINDS,
      routes: ROUTES,
      relationships: RELATIONSHIPS,
    };
    if (step === 'applicant') {
      const partnership = await this.call<{
        localities: Array<{ name: string; wards: Array<{ wardId: string; name: string }> }>;
      }>(request, '/partnership');
      data.wards = partnership.localities.flatMap((l) =>
        l.wards.map((w) => ({ value: w.wardId, text: `${w.name} (${l.name})` })),
      );
    }
    if (step === 'victim') {
      const values = {
        name: search?.['victim-name']?.trim() ?? '',
        day: search?.['victim-dob-day'] ?? '',
        month: search?.['victim-dob-month'] ?? '',
        year: search?.['victim-dob-year'] ?? '',
        postcode: search?.['victim-postcode']?.trim() ?? '',
        purpose: search?.purpose ?? answers.purpose,
      };
      data.search = values;
      data.purposes = purposeItems(values.purpose);
      if (search?.search === 'yes') {
        const dob = dateFrom(values.day, values.month, values.year);
        if (dob === null)
          errors.push({ text: 'Date of birth must be a real date, like 27 3 1985', href: '#victim-dob-day' });
        if (!values.name && !dob && !values.postcode)
          errors.push({ text: 'Enter a name, a date of birth or a postcode', href: '#victim-name' });
        if (!isPurpose(values.purpose)) errors.push({ text: 'Select why you are searching', href: '#purpose' });
        if (errors.length === 0) {
          answers.purpose = values.purpose;
          const found = await this.api.call<{ results: Array<Record<string, unknown>> }>(actor, request.id, {
            path: '/people',
            query: {
              purpose: values.purpose,
              name: values.name || undefined,
              dateOfBirth: dob || undefined,
              postcode: values.postcode || undefined,
            },
          });
          if (isProblem(found))
            errors.push({
              text: 'Enter a name of at least 2 letters, a real date of birth or a UK postcode',
              href: '#victim-name',
            });
          else data.results = found.body.results.filter((p) => typeof p.givenName === 'string');
        }
      }
    }
    if (step === 'consent' || step === 'check') {
      if (answers.victimPersonId && isPurpose(answers.purpose)) {
        const person = await this.api.call<Record<string, unknown>>(actor, request.id, {
          path: `/people/${answers.victimPersonId}`,
          query: { purpose: answers.purpose },
        });
        if (isProblem(person)) refusalPage(person.body as ApiProblem);
        data.victim = person.body;
      }
    }
    if (step === 'consent' && answers.victimPersonId) {
      const consents = await this.call<Array<Record<string, unknown>>>(request, '/sharing/consents', {
        personId: answers.victimPersonId,
        purpose: 'asb_case_review',
      });
      data.consents = consents
        .filter((c) => c.validNow === true)
        .map((c) => ({ consentId: c.consentId, givenAt: c.givenAt, obtained: c.obtained, expiresAt: c.expiresAt }));
    }
    if (step === 'check') {
      const received = dateFrom(answers['received-day'], answers['received-month'], answers['received-year']);
      let ward = '';
      if (answers.wardId) {
        const partnership = await this.call<{ localities: Array<{ wards: Array<{ wardId: string; name: string }> }> }>(
          request,
          '/partnership',
        );
        ward = partnership.localities.flatMap((l) => l.wards).find((w) => w.wardId === answers.wardId)?.name ?? '';
      }
      data.summary = {
        kind: label(KINDS, answers.kind),
        relationship: label(RELATIONSHIPS, answers.relationship),
        route: label(ROUTES, answers.route),
        received,
        ward,
        purposeLabel: answers.purpose ? PURPOSE_LABELS[answers.purpose] : '',
      };
    }
    data.carry = Object.fromEntries(Object.entries(answers).filter(([k]) => !this.editedOn(step).includes(k)));
    await this.pages.send(
      request,
      reply,
      `case-reviews/apply-${step}.njk`,
      data,
      status ?? (errors.length ? 400 : 200),
    );
  }

  /** The answers a step's form asks (the others are carried as hidden fields). */
  private editedOn(step: Step): string[] {
    switch (step) {
      case 'applicant':
        return ['kind', 'name', 'relationship', 'route', 'received-day', 'received-month', 'received-year', 'wardId'];
      case 'victim':
        return ['victimPersonId', 'purpose'];
      case 'consent':
        return ['consentId'];
      default:
        return [];
    }
  }

  private async call<T>(request: WebRequest, path: string, query: Record<string, string> = {}): Promise<T> {
    const answer = await this.api.call<T>(request.signedIn!.actor, request.id, { path, query });
    if (isProblem(answer)) refusalPage(answer.body as ApiProblem);
    return answer.body as T;
  }
}
