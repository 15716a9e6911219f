import { Command, CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import type { Actor } from '@hubline/access';
import { newId, type EventMetadata } from '@hubline/event-store';
import type { OrderCommand } from '../../domain';
import { EnforcementClock } from '../../enforcement-clock';
import { EnforcementStreams, type Expected } from '../enforcement-streams';

/** What changes an order, as the HTTP edge (or the seed) gives it: texts in clear until sealed here. */
export type OrderChange =
  | { type: 'vary'; variedOn: string; expiresOn?: string | null; conditions: string | null; court: string | null }
  | { type: 'discharge'; dischargedOn: string; reason: string }
  | { type: 'breach'; occurredOn: string; whatHappened: string; response: string }
  | { type: 'respond'; breachId: string; response: string; respondedOn: string };

export interface OrderChangeResult {
  orderId: string;
  version: number;
  /** A new breach's id. */
  breachId?: string;
}

export class ChangeEnforcementOrder extends Command<OrderChangeResult> {
  constructor(
    readonly actor: Actor,
    readonly orderId: string,
    readonly change: OrderChange,
    readonly metadata: EventMetadata,
    readonly expectedVersion?: Expected,
    readonly breachId: string = newId(),
  ) {
    super();
  }
}

/**
 * A variation, a discharge, a breach or a breach's response: the texts are sealed with the key of
 * the person the order was served on (read from the order's own stream), then decided against it.
 */
@CommandHandler(ChangeEnforcementOrder)
export class ChangeEnforcementOrderHandler implements ICommandHandler<ChangeEnforcementOrder, OrderChangeResult> {
  constructor(
    private readonly streams: EnforcementStreams,
    private readonly clock: EnforcementClock,
  ) {}

  async execute(c: ChangeEnforcementOrder): Promise<OrderChangeResult> {
    const partnershipId = c.actor.partnershipId;
    const { state } = await this.streams.order(partnershipId, c.orderId);
    const personId = state.record.personId;
    const base = {
      orderId: c.orderId,
      partnershipId,
      actor: { userId: c.actor.userId, agencyId: c.actor.agencyId },
      now: this.clock.now(),
      today: this.clock.today(),
    };
    const change = c.change;
    let command: OrderCommand;
    switch (change.type) {
      case 'vary':
        command = {
          ...base,
          type: 'VaryOrder',
          variedOn: change.variedOn,
          ...(change.expiresOn !== undefined ? { expiresOn: change.expiresOn } : {}),
          conditions: change.conditions === null ? null : await this.streams.seal(personId, change.conditions),
          court: change.court,
        };
        break;
      case 'discharge':
        command = { ...base, type: 'DischargeOrder', dischargedOn: change.dischargedOn, reason: change.reason };
        break;
      case 'breach':
        command = {
          ...base,
          type: 'RecordBreach',
          breachId: c.breachId,
          occurredOn: change.occurredOn,
          whatHappened: await this.streams.seal(personId, change.whatHappened),
          response: change.response,
        };
        break;
      case 'respond':
        command = {
          ...base,
          type: 'RespondToBreach',
          breachId: change.breachId,
          response: change.response,
          respondedOn: change.respondedOn,
        };
        break;
    }
    const outcome = await this.streams.decideOrder(c.orderId, command, c.metadata, {
      expectedVersion: c.expectedVersion,
      partnershipId,
    });
    return {
      orderId: c.orderId,
      version: outcome.version,
      ...(change.type === 'breach' ? { breachId: c.breachId } : {}),
    };
  }
}
