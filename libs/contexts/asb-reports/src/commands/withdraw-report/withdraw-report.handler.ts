import { Command, CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import type { Actor } from '@hubline/access';
import type { EventMetadata } from '@hubline/event-store';
import { AsbClock } from '../../asb-clock';
import type { WithdrawalReason } from '../../domain';
import { AsbStreams, type Expected } from '../asb-streams';

/** The receiving agency withdraws a report recorded in error; it stays on record as withdrawn. */
export class WithdrawAsbReport extends Command<{ reportId: string; version: number }> {
  constructor(
    readonly actor: Actor,
    readonly reportId: string,
    readonly reason: WithdrawalReason,
    readonly metadata: EventMetadata,
    readonly expectedVersion?: Expected,
  ) {
    super();
  }
}

@CommandHandler(WithdrawAsbReport)
export class WithdrawAsbReportHandler implements ICommandHandler<WithdrawAsbReport> {
  constructor(
    private readonly streams: AsbStreams,
    private readonly clock: AsbClock,
  ) {}

  async execute(c: WithdrawAsbReport): Promise<{ reportId: string; version: number }> {
    const partnershipId = c.actor.partnershipId;
    const outcome = await this.streams.decideReport(
      c.reportId,
      [
        {
          type: 'WithdrawReport',
          reportId: c.reportId,
          partnershipId,
          reason: c.reason,
          actor: { userId: c.actor.userId, agencyId: c.actor.agencyId },
          now: this.clock.now(),
        },
      ],
      c.metadata,
      { expectedVersion: c.expectedVersion, partnershipId },
    );
    return { reportId: c.reportId, version: outcome.version };
  }
}
