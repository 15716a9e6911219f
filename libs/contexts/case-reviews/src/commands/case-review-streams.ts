import { Inject, Injectable } from '@nestjs/common';
import {
  EVENT_STORE,
  handleCommand,
  loadState,
  type CommandOutcome,
  type EventMetadata,
  type EventStore,
} from '@hubline/event-store';
import { PersonalDataVault } from '@hubline/privacy';
import {
  CaseReviewError,
  caseReviewSettingsStream,
  caseReviewStream,
  decide,
  decideCaseReviewSettings,
  evolve,
  evolveCaseReviewSettings,
  initialCaseReviewSettings,
  initialState,
  type CaseReviewCommand,
  type CaseReviewEvent,
  type CaseReviewSettings,
  type CaseReviewSettingsCommand,
  type CaseReviewSettingsEvent,
  type CaseReviewState,
  type ExistingReview,
  type Sealed,
} from '../domain';

export type Expected = number | 'stream_exists' | undefined;
export type Sealer = (text: string) => Promise<Sealed>;

const reviewFold = { initialState, evolve };
const settingsFold = { initialState: initialCaseReviewSettings, evolve: evolveCaseReviewSettings };

function existingIn(state: CaseReviewState, partnershipId: string): ExistingReview {
  if (state.status === 'none' || state.record.partnershipId !== partnershipId)
    throw new CaseReviewError('CASE_REVIEW.NOT_FOUND', 'No such case review in your partnership.');
  return state;
}

/**
 * The context's streams: a review, decided with its expected version (the client's If-Match, or
 * the version read, retried on a concurrent write); and the partnership's settings.
 */
@Injectable()
export class CaseReviewStreams {
  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    private readonly vault: PersonalDataVault,
  ) {}

  async review(partnershipId: string, reviewId: string): Promise<{ state: ExistingReview; version: number }> {
    const { state, version } = await loadState(this.store, caseReviewStream(reviewId), reviewFold);
    return { state: existingIn(state, partnershipId), version };
  }

  async settings(partnershipId: string): Promise<{ settings: CaseReviewSettings; version: number }> {
    const { state, version } = await loadState(this.store, caseReviewSettingsStream(partnershipId), settingsFold);
    return { settings: state, version };
  }

  /** A new review: its stream must not exist. */
  create(
    reviewId: string,
    command: CaseReviewCommand,
    metadata: EventMetadata,
  ): Promise<CommandOutcome<CaseReviewState, CaseReviewEvent>> {
    return handleCommand(this.store, caseReviewStream(reviewId), reviewFold, (state) => decide(command, state), {
      metadata,
    });
  }

  /**
   * Decides on an existing review of the partnership, reading its stream once per attempt:
   * `prepare` turns the review into the command (sealing free text with the review's key); after
   * a concurrent write both run again. A review of another partnership is not found, whatever If-Match says.
   */
  onReview(
    partnershipId: string,
    reviewId: string,
    prepare: (review: ExistingReview, seal: Sealer) => Promise<CaseReviewCommand>,
    metadata: EventMetadata,
    expectedVersion?: Expected,
  ): Promise<CommandOutcome<CaseReviewState, CaseReviewEvent>> {
    return handleCommand(
      this.store,
      caseReviewStream(reviewId),
      reviewFold,
      async (state) => {
        const review = existingIn(state, partnershipId);
        return decide(await prepare(review, this.sealerFor(review.record.sealedWith)), state);
      },
      { metadata, expectedVersion, visible: (state) => existingIn(state, partnershipId) },
    );
  }

  decideSettings(
    partnershipId: string,
    command: CaseReviewSettingsCommand,
    metadata: EventMetadata,
    expectedVersion?: Expected,
  ): Promise<CommandOutcome<CaseReviewSettings, CaseReviewSettingsEvent>> {
    return handleCommand(
      this.store,
      caseReviewSettingsStream(partnershipId),
      settingsFold,
      (state) => decideCaseReviewSettings(command, state),
      { metadata, expectedVersion },
    );
  }

  /**
   * Seals a review's free text with the key it names: the victim's, so that forgetting the victim
   * erases every narrative of the review; or, for a business or group with no victim, the
   * review's own key.
   */
  sealerFor(keyId: string): Sealer {
    return async (text) => (await this.vault.seal(keyId, text)) as Sealed;
  }

  /** Creates the review's own key (a business or group applying with no victim). */
  async createReviewKey(reviewId: string, partnershipId: string): Promise<void> {
    await this.vault.createKey(reviewId, partnershipId);
  }
}
