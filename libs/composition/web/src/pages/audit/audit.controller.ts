import { Get, Param, ParseUUIDPipe, Post, Req, Res } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import type { Actor } from '@hubline/access';
import { toCsv, type CsvColumn } from '@hubline/audit';
import { HubApi, isProblem, type ApiProblem } from '../../hub-api';
import type { WebRequest } from '../../web-context';
import { PageRoles } from '../guards';
import { Page, PagesController } from '../page.decorators';
import { PageRenderer } from '../page-renderer';
import { refusalPage, PURPOSE_LABELS, type PageError } from '../plain-english';
import { ApiText } from './api-text';
import { dateItems, one, periodFrom, UUID, type PeriodFilter } from './period';

interface Named {
  userId?: string;
  agencyId?: string;
  name: string | null;
}

/** One line of the consultation log as the API gives it to the auditor. */
interface Consultation {
  consultationId: string;
  personId: string;
  userId: string;
  agencyId: string;
  user: Named;
  agency: Named;
  view: string;
  purpose: string;
  categories: string[] | null;
  consultedAt: string;
}

/** Someone who consulted records in a period, with the agency they last did so for. */
interface ConsultingUser {
  userId: string;
  name: string | null;
  agency: Named;
}

interface Partnership {
  agencies: Array<{ agencyId: string; name: string; active: boolean }>;
}

/** At most this many lines of the consultation log on a page or in its download (the API's own limit). */
const LOG_LIMIT = 1000;
/**
 * Lines of the log a page shows: the latest 50, or 200 when asked (`lines=200`). Two hundred lines
 * are 150 KB of table to build and read; an auditor narrows the filter or takes the download.
 */
const PAGE_LINES = 50;
const MORE_PAGE_LINES = 200;

/** The consultation log as a spreadsheet: the same lines the page shows, users and agencies named. */
const CONSULTATION_COLUMNS: Array<CsvColumn<Consultation>> = [
  { header: 'consulted_at', value: (c) => c.consultedAt },
  { header: 'user', value: (c) => c.user.name ?? c.userId },
  { header: 'user_id', value: (c) => c.userId },
  { header: 'agency', value: (c) => c.agency.name ?? c.agencyId },
  { header: 'agency_id', value: (c) => c.agencyId },
  { header: 'person_id', value: (c) => c.personId },
  { header: 'view', value: (c) => c.view },
  { header: 'purpose', value: (c) => c.purpose },
  { header: 'categories', value: (c) => c.categories ?? [] },
  { header: 'consultation_id', value: (c) => c.consultationId },
];

/** The exceptions' "viewed more than N people in a day": empty for the partnership's default, else 1 to 100,000. */
const validThreshold = (text: string) =>
  text === '' || (/^\d{1,6}$/.test(text) && Number(text) >= 1 && Number(text) <= 100_000);

const uuid = () => new ParseUUIDPipe({ version: '4' });
const query = (request: WebRequest) => (request.query ?? {}) as Record<string, unknown>;
const withQuery = (path: string, q: URLSearchParams) => (q.size > 0 ? `${path}?${q}` : path);

/**
 * The auditor's pages (DPA 2018 s.62): the consultation log, a person's trail ("who saw this
 * victim's record and why"), an agency's sharing, the exceptions and the verification of the
 * log. Each reads the API's audit routes as the auditor; the API records, as it does for any
 * client, a consultation when it shows a disclosure's written justification. A person appears
 * only by their record id: these pages read no one's name.
 */
@PagesController()
@PageRoles('auditor')
export class AuditPages {
  constructor(
    private readonly api: HubApi,
    private readonly text: ApiText,
    private readonly pages: PageRenderer,
  ) {}

  @Get('auditor')
  @Page()
  async index(@Req() request: WebRequest, @Res() reply: FastifyReply): Promise<void> {
    await this.pages.send(request, reply, 'audit/index.njk', { section: 'index' });
  }

  @Get('auditor/consultations')
  @Page()
  async consultations(@Req() request: WebRequest, @Res() reply: FastifyReply): Promise<void> {
    const filter = this.logFilter(request);
    const actor = request.signedIn!.actor;
    const valid = filter.errors.length === 0;
    const lines = query(request).lines === String(MORE_PAGE_LINES) ? MORE_PAGE_LINES : PAGE_LINES;
    // One page of the log; the filter's users come from a query of their own, not from the log's lines.
    const [agencies, rows, users] = await Promise.all([
      this.agencies(request),
      valid ? this.log(actor, request.id, { ...filter.api, limit: String(lines) }) : [],
      valid ? this.usersWhoConsulted(actor, request.id, filter.period) : [],
    ]);
    await this.pages.send(
      request,
      reply,
      'audit/consultations.njk',
      {
        section: 'consultations',
        filter,
        errors: filter.errors,
        rows,
        limit: lines,
        moreHref:
          lines < MORE_PAGE_LINES
            ? withQuery(
                '/auditor/consultations',
                new URLSearchParams([...filter.query, ['lines', String(MORE_PAGE_LINES)]]),
              )
            : undefined,
        purposeLabels: PURPOSE_LABELS,
        agencies: [{ value: '', text: 'Any agency' }, ...agencies.map((a) => ({ value: a.agencyId, text: a.name }))],
        users: [{ value: '', text: 'Anyone' }, ...users],
        csvHref: withQuery('/auditor/consultations.csv', filter.query),
        fromItems: dateItems(
          filter.values,
          'from',
          filter.errors.some((e) => e.href === '#from-day'),
        ),
        toItems: dateItems(
          filter.values,
          'to',
          filter.errors.some((e) => e.href === '#to-day'),
        ),
      },
      filter.errors.length ? 400 : 200,
    );
  }

  @Get('auditor/consultations.csv')
  @Page()
  async consultationsCsv(@Req() request: WebRequest, @Res() reply: FastifyReply): Promise<void> {
    const filter = this.logFilter(request);
    if (filter.errors.length) {
      await reply.code(303).header('location', withQuery('/auditor/consultations', filter.query)).send();
      return;
    }
    const rows = await this.log(request.signedIn!.actor, request.id, { ...filter.api, limit: String(LOG_LIMIT) });
    await this.download(reply, 'consultation-log.csv', toCsv(CONSULTATION_COLUMNS, rows));
  }

  @Get('auditor/people')
  @Page()
  async findTrail(@Req() request: WebRequest, @Res() reply: FastifyReply): Promise<void> {
    const q = query(request);
    const personId = one(q.personId).trim().toLowerCase();
    const period = periodFrom(q);
    const errors: PageError[] = [];
    if ('personId' in q) {
      if (!UUID.test(personId))
        errors.push({
          text: 'Enter the person’s record id, 36 characters like 0b6f1c9e-2d4a-4f7b-9c1e-5a3d2b1c0f9e',
          href: '#personId',
        });
      errors.push(...period.errors);
      if (errors.length === 0) {
        await reply
          .code(303)
          .header('location', withQuery(`/auditor/people/${personId}`, period.query))
          .send();
        return;
      }
    }
    await this.pages.send(
      request,
      reply,
      'audit/find-trail.njk',
      { section: 'people', personId, filter: period, errors, ...this.dateInputs(period) },
      errors.length ? 400 : 200,
    );
  }

  @Get('auditor/people/:personId')
  @Page()
  async trail(
    @Req() request: WebRequest,
    @Res() reply: FastifyReply,
    @Param('personId', uuid()) personId: string,
  ): Promise<void> {
    const period = periodFrom(query(request));
    if (period.errors.length) return this.badPeriod(reply, `/auditor/people?personId=${personId}`, period);
    const answer = await this.api.call<Trail>(request.signedIn!.actor, request.id, {
      path: `/audit/people/${personId}/trail`,
      query: period.api,
    });
    if (isProblem(answer)) refusalPage(answer.body as ApiProblem);
    const trail = answer.body as Trail;
    const consultations = trail.entries.filter((e) => e.entry === 'consultation');
    await this.pages.send(request, reply, 'audit/trail.njk', {
      section: 'people',
      personId,
      trail,
      filter: period,
      ...this.dateInputs(period),
      consultations,
      disclosures: trail.entries.filter((e) => e.entry === 'disclosure'),
      changes: trail.entries.filter((e) => e.entry === 'record_change'),
      whoSaw: summariseViewers(consultations),
      purposeLabels: PURPOSE_LABELS,
      csvHref: withQuery(`/auditor/people/${personId}/trail.csv`, period.query),
    });
  }

  @Get('auditor/people/:personId/trail.csv')
  @Page()
  async trailCsv(
    @Req() request: WebRequest,
    @Res() reply: FastifyReply,
    @Param('personId', uuid()) personId: string,
  ): Promise<void> {
    const period = periodFrom(query(request));
    if (period.errors.length) return this.badPeriod(reply, `/auditor/people/${personId}`, period);
    await this.apiCsv(request, reply, `/audit/people/${personId}/trail`, period, `audit-trail-${personId}.csv`);
  }

  @Get('auditor/agencies')
  @Page()
  async chooseAgency(@Req() request: WebRequest, @Res() reply: FastifyReply): Promise<void> {
    const q = query(request);
    const agencies = await this.agencies(request);
    const agencyId = one(q.agencyId);
    const period = periodFrom(q);
    const errors: PageError[] = [];
    if ('agencyId' in q) {
      if (!agencies.some((a) => a.agencyId === agencyId))
        errors.push({ text: 'Select the agency whose sharing you want to see', href: '#agencyId' });
      errors.push(...period.errors);
      if (errors.length === 0) {
        await reply
          .code(303)
          .header('location', withQuery(`/auditor/agencies/${agencyId}`, period.query))
          .send();
        return;
      }
    }
    await this.pages.send(
      request,
      reply,
      'audit/choose-agency.njk',
      {
        section: 'agencies',
        errors,
        filter: period,
        ...this.dateInputs(period),
        agencies: [
          { value: '', text: 'Select an agency' },
          ...agencies.map((a) => ({ value: a.agencyId, text: a.name, selected: a.agencyId === agencyId })),
        ],
      },
      errors.length ? 400 : 200,
    );
  }

  @Get('auditor/agencies/:agencyId')
  @Page()
  async agencySharing(
    @Req() request: WebRequest,
    @Res() reply: FastifyReply,
    @Param('agencyId', uuid()) agencyId: string,
  ): Promise<void> {
    const period = periodFrom(query(request));
    if (period.errors.length) return this.badPeriod(reply, `/auditor/agencies?agencyId=${agencyId}`, period);
    const answer = await this.api.call<AgencySharing>(request.signedIn!.actor, request.id, {
      path: `/audit/agencies/${agencyId}/sharing`,
      query: period.api,
    });
    if (isProblem(answer)) refusalPage(answer.body as ApiProblem);
    const report = answer.body as AgencySharing;
    await this.pages.send(request, reply, 'audit/agency-sharing.njk', {
      section: 'agencies',
      report,
      filter: period,
      ...this.dateInputs(period),
      disclosed: report.entries.filter((e) => e.direction === 'disclosed'),
      received: report.entries.filter((e) => e.direction === 'received'),
      csvHref: withQuery(`/auditor/agencies/${agencyId}/sharing.csv`, period.query),
    });
  }

  @Get('auditor/agencies/:agencyId/sharing.csv')
  @Page()
  async agencySharingCsv(
    @Req() request: WebRequest,
    @Res() reply: FastifyReply,
    @Param('agencyId', uuid()) agencyId: string,
  ): Promise<void> {
    const period = periodFrom(query(request));
    if (period.errors.length) return this.badPeriod(reply, `/auditor/agencies/${agencyId}`, period);
    await this.apiCsv(request, reply, `/audit/agencies/${agencyId}/sharing`, period, `agency-sharing-${agencyId}.csv`);
  }

  @Get('auditor/exceptions')
  @Page()
  async exceptions(@Req() request: WebRequest, @Res() reply: FastifyReply): Promise<void> {
    const q = query(request);
    const period = periodFrom(q);
    const threshold = one(q.threshold).trim();
    const errors = [...period.errors];
    if (!validThreshold(threshold))
      errors.push({ text: 'The number of people must be a whole number from 1 to 100,000', href: '#threshold' });
    let report: Exceptions | undefined;
    if (errors.length === 0) {
      const answer = await this.api.call<Exceptions>(request.signedIn!.actor, request.id, {
        path: '/audit/exceptions',
        query: { ...period.api, threshold: threshold || undefined },
      });
      if (isProblem(answer)) refusalPage(answer.body as ApiProblem);
      report = answer.body as Exceptions;
    }
    const csvQuery = new URLSearchParams(period.query);
    if (threshold) csvQuery.set('threshold', threshold);
    await this.pages.send(
      request,
      reply,
      'audit/exceptions.njk',
      {
        section: 'exceptions',
        report,
        errors,
        threshold,
        filter: period,
        ...this.dateInputs(period),
        purposeLabels: PURPOSE_LABELS,
        csvHref: withQuery('/auditor/exceptions.csv', csvQuery),
      },
      errors.length ? 400 : 200,
    );
  }

  @Get('auditor/exceptions.csv')
  @Page()
  async exceptionsCsv(@Req() request: WebRequest, @Res() reply: FastifyReply): Promise<void> {
    const q = query(request);
    const period = periodFrom(q);
    const threshold = one(q.threshold).trim();
    if (period.errors.length || !validThreshold(threshold)) return this.badPeriod(reply, '/auditor/exceptions', period);
    await this.apiCsv(request, reply, '/audit/exceptions', period, 'audit-exceptions.csv', {
      threshold: threshold || undefined,
    });
  }

  @Get('auditor/verification')
  @Page()
  async verification(@Req() request: WebRequest, @Res() reply: FastifyReply): Promise<void> {
    await this.showVerification(request, reply, []);
  }

  /** Signs a checkpoint now; the receipt is shown once, to keep outside Hubline. */
  @Post('auditor/verification')
  @Page()
  async signCheckpoint(@Req() request: WebRequest, @Res() reply: FastifyReply): Promise<void> {
    const answer = await this.api.call<Record<string, unknown>>(request.signedIn!.actor, request.id, {
      method: 'POST',
      path: '/audit/checkpoints',
    });
    if (!isProblem(answer)) {
      await this.pages.send(request, reply, 'audit/checkpoint-signed.njk', {
        section: 'verification',
        receipt: answer.body,
      });
      return;
    }
    const problem = answer.body as ApiProblem;
    if (problem.status === 429)
      return this.showVerification(request, reply, [
        { text: 'A checkpoint was signed moments ago. Wait a minute before signing another', href: '#sign' },
      ]);
    if (problem.status === 409)
      return this.showVerification(request, reply, [
        { text: 'This log cannot be signed: it is empty, or kept where checkpoints are not supported', href: '#sign' },
      ]);
    refusalPage(problem);
  }

  private async showVerification(request: WebRequest, reply: FastifyReply, errors: PageError[]): Promise<void> {
    const actor = request.signedIn!.actor;
    const [report, key] = await Promise.all([
      this.api.call(actor, request.id, { path: '/audit/verify' }),
      this.api.call(actor, request.id, { path: '/audit/public-key' }),
    ]);
    if (isProblem(report)) refusalPage(report.body as ApiProblem);
    if (isProblem(key)) refusalPage(key.body as ApiProblem);
    await this.pages.send(
      request,
      reply,
      'audit/verification.njk',
      { section: 'verification', report: report.body, key: key.body, errors },
      errors.length ? 400 : 200,
    );
  }

  /** The log's filters: who, which agency, which person's record, which days. */
  private logFilter(request: WebRequest) {
    const q = query(request);
    const period = periodFrom(q);
    const values = {
      ...period.values,
      userId: one(q.userId),
      agencyId: one(q.agencyId),
      personId: one(q.personId).trim().toLowerCase(),
    };
    const errors = [...period.errors];
    if (values.personId && !UUID.test(values.personId))
      errors.push({
        text: 'The person’s record id must be 36 characters, like 0b6f1c9e-2d4a-4f7b-9c1e-5a3d2b1c0f9e',
        href: '#personId',
      });
    if (values.userId && !UUID.test(values.userId))
      errors.push({ text: 'Select a user from the list', href: '#userId' });
    if (values.agencyId && !UUID.test(values.agencyId))
      errors.push({ text: 'Select an agency from the list', href: '#agencyId' });
    const queryOut = new URLSearchParams(period.query);
    for (const key of ['userId', 'agencyId', 'personId'] as const) if (values[key]) queryOut.set(key, values[key]);
    return {
      values,
      errors,
      period: period.api,
      query: queryOut,
      api: {
        ...period.api,
        userId: values.userId || undefined,
        agencyId: values.agencyId || undefined,
        personId: values.personId || undefined,
      },
    };
  }

  private async log(actor: Actor, requestId: string, q: Record<string, string | undefined>): Promise<Consultation[]> {
    const answer = await this.api.call<Consultation[]>(actor, requestId, { path: '/audit/consultations', query: q });
    if (isProblem(answer)) refusalPage(answer.body as ApiProblem);
    return answer.body as Consultation[];
  }

  /** Everyone who consulted records in the period, named with their agency, in name order. */
  private async usersWhoConsulted(actor: Actor, requestId: string, period: { from?: string; to?: string }) {
    const answer = await this.api.call<ConsultingUser[]>(actor, requestId, {
      path: '/audit/consultations/users',
      query: period,
    });
    if (isProblem(answer)) refusalPage(answer.body as ApiProblem);
    return (answer.body as ConsultingUser[])
      .map((u) => ({ value: u.userId, text: `${u.name ?? u.userId} (${u.agency.name ?? 'unknown agency'})` }))
      .sort((a, b) => a.text.localeCompare(b.text));
  }

  private async agencies(request: WebRequest): Promise<Partnership['agencies']> {
    const answer = await this.api.call<Partnership>(request.signedIn!.actor, request.id, { path: '/partnership' });
    if (isProblem(answer)) refusalPage(answer.body as ApiProblem);
    return [...(answer.body as Partnership).agencies].sort((a, b) => a.name.localeCompare(b.name));
  }

  private dateInputs(period: PeriodFilter) {
    return {
      fromItems: dateItems(
        period.values,
        'from',
        period.errors.some((e) => e.href === '#from-day'),
      ),
      toItems: dateItems(
        period.values,
        'to',
        period.errors.some((e) => e.href === '#to-day'),
      ),
    };
  }

  /** A period that is not a date is shown on the report's form page, with its error. */
  private async badPeriod(reply: FastifyReply, formPath: string, period: PeriodFilter): Promise<void> {
    const q = new URLSearchParams(period.query);
    const [path, own] = formPath.split('?');
    for (const [k, v] of new URLSearchParams(own ?? '')) q.set(k, v);
    await reply.code(303).header('location', withQuery(path, q)).send();
  }

  private async apiCsv(
    request: WebRequest,
    reply: FastifyReply,
    path: string,
    period: PeriodFilter,
    filename: string,
    extra: Record<string, string | undefined> = {},
  ): Promise<void> {
    const answer = await this.text.get(request.signedIn!.actor, request.id, path, {
      ...period.api,
      ...extra,
      format: 'csv',
    });
    if (answer.problem) refusalPage(answer.problem);
    await this.download(reply, filename, answer.text);
  }

  private async download(reply: FastifyReply, filename: string, csv: string): Promise<void> {
    await reply
      .code(200)
      .header('content-type', 'text/csv; charset=utf-8')
      .header('content-disposition', `attachment; filename="${filename}"`)
      .header('cache-control', 'no-store')
      .send(csv);
  }
}

interface Entry {
  entry: 'disclosure' | 'consultation' | 'record_change';
  at: string;
  by?: Named | null;
  agency?: Named;
  view?: string;
  purpose?: string;
  [key: string]: unknown;
}
interface Trail {
  personId: string;
  from: string | null;
  to: string | null;
  generatedAt: string;
  entries: Entry[];
}
interface AgencySharing {
  agency: Named;
  from: string | null;
  to: string | null;
  generatedAt: string;
  disclosedCount: number;
  receivedCount: number;
  entries: Array<Entry & { direction: 'disclosed' | 'received' }>;
}
type Exceptions = Record<string, unknown>;

/** Who saw the record, and why: each user's consultations counted by purpose, first and last time. */
function summariseViewers(consultations: Entry[]) {
  const byUser = new Map<
    string,
    { user: string; agency: string; count: number; purposes: Set<string>; first: string; last: string }
  >();
  for (const c of consultations) {
    const key = c.by?.userId ?? 'unknown';
    const seen = byUser.get(key) ?? {
      user: c.by?.name ?? 'Unknown user',
      agency: c.agency?.name ?? 'Unknown agency',
      count: 0,
      purposes: new Set<string>(),
      first: c.at,
      last: c.at,
    };
    seen.count += 1;
    seen.purposes.add(PURPOSE_LABELS[c.purpose ?? ''] ?? c.purpose ?? '');
    if (c.at < seen.first) seen.first = c.at;
    if (c.at > seen.last) seen.last = c.at;
    byUser.set(key, seen);
  }
  return [...byUser.values()]
    .map((v) => ({ ...v, purposes: [...v.purposes].join(', ') }))
    .sort((a, b) => b.last.localeCompare(a.last));
}
