import { Inject } from '@nestjs/common';
import { Command, CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import type { Actor } from '@hubline/access';
import { newId, EVENT_STORE, handleCommand, type EventMetadata, type EventStore } from '@hubline/event-store';
import {
  consentStream,
  decideConsent,
  evolveConsent,
  initialConsentState,
  type ConsentCommand,
  type ConsentEvent,
  type ConsentMethod,
  type ConsentRecipients,
  type ConsentState,
} from '../../domain';
import { SharingClock } from '../../sharing-clock';
import { SharingReferences } from '../sharing-references';

const fold = { initialState: initialConsentState, evolve: evolveConsent };

export interface RecordConsentInput {
  personId: string;
  givenBy: Extract<ConsentCommand, { type: 'Record' }>['givenBy'];
  recipients: { kind: 'agencies'; agencyIds: string[] } | { kind: 'lag_partners'; localityId: string };
  purposes: string[];
  dataCategories: string[];
  obtained: ConsentMethod;
  givenAt: string | null;
  expiresAt: string | null;
}

/** An agency records a person's consent; the recording user and agency are the actor's. */
export class RecordConsent extends Command<{ consentId: string; version: number }> {
  constructor(
    readonly actor: Actor,
    readonly input: RecordConsentInput,
    readonly metadata: EventMetadata,
    readonly consentId: string = newId(),
  ) {
    super();
  }
}

@CommandHandler(RecordConsent)
export class RecordConsentHandler implements ICommandHandler<RecordConsent, { consentId: string; version: number }> {
  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    private readonly references: SharingReferences,
    private readonly clock: SharingClock,
  ) {}

  async execute({ actor, input, metadata, consentId }: RecordConsent): Promise<{ consentId: string; version: number }> {
    const partnershipId = actor.partnershipId;
    await this.references.activePeople(partnershipId, [input.personId]);
    let recipients: ConsentRecipients;
    if (input.recipients.kind === 'agencies') {
      await this.references.activeAgencies(partnershipId, input.recipients.agencyIds);
      recipients = input.recipients;
    } else {
      recipients = {
        kind: 'lag_partners',
        localityId: input.recipients.localityId,
        agencyIds: await this.references.lagPartners(partnershipId, input.recipients.localityId),
      };
    }
    const now = this.clock.now();
    const command: ConsentCommand = {
      type: 'Record',
      consentId,
      partnershipId,
      personId: input.personId,
      givenBy: input.givenBy,
      recipients,
      purposes: input.purposes,
      dataCategories: input.dataCategories,
      obtained: input.obtained,
      recordedByUserId: actor.userId,
      recordedByAgencyId: actor.agencyId,
      givenAt: input.givenAt ?? now,
      expiresAt: input.expiresAt,
      now,
    };
    const outcome = await handleCommand<ConsentState, ConsentEvent>(
      this.store,
      consentStream(consentId),
      fold,
      (state) => decideConsent(command, state),
      { metadata },
    );
    return { consentId, version: outcome.version };
  }
}

/** The person withdraws consent; it stops covering disclosures from this moment. */
export class WithdrawConsent extends Command<{ version: number }> {
  constructor(
    readonly actor: Actor,
    readonly consentId: string,
    readonly method: ConsentMethod,
    readonly metadata: EventMetadata,
    readonly expectedVersion?: number | 'stream_exists',
  ) {
    super();
  }
}

@CommandHandler(WithdrawConsent)
export class WithdrawConsentHandler implements ICommandHandler<WithdrawConsent, { version: number }> {
  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    private readonly clock: SharingClock,
  ) {}

  async execute({
    actor,
    consentId,
    method,
    metadata,
    expectedVersion,
  }: WithdrawConsent): Promise<{ version: number }> {
    const command: ConsentCommand = {
      type: 'Withdraw',
      partnershipId: actor.partnershipId,
      method,
      recordedByUserId: actor.userId,
      recordedByAgencyId: actor.agencyId,
      now: this.clock.now(),
    };
    const outcome = await handleCommand<ConsentState, ConsentEvent>(
      this.store,
      consentStream(consentId),
      fold,
      (state) => decideConsent(command, state),
      { metadata, expectedVersion },
    );
    return { version: outcome.version };
  }
}
