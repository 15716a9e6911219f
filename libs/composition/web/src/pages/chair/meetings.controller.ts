import { Get, Param, ParseUUIDPipe, Post, Req, Res } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import { londonDay } from '@hubline/calendar';
import { HubApi, isProblem, type ApiProblem } from '../../hub-api';
import { PageNotFound, type WebRequest } from '../../web-context';
import { PageRoles } from '../guards';
import { Page, PagesController } from '../page.decorators';
import { PageRenderer } from '../page-renderer';
import type { PageError } from '../plain-english';
import {
  CHAIR,
  caseReference,
  chairErrors,
  dateFrom,
  ifMatchOf,
  londonInstant,
  londonWallClock,
  partnershipOf,
  read,
  render,
  seeOther,
  timeFrom,
} from './chair-support';

export interface MeetingView {
  meetingId: string;
  version: number;
  localityId: string;
  startsAt: string;
  cutOffAt: string;
  status: 'scheduled' | 'in_session' | 'closed' | 'cancelled';
  urgentReferralId: string | null;
  confidentialityConfirmedAt: string | null;
  agenda: Array<{ referralId: string; item: string; band: string; discussed: boolean; carriedActionIds: string[] }>;
  attendance: Array<{ agencyId: string; userId: string | null; present: boolean }>;
}

interface CaseSummary {
  referralId: string;
  localityId: string;
  category: string;
  band: string;
  repeat: boolean;
  acceptedAt: string | null;
  nextReviewDate: string | null;
  dueForReview: boolean;
  openActions: number;
  overdueActions: number;
}

export const RESCHEDULE_REASONS: Record<string, string> = {
  brought_forward: 'Brought forward',
  chair_unavailable: 'The chair is not available',
  agencies_unavailable: 'Agencies are not available',
  venue_unavailable: 'The venue is not available',
  not_quorate: 'It would not be quorate',
  bank_holiday: 'A bank holiday',
  other: 'Another reason',
};

export const LATE_REASONS: Record<string, string> = {
  risk_escalated: 'The risk has escalated',
  new_incident: 'A new incident',
  safeguarding_concern: 'A safeguarding concern',
  other: 'Another reason',
};

const STATUS_TAGS: Record<string, string> = {
  scheduled: 'govuk-tag--blue',
  in_session: 'govuk-tag--green',
  closed: 'govuk-tag--grey',
  cancelled: 'govuk-tag--red',
};

const uuid = () => new ParseUUIDPipe({ version: '4' });

/**
 * Reads a meeting through the API's list (the API has no single-meeting read); not found as the
 * API would say. After a write, `atLeast` is the version the API answered: the read models trail
 * the event store by a moment, so the page reads again (briefly) until it shows that version, and
 * its forms then carry the version the next write expects.
 */
export async function meetingOf(
  api: HubApi,
  request: WebRequest,
  meetingId: string,
  atLeast?: unknown,
): Promise<MeetingView> {
  const wanted = typeof atLeast === 'string' && /^\d{1,9}$/.test(atLeast) ? Number(atLeast) : -1;
  for (let attempt = 0; ; attempt++) {
    const { body } = await read<MeetingView[]>(api, request, '/lag/meetings');
    const meeting = body.find((m) => m.meetingId === meetingId);
    // A meeting just scheduled (a version is wanted) may not be listed yet: wait for it as for a newer version.
    if (!meeting && (wanted < 0 || attempt >= 40)) throw new PageNotFound();
    if (meeting && (meeting.version >= wanted || attempt >= 40)) return meeting;
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

/** The version of the record a write answered with (its ETag), for the next page to wait for. */
export const versionOf = (answer: { etag?: string; body: unknown }): string =>
  answer.etag?.replace(/\D/g, '') ?? String((answer.body as { version?: number }).version ?? '');

/** The day and time fields of a form as a London instant, with the errors of each. */
function startFrom(body: Record<string, string>, errors: PageError[]): string | null {
  const day = dateFrom(body['startsAt-day'], body['startsAt-month'], body['startsAt-year']);
  const time = timeFrom(body.time);
  if (!day) errors.push({ text: 'Enter the meeting’s date, like 10 12 2026', href: '#startsAt-day' });
  if (!time) errors.push({ text: 'Enter the start time, like 10:00 or 2:30pm', href: '#time' });
  return day && time ? londonInstant(day, time) : null;
}

/**
 * The chair's meetings: the list, scheduling and rescheduling, one meeting's page, and its
 * agenda (cases new or for review, and late additions with their reason). No personal data: cases
 * are named by their reference, band and dates.
 */
@PagesController()
@PageRoles(...CHAIR)
export class ChairMeetingPages {
  constructor(
    private readonly api: HubApi,
    private readonly pages: PageRenderer,
  ) {}

  @Get('meetings')
  @Page()
  async list(@Req() request: WebRequest, @Res() reply: FastifyReply): Promise<void> {
    const { body } = await read<MeetingView[]>(this.api, request, '/lag/meetings');
    const partnership = await partnershipOf(this.api, request);
    const rows = body.map((m) => ({
      ...m,
      locality: partnership.place(m.localityId),
      tag: STATUS_TAGS[m.status],
      discussed: m.agenda.filter((a) => a.discussed).length,
    }));
    const query = (request.query ?? {}) as Record<string, string>;
    await render(this.pages, request, reply, 'chair/meetings.njk', {
      upcoming: rows.filter((m) => m.status === 'scheduled' || m.status === 'in_session'),
      past: rows
        .filter((m) => m.status === 'closed' || m.status === 'cancelled')
        .reverse()
        .slice(0, 20),
      scheduled: query.scheduled === 'yes',
    });
  }

  @Get('meetings/schedule')
  @Page()
  async scheduleForm(@Req() request: WebRequest, @Res() reply: FastifyReply): Promise<void> {
    const partnership = await partnershipOf(this.api, request);
    await render(this.pages, request, reply, 'chair/schedule.njk', {
      localities: partnership.localities,
      values: { cutOffDays: '10', time: '10:00' },
    });
  }

  @Post('meetings/schedule')
  @Page()
  async schedule(@Req() request: WebRequest, @Res() reply: FastifyReply): Promise<void> {
    const body = (request.body ?? {}) as Record<string, string>;
    const partnership = await partnershipOf(this.api, request);
    const errors: PageError[] = [];
    if (!partnership.localities.some((l) => l.localityId === body.localityId))
      errors.push({ text: 'Select the locality', href: '#localityId' });
    const startsAt = startFrom(body, errors);
    const cutOffDays = body.cutOffDays?.trim() || '10';
    if (!/^\d{1,2}$/.test(cutOffDays) || Number(cutOffDays) > 60)
      errors.push({ text: 'The cut-off must be a whole number of days from 0 to 60', href: '#cutOffDays' });
    if (errors.length === 0) {
      const answer = await this.api.call<{ meetingId: string }>(request.signedIn!.actor, request.id, {
        method: 'POST',
        path: '/lag/meetings',
        body: { localityId: body.localityId, startsAt, cutOffDays: Number(cutOffDays) },
      });
      if (!isProblem(answer))
        return seeOther(reply, `/meetings/${answer.body.meetingId}?scheduled=yes&v=${versionOf(answer)}`);
      errors.push(...chairErrors(answer.body as ApiProblem));
    }
    await render(
      this.pages,
      request,
      reply,
      'chair/schedule.njk',
      { localities: partnership.localities, values: body, errors },
      400,
    );
  }

  @Get('meetings/:meetingId')
  @Page()
  async meeting(
    @Req() request: WebRequest,
    @Res() reply: FastifyReply,
    @Param('meetingId', uuid()) meetingId: string,
  ): Promise<void> {
    const query = (request.query ?? {}) as Record<string, string>;
    const meeting = await meetingOf(this.api, request, meetingId, query.v);
    const partnership = await partnershipOf(this.api, request);
    const notices: Record<string, string> = {
      scheduled: 'The meeting is scheduled.',
      rescheduled: 'The meeting has been moved.',
      added: 'The case is on the agenda.',
      closed: 'The meeting is closed. Its minutes can now be issued.',
    };
    const notice = Object.keys(notices).find((k) => query[k] === 'yes');
    await render(this.pages, request, reply, 'chair/meeting.njk', {
      meeting,
      locality: partnership.place(meeting.localityId),
      tag: STATUS_TAGS[meeting.status],
      agenda: meeting.agenda.map((a) => ({ ...a, reference: caseReference(a.referralId) })),
      attendance: meeting.attendance.map((a) => ({ ...a, agency: partnership.name(a.agencyId) })),
      isToday: londonDay(meeting.startsAt) === londonDay(new Date()),
      notice: notice ? notices[notice] : undefined,
    });
  }

  @Get('meetings/:meetingId/reschedule')
  @Page()
  async rescheduleForm(
    @Req() request: WebRequest,
    @Res() reply: FastifyReply,
    @Param('meetingId', uuid()) meetingId: string,
  ): Promise<void> {
    const meeting = await meetingOf(this.api, request, meetingId);
    const wall = londonWallClock(meeting.startsAt);
    const [year, month, day] = wall.day.split('-');
    await this.sendReschedule(request, reply, meeting, {
      'startsAt-day': String(Number(day)),
      'startsAt-month': String(Number(month)),
      'startsAt-year': year,
      time: wall.time,
    });
  }

  @Post('meetings/:meetingId/reschedule')
  @Page()
  async reschedule(
    @Req() request: WebRequest,
    @Res() reply: FastifyReply,
    @Param('meetingId', uuid()) meetingId: string,
  ): Promise<void> {
    const meeting = await meetingOf(this.api, request, meetingId);
    const body = (request.body ?? {}) as Record<string, string>;
    const errors: PageError[] = [];
    const startsAt = startFrom(body, errors);
    if (!RESCHEDULE_REASONS[body.reason]) errors.push({ text: 'Select why the meeting is moving', href: '#reason' });
    if (errors.length === 0) {
      const answer = await this.api.call(request.signedIn!.actor, request.id, {
        method: 'POST',
        path: `/lag/meetings/${meetingId}/reschedule`,
        ifMatch: ifMatchOf(body.version),
        body: { startsAt, reason: body.reason },
      });
      if (!isProblem(answer)) return seeOther(reply, `/meetings/${meetingId}?rescheduled=yes&v=${versionOf(answer)}`);
      errors.push(...chairErrors(answer.body as ApiProblem));
    }
    await this.sendReschedule(request, reply, meeting, body, errors);
  }

  @Get('meetings/:meetingId/agenda')
  @Page()
  async agendaForm(
    @Req() request: WebRequest,
    @Res() reply: FastifyReply,
    @Param('meetingId', uuid()) meetingId: string,
  ): Promise<void> {
    await this.sendAgenda(request, reply, await meetingOf(this.api, request, meetingId), {});
  }

  @Post('meetings/:meetingId/agenda')
  @Page()
  async addToAgenda(
    @Req() request: WebRequest,
    @Res() reply: FastifyReply,
    @Param('meetingId', uuid()) meetingId: string,
  ): Promise<void> {
    const meeting = await meetingOf(this.api, request, meetingId);
    const body = (request.body ?? {}) as Record<string, string>;
    const errors: PageError[] = [];
    if (!/^[0-9a-f-]{36}$/i.test(body.referralId ?? '')) errors.push({ text: 'Select a case', href: '#referralId' });
    if (!['new', 'review'].includes(body.item))
      errors.push({ text: 'Select whether it is a new case or a review', href: '#item' });
    const late = body.lateReason && body.lateReason !== 'none' ? body.lateReason : undefined;
    if (late && !LATE_REASONS[late]) errors.push({ text: 'Select why the case is added late', href: '#lateReason' });
    if (errors.length === 0) {
      const answer = await this.api.call(request.signedIn!.actor, request.id, {
        method: 'POST',
        path: `/lag/meetings/${meetingId}/agenda`,
        ifMatch: ifMatchOf(body.version),
        body: { referralId: body.referralId, item: body.item, ...(late ? { lateReason: late } : {}) },
      });
      if (!isProblem(answer)) return seeOther(reply, `/meetings/${meetingId}?added=yes&v=${versionOf(answer)}`);
      errors.push(...chairErrors(answer.body as ApiProblem));
    }
    await this.sendAgenda(request, reply, meeting, body, errors);
  }

  private async sendReschedule(
    request: WebRequest,
    reply: FastifyReply,
    meeting: MeetingView,
    values: Record<string, string>,
    errors: PageError[] = [],
  ): Promise<void> {
    const partnership = await partnershipOf(this.api, request);
    await render(
      this.pages,
      request,
      reply,
      'chair/reschedule.njk',
      {
        meeting,
        locality: partnership.place(meeting.localityId),
        values,
        reasons: Object.entries(RESCHEDULE_REASONS).map(([value, text]) => ({
          value,
          text,
          checked: values.reason === value,
        })),
        errors,
      },
      errors.length ? 400 : 200,
    );
  }

  /** The locality's accepted cases not yet on the agenda, those due for review by the meeting day marked. */
  private async sendAgenda(
    request: WebRequest,
    reply: FastifyReply,
    meeting: MeetingView,
    values: Record<string, string>,
    errors: PageError[] = [],
  ): Promise<void> {
    const partnership = await partnershipOf(this.api, request);
    const { body: cases } = await read<CaseSummary[]>(this.api, request, '/lag/referrals', {
      status: 'accepted',
      localityId: meeting.localityId,
      asOf: londonDay(meeting.startsAt),
      limit: '500',
    });
    const onAgenda = new Set(meeting.agenda.map((a) => a.referralId));
    const candidates = cases
      .filter((c) => !onAgenda.has(c.referralId))
      .sort(
        (a, b) =>
          Number(b.dueForReview) - Number(a.dueForReview) || (a.acceptedAt ?? '').localeCompare(b.acceptedAt ?? ''),
      )
      .map((c) => ({
        ...c,
        reference: caseReference(c.referralId),
        afterCutOff: c.acceptedAt !== null && c.acceptedAt > meeting.cutOffAt,
      }));
    await render(
      this.pages,
      request,
      reply,
      'chair/agenda.njk',
      {
        meeting,
        locality: partnership.place(meeting.localityId),
        agenda: meeting.agenda.map((a) => ({ ...a, reference: caseReference(a.referralId) })),
        candidates,
        values,
        lateReasons: [
          { value: 'none', text: 'Not a late addition', checked: !values.lateReason || values.lateReason === 'none' },
        ].concat(
          Object.entries(LATE_REASONS).map(([value, text]) => ({ value, text, checked: values.lateReason === value })),
        ),
        errors,
      },
      errors.length ? 400 : 200,
    );
  }
}
