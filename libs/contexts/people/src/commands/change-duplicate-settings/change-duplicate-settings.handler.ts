import { Inject } from '@nestjs/common';
import { Command, CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import type { Actor } from '@hubline/access';
import { EVENT_STORE, handleCommand, type EventMetadata, type EventStore } from '@hubline/event-store';
import {
  decideDuplicateSettings,
  DEFAULT_DUPLICATE_SETTINGS,
  duplicateSettingsStream,
  evolveDuplicateSettings,
} from '../../domain/duplicate-settings';

export class ChangeDuplicateSettings extends Command<{ version: number }> {
  constructor(
    readonly actor: Actor,
    readonly settings: { nameSimilarity: number; showLowConfidence: boolean },
    readonly metadata: EventMetadata,
    readonly expectedVersion?: number | 'stream_exists',
  ) {
    super();
  }
}

/** A partnership administrator sets the duplicate check's name threshold and whether low-confidence candidates are listed. */
@CommandHandler(ChangeDuplicateSettings)
export class ChangeDuplicateSettingsHandler implements ICommandHandler<ChangeDuplicateSettings, { version: number }> {
  constructor(@Inject(EVENT_STORE) private readonly store: EventStore) {}

  async execute(c: ChangeDuplicateSettings): Promise<{ version: number }> {
    const { version } = await handleCommand(
      this.store,
      duplicateSettingsStream(c.actor.partnershipId),
      { initialState: DEFAULT_DUPLICATE_SETTINGS, evolve: evolveDuplicateSettings },
      (state) =>
        decideDuplicateSettings(
          {
            type: 'ChangeDuplicateSettings',
            partnershipId: c.actor.partnershipId,
            nameSimilarity: c.settings.nameSimilarity,
            showLowConfidence: c.settings.showLowConfidence,
            changedByUserId: c.actor.userId,
            now: new Date().toISOString(),
          },
          state,
        ),
      { metadata: c.metadata, expectedVersion: c.expectedVersion },
    );
    return { version };
  }
}
