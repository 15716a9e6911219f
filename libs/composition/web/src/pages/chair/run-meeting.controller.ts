import { Get, Param, ParseUUIDPipe, Post, Req, Res } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import { HubApi, isProblem, type ApiProblem } from '../../hub-api';
import { PageNotFound, type WebRequest } from '../../web-context';
import { PageRoles } from '../guards';
import { Page, PagesController } from '../page.decorators';
import { PageRenderer } from '../page-renderer';
import { PURPOSE_LABELS, type PageError } from '../plain-english';
import {
  CHAIR,
  caseReference,
  chairErrors,
  dateFrom,
  ifMatchOf,
  isPurpose,
  partnershipOf,
  purposeItems,
  read,
  render,
  seeOther,
} from './chair-support';
import { meetingOf, versionOf, type MeetingView } from './meetings.controller';

/** What the chair reads out before any case is discussed (recorded as read by the API). */
export const CONFIDENTIALITY_STATEMENT = [
  'Everything shared at this meeting is confidential. It is shared to reduce the risk of harm to the victims of anti-social behaviour and hate crime, under the partnership’s information sharing agreements and the Crime and Disorder Act 1998, section 115.',
  'Use what you hear only for that purpose. Do not pass it on outside your agency except as the law allows, and record what you take away in your agency’s own systems.',
  'If your agency is not covered for a case, the chair will say so before it is discussed.',
];

export const DECISIONS: Record<string, string> = {
  information_shared: 'Information shared',
  actions_agreed: 'Actions agreed',
  actions_reviewed: 'Actions reviewed',
  risk_to_be_reassessed: 'Risk to be reassessed',
  continue_review: 'Keep the case under review',
  refer_to_another_process: 'Refer to another process',
  case_to_close: 'The case is to close',
  tell_victim_about_case_review: 'Tell the victim about the ASB Case Review',
};

export const ACTION_KINDS: Record<string, string> = {
  warning_letter: 'Warning letter',
  acceptable_behaviour_contract: 'Acceptable Behaviour Contract',
  community_protection_warning: 'Community Protection Warning',
  community_protection_notice: 'Community Protection Notice',
  civil_injunction: 'Civil injunction',
  criminal_behaviour_order: 'Criminal Behaviour Order',
  closure_order: 'Closure order',
  eviction: 'Eviction',
  pspo_fixed_penalty: 'PSPO fixed penalty notice',
  support_referral: 'Referral for support',
  target_hardening: 'Target hardening',
  mediation: 'Mediation',
  other: 'Another action',
};

export const CLOSURE_REASONS: Record<string, string> = {
  risk_reduced: 'The risk has reduced',
  action_plan_completed: 'The action plan is completed',
  victim_moved: 'The victim moved',
  perpetrator_moved: 'The perpetrator moved',
  victim_disengaged: 'The victim disengaged',
  transferred_to_another_process: 'Transferred to another process',
  other: 'Another reason',
};

export const CLOSURE_OUTCOMES: Record<string, string> = {
  victim_feels_safer: 'The victim feels safer',
  incidents_stopped: 'The incidents stopped',
  incidents_reduced: 'The incidents reduced',
  victim_supported: 'The victim is supported',
  victim_rehoused: 'The victim was rehoused',
  enforcement_in_place: 'Enforcement is in place',
  no_improvement: 'No improvement',
  victim_declined_support: 'The victim declined support',
};

/** New actions the case screen offers at once (no JavaScript needed to add more). */
const ACTION_ROWS = 3;
const uuid = () => new ParseUUIDPipe({ version: '4' });

interface CaseView {
  referralId: string;
  version: number;
  status: string;
  locked: boolean;
  band: string;
  repeat: boolean;
  category: string;
  nextReviewDate: string | null;
  victims?: unknown[];
  perpetrators?: unknown[];
  incidentSummary?: unknown;
  risk?: { score: number; band: string };
  actions?: Array<{
    actionId: string;
    owningAgencyId: string;
    kind: string;
    status: string;
    dueDate: string;
    overdue: boolean;
    description?: unknown;
  }>;
}

interface NotCovered {
  agencies: Array<{ agencyId: string; name: string | null }>;
}

/**
 * Running a LAG meeting, shown large for a projector, one case at a time: attendance and
 * apologies, the confidentiality statement, each case in agenda order (its summary, risk and
 * outstanding actions, after a purpose), its discussion with decisions, new actions, review and
 * actions carried forward, the decision on agencies no sharing agreement covers, closing a case,
 * and closing the meeting.
 */
@PagesController()
@PageRoles(...CHAIR)
export class RunMeetingPages {
  constructor(
    private readonly api: HubApi,
    private readonly pages: PageRenderer,
  ) {}

  @Get('meetings/:meetingId/run')
  @Page()
  async run(
    @Req() request: WebRequest,
    @Res() reply: FastifyReply,
    @Param('meetingId', uuid()) meetingId: string,
  ): Promise<void> {
    const query = (request.query ?? {}) as Record<string, string>;
    const meeting = await meetingOf(this.api, request, meetingId, query.v);
    await this.sendRun(request, reply, meeting, query, []);
  }

  @Post('meetings/:meetingId/run/attendance')
  @Page()
  async attendance(
    @Req() request: WebRequest,
    @Res() reply: FastifyReply,
    @Param('meetingId', uuid()) meetingId: string,
  ): Promise<void> {
    const meeting = await meetingOf(this.api, request, meetingId);
    const body = (request.body ?? {}) as Record<string, string>;
    const partnership = await partnershipOf(this.api, request);
    const entries = partnership.agencies
      .filter((a) => a.active && ['present', 'apologies'].includes(body[`agency-${a.agencyId}`]))
      .map((a) => ({ agencyId: a.agencyId, attendance: body[`agency-${a.agencyId}`] }));
    const errors: PageError[] = [];
    if (entries.length === 0)
      errors.push({ text: 'Select who is present or sent apologies for at least one agency', href: '#attendance' });
    else {
      const answer = await this.api.call(request.signedIn!.actor, request.id, {
        method: 'POST',
        path: `/lag/meetings/${meetingId}/attendance`,
        ifMatch: ifMatchOf(body.version),
        body: { entries },
      });
      if (!isProblem(answer))
        return seeOther(reply, `/meetings/${meetingId}/run?attendance=saved&v=${versionOf(answer)}`);
      errors.push(...chairErrors(answer.body as ApiProblem));
    }
    await this.sendRun(request, reply, meeting, {}, errors, body);
  }

  @Post('meetings/:meetingId/run/confidentiality')
  @Page()
  async confidentiality(
    @Req() request: WebRequest,
    @Res() reply: FastifyReply,
    @Param('meetingId', uuid()) meetingId: string,
  ): Promise<void> {
    const body = (request.body ?? {}) as Record<string, string>;
    const answer = await this.api.call(request.signedIn!.actor, request.id, {
      method: 'POST',
      path: `/lag/meetings/${meetingId}/confidentiality`,
      ifMatch: ifMatchOf(body.version),
    });
    if (!isProblem(answer)) return seeOther(reply, `/meetings/${meetingId}/run?v=${versionOf(answer)}`);
    const errors = chairErrors(answer.body as ApiProblem);
    await this.sendRun(request, reply, await meetingOf(this.api, request, meetingId), {}, errors);
  }

  @Post('meetings/:meetingId/run/close')
  @Page()
  async closeMeeting(
    @Req() request: WebRequest,
    @Res() reply: FastifyReply,
    @Param('meetingId', uuid()) meetingId: string,
  ): Promise<void> {
    const body = (request.body ?? {}) as Record<string, string>;
    const answer = await this.api.call(request.signedIn!.actor, request.id, {
      method: 'POST',
      path: `/lag/meetings/${meetingId}/close`,
      ifMatch: ifMatchOf(body.version),
    });
    if (!isProblem(answer)) return seeOther(reply, `/meetings/${meetingId}?closed=yes&v=${versionOf(answer)}`);
    const errors = chairErrors(answer.body as ApiProblem);
    await this.sendRun(
      request,
      reply,
      await meetingOf(this.api, request, meetingId),
      { purpose: isPurpose(body.purpose) ? body.purpose : undefined } as Record<string, string>,
      errors,
    );
  }

  @Get('meetings/:meetingId/run/cases/:referralId')
  @Page()
  async caseScreen(
    @Req() request: WebRequest,
    @Res() reply: FastifyReply,
    @Param('meetingId', uuid()) meetingId: string,
    @Param('referralId', uuid()) referralId: string,
  ): Promise<void> {
    const query = (request.query ?? {}) as Record<string, string>;
    const meeting = await meetingOf(this.api, request, meetingId, query.v);
    if (!isPurpose(query.purpose))
      return this.askPurpose(request, reply, meeting, query.purpose !== undefined, referralId);
    await this.sendCase(request, reply, meeting, referralId, query.purpose, {});
  }

  @Post('meetings/:meetingId/run/cases/:referralId')
  @Page()
  async discuss(
    @Req() request: WebRequest,
    @Res() reply: FastifyReply,
    @Param('meetingId', uuid()) meetingId: string,
    @Param('referralId', uuid()) referralId: string,
  ): Promise<void> {
    const meeting = await meetingOf(this.api, request, meetingId);
    const body = (request.body ?? {}) as Record<string, string>;
    const purpose = isPurpose(body.purpose) ? body.purpose : 'meeting_preparation';
    const errors: PageError[] = [];
    const notes = body.notes?.trim() ?? '';
    if (!notes) errors.push({ text: 'Enter what was shared and discussed', href: '#notes' });
    else if (notes.length > 8000) errors.push({ text: 'The notes must be 8,000 characters or fewer', href: '#notes' });
    const decisions = Object.keys(DECISIONS).filter((d) => body[`decision-${d}`] === 'yes');
    if (decisions.length === 0) errors.push({ text: 'Select at least one decision', href: '#decisions' });
    const actions: Array<Record<string, string>> = [];
    for (let i = 1; i <= ACTION_ROWS; i++) {
      const row = {
        agency: body[`action-${i}-agency`] ?? '',
        kind: body[`action-${i}-kind`] ?? '',
        description: body[`action-${i}-description`]?.trim() ?? '',
        day: body[`action-${i}-due-day`] ?? '',
        month: body[`action-${i}-due-month`] ?? '',
        year: body[`action-${i}-due-year`] ?? '',
      };
      if (!row.agency && !row.kind && !row.description && !row.day && !row.month && !row.year) continue;
      const dueDate = dateFrom(row.day, row.month, row.year);
      if (!row.agency)
        errors.push({ text: `Action ${i}: select the agency that owns it`, href: `#action-${i}-agency` });
      if (!ACTION_KINDS[row.kind])
        errors.push({ text: `Action ${i}: select what kind of action it is`, href: `#action-${i}-kind` });
      if (row.description.length < 5 || row.description.length > 1000)
        errors.push({
          text: `Action ${i}: say what will be done, in 5 to 1,000 characters`,
          href: `#action-${i}-description`,
        });
      if (!dueDate)
        errors.push({ text: `Action ${i}: enter a real due date, like 24 12 2026`, href: `#action-${i}-due-day` });
      actions.push({
        owningAgencyId: row.agency,
        kind: row.kind,
        description: row.description,
        dueDate: dueDate ?? '',
      });
    }
    const carryForwardActionIds = Object.keys(body)
      .filter((k) => k.startsWith('carry-') && body[k] === 'yes')
      .map((k) => k.slice('carry-'.length))
      .filter((id) => /^[0-9a-f-]{36}$/i.test(id));
    const notCovered = ['exclude', 'share'].includes(body.notCoveredAgencies) ? body.notCoveredAgencies : undefined;
    const justification = body.sharingJustification?.trim() ?? '';
    if (body.notCoveredAsked === 'yes' && !notCovered)
      errors.push({
        text: 'Decide whether to exclude the agencies no agreement covers, or share with them',
        href: '#notCoveredAgencies',
      });
    if (notCovered === 'share' && !justification)
      errors.push({
        text: 'Enter the basis for sharing with the agencies no agreement covers',
        href: '#sharingJustification',
      });
    let sharingGap: NotCovered | undefined;
    if (errors.length === 0) {
      const answer = await this.api.call(request.signedIn!.actor, request.id, {
        method: 'POST',
        path: `/lag/meetings/${meetingId}/cases/${referralId}`,
        ifMatch: ifMatchOf(body.version),
        body: {
          notes,
          decisions,
          ...(actions.length ? { actions } : {}),
          recordReview: body.recordReview === 'yes',
          carryForwardActionIds,
          ...(notCovered ? { notCoveredAgencies: notCovered } : {}),
          ...(notCovered === 'share' ? { sharingJustification: justification } : {}),
        },
      });
      if (!isProblem(answer))
        return seeOther(reply, `/meetings/${meetingId}/run?purpose=${purpose}&recorded=yes&v=${versionOf(answer)}`);
      const problem = answer.body as ApiProblem & NotCovered;
      if (problem.code === 'MEETING.SHARING_NOT_COVERED') {
        sharingGap = { agencies: problem.agencies ?? [] };
        errors.push({
          text: 'No information sharing agreement covers some agencies present: decide before the case is discussed',
          href: '#notCoveredAgencies',
        });
      } else errors.push(...chairErrors(problem));
    }
    await this.sendCase(request, reply, meeting, referralId, purpose, { values: body, errors, sharingGap });
  }

  @Get('meetings/:meetingId/run/cases/:referralId/close')
  @Page()
  async closeCaseForm(
    @Req() request: WebRequest,
    @Res() reply: FastifyReply,
    @Param('meetingId', uuid()) meetingId: string,
    @Param('referralId', uuid()) referralId: string,
  ): Promise<void> {
    const query = (request.query ?? {}) as Record<string, string>;
    const meeting = await meetingOf(this.api, request, meetingId);
    if (!isPurpose(query.purpose))
      return this.askPurpose(request, reply, meeting, query.purpose !== undefined, referralId);
    await this.sendClose(request, reply, meeting, referralId, query.purpose, {}, []);
  }

  @Post('meetings/:meetingId/run/cases/:referralId/close')
  @Page()
  async closeCase(
    @Req() request: WebRequest,
    @Res() reply: FastifyReply,
    @Param('meetingId', uuid()) meetingId: string,
    @Param('referralId', uuid()) referralId: string,
  ): Promise<void> {
    const meeting = await meetingOf(this.api, request, meetingId);
    const body = (request.body ?? {}) as Record<string, string>;
    const purpose = isPurpose(body.purpose) ? body.purpose : 'meeting_preparation';
    const outcomes = Object.keys(CLOSURE_OUTCOMES).filter((o) => body[`outcome-${o}`] === 'yes');
    const narrative = body.outcomeNarrative?.trim() ?? '';
    const errors: PageError[] = [];
    if (outcomes.length === 0) errors.push({ text: 'Select what changed for the victim', href: '#outcomes' });
    if (!CLOSURE_REASONS[body.reason]) errors.push({ text: 'Select why the case is closing', href: '#reason' });
    if (narrative.length < 10 || narrative.length > 2000)
      errors.push({ text: 'Enter the outcome for the victim, in 10 to 2,000 characters', href: '#outcomeNarrative' });
    if (errors.length === 0) {
      const answer = await this.api.call(request.signedIn!.actor, request.id, {
        method: 'POST',
        path: `/lag/referrals/${referralId}/close`,
        ifMatch: ifMatchOf(body.version),
        body: {
          outcomes,
          reason: body.reason,
          outcomeNarrative: narrative,
          cancelOutstandingActions: body.cancelOutstandingActions === 'yes',
        },
      });
      if (!isProblem(answer)) return seeOther(reply, `/meetings/${meetingId}/run?purpose=${purpose}&closedCase=yes`);
      errors.push(...chairErrors(answer.body as ApiProblem));
    }
    await this.sendClose(request, reply, meeting, referralId, purpose, body, errors);
  }

  private async askPurpose(
    request: WebRequest,
    reply: FastifyReply,
    meeting: MeetingView,
    asked: boolean,
    referralId?: string,
  ): Promise<void> {
    const errors = asked ? [{ text: 'Select why you need to see the cases', href: '#purpose' }] : [];
    await render(
      this.pages,
      request,
      reply,
      'chair/purpose.njk',
      {
        title: 'Why do you need to see the cases?',
        action: referralId
          ? `/meetings/${meeting.meetingId}/run/cases/${referralId}`
          : `/meetings/${meeting.meetingId}/run`,
        back: `/meetings/${meeting.meetingId}`,
        purposes: purposeItems('meeting_preparation'),
        // The version to wait for after the chair's last write, kept through the question.
        hidden: { v: String(meeting.version) },
        errors,
      },
      errors.length ? 400 : 200,
    );
  }

  /** Before the statement: attendance and the statement. In session: the agenda in order, after a purpose. */
  private async sendRun(
    request: WebRequest,
    reply: FastifyReply,
    meeting: MeetingView,
    query: Record<string, string>,
    errors: PageError[],
    values: Record<string, string> = {},
  ): Promise<void> {
    if (meeting.status === 'closed' || meeting.status === 'cancelled')
      return seeOther(reply, `/meetings/${meeting.meetingId}`);
    const partnership = await partnershipOf(this.api, request);
    const purpose = isPurpose(query.purpose) ? query.purpose : undefined;
    if (meeting.status === 'in_session' && !purpose && errors.length === 0)
      return this.askPurpose(request, reply, meeting, query.purpose !== undefined);
    const recorded = new Map(meeting.attendance.map((a) => [a.agencyId, a.present ? 'present' : 'apologies']));
    const agenda = meeting.agenda.map((a, i) => ({ ...a, position: i + 1, reference: caseReference(a.referralId) }));
    await render(
      this.pages,
      request,
      reply,
      'chair/run.njk',
      {
        meeting,
        locality: partnership.place(meeting.localityId),
        agencies: partnership.agencies
          .filter((a) => a.active)
          .map((a) => ({ ...a, attendance: values[`agency-${a.agencyId}`] ?? recorded.get(a.agencyId) ?? 'absent' })),
        attendance: meeting.attendance.map((a) => ({ ...a, agency: partnership.name(a.agencyId) })),
        statement: CONFIDENTIALITY_STATEMENT,
        agenda,
        next: agenda.find((a) => !a.discussed),
        purpose,
        purposeLabel: purpose ? PURPOSE_LABELS[purpose] : undefined,
        notice:
          query.recorded === 'yes'
            ? 'The discussion is recorded.'
            : query.closedCase === 'yes'
              ? 'The case is closed.'
              : query.attendance === 'saved'
                ? 'Attendance is recorded.'
                : undefined,
        errors,
      },
      errors.length ? 400 : 200,
    );
  }

  /** One case, large: its summary, risk and outstanding actions, and the discussion form. */
  private async sendCase(
    request: WebRequest,
    reply: FastifyReply,
    meeting: MeetingView,
    referralId: string,
    purpose: string,
    form: { values?: Record<string, string>; errors?: PageError[]; sharingGap?: NotCovered },
  ): Promise<void> {
    const position = meeting.agenda.findIndex((a) => a.referralId === referralId);
    if (position < 0) throw new PageNotFound();
    const { body: view } = await read<CaseView>(this.api, request, `/lag/referrals/${referralId}`, { purpose });
    const partnership = await partnershipOf(this.api, request);
    const values = form.values ?? {};
    const outstanding = (view.actions ?? [])
      .filter((a) => a.status === 'open' || a.status === 'in_progress')
      .map((a) => ({ ...a, agency: partnership.name(a.owningAgencyId), kindText: ACTION_KINDS[a.kind] ?? a.kind }));
    const agencyItems = (chosen?: string) =>
      [{ value: '', text: 'Choose an agency' }].concat(
        partnership.agencies
          .filter((a) => a.active)
          .map((a) => ({ value: a.agencyId, text: a.name, selected: a.agencyId === chosen }) as never),
      );
    const kindItems = (chosen?: string) =>
      [{ value: '', text: 'Choose a kind' }].concat(
        Object.entries(ACTION_KINDS).map(([value, text]) => ({ value, text, selected: value === chosen }) as never),
      );
    const rows = Array.from({ length: ACTION_ROWS }, (_, i) => {
      const n = i + 1;
      return {
        n,
        agencies: agencyItems(values[`action-${n}-agency`]),
        kinds: kindItems(values[`action-${n}-kind`]),
        description: values[`action-${n}-description`] ?? '',
        day: values[`action-${n}-due-day`] ?? '',
        month: values[`action-${n}-due-month`] ?? '',
        year: values[`action-${n}-due-year`] ?? '',
      };
    });
    await render(
      this.pages,
      request,
      reply,
      'chair/run-case.njk',
      {
        meeting,
        view,
        reference: caseReference(referralId),
        position: position + 1,
        of: meeting.agenda.length,
        item: meeting.agenda[position],
        outstanding,
        rows,
        decisions: Object.entries(DECISIONS).map(([value, text]) => ({
          value: 'yes',
          name: `decision-${value}`,
          text,
          checked: values[`decision-${value}`] === 'yes',
        })),
        carry: outstanding.map((a) => ({
          value: 'yes',
          name: `carry-${a.actionId}`,
          text: `${a.kindText}, ${a.agency}, due ${a.dueDate}`,
          checked: values[`carry-${a.actionId}`] === 'yes',
        })),
        values,
        sharingGap:
          form.sharingGap ??
          (values.notCoveredAsked === 'yes'
            ? {
                agencies: Object.keys(values)
                  .filter((k) => /^gapAgency-\d+$/.test(k))
                  .map((k) => ({ agencyId: '', name: values[k] })),
              }
            : undefined),
        purpose,
        purposeLabel: PURPOSE_LABELS[purpose],
        errors: form.errors ?? [],
        bodyClasses: 'hubline-projector',
      },
      form.errors?.length ? 400 : 200,
    );
  }

  private async sendClose(
    request: WebRequest,
    reply: FastifyReply,
    meeting: MeetingView,
    referralId: string,
    purpose: string,
    values: Record<string, string>,
    errors: PageError[],
  ): Promise<void> {
    if (!meeting.agenda.some((a) => a.referralId === referralId)) throw new PageNotFound();
    const { body: view, etag } = await read<CaseView>(this.api, request, `/lag/referrals/${referralId}`, { purpose });
    await render(
      this.pages,
      request,
      reply,
      'chair/close-case.njk',
      {
        meeting,
        view,
        version: etag?.replace(/\D/g, '') ?? String(view.version),
        reference: caseReference(referralId),
        outstanding: (view.actions ?? []).filter((a) => a.status === 'open' || a.status === 'in_progress').length,
        outcomes: Object.entries(CLOSURE_OUTCOMES).map(([value, text]) => ({
          value: 'yes',
          name: `outcome-${value}`,
          text,
          checked: values[`outcome-${value}`] === 'yes',
        })),
        reasons: Object.entries(CLOSURE_REASONS).map(([value, text]) => ({
          value,
          text,
          checked: values.reason === value,
        })),
        values,
        purpose,
        errors,
        bodyClasses: 'hubline-projector',
      },
      errors.length ? 400 : 200,
    );
  }
}
