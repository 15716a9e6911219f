import { Inject } from '@nestjs/common';
import { Command, CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { EVENT_STORE, handleCommand, type EventMetadata, type EventStore } from '@hubline/event-store';
import {
  decide,
  evolve,
  initialState,
  platformAdminStream,
  type PlatformAdminCommand,
  type PlatformAdminEvent,
  type PlatformAdminState,
} from '../../domain/platform-admin';
import { reserveSubject } from '../subject-reservation';

/** Registers, deactivates or reactivates a platform administrator (the operator does, from the command line). */
export class ChangePlatformAdmin extends Command<{ version: number }> {
  constructor(
    readonly platformAdminId: string,
    readonly command: PlatformAdminCommand,
    readonly metadata: EventMetadata,
  ) {
    super();
  }
}

@CommandHandler(ChangePlatformAdmin)
export class ChangePlatformAdminHandler implements ICommandHandler<ChangePlatformAdmin, { version: number }> {
  constructor(@Inject(EVENT_STORE) private readonly store: EventStore) {}

  async execute(c: ChangePlatformAdmin): Promise<{ version: number }> {
    // The subject is reserved with the users' subjects: a platform administrator is never also a partnership user.
    if (c.command.type === 'RegisterPlatformAdmin')
      await reserveSubject(this.store, c.command.subject, c.platformAdminId, c.metadata);
    const outcome = await handleCommand<PlatformAdminState, PlatformAdminEvent>(
      this.store,
      platformAdminStream(c.platformAdminId),
      { initialState, evolve },
      (s) => decide(c.command, s),
      {
        metadata: c.metadata,
      },
    );
    return { version: outcome.version };
  }
}
