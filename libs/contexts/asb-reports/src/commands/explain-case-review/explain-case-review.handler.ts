import { Command, CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import type { Actor } from '@hubline/access';
import type { EventMetadata } from '@hubline/event-store';
import { ReadYourWrites } from '@hubline/projections';
import { AsbClock } from '../../asb-clock';
import { AsbError, type ExplanationMethod } from '../../domain';
import { AsbReadModel } from '../../queries/asb-read-model';
import { AsbStreams, type Expected } from '../asb-streams';

export interface ExplainCaseReviewInput {
  how: ExplanationMethod;
  explainedOn: string;
}

/** An officer of the agency that owes it records that the Case Review was explained to the victim. */
export class ExplainCaseReview extends Command<{ dutyId: string; version: number }> {
  constructor(
    readonly actor: Actor,
    readonly dutyId: string,
    readonly input: ExplainCaseReviewInput,
    readonly metadata: EventMetadata,
    readonly expectedVersion?: Expected,
  ) {
    super();
  }
}

/**
 * Finds whose duty it is in the explanations read model (waiting for it to catch up, so a duty
 * just shown counts), then decides on the victim's stream, where the duty and its explanation live.
 */
@CommandHandler(ExplainCaseReview)
export class ExplainCaseReviewHandler implements ICommandHandler<ExplainCaseReview> {
  constructor(
    private readonly streams: AsbStreams,
    private readonly readModel: AsbReadModel,
    private readonly fresh: ReadYourWrites,
    private readonly clock: AsbClock,
  ) {}

  async execute(c: ExplainCaseReview): Promise<{ dutyId: string; version: number }> {
    const partnershipId = c.actor.partnershipId;
    const duty = await this.fresh.check(async () => {
      const found = await this.readModel.explanation(partnershipId, c.dutyId);
      if (!found)
        throw new AsbError('CASE_REVIEW_EXPLANATION.NOT_FOUND', 'No such Case Review explanation in your partnership.');
      return found;
    });
    const outcome = await this.streams.decideVictim(
      duty.victimPersonId,
      {
        type: 'ExplainCaseReview',
        dutyId: c.dutyId,
        partnershipId,
        victimPersonId: duty.victimPersonId,
        how: c.input.how,
        explainedOn: c.input.explainedOn,
        actor: { userId: c.actor.userId, agencyId: c.actor.agencyId },
        now: this.clock.now(),
        today: this.clock.today(),
      },
      c.metadata,
      c.expectedVersion,
    );
    return { dutyId: c.dutyId, version: outcome.version };
  }
}
