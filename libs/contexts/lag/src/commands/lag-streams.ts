import { Inject, Injectable } from '@nestjs/common';
import {
  decideInTurn,
  EVENT_STORE,
  handleCommand,
  loadState,
  type CommandOutcome,
  type EventMetadata,
  type EventStore,
  type RecordedEvent,
} from '@hubline/event-store';
import { PersonalDataVault } from '@hubline/privacy';
import {
  decideMeeting,
  decideReferral,
  decideVictimCase,
  evolvePackIssues,
  initialPackIssues,
  issuePack,
  packIssuesStream,
  type IssuePack,
  type PackIssueEvent,
  type PackIssues,
  evolveVictimCase,
  initialVictimCaseState,
  victimCaseStream,
  decideSettings,
  evolveMeeting,
  evolveReferral,
  evolveSettings,
  initialMeetingState,
  initialReferralState,
  initialSettings,
  LagError,
  meetingStream,
  referralStream,
  settingsStream,
  type LagSettings,
  type LagSettingsCommand,
  type LagSettingsEvent,
  type MeetingCommand,
  type MeetingEvent,
  type MeetingState,
  type ReferralCommand,
  type ReferralEvent,
  type ReferralState,
  type Sealed,
} from '../domain';

export type ExistingReferral = Exclude<ReferralState, { status: 'none' }>;
export type Expected = number | 'stream_exists' | undefined;
export type Sealer = (text: string) => Promise<Sealed>;

/** The referral as this partnership sees it: one of another partnership is not found. */
function existingIn(state: ReferralState, partnershipId: string): ExistingReferral {
  if (state.status === 'none' || state.record.partnershipId !== partnershipId)
    throw new LagError('REFERRAL.NOT_FOUND', 'No such referral in your partnership.');
  return state;
}

const referralFold = { initialState: initialReferralState, evolve: evolveReferral };
const meetingFold = { initialState: initialMeetingState, evolve: evolveMeeting };
const settingsFold = { initialState: initialSettings, evolve: evolveSettings };
const packIssuesFold = { initialState: initialPackIssues, evolve: evolvePackIssues };
const victimCaseFold = { initialState: initialVictimCaseState, evolve: evolveVictimCase };

/**
 * The LAG's streams: loading an aggregate, deciding commands against it and appending with the
 * expected version (the client's If-Match, or the version read, retried on a concurrent write).
 */
@Injectable()
export class LagStreams {
  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    private readonly vault: PersonalDataVault,
  ) {}

  /** The referral, or REFERRAL.NOT_FOUND when it does not exist in this partnership. */
  async referral(partnershipId: string, referralId: string): Promise<{ state: ExistingReferral; version: number }> {
    const { state, version } = await loadState(this.store, referralStream(referralId), referralFold);
    return { state: existingIn(state, partnershipId), version };
  }

  async meeting(meetingId: string): Promise<{ state: MeetingState; version: number }> {
    return loadState(this.store, meetingStream(meetingId), meetingFold);
  }

  decideReferral(
    referralId: string,
    commands: ReferralCommand[],
    metadata: EventMetadata,
    expectedVersion?: Expected,
  ): Promise<CommandOutcome<ReferralState, ReferralEvent>> {
    return handleCommand(
      this.store,
      referralStream(referralId),
      referralFold,
      decideInTurn(decideReferral, evolveReferral, commands),
      { metadata, expectedVersion },
    );
  }

  /**
   * Decides on an existing referral of the partnership, reading its stream once per attempt:
   * `prepare` turns the referral into commands (sealing free text with its first victim's key),
   * and the decider rules on them, who may act included. After a concurrent write both run again
   * on the new state. A referral of another partnership is not found, whatever If-Match says.
   */
  onReferral(
    partnershipId: string,
    referralId: string,
    prepare: (referral: ExistingReferral, seal: Sealer) => Promise<ReferralCommand[]>,
    metadata: EventMetadata,
    expectedVersion?: Expected,
  ): Promise<CommandOutcome<ReferralState, ReferralEvent>> {
    return handleCommand(
      this.store,
      referralStream(referralId),
      referralFold,
      async (state) => {
        const referral = existingIn(state, partnershipId);
        return decideInTurn(decideReferral, evolveReferral, await prepare(referral, this.sealerOf(referral)))(state);
      },
      { metadata, expectedVersion, visible: (state) => existingIn(state, partnershipId) },
    );
  }

  decideMeeting(
    meetingId: string,
    commands: MeetingCommand[],
    metadata: EventMetadata,
    expectedVersion?: Expected,
  ): Promise<CommandOutcome<MeetingState, MeetingEvent>> {
    return handleCommand(
      this.store,
      meetingStream(meetingId),
      meetingFold,
      decideInTurn(decideMeeting, evolveMeeting, commands),
      { metadata, expectedVersion },
    );
  }

  /** The meeting's events as stored, for documents built from them (the minutes). */
  meetingEvents(meetingId: string): Promise<RecordedEvent[]> {
    return this.store.readStream(meetingStream(meetingId));
  }

  /** Records the pack issued to an agency (nothing when it holds nothing new for it). */
  issuePack(command: IssuePack, metadata: EventMetadata): Promise<CommandOutcome<PackIssues, PackIssueEvent>> {
    return handleCommand(
      this.store,
      packIssuesStream(command.meetingId),
      packIssuesFold,
      (state) => issuePack(command, state),
      { metadata },
    );
  }

  decideSettings(
    partnershipId: string,
    command: LagSettingsCommand,
    metadata: EventMetadata,
    expectedVersion?: Expected,
  ): Promise<CommandOutcome<LagSettings, LagSettingsEvent>> {
    return handleCommand(
      this.store,
      settingsStream(partnershipId),
      settingsFold,
      (state) => decideSettings(command, state),
      { metadata, expectedVersion },
    );
  }

  /**
   * Reserves each victim (in a fixed order) for the case about to be accepted or reopened, or
   * refuses with LAG.VICTIM_HAS_OPEN_CASE naming the open case; whether the case holding a
   * reservation is open is read from its own stream at the moment of deciding. Returns the victims
   * newly reserved, for the caller to release should the case then not open.
   */
  async reserveVictims(
    partnershipId: string,
    referralId: string,
    victimIds: string[],
    now: string,
    metadata: EventMetadata,
  ): Promise<string[]> {
    const reserved: string[] = [];
    try {
      for (const victimId of [...new Set(victimIds)].sort()) {
        const outcome = await handleCommand(
          this.store,
          victimCaseStream(victimId),
          victimCaseFold,
          async (state) => {
            const holder = state.status === 'reserved' && state.referralId !== referralId ? state.referralId : null;
            const holderOpen = holder ? await this.isOpen(holder) : false;
            return decideVictimCase(
              { type: 'ReserveVictimCase', victimId, partnershipId, referralId, holderOpen, now },
              state,
            );
          },
          { metadata },
        );
        if (outcome.events.length > 0) reserved.push(victimId);
      }
    } catch (error) {
      await this.releaseVictims(partnershipId, referralId, reserved, now, metadata);
      throw error;
    }
    return reserved;
  }

  /** Releases the victims this case holds (nothing for those it does not). */
  async releaseVictims(
    partnershipId: string,
    referralId: string,
    victimIds: string[],
    now: string,
    metadata: EventMetadata,
  ): Promise<void> {
    for (const victimId of [...new Set(victimIds)].sort())
      await handleCommand(
        this.store,
        victimCaseStream(victimId),
        victimCaseFold,
        (state) => decideVictimCase({ type: 'ReleaseVictimCase', victimId, partnershipId, referralId, now }, state),
        { metadata },
      );
  }

  /** Whether a case is open (accepted, not closed) by its own stream: what one open case per victim counts. */
  async isOpen(referralId: string): Promise<boolean> {
    const { state } = await loadState(this.store, referralStream(referralId), referralFold);
    return state.status === 'accepted';
  }

  /**
   * Seals a referral's free text with the data key of its FIRST victim. The case's narratives are
   * about that victim, so forgetting them (destroying their key) erases every narrative of the
   * case — summary, reasons, notes, action descriptions and outcomes, meeting notes — at once.
   * Victims are fixed at referral, so the key never changes during the case's life.
   */
  sealerFor(firstVictimId: string): Sealer {
    return async (text) => (await this.vault.seal(firstVictimId, text)) as Sealed;
  }

  sealerOf(referral: ExistingReferral): Sealer {
    return this.sealerFor(referral.record.victimIds[0]);
  }
}
