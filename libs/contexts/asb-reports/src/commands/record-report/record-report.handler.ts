import { Command, CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import type { Actor } from '@hubline/access';
import { newId, type EventMetadata } from '@hubline/event-store';
import { AsbClock } from '../../asb-clock';
import { narrativeKeyHolder, victimOf, type AsbCategory, type ReportCommand, type Reporter } from '../../domain';
import { AsbReferences } from '../asb-references';
import { AsbStreams } from '../asb-streams';

export interface RecordAsbReportInput {
  agencyReference: string;
  reporter: Reporter;
  /** Omitted: a person reporter is the victim. Null: no person (a business or group report). */
  victimPersonId?: string | null;
  behaviourOn: string;
  behaviourTo: string | null;
  reportedOn: string;
  category: AsbCategory;
  protectedCharacteristics: string[];
  ward: string;
  alleged: string[];
  narrative: string;
  /** Another report of the same incident, linked on record. */
  sameIncidentAsReportId: string | null;
}

export interface RecordAsbReportResult {
  reportId: string;
  incidentId: string;
  version: number;
}

/** The actor's agency receives and records a report of ASB or a hate incident. */
export class RecordAsbReport extends Command<RecordAsbReportResult> {
  constructor(
    readonly actor: Actor,
    readonly input: RecordAsbReportInput,
    readonly metadata: EventMetadata,
    readonly reportId: string = newId(),
  ) {
    super();
  }
}

/**
 * Checks what the decider cannot see (the agency, ward and people), seals the narrative with the
 * victim's key (else the reporter's, else the report's own) and records the report, linked on
 * record to another report's incident when the officer says so.
 */
@CommandHandler(RecordAsbReport)
export class RecordAsbReportHandler implements ICommandHandler<RecordAsbReport, RecordAsbReportResult> {
  constructor(
    private readonly streams: AsbStreams,
    private readonly references: AsbReferences,
    private readonly clock: AsbClock,
  ) {}

  async execute({ actor, input, metadata, reportId }: RecordAsbReport): Promise<RecordAsbReportResult> {
    const partnershipId = actor.partnershipId;
    await this.references.activeAgency(partnershipId, actor.agencyId);
    await this.references.ward(partnershipId, input.ward);
    const victimPersonId = victimOf(input.reporter, input.victimPersonId);
    const named = [
      ...(input.reporter.kind === 'person' ? [input.reporter.personId] : []),
      ...(victimPersonId ? [victimPersonId] : []),
      ...input.alleged,
    ];
    await this.references.activePeople(partnershipId, named);
    const target = input.sameIncidentAsReportId
      ? await this.streams.report(partnershipId, input.sameIncidentAsReportId)
      : null;
    const { sealed, sealedWith } = await this.streams.seal(
      narrativeKeyHolder(input.reporter, victimPersonId),
      reportId,
      partnershipId,
      input.narrative,
    );
    const now = this.clock.now();
    const commands: ReportCommand[] = [
      {
        type: 'RecordReport',
        reportId,
        partnershipId,
        agencyId: actor.agencyId,
        agencyReference: input.agencyReference,
        reporter: input.reporter,
        victimPersonId,
        behaviourOn: input.behaviourOn,
        behaviourTo: input.behaviourTo,
        reportedOn: input.reportedOn,
        category: input.category,
        protectedCharacteristics: input.protectedCharacteristics,
        ward: input.ward,
        alleged: input.alleged,
        narrative: sealed,
        sealedWith,
        sameIncidentAs: target
          ? {
              reportId: input.sameIncidentAsReportId!,
              incidentId: target.state.record.incidentId,
              withdrawn: target.state.status === 'withdrawn',
            }
          : null,
        recordedByUserId: actor.userId,
        now,
        today: this.clock.today(),
      },
    ];
    const outcome = await this.streams.decideReport(reportId, commands, metadata);
    if (outcome.state.status === 'none') throw new Error('report decided without AsbReportRecorded');
    return { reportId, incidentId: outcome.state.record.incidentId, version: outcome.version };
  }
}
