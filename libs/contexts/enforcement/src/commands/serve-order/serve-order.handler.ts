import { Command, CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import type { Actor } from '@hubline/access';
import { newId, type EventMetadata } from '@hubline/event-store';
import {
  EnforcementError,
  type IssuerKind,
  type OrderKind,
  type OrderParticulars,
  type PriorWarning,
} from '../../domain';
import { EnforcementClock } from '../../enforcement-clock';
import { EnforcementReferences } from '../enforcement-references';
import { EnforcementStreams } from '../enforcement-streams';

export interface ServeOrderInput {
  kind: OrderKind;
  personId: string;
  agencyReference: string;
  servedOn: string;
  expiresOn: string | null;
  lagCaseId: string | null;
  particulars: Partial<OrderParticulars>;
  /** In clear until sealed here; null for a penalty notice. */
  conditions: string | null;
}

export interface ServeOrderResult {
  orderId: string;
  version: number;
}

/** The actor's agency records an order it served (or, for a court order, obtained) on a registered person. */
export class ServeEnforcementOrder extends Command<ServeOrderResult> {
  constructor(
    readonly actor: Actor,
    readonly input: ServeOrderInput,
    readonly metadata: EventMetadata,
    readonly orderId: string = newId(),
  ) {
    super();
  }
}

/**
 * Checks what the decider cannot see (the agency's kind, the person, the LAG case, the CPW a CPN
 * follows), seals the conditions with the person's key and records the order.
 */
@CommandHandler(ServeEnforcementOrder)
export class ServeEnforcementOrderHandler implements ICommandHandler<ServeEnforcementOrder, ServeOrderResult> {
  constructor(
    private readonly streams: EnforcementStreams,
    private readonly references: EnforcementReferences,
    private readonly clock: EnforcementClock,
  ) {}

  async execute({ actor, input, metadata, orderId }: ServeEnforcementOrder): Promise<ServeOrderResult> {
    const partnershipId = actor.partnershipId;
    const agencyKind = await this.references.activeAgencyKind(partnershipId, actor.agencyId);
    await this.references.activePerson(partnershipId, input.personId);
    if (input.lagCaseId) await this.references.lagCaseNaming(partnershipId, input.lagCaseId, input.personId);
    const priorWarning = input.particulars.warningOrderId
      ? await this.priorWarning(partnershipId, input.particulars.warningOrderId)
      : null;
    // Sealed even where the kind has none (nothing is kept): the decider refuses them there.
    const conditions = input.conditions === null ? null : await this.streams.seal(input.personId, input.conditions);
    const outcome = await this.streams.decideOrder(
      orderId,
      {
        type: 'ServeOrder',
        orderId,
        partnershipId,
        kind: input.kind,
        personId: input.personId,
        agencyId: actor.agencyId,
        agencyKind: agencyKind as IssuerKind,
        agencyReference: input.agencyReference,
        servedOn: input.servedOn,
        expiresOn: input.expiresOn,
        lagCaseId: input.lagCaseId,
        particulars: input.particulars,
        priorWarning,
        conditions,
        servedByUserId: actor.userId,
        now: this.clock.now(),
        today: this.clock.today(),
      },
      metadata,
    );
    return { orderId, version: outcome.version };
  }

  private async priorWarning(partnershipId: string, warningOrderId: string): Promise<PriorWarning | null> {
    try {
      const { state } = await this.streams.order(partnershipId, warningOrderId);
      return {
        orderId: warningOrderId,
        kind: state.record.kind,
        personId: state.record.personId,
        servedOn: state.record.servedOn,
        discharged: state.status === 'discharged',
      };
    } catch (error) {
      // Not an order of the partnership: the decider says a warning is required.
      if (error instanceof EnforcementError && error.code === 'ORDER.NOT_FOUND') return null;
      throw error;
    }
  }
}
