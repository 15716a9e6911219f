import { Command, CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import type { Actor } from '@hubline/access';
import { newId, type EventMetadata } from '@hubline/event-store';
import { CaseReviewError } from '../../domain';
import { CaseReviewsClock } from '../../case-reviews-clock';
import { ReviewDeadlines } from '../../queries/review-deadlines';
import { actingAs, CaseReviewReferences } from '../case-review-references';
import { CaseReviewStreams, type Expected } from '../case-review-streams';

export interface InformationRequestsResult {
  reviewId: string;
  version: number;
  requests: Array<{ requestId: string; agencyId: string; dueOn: string }>;
}

/**
 * Asks for information (Sch 4 para 7): with no agency named, one request to every relevant body
 * the partnership has; with one named, a request to that agency (any active agency) as well.
 */
export class RequestCaseReviewInformation extends Command<InformationRequestsResult> {
  constructor(
    readonly actor: Actor,
    readonly reviewId: string,
    readonly input: { askedOn: string; dueOn: string | null; agencyId: string | null },
    readonly metadata: EventMetadata,
    readonly expectedVersion?: Expected,
  ) {
    super();
  }
}

@CommandHandler(RequestCaseReviewInformation)
export class RequestCaseReviewInformationHandler implements ICommandHandler<
  RequestCaseReviewInformation,
  InformationRequestsResult
> {
  constructor(
    private readonly streams: CaseReviewStreams,
    private readonly references: CaseReviewReferences,
    private readonly deadlines: ReviewDeadlines,
    private readonly clock: CaseReviewsClock,
  ) {}

  async execute(c: RequestCaseReviewInformation): Promise<InformationRequestsResult> {
    const partnershipId = c.actor.partnershipId;
    let agencyIds: string[];
    if (c.input.agencyId) {
      await this.references.activeAgencies(partnershipId, [c.input.agencyId]);
      agencyIds = [c.input.agencyId];
    } else agencyIds = (await this.references.relevantBodies(partnershipId)).map((a) => a.agencyId);
    const dueOn = c.input.dueOn ?? this.deadlines.informationDue(c.input.askedOn);
    const requests = agencyIds.map((agencyId) => ({ requestId: newId(), agencyId, dueOn }));
    const outcome = await this.streams.onReview(
      partnershipId,
      c.reviewId,
      async () => ({
        type: 'RequestInformation',
        partnershipId,
        requests,
        askedOn: c.input.askedOn,
        askedByUserId: c.actor.userId,
        now: this.clock.now(),
        today: this.clock.today(),
      }),
      c.metadata,
      c.expectedVersion,
    );
    const asked = outcome.events.flatMap((e) =>
      e.type === 'CaseReviewInformationRequested'
        ? [{ requestId: e.data.requestId, agencyId: e.data.agencyId, dueOn: e.data.dueOn }]
        : [],
    );
    return { reviewId: c.reviewId, version: outcome.version, requests: asked };
  }
}

/** An officer of the asked agency answers: what it supplied, or that it holds nothing. */
export class AnswerCaseReviewInformationRequest extends Command<{ reviewId: string; version: number }> {
  constructor(
    readonly actor: Actor,
    readonly reviewId: string,
    readonly requestId: string,
    readonly input: { answeredOn: string; supplied: { summary: string; reportIds: string[] } | null },
    readonly metadata: EventMetadata,
    readonly expectedVersion?: Expected,
  ) {
    super();
  }
}

@CommandHandler(AnswerCaseReviewInformationRequest)
export class AnswerCaseReviewInformationRequestHandler implements ICommandHandler<
  AnswerCaseReviewInformationRequest,
  { reviewId: string; version: number }
> {
  constructor(
    private readonly streams: CaseReviewStreams,
    private readonly clock: CaseReviewsClock,
  ) {}

  async execute(c: AnswerCaseReviewInformationRequest): Promise<{ reviewId: string; version: number }> {
    const partnershipId = c.actor.partnershipId;
    const outcome = await this.streams.onReview(
      partnershipId,
      c.reviewId,
      async (_review, seal) => {
        const supplied = c.input.supplied;
        if (supplied && !supplied.summary.trim())
          throw new CaseReviewError('CASE_REVIEW.TEXT_REQUIRED', 'Summarise what your agency supplied.');
        return {
          type: 'AnswerInformationRequest',
          partnershipId,
          requestId: c.requestId,
          actor: actingAs(c.actor),
          answeredOn: c.input.answeredOn,
          supplied: supplied ? { summary: await seal(supplied.summary), reportIds: supplied.reportIds } : null,
          now: this.clock.now(),
          today: this.clock.today(),
        };
      },
      c.metadata,
      c.expectedVersion,
    );
    return { reviewId: c.reviewId, version: outcome.version };
  }
}
