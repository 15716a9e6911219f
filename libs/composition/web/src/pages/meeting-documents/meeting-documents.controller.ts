import { Get, Param, ParseUUIDPipe, Req, Res } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import { PURPOSES, type Role } from '@hubline/access';
import { HubApi, isProblem, type ApiProblem } from '../../hub-api';
import type { WebRequest } from '../../web-context';
import { Page, PagesController } from '../page.decorators';
import { PageRenderer } from '../page-renderer';
import { PageRoles } from '../guards';
import { PURPOSE_LABELS, refusalPage } from '../plain-english';

/** Who may read a meeting's documents (as the API's pack and minutes routes). */
const READERS: Role[] = ['practitioner', 'lag_chair'];
type Document = 'pack' | 'minutes';
const TITLES: Record<Document, string> = { pack: 'Meeting pack', minutes: 'Meeting minutes' };

const isPurpose = (value: unknown): value is string =>
  typeof value === 'string' && (PURPOSES as readonly string[]).includes(value);
const purposeItems = (chosen?: string) =>
  PURPOSES.map((value) => ({ value, text: PURPOSE_LABELS[value] ?? value, checked: value === chosen }));
const uuid = () => new ParseUUIDPipe({ version: '4' });

/** An agency's name from the document's list of agencies. */
const namer = (agencies: Array<{ agencyId: string; name: string }> | undefined) => (id: string) =>
  agencies?.find((a) => a.agencyId === id)?.name ?? 'Another agency';

/**
 * The print views of a LAG meeting's pack and minutes (decision 0028): the same documents as the
 * API gives, as GOV.UK pages that print without the service's header and navigation, each with a
 * PDF download streamed from the API. The purpose is asked first; the API records the read in the
 * consultation log and, for the pack, the issue to the officer's agency.
 */
@PagesController()
@PageRoles(...READERS)
export class MeetingDocumentsPages {
  constructor(
    private readonly api: HubApi,
    private readonly pages: PageRenderer,
  ) {}

  @Get('meetings/:meetingId/pack')
  @Page()
  pack(@Req() request: WebRequest, @Res() reply: FastifyReply, @Param('meetingId', uuid()) meetingId: string) {
    return this.page(request, reply, meetingId, 'pack');
  }

  @Get('meetings/:meetingId/minutes')
  @Page()
  minutes(@Req() request: WebRequest, @Res() reply: FastifyReply, @Param('meetingId', uuid()) meetingId: string) {
    return this.page(request, reply, meetingId, 'minutes');
  }

  @Get('meetings/:meetingId/pack.pdf')
  @Page()
  packPdf(@Req() request: WebRequest, @Res() reply: FastifyReply, @Param('meetingId', uuid()) meetingId: string) {
    return this.pdf(request, reply, meetingId, 'pack');
  }

  @Get('meetings/:meetingId/minutes.pdf')
  @Page()
  minutesPdf(@Req() request: WebRequest, @Res() reply: FastifyReply, @Param('meetingId', uuid()) meetingId: string) {
    return this.pdf(request, reply, meetingId, 'minutes');
  }

  /** Asks why first; then the document as a page. */
  private async page(request: WebRequest, reply: FastifyReply, meetingId: string, document: Document): Promise<void> {
    const purpose = this.purpose(request);
    if (!isPurpose(purpose)) return this.askPurpose(request, reply, `/meetings/${meetingId}/${document}`, purpose);
    const answer = await this.api.call<Record<string, unknown>>(request.signedIn!.actor, request.id, {
      path: `/lag/meetings/${meetingId}/${document}`,
      query: { purpose },
    });
    if (isProblem(answer)) {
      const problem = answer.body as ApiProblem;
      if (problem.code === 'MEETING.MINUTES_NOT_ISSUED')
        return this.pages.send(request, reply, 'meeting-documents/not-issued.njk', { title: TITLES[document] }, 409);
      refusalPage(problem);
    }
    const body = answer.body as Record<string, unknown> & { agencies?: Array<{ agencyId: string; name: string }> };
    await this.pages.send(request, reply, `meeting-documents/${document}.njk`, {
      title: TITLES[document],
      doc: body,
      agencyName: namer(body.agencies),
      purpose,
      purposeLabel: PURPOSE_LABELS[purpose],
      pdfHref: `/meetings/${meetingId}/${document}.pdf?purpose=${encodeURIComponent(purpose)}`,
    });
  }

  /** The API's PDF, streamed as a download; named by the meeting only. */
  private async pdf(request: WebRequest, reply: FastifyReply, meetingId: string, document: Document): Promise<void> {
    const purpose = this.purpose(request);
    if (!isPurpose(purpose)) return this.askPurpose(request, reply, `/meetings/${meetingId}/${document}.pdf`, purpose);
    const answer = await this.api.document(
      request.signedIn!.actor,
      request.id,
      { path: `/lag/meetings/${meetingId}/${document}`, query: { purpose } },
      'application/pdf',
    );
    if ('body' in answer) {
      const problem = answer.body;
      if (problem.code === 'MEETING.MINUTES_NOT_ISSUED')
        return this.pages.send(request, reply, 'meeting-documents/not-issued.njk', { title: TITLES[document] }, 409);
      refusalPage(problem);
    }
    await reply
      .code(200)
      .header('content-type', 'application/pdf')
      .header('content-disposition', `attachment; filename="lag-meeting-${document}-${meetingId}.pdf"`)
      .header('cache-control', 'no-store')
      .send(answer.bytes);
  }

  private purpose(request: WebRequest): string | undefined {
    return ((request.query ?? {}) as Record<string, string>).purpose;
  }

  private async askPurpose(
    request: WebRequest,
    reply: FastifyReply,
    action: string,
    given: string | undefined,
  ): Promise<void> {
    const errors = given !== undefined ? [{ text: 'Select why you need to see this document', href: '#purpose' }] : [];
    await this.pages.send(
      request,
      reply,
      'meeting-documents/purpose.njk',
      { action, purposes: purposeItems(), errors },
      errors.length ? 400 : 200,
    );
  }
}
