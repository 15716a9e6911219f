import { Get, Param, ParseUUIDPipe, Post, Req, Res } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import { HubApi, isProblem, type ApiProblem } from '../../hub-api';
import type { WebRequest } from '../../web-context';
import { PageRoles } from '../guards';
import { Page, PagesController } from '../page.decorators';
import { PageRenderer } from '../page-renderer';
import { PURPOSE_LABELS, type PageError } from '../plain-english';
import {
  CHAIR,
  caseReference,
  chairErrors,
  ifMatchOf,
  isPurpose,
  partnershipOf,
  purposeItems,
  read,
  render,
  seeOther,
} from './chair-support';

/** The reasons a chair may decline a referral (the API's codes), in words. */
export const DECLINE_REASONS: Record<string, string> = {
  criteria_not_met: 'It does not meet the criteria for the LAG',
  insufficient_information: 'There is not enough information to decide',
  managed_by_another_process: 'It is managed by another process',
  duplicate_referral: 'It duplicates another referral',
  outside_area: 'It is outside the partnership’s area',
  other: 'Another reason (say which in the note)',
};

interface QueueItem {
  referralId: string;
  version: number;
  localityId: string;
  category: string;
  band: string;
  repeat: boolean;
  victimCount: number;
  referringAgencyId: string;
  referredAt: string;
  daysWaiting: number | null;
  victims?: Array<Record<string, unknown>>;
}

const uuid = () => new ParseUUIDPipe({ version: '4' });
const BAND_ORDER = ['very_high', 'high', 'medium', 'standard'];

/**
 * The chair's referral queue and decisions. The queue shows codes, bands and days waiting; the
 * victims' names only after the chair gives a purpose (recorded in the consultation log). Opening
 * a referral for a decision asks the purpose first: the API then shares the referral with the
 * chair's agency for the decision and records the disclosure.
 */
@PagesController()
@PageRoles(...CHAIR)
export class ChairReferralPages {
  constructor(
    private readonly api: HubApi,
    private readonly pages: PageRenderer,
  ) {}

  @Get('referral-queue')
  @Page()
  async queue(@Req() request: WebRequest, @Res() reply: FastifyReply): Promise<void> {
    const query = (request.query ?? {}) as Record<string, string>;
    const purpose = isPurpose(query.purpose) ? query.purpose : undefined;
    const errors: PageError[] =
      query.purpose !== undefined && !purpose
        ? [{ text: 'Select why you need to see the names', href: '#purpose' }]
        : [];
    const { body } = await read<QueueItem[]>(this.api, request, '/lag/referrals', {
      status: 'referred',
      ...(purpose ? { purpose } : {}),
    });
    const partnership = await partnershipOf(this.api, request);
    const referrals = body
      .map((r) => ({
        ...r,
        reference: caseReference(r.referralId),
        locality: partnership.place(r.localityId),
        referringAgency: partnership.name(r.referringAgencyId),
      }))
      .sort(
        (a, b) =>
          BAND_ORDER.indexOf(a.band) - BAND_ORDER.indexOf(b.band) || (b.daysWaiting ?? 0) - (a.daysWaiting ?? 0),
      );
    await render(
      this.pages,
      request,
      reply,
      'chair/referral-queue.njk',
      {
        referrals,
        purpose,
        purposeLabel: purpose ? PURPOSE_LABELS[purpose] : undefined,
        purposes: purposeItems(purpose),
        errors,
        decided: ['accepted', 'declined'].includes(query.decided) ? query.decided : undefined,
      },
      errors.length ? 400 : 200,
    );
  }

  @Get('referral-queue/:referralId')
  @Page()
  async referral(
    @Req() request: WebRequest,
    @Res() reply: FastifyReply,
    @Param('referralId', uuid()) referralId: string,
  ): Promise<void> {
    const query = (request.query ?? {}) as Record<string, string>;
    if (!isPurpose(query.purpose)) {
      const errors =
        query.purpose !== undefined ? [{ text: 'Select why you need to see this referral', href: '#purpose' }] : [];
      await render(
        this.pages,
        request,
        reply,
        'chair/purpose.njk',
        {
          title: 'Why are you opening this referral?',
          action: `/referral-queue/${referralId}`,
          back: '/referral-queue',
          purposes: purposeItems('case_management'),
          errors,
        },
        errors.length ? 400 : 200,
      );
      return;
    }
    await this.showReferral(request, reply, referralId, query.purpose, {});
  }

  @Post('referral-queue/:referralId/accept')
  @Page()
  async accept(
    @Req() request: WebRequest,
    @Res() reply: FastifyReply,
    @Param('referralId', uuid()) referralId: string,
  ): Promise<void> {
    const body = (request.body ?? {}) as Record<string, string>;
    const answer = await this.api.call(request.signedIn!.actor, request.id, {
      method: 'POST',
      path: `/lag/referrals/${referralId}/accept`,
      ifMatch: ifMatchOf(body.version),
    });
    if (!isProblem(answer)) return seeOther(reply, '/referral-queue?decided=accepted');
    const errors = chairErrors(answer.body as ApiProblem);
    await this.showReferral(request, reply, referralId, isPurpose(body.purpose) ? body.purpose : 'case_management', {
      errors,
    });
  }

  @Post('referral-queue/:referralId/decline')
  @Page()
  async decline(
    @Req() request: WebRequest,
    @Res() reply: FastifyReply,
    @Param('referralId', uuid()) referralId: string,
  ): Promise<void> {
    const body = (request.body ?? {}) as Record<string, string>;
    const values = { reason: body.reason, note: body.note?.trim() ?? '' };
    const errors: PageError[] = [];
    if (!DECLINE_REASONS[values.reason])
      errors.push({ text: 'Select why you are declining the referral', href: '#reason' });
    if (values.reason === 'other' && !values.note)
      errors.push({ text: 'Enter a note saying why you are declining it', href: '#note' });
    if (values.note.length > 1000) errors.push({ text: 'The note must be 1,000 characters or fewer', href: '#note' });
    if (errors.length === 0) {
      const answer = await this.api.call(request.signedIn!.actor, request.id, {
        method: 'POST',
        path: `/lag/referrals/${referralId}/decline`,
        ifMatch: ifMatchOf(body.version),
        body: { reason: values.reason, ...(values.note ? { note: values.note } : {}) },
      });
      if (!isProblem(answer)) return seeOther(reply, '/referral-queue?decided=declined');
      errors.push(...chairErrors(answer.body as ApiProblem));
    }
    await this.showReferral(request, reply, referralId, isPurpose(body.purpose) ? body.purpose : 'case_management', {
      errors,
      values,
    });
  }

  /** The referral as the API shows it to the chair, with the two decisions; errors keep their answers. */
  private async showReferral(
    request: WebRequest,
    reply: FastifyReply,
    referralId: string,
    purpose: string,
    form: { errors?: PageError[]; values?: Record<string, string> },
  ): Promise<void> {
    const { body: referral, etag } = await read<Record<string, unknown>>(
      this.api,
      request,
      `/lag/referrals/${referralId}`,
      { purpose },
    );
    const partnership = await partnershipOf(this.api, request);
    await render(
      this.pages,
      request,
      reply,
      'chair/referral.njk',
      {
        referral,
        reference: caseReference(referralId),
        version: etag?.replace(/\D/g, '') ?? String(referral.version),
        locality: partnership.place(referral.localityId as string),
        referringAgency: partnership.name(referral.referringAgencyId as string),
        purpose,
        purposeLabel: PURPOSE_LABELS[purpose],
        declineReasons: Object.entries(DECLINE_REASONS).map(([value, text]) => ({
          value,
          text,
          checked: form.values?.reason === value,
        })),
        values: form.values ?? {},
        errors: form.errors ?? [],
      },
      form.errors?.length ? 400 : 200,
    );
  }
}
