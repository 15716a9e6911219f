import { Inject } from '@nestjs/common';
import { Command, CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import type { Actor } from '@hubline/access';
import { EVENT_STORE, handleCommand, loadState, type EventMetadata, type EventStore } from '@hubline/event-store';
import { decide, evolve, initialState, personStream, type PersonEvent, type PersonState } from '../../domain/person';

export class MergePeople extends Command<{ version: number }> {
  constructor(
    readonly actor: Actor,
    readonly survivorId: string,
    readonly duplicateId: string,
    readonly reason: string,
    readonly metadata: EventMetadata,
    readonly now: string,
  ) {
    super();
  }
}

/**
 * Merges a duplicate record into the one to keep: PeopleMerged goes to the duplicate's stream
 * (which stops changing), decided against the survivor's state as read just before.
 */
@CommandHandler(MergePeople)
export class MergePeopleHandler implements ICommandHandler<MergePeople, { version: number }> {
  constructor(@Inject(EVENT_STORE) private readonly store: EventStore) {}

  async execute(c: MergePeople): Promise<{ version: number }> {
    const fold = { initialState, evolve };
    const { state: survivor } = await loadState<PersonState, PersonEvent>(this.store, personStream(c.survivorId), fold);
    const outcome = await handleCommand<PersonState, PersonEvent>(
      this.store,
      personStream(c.duplicateId),
      fold,
      (s) =>
        decide({ type: 'MergeInto', partnershipId: c.actor.partnershipId, survivor, reason: c.reason, now: c.now }, s),
      { metadata: c.metadata },
    );
    return { version: outcome.version };
  }
}
