import { Get, Param, ParseUUIDPipe, Post, Req, Res } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import { figuresCsv, type CaseReviewFigures } from '@hubline/case-reviews';
import type { Actor } from '@hubline/access';
import { HubApi, isProblem, type ApiProblem } from '../../hub-api';
import { PageNotFound, type WebRequest } from '../../web-context';
import { Page, PagesController } from '../page.decorators';
import { PageRenderer } from '../page-renderer';
import { PageRoles } from '../guards';
import { PURPOSE_LABELS, refusalPage, type PageError } from '../plain-english';
import { clockChart, milestoneName, type Milestone } from './clock-chart';
import {
  AGENCY_OFFICERS,
  BASE,
  COORDINATOR,
  dateFrom,
  dateParts,
  FIGURES_READERS,
  formOf,
  isPurpose,
  londonToday,
  purposeItems,
  reference,
  REVIEW_READERS,
} from './forms';
import { reviewErrorsFor } from './messages';
import { milestoneRow, reviewPage, STATUSES } from './review-view';
import { fieldId, readStep, stepForm, STEP_FORMS, type StepField, type StepForm } from './steps';

const uuid = () => new ParseUUIDPipe({ version: '4' });

interface Summary {
  reviewId: string;
  version: number;
  status: string;
  round: number;
  route: string;
  applicantKind: string;
  receivedOn: string;
  acknowledgedOn: string | null;
  thresholdDecidedOn: string | null;
  thresholdMet: boolean | null;
  panelHeldOn: string | null;
  outcomeSentOn: string | null;
  closedOn: string | null;
  escalatedToPfcc: boolean;
  outstandingInformationRequests: number;
  openRecommendations: number;
}
interface DueReview extends Summary {
  milestones: Milestone[];
  overdue: boolean;
}
interface AgencyRequest {
  requestId: string;
  reviewId: string;
  agencyId: string;
  askedOn: string;
  dueOn: string;
  answeredOn: string | null;
}
interface AgencyRecommendation {
  recommendationId: string;
  reviewId: string;
  dueOn: string;
  status: string;
  overdue: boolean;
}
interface Agency {
  agencyId: string;
  name: string;
  active: boolean;
}

/** The statuses a review list can be filtered by. */
const STATUS_FILTERS = Object.keys(STATUSES);

/**
 * The pages of the ASB Case Review: the coordinator's deadlines and clock chart, every review of
 * the partnership (codes and days only), a review's page after a purpose (its texts opened as the
 * API allows), each step of a review as a form, the agency's own requests and recommendations,
 * and the published figures with their CSV. Everything comes from the `/case-reviews` API as the
 * signed-in officer, so the API's roles, policy and consultation log apply.
 */
@PagesController()
export class CaseReviewPages {
  constructor(
    private readonly api: HubApi,
    private readonly pages: PageRenderer,
  ) {}

  @Get('asb-case-reviews')
  @Page()
  @PageRoles(...REVIEW_READERS)
  async list(@Req() request: WebRequest, @Res() reply: FastifyReply): Promise<void> {
    const query = (request.query ?? {}) as Record<string, string>;
    const status = STATUS_FILTERS.includes(query.status) ? query.status : undefined;
    const reviews = await this.get<Summary[]>(request, '/case-reviews', status ? { status } : {});
    reviews.sort((a, b) => b.receivedOn.localeCompare(a.receivedOn));
    await this.pages.send(request, reply, 'case-reviews/list.njk', {
      reviews: reviews.map((r) => ({ ...r, reference: reference(r.reviewId), statusText: STATUSES[r.status] })),
      status,
      statuses: STATUS_FILTERS.map((s) => ({ value: s, text: STATUSES[s], selected: s === status })),
      ...this.roleLinks(request.signedIn!.actor),
    });
  }

  @Get('asb-case-reviews/due')
  @Page()
  @PageRoles(...COORDINATOR)
  async due(@Req() request: WebRequest, @Res() reply: FastifyReply): Promise<void> {
    const query = (request.query ?? {}) as Record<string, string>;
    const within = ['5', '10', '20', '30'].includes(query.within) ? query.within : '10';
    const today = londonToday();
    const due = await this.get<DueReview[]>(request, '/case-reviews/due', { withinWorkingDays: within, asOf: today });
    const firstDue = (r: DueReview) =>
      r.milestones
        .filter((m) => m.milestone !== 'appeal_window' && m.dueOn && !m.doneOn)
        .map((m) => m.dueOn!)
        .sort()[0] ?? '9999-12-31';
    // Breaches first, the most overdue at the top; then the soonest due.
    const sorted = [...due].sort((a, b) =>
      a.overdue !== b.overdue ? (a.overdue ? -1 : 1) : firstDue(a).localeCompare(firstDue(b)),
    );
    const rows = sorted.map((r) => {
      const next = r.milestones.find((m) => m.milestone !== 'appeal_window' && m.dueOn && !m.doneOn);
      return {
        ...r,
        reference: reference(r.reviewId),
        statusText: STATUSES[r.status],
        next: next ? milestoneRow(next) : null,
        breaches: r.milestones.filter((m) => m.breached).map((m) => milestoneName(m.milestone)),
        milestones: r.milestones.map(milestoneRow),
      };
    });
    const chart = clockChart(
      sorted.map((r) => ({
        reviewId: r.reviewId,
        label: reference(r.reviewId),
        receivedOn: r.receivedOn,
        milestones: r.milestones,
      })),
      today,
    );
    await this.pages.send(request, reply, 'case-reviews/due.njk', {
      rows,
      chart,
      today,
      within,
      breached: rows.filter((r) => r.overdue).length,
    });
  }

  @Get('asb-case-reviews/figures')
  @Page()
  @PageRoles(...FIGURES_READERS)
  async figures(@Req() request: WebRequest, @Res() reply: FastifyReply): Promise<void> {
    const { figures, errors, from } = await this.loadFigures(request);
    const names = await this.agencyNames(request);
    await this.pages.send(
      request,
      reply,
      'case-reviews/figures.njk',
      {
        figures,
        errors,
        values: dateParts(from ?? figures?.from),
        breaches: (figures?.breachesByAgency ?? []).map((b) => ({ ...b, agency: names(b.agencyId) })),
        medians: (figures?.medianWorkingDays ?? []).map((m) => ({
          ...m,
          name: m.milestone === 'closure' ? 'Closure' : milestoneName(m.milestone),
        })),
      },
      errors.length ? 400 : 200,
    );
  }

  @Get('asb-case-reviews/figures.csv')
  @Page()
  @PageRoles(...FIGURES_READERS)
  async figuresCsv(@Req() request: WebRequest, @Res() reply: FastifyReply): Promise<void> {
    const { figures } = await this.loadFigures(request);
    if (!figures) throw new PageNotFound();
    await reply
      .code(200)
      .header('cache-control', 'no-store')
      .header('content-type', 'text/csv; charset=utf-8')
      .header('content-disposition', `attachment; filename="case-review-figures-${figures.from}.csv"`)
      .send(figuresCsv(figures));
  }

  @Get('asb-case-review-requests')
  @Page()
  @PageRoles(...AGENCY_OFFICERS)
  async agencyWork(@Req() request: WebRequest, @Res() reply: FastifyReply): Promise<void> {
    const requests = await this.get<AgencyRequest[]>(request, '/case-reviews/information-requests');
    const recommendations = await this.get<AgencyRecommendation[]>(request, '/case-reviews/recommendations');
    const done = ((request.query ?? {}) as Record<string, string>).done;
    await this.pages.send(request, reply, 'case-reviews/agency.njk', {
      requests: requests.map((q) => ({ ...q, reference: reference(q.reviewId), overdue: q.dueOn < londonToday() })),
      recommendations: recommendations.map((x) => ({ ...x, reference: reference(x.reviewId) })),
      done: stepForm(done ?? '')?.done,
    });
  }

  @Get('asb-case-reviews/:reviewId')
  @Page()
  @PageRoles(...REVIEW_READERS)
  async review(
    @Req() request: WebRequest,
    @Res() reply: FastifyReply,
    @Param('reviewId', uuid()) reviewId: string,
  ): Promise<void> {
    const query = (request.query ?? {}) as Record<string, string>;
    if (!isPurpose(query.purpose)) {
      const errors =
        query.purpose !== undefined ? [{ text: 'Select why you need to see this review', href: '#purpose' }] : [];
      await this.pages.send(
        request,
        reply,
        'case-reviews/purpose.njk',
        { reviewId, reference: reference(reviewId), purposes: purposeItems(), errors },
        errors.length ? 400 : 200,
      );
      return;
    }
    const actor = request.signedIn!.actor;
    if (/^\d{1,9}$/.test(query.seen ?? '')) await this.caughtUp(request, reviewId, Number(query.seen));
    const answer = await this.api.call<Record<string, unknown>>(actor, request.id, {
      path: `/case-reviews/${reviewId}`,
      query: { purpose: query.purpose },
    });
    if (isProblem(answer)) refusalPage(answer.body as ApiProblem);
    const view = answer.body as Record<string, unknown> & Summary & { locked: boolean };
    const names = await this.agencyNames(request);
    const page = view.locked ? null : reviewPage(view, names);
    const victim = view.victim as Record<string, unknown> | null | undefined;
    await this.pages.send(request, reply, 'case-reviews/review.njk', {
      review: view,
      reference: reference(reviewId),
      statusText: STATUSES[view.status],
      page,
      victim,
      lockedAgencies: view.locked ? ((view.agencies as Agency[]) ?? []).map((a) => a.name) : [],
      withheld: view.withheld,
      purpose: query.purpose,
      purposeLabel: PURPOSE_LABELS[query.purpose],
      actions: page ? this.nextSteps(actor, view, page) : [],
      itemActions: page ? this.itemSteps(actor, view, page) : { requests: [], recommendations: [] },
      done: stepForm(query.done ?? '')?.done,
    });
  }

  @Get('asb-case-reviews/:reviewId/:step')
  @Page()
  async stepFormPage(
    @Req() request: WebRequest,
    @Res() reply: FastifyReply,
    @Param('reviewId', uuid()) reviewId: string,
    @Param('step') step: string,
  ): Promise<void> {
    await this.showStep(request, reply, reviewId, step, undefined);
  }

  @Get('asb-case-reviews/:reviewId/:step/:itemId')
  @Page()
  async itemStepFormPage(
    @Req() request: WebRequest,
    @Res() reply: FastifyReply,
    @Param('reviewId', uuid()) reviewId: string,
    @Param('step') step: string,
    @Param('itemId', uuid()) itemId: string,
  ): Promise<void> {
    await this.showStep(request, reply, reviewId, step, itemId);
  }

  @Post('asb-case-reviews/:reviewId/:step')
  @Page()
  async takeStep(
    @Req() request: WebRequest,
    @Res() reply: FastifyReply,
    @Param('reviewId', uuid()) reviewId: string,
    @Param('step') step: string,
  ): Promise<void> {
    await this.submitStep(request, reply, reviewId, step, undefined);
  }

  @Post('asb-case-reviews/:reviewId/:step/:itemId')
  @Page()
  async takeItemStep(
    @Req() request: WebRequest,
    @Res() reply: FastifyReply,
    @Param('reviewId', uuid()) reviewId: string,
    @Param('step') step: string,
    @Param('itemId', uuid()) itemId: string,
  ): Promise<void> {
    await this.submitStep(request, reply, reviewId, step, itemId);
  }

  // ---- steps ----

  private async showStep(
    request: WebRequest,
    reply: FastifyReply,
    reviewId: string,
    key: string,
    itemId: string | undefined,
  ): Promise<void> {
    const form = this.formFor(request, key, itemId);
    const context = await this.stepContext(request, form, reviewId, itemId);
    const purpose = ((request.query ?? {}) as Record<string, string>).purpose;
    const today = dateParts(londonToday());
    const raw: Record<string, string> = {};
    for (const f of form.fields)
      if (f.kind === 'date' && f.today) {
        raw[`${f.name}-day`] = today.day;
        raw[`${f.name}-month`] = today.month;
        raw[`${f.name}-year`] = today.year;
      }
    await this.renderStep(request, reply, form, context, {
      raw,
      errors: [],
      purpose: isPurpose(purpose) ? purpose : undefined,
    });
  }

  private async submitStep(
    request: WebRequest,
    reply: FastifyReply,
    reviewId: string,
    key: string,
    itemId: string | undefined,
  ): Promise<void> {
    const form = this.formFor(request, key, itemId);
    const body = formOf(request.body);
    const context = await this.stepContext(request, form, reviewId, itemId);
    const purpose = isPurpose(body.purpose) ? body.purpose : undefined;
    const agencies = context.agencies;
    const optionsOf = (f: StepField) => this.optionsOf(f, agencies);
    const { values, raw, errors } = readStep(form, body, optionsOf);
    if (errors.length === 0) {
      const version = form.versioned && /^\d+$/.test(body.version ?? '') ? `"${body.version}"` : undefined;
      const answer = await this.api.call(request.signedIn!.actor, request.id, {
        method: form.method,
        path: form.path(reviewId, itemId),
        body: form.body(values),
        ...(version ? { ifMatch: version } : {}),
      });
      if (!isProblem(answer)) {
        const written = (answer.body as { version?: unknown }).version;
        const seen = typeof written === 'number' ? `&seen=${written}` : '';
        const next = purpose
          ? `${BASE}/${reviewId}?purpose=${purpose}&done=${form.key}${seen}`
          : form.item
            ? `/asb-case-review-requests?done=${form.key}`
            : `${BASE}/${reviewId}?done=${form.key}`;
        await reply.code(303).header('location', next).send();
        return;
      }
      const first = form.fields[0];
      errors.push(
        ...reviewErrorsFor(answer.body as ApiProblem, fieldId(first, optionsOf(first)), (apiField) => {
          const name = apiField === 'supplied' ? 'summary' : apiField;
          const field = form.fields.find((f) => f.name === name);
          return field
            ? {
                id: fieldId(field, optionsOf(field)),
                text: `${field.label.replace(/ \(optional\)$/, '')}: check what you entered`,
              }
            : undefined;
        }),
      );
    }
    await this.renderStep(request, reply, form, context, { raw, errors, purpose }, 400);
  }

  private formFor(request: WebRequest, key: string, itemId: string | undefined): StepForm {
    const form = stepForm(key);
    if (!form || Boolean(form.item) !== Boolean(itemId)) throw new PageNotFound();
    if (!form.roles.some((r) => request.signedIn!.actor.roles.includes(r)))
      refusalPage({ status: 403, code: 'AUTH.FORBIDDEN' });
    return form;
  }

  /** What the step's page shows of the review (codes and days, no personal data) and the agencies to choose. */
  private async stepContext(request: WebRequest, form: StepForm, reviewId: string, itemId: string | undefined) {
    let summary: Summary | undefined;
    let item: Record<string, unknown> | undefined;
    if (form.item === 'request') {
      const requests = await this.get<AgencyRequest[]>(request, '/case-reviews/information-requests');
      item = requests.find((q) => q.requestId === itemId && q.reviewId === reviewId) as
        Record<string, unknown> | undefined;
    } else if (form.item === 'recommendation') {
      const list = await this.get<AgencyRecommendation[]>(request, '/case-reviews/recommendations');
      item = list.find((x) => x.recommendationId === itemId && x.reviewId === reviewId) as
        Record<string, unknown> | undefined;
      if (!item && request.signedIn!.actor.roles.includes('case_review_coordinator')) {
        // The coordinator may report progress on any recommendation of a review.
        summary = await this.summary(request, reviewId);
        item = { recommendationId: itemId, reviewId };
      }
    } else summary = await this.summary(request, reviewId);
    if (form.item && !item) throw new PageNotFound();
    const partnership = await this.get<{ agencies: Agency[] }>(request, '/partnership');
    return {
      reviewId,
      reference: reference(reviewId),
      summary: summary ? { ...summary, statusText: STATUSES[summary.status] } : undefined,
      item,
      agencies: partnership.agencies.filter((a) => a.active),
    };
  }

  private async renderStep(
    request: WebRequest,
    reply: FastifyReply,
    form: StepForm,
    context: Awaited<ReturnType<CaseReviewPages['stepContext']>>,
    state: { raw: Record<string, string>; errors: PageError[]; purpose?: string },
    status = 200,
  ): Promise<void> {
    const fields = form.fields.map((f) => {
      const options = this.optionsOf(f, context.agencies);
      const id = fieldId(f, options);
      return {
        ...f,
        id,
        options: options.map((o) => ({
          ...o,
          checked: f.kind === 'agencies' ? state.raw[`${f.name}-${o.value}`] === 'yes' : state.raw[f.name] === o.value,
        })),
        value: state.raw[f.name] ?? '',
        parts: {
          day: state.raw[`${f.name}-day`] ?? '',
          month: state.raw[`${f.name}-month`] ?? '',
          year: state.raw[`${f.name}-year`] ?? '',
        },
        error: state.errors.find((e) => e.href === `#${id}`)?.text,
      };
    });
    const back = state.purpose
      ? `${BASE}/${context.reviewId}?purpose=${state.purpose}`
      : form.item
        ? '/asb-case-review-requests'
        : `${BASE}/${context.reviewId}`;
    await this.pages.send(
      request,
      reply,
      'case-reviews/step.njk',
      { form, fields, context, errors: state.errors, purpose: state.purpose, back, version: context.summary?.version },
      status,
    );
  }

  private optionsOf(field: StepField, agencies: Agency[]): Array<{ value: string; text: string }> {
    if (field.options) return field.options;
    if (field.kind === 'agency' || field.kind === 'agencies')
      return agencies.map((a) => ({ value: a.agencyId, text: a.name }));
    return [];
  }

  /** The steps the officer can take next on the review, by its status and their roles. */
  private nextSteps(actor: Actor, view: Summary, page: ReturnType<typeof reviewPage>) {
    const keys: string[] = [];
    const panel = page.panels.filter((p) => p.round === view.round).at(-1);
    switch (view.status) {
      case 'received':
        if (!view.acknowledgedOn) keys.push('acknowledge');
        keys.push('information-requests', 'threshold-decision', 'close');
        break;
      case 'in_review':
        if (!panel) keys.push('panel');
        else if (!panel.held) keys.push('panel-held');
        else {
          if (!panel.findings) keys.push('findings');
          if (page.finalised.length === 0) keys.push('recommendation', 'victim-consultation', 'finalise');
          else keys.push('outcome');
        }
        keys.push('close');
        break;
      case 'not_met':
        keys.push('outcome', 'close');
        break;
      case 'outcome_sent':
        keys.push('close', 'escalation');
        break;
      case 'closed': {
        const appealBy = page.outcomes.at(-1)?.appealBy;
        if (typeof appealBy === 'string' && appealBy >= londonToday()) keys.push('escalation');
        break;
      }
      case 'escalated':
        keys.push('pfcc-decision');
        break;
    }
    return STEP_FORMS.filter((f) => keys.includes(f.key) && f.roles.some((r) => actor.roles.includes(r))).map((f) => ({
      key: f.key,
      text: f.title,
    }));
  }

  /** Requests to the officer's agency still to answer, and recommendations they may report progress on. */
  private itemSteps(actor: Actor, view: Summary, page: ReturnType<typeof reviewPage>) {
    const officer = AGENCY_OFFICERS.some((r) => actor.roles.includes(r));
    const coordinator = actor.roles.includes('case_review_coordinator');
    if (!officer || view.status === 'closed') return { requests: [] as string[], recommendations: [] as string[] };
    return {
      requests: page.requests.filter((q) => !q.answeredOn && q.agencyId === actor.agencyId).map((q) => q.requestId),
      recommendations: page.recommendations
        .filter(
          (x) =>
            (x.status === 'open' || x.status === 'in_progress') && (coordinator || x.owningAgencyId === actor.agencyId),
        )
        .map((x) => x.recommendationId),
    };
  }

  private roleLinks(actor: Actor) {
    return {
      coordinator: actor.roles.includes('case_review_coordinator'),
      figuresReader: FIGURES_READERS.some((r) => actor.roles.includes(r)),
    };
  }

  // ---- the API ----

  /**
   * After a step, waits (at most about 3 s) until the reviews' read model holds the version the
   * step wrote, so the page shows the officer's own change (read models trail the event store,
   * decision 0020). Reads the list, which holds no personal data, so nothing is logged twice.
   */
  private async caughtUp(request: WebRequest, reviewId: string, version: number): Promise<void> {
    for (let i = 0; i < 30; i++) {
      const list = await this.get<Summary[]>(request, '/case-reviews');
      if ((list.find((r) => r.reviewId === reviewId)?.version ?? -1) >= version) return;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }

  private async summary(request: WebRequest, reviewId: string): Promise<Summary> {
    const list = await this.get<Summary[]>(request, '/case-reviews');
    const summary = list.find((r) => r.reviewId === reviewId);
    if (!summary) throw new PageNotFound();
    return summary;
  }

  private async agencyNames(request: WebRequest): Promise<(agencyId: string) => string> {
    const partnership = await this.get<{ agencies: Agency[] }>(request, '/partnership');
    const names = new Map(partnership.agencies.map((a) => [a.agencyId, a.name]));
    return (agencyId: string) => names.get(agencyId) ?? 'An agency no longer in the partnership';
  }

  private async loadFigures(
    request: WebRequest,
  ): Promise<{ figures?: CaseReviewFigures; errors: PageError[]; from?: string }> {
    const query = (request.query ?? {}) as Record<string, string>;
    const given =
      query['from-day'] !== undefined || query['from-month'] !== undefined || query['from-year'] !== undefined;
    let from: string | undefined;
    if (given) {
      const day = dateFrom(query['from-day'], query['from-month'], query['from-year']);
      if (!day) return { errors: [{ text: 'The first day must be a real date, like 1 4 2026', href: '#from-day' }] };
      from = day;
    }
    const answer = await this.api.call<CaseReviewFigures>(request.signedIn!.actor, request.id, {
      path: '/case-reviews/figures',
      query: from ? { from } : {},
    });
    if (isProblem(answer)) {
      const problem = answer.body as ApiProblem;
      if (problem.status === 400 || problem.status === 422)
        return { errors: [{ text: 'Choose a first day the partnership’s calendar covers', href: '#from-day' }], from };
      refusalPage(problem);
    }
    return { figures: answer.body as CaseReviewFigures, errors: [], from };
  }

  private async get<T>(request: WebRequest, path: string, query: Record<string, string> = {}): Promise<T> {
    const answer = await this.api.call<T>(request.signedIn!.actor, request.id, { path, query });
    if (isProblem(answer)) refusalPage(answer.body as ApiProblem);
    return answer.body as T;
  }
}
