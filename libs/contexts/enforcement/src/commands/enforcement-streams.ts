import { Inject, Injectable } from '@nestjs/common';
import {
  EVENT_STORE,
  handleCommand,
  loadState,
  type CommandOutcome,
  type EventMetadata,
  type EventStore,
} from '@hubline/event-store';
import { PersonalDataVault } from '@hubline/privacy';
import {
  decideEnforcementSettings,
  decideOrder,
  enforcementSettingsStream,
  evolveEnforcementSettings,
  evolveOrder,
  existingOrder,
  initialEnforcementSettings,
  initialOrderState,
  orderStream,
  type ChangeExpiryWindow,
  type EnforcementSettings,
  type EnforcementSettingsEvent,
  type ExistingOrder,
  type OrderCommand,
  type OrderEvent,
  type OrderState,
  type Sealed,
} from '../domain';

export type Expected = number | 'stream_exists' | undefined;

const orderFold = { initialState: initialOrderState, evolve: evolveOrder };
const settingsFold = { initialState: initialEnforcementSettings, evolve: evolveEnforcementSettings };

/**
 * The context's streams: an order's (`enforcement-order-<id>`) and a partnership's settings
 * (`enforcement-settings-<partnershipId>`), each decided and appended with the expected revision
 * (the client's If-Match, or the version read, retried on a concurrent write); and the sealing of
 * conditions and breach narratives with the person's key.
 */
@Injectable()
export class EnforcementStreams {
  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    private readonly vault: PersonalDataVault,
  ) {}

  /** The order as its own stream folds it now, or ORDER.NOT_FOUND in this partnership. */
  async order(partnershipId: string, orderId: string): Promise<{ state: ExistingOrder; version: number }> {
    const { state, version } = await loadState(this.store, orderStream(orderId), orderFold);
    return { state: existingOrder(state, partnershipId), version };
  }

  decideOrder(
    orderId: string,
    command: OrderCommand,
    metadata: EventMetadata,
    options: { expectedVersion?: Expected; partnershipId?: string } = {},
  ): Promise<CommandOutcome<OrderState, OrderEvent>> {
    const { partnershipId } = options;
    return handleCommand(this.store, orderStream(orderId), orderFold, (state) => decideOrder(command, state), {
      metadata,
      expectedVersion: options.expectedVersion,
      // An order of another partnership is not found, whatever If-Match says.
      ...(partnershipId ? { visible: (state: OrderState) => existingOrder(state, partnershipId) } : {}),
    });
  }

  /** The settings in force, folded from their own stream (a handful of events). */
  async settings(partnershipId: string): Promise<{ state: EnforcementSettings; version: number }> {
    return loadState(this.store, enforcementSettingsStream(partnershipId), settingsFold);
  }

  decideSettings(
    command: ChangeExpiryWindow,
    metadata: EventMetadata,
    expectedVersion?: Expected,
  ): Promise<CommandOutcome<EnforcementSettings, EnforcementSettingsEvent>> {
    return handleCommand(
      this.store,
      enforcementSettingsStream(command.partnershipId),
      settingsFold,
      (state) => decideEnforcementSettings(command, state),
      { metadata, expectedVersion },
    );
  }

  /** Seals text about the person with their key (created when they were registered). */
  async seal(personId: string, text: string): Promise<Sealed> {
    return (await this.vault.seal(personId, text)) as Sealed;
  }
}
