import { Command, CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import type { Actor } from '@hubline/access';
import { newId, type EventMetadata } from '@hubline/event-store';
import type { ApplicantInput, ApplicationRoute } from '../../domain';
import { CaseReviewsClock } from '../../case-reviews-clock';
import { CaseReviewReferences } from '../case-review-references';
import { CaseReviewStreams } from '../case-review-streams';

export interface ApplyInput {
  route: ApplicationRoute;
  receivedOn: string;
  applicant:
    | { kind: 'victim' }
    | { kind: 'on_behalf'; name: string; relationship: string; consentId: string | null }
    | { kind: 'business' | 'community_group'; name: string };
  victimPersonId: string | null;
  wardId: string | null;
}

export interface ReviewChanged {
  reviewId: string;
  version: number;
  status: string;
}

/** The single point of contact records an application for an ASB Case Review. */
export class ApplyForCaseReview extends Command<ReviewChanged> {
  constructor(
    readonly actor: Actor,
    readonly input: ApplyInput,
    readonly metadata: EventMetadata,
    readonly reviewId: string = newId(),
  ) {
    super();
  }
}

/**
 * Checks the victim, the ward and (for an application on the victim's behalf) the consent in the
 * consent ledger; seals the representative's name with the victim's key (or, with no victim, a
 * key of the review itself); records the application.
 */
@CommandHandler(ApplyForCaseReview)
export class ApplyForCaseReviewHandler implements ICommandHandler<ApplyForCaseReview, ReviewChanged> {
  constructor(
    private readonly streams: CaseReviewStreams,
    private readonly references: CaseReviewReferences,
    private readonly clock: CaseReviewsClock,
  ) {}

  async execute({ actor, input, metadata, reviewId }: ApplyForCaseReview): Promise<ReviewChanged> {
    const partnershipId = actor.partnershipId;
    const now = this.clock.now();
    if (input.victimPersonId) await this.references.activePerson(partnershipId, input.victimPersonId);
    if (input.wardId) await this.references.ward(partnershipId, input.wardId);
    const a = input.applicant;
    let consentChecked = false;
    if (a.kind === 'on_behalf' && a.consentId && input.victimPersonId) {
      await this.references.consentCovers(partnershipId, a.consentId, input.victimPersonId, now);
      consentChecked = true;
    }
    const sealedWith = input.victimPersonId ?? reviewId;
    let applicant: ApplicantInput;
    if (a.kind === 'on_behalf') {
      if (!input.victimPersonId) applicant = { ...a, name: null };
      else applicant = { ...a, name: a.name.trim() ? await this.streams.sealerFor(sealedWith)(a.name.trim()) : null };
    } else applicant = a;
    if (!input.victimPersonId && (a.kind === 'business' || a.kind === 'community_group'))
      await this.streams.createReviewKey(reviewId, partnershipId);
    const outcome = await this.streams.create(
      reviewId,
      {
        type: 'ApplyForReview',
        reviewId,
        partnershipId,
        route: input.route,
        receivedOn: input.receivedOn,
        applicant,
        victimPersonId: input.victimPersonId,
        wardId: input.wardId,
        consentChecked,
        sealedWith,
        recordedByUserId: actor.userId,
        coordinatorAgencyId: actor.agencyId,
        now,
        today: this.clock.today(),
      },
      metadata,
    );
    return { reviewId, version: outcome.version, status: outcome.state.status };
  }
}
