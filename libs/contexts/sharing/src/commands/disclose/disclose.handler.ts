import { Inject } from '@nestjs/common';
import { Command, CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import type { Actor } from '@hubline/access';
import {
  newId,
  EVENT_STORE,
  handleCommand,
  loadState,
  type EventMetadata,
  type EventStore,
} from '@hubline/event-store';
import { PersonalDataVault } from '@hubline/privacy';
import {
  agreementStream,
  agreementTerms,
  consentStream,
  consentTerms,
  decideDisclosure,
  disclosureStream,
  evolveAgreement,
  evolveConsent,
  evolveDisclosure,
  initialAgreementState,
  initialConsentState,
  initialDisclosureState,
  type BasisClaim,
  type BasisEvidence,
  type DisclosureEvent,
  type DisclosureFlag,
  type DisclosureState,
  type Sealed,
} from '../../domain';
import { SharingClock } from '../../sharing-clock';
import { SharingReferences } from '../sharing-references';

export interface DiscloseInput {
  recipientAgencyIds: string[];
  personIds: string[];
  dataCategories: string[];
  purpose: string;
  case: { type: string; id: string } | null;
  basis:
    | { kind: 'consent'; consentId: string }
    | { kind: 'gateway'; gateway: string; agreementId: string; justification: string | null }
    | { kind: 'vital_interests'; justification: string | null };
}

export interface DiscloseResult {
  disclosureId: string;
  version: number;
  disclosedAt: string;
  flags: DisclosureFlag[];
}

/** The actor's agency discloses information about people to other agencies, on a stated basis. */
export class RecordDisclosure extends Command<DiscloseResult> {
  constructor(
    readonly actor: Actor,
    readonly input: DiscloseInput,
    readonly metadata: EventMetadata,
    readonly disclosureId: string = newId(),
  ) {
    super();
  }
}

/**
 * Checks the people, recipients and that the agency holds the records, then reads the consent or
 * agreement the basis names from its own stream (the read model may lag; a withdrawal a moment
 * ago must already count) and lets the decider judge the basis at this very instant. The
 * justification is sealed with the first person's key, so forgetting them erases it.
 */
@CommandHandler(RecordDisclosure)
export class RecordDisclosureHandler implements ICommandHandler<RecordDisclosure, DiscloseResult> {
  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    private readonly references: SharingReferences,
    private readonly vault: PersonalDataVault,
    private readonly clock: SharingClock,
  ) {}

  async execute({ actor, input, metadata, disclosureId }: RecordDisclosure): Promise<DiscloseResult> {
    const partnershipId = actor.partnershipId;
    await this.references.activePeople(partnershipId, input.personIds);
    await this.references.activeAgencies(partnershipId, input.recipientAgencyIds);
    await this.references.heldBy(actor, input.personIds);

    const basis = await this.claimOf(input);
    // The moment of disclosure is fixed before the evidence is read, so that every withdrawal or
    // termination already stored by then is in the evidence the basis is judged on.
    const now = this.clock.now();
    const evidence = await this.evidenceFor(basis, partnershipId);
    const outcome = await handleCommand<DisclosureState, DisclosureEvent>(
      this.store,
      disclosureStream(disclosureId),
      { initialState: initialDisclosureState, evolve: evolveDisclosure },
      (state) =>
        decideDisclosure(
          {
            type: 'Disclose',
            disclosureId,
            partnershipId,
            fromAgencyId: actor.agencyId,
            recipientAgencyIds: input.recipientAgencyIds,
            personIds: input.personIds,
            dataCategories: input.dataCategories,
            purpose: input.purpose,
            case: input.case,
            byUserId: actor.userId,
            basis,
            evidence,
            now,
          },
          state,
        ),
      { metadata },
    );
    const [event] = outcome.events;
    return { disclosureId, version: outcome.version, disclosedAt: event.data.disclosedAt, flags: event.data.flags };
  }

  private async claimOf(input: DiscloseInput): Promise<BasisClaim> {
    const basis = input.basis;
    if (basis.kind === 'consent') return basis;
    // Blank text is no justification; the decider refuses it with SHARING.JUSTIFICATION_REQUIRED.
    const text = basis.justification?.trim() ? basis.justification : null;
    const justification = text ? ((await this.vault.seal(input.personIds[0], text)) as Sealed) : null;
    return basis.kind === 'gateway'
      ? { kind: 'gateway', gateway: basis.gateway, agreementId: basis.agreementId, justification }
      : { kind: 'vital_interests', justification };
  }

  private async evidenceFor(basis: BasisClaim, partnershipId: string): Promise<BasisEvidence> {
    if (basis.kind === 'consent') {
      const { state } = await loadState(this.store, consentStream(basis.consentId), {
        initialState: initialConsentState,
        evolve: evolveConsent,
      });
      return { consent: consentTerms(state, partnershipId), agreement: null };
    }
    if (basis.kind === 'gateway') {
      const { state } = await loadState(this.store, agreementStream(basis.agreementId), {
        initialState: initialAgreementState,
        evolve: evolveAgreement,
      });
      return { consent: null, agreement: agreementTerms(state, partnershipId) };
    }
    return { consent: null, agreement: null };
  }
}
