import { Inject, Injectable } from '@nestjs/common';
import {
  decideInTurn,
  EVENT_STORE,
  handleCommand,
  loadState,
  type CommandOutcome,
  type EventMetadata,
  type EventStore,
} from '@hubline/event-store';
import { PersonalDataVault } from '@hubline/privacy';
import {
  decideReport,
  decideVictim,
  evolveReport,
  evolveVictim,
  existingReport,
  initialReportState,
  initialVictimState,
  reportStream,
  victimStream,
  type ExistingReport,
  type ExplanationEvent,
  type ReportCommand,
  type ReportEvent,
  type ReportState,
  type Sealed,
  type VictimCommand,
  type VictimEvent,
  type VictimState,
} from '../domain';

export type Expected = number | 'stream_exists' | undefined;

const reportFold = { initialState: initialReportState, evolve: evolveReport };
const victimFold = {
  initialState: initialVictimState,
  evolve: (state: VictimState, event: ExplanationEvent) => evolveVictim(state, event as VictimEvent),
};

/**
 * The context's streams: a report's (`asb-report-<id>`) and a victim's (`asb-victim-<personId>`),
 * each decided and appended with the expected revision (the client's If-Match, or the version
 * read, retried on a concurrent write); and the sealing of narratives.
 */
@Injectable()
export class AsbStreams {
  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    private readonly vault: PersonalDataVault,
  ) {}

  /** The report as its own stream folds it now, or ASB_REPORT.NOT_FOUND in this partnership. */
  async report(partnershipId: string, reportId: string): Promise<{ state: ExistingReport; version: number }> {
    const { state, version } = await loadState(this.store, reportStream(reportId), reportFold);
    return { state: existingReport(state, partnershipId), version };
  }

  decideReport(
    reportId: string,
    commands: ReportCommand[],
    metadata: EventMetadata,
    options: { expectedVersion?: Expected; partnershipId?: string } = {},
  ): Promise<CommandOutcome<ReportState, ReportEvent>> {
    const { partnershipId } = options;
    return handleCommand(
      this.store,
      reportStream(reportId),
      reportFold,
      decideInTurn(decideReport, evolveReport, commands),
      {
        metadata,
        expectedVersion: options.expectedVersion,
        // A report of another partnership is not found, whatever If-Match says.
        ...(partnershipId ? { visible: (state: ReportState) => existingReport(state, partnershipId) } : {}),
      },
    );
  }

  decideVictim(
    victimPersonId: string,
    command: VictimCommand,
    metadata: EventMetadata,
    expectedVersion?: Expected,
  ): Promise<CommandOutcome<VictimState, ExplanationEvent>> {
    return handleCommand(
      this.store,
      victimStream(victimPersonId),
      victimFold,
      (state) => decideVictim(command, state),
      { metadata, expectedVersion },
    );
  }

  /**
   * Seals a report's narrative with the key of the person it is about: the victim, else a person
   * reporter. A business or group report with no person has a key of its own, created here and
   * named by the report's id (decision 0023).
   */
  async seal(
    keyHolder: string | null,
    reportId: string,
    partnershipId: string,
    text: string,
  ): Promise<{ sealed: Sealed; sealedWith: string }> {
    if (keyHolder === null) await this.vault.createKey(reportId, partnershipId);
    const sealedWith = keyHolder ?? reportId;
    return { sealed: (await this.vault.seal(sealedWith, text)) as Sealed, sealedWith };
  }
}
