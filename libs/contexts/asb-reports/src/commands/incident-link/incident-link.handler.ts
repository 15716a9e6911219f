import { Command, CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import type { Actor } from '@hubline/access';
import type { EventMetadata } from '@hubline/event-store';
import { AsbClock } from '../../asb-clock';
import type { UnlinkReason } from '../../domain';
import { AsbReadModel } from '../../queries/asb-read-model';
import { AsbStreams, type Expected } from '../asb-streams';

export interface IncidentLinkResult {
  reportId: string;
  incidentId: string;
  version: number;
}

/** The receiving agency says its report tells of the same incident as another report. */
export class LinkAsbReport extends Command<IncidentLinkResult> {
  constructor(
    readonly actor: Actor,
    readonly reportId: string,
    readonly sameIncidentAsReportId: string,
    readonly metadata: EventMetadata,
    readonly expectedVersion?: Expected,
  ) {
    super();
  }
}

/** A wrong link is undone: the report is its own incident again. */
export class UnlinkAsbReport extends Command<IncidentLinkResult> {
  constructor(
    readonly actor: Actor,
    readonly reportId: string,
    readonly reason: UnlinkReason,
    readonly metadata: EventMetadata,
    readonly expectedVersion?: Expected,
  ) {
    super();
  }
}

/**
 * Reads the other report's incident from its own stream (not a read model), and whether other
 * reports joined this one's incident, then lets the report decider rule (who may, and whether the
 * link makes sense).
 */
@CommandHandler(LinkAsbReport)
export class LinkAsbReportHandler implements ICommandHandler<LinkAsbReport, IncidentLinkResult> {
  constructor(
    private readonly streams: AsbStreams,
    private readonly readModel: AsbReadModel,
    private readonly clock: AsbClock,
  ) {}

  async execute(c: LinkAsbReport): Promise<IncidentLinkResult> {
    const partnershipId = c.actor.partnershipId;
    // Not found before anything else: the report must be this partnership's.
    await this.streams.report(partnershipId, c.reportId);
    const target = await this.streams.report(partnershipId, c.sameIncidentAsReportId);
    const othersShareThisIncident = await this.readModel.othersShareIncidentOf(c.reportId);
    const outcome = await this.streams.decideReport(
      c.reportId,
      [
        {
          type: 'LinkToIncident',
          reportId: c.reportId,
          partnershipId,
          target: {
            reportId: c.sameIncidentAsReportId,
            incidentId: target.state.record.incidentId,
            withdrawn: target.state.status === 'withdrawn',
          },
          othersShareThisIncident,
          actor: { userId: c.actor.userId, agencyId: c.actor.agencyId },
          now: this.clock.now(),
        },
      ],
      c.metadata,
      { expectedVersion: c.expectedVersion, partnershipId },
    );
    if (outcome.state.status === 'none') throw new Error('linked report vanished');
    return { reportId: c.reportId, incidentId: outcome.state.record.incidentId, version: outcome.version };
  }
}

@CommandHandler(UnlinkAsbReport)
export class UnlinkAsbReportHandler implements ICommandHandler<UnlinkAsbReport, IncidentLinkResult> {
  constructor(
    private readonly streams: AsbStreams,
    private readonly clock: AsbClock,
  ) {}

  async execute(c: UnlinkAsbReport): Promise<IncidentLinkResult> {
    const partnershipId = c.actor.partnershipId;
    const outcome = await this.streams.decideReport(
      c.reportId,
      [
        {
          type: 'UnlinkFromIncident',
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
    if (outcome.state.status === 'none') throw new Error('unlinked report vanished');
    return { reportId: c.reportId, incidentId: outcome.state.record.incidentId, version: outcome.version };
  }
}
