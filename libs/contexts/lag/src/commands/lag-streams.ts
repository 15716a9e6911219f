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
  decideMeeting,
  decideReferral,
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
