import { Inject } from '@nestjs/common';
import { Command, CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { EVENT_STORE, handleCommand, type EventMetadata, type EventStore } from '@hubline/event-store';
import {
  decide,
  evolve,
  initialState,
  userStream,
  type UserCommand,
  type UserEvent,
  type UserState,
} from '../domain/user';
import { reserveSubject } from './subject-reservation';

export class ChangeUser extends Command<{ version: number }> {
  constructor(
    readonly userId: string,
    readonly command: UserCommand,
    readonly metadata: EventMetadata,
    readonly expectedVersion?: number,
  ) {
    super();
  }
}

/**
 * Runs user commands. Registration first reserves the identity-provider subject in its own stream
 * (reserveSubject), so two registrations of one subject cannot both succeed; if a registration
 * died after reserving, a retry naming the same user id completes it.
 */
@CommandHandler(ChangeUser)
export class ChangeUserHandler implements ICommandHandler<ChangeUser, { version: number }> {
  constructor(@Inject(EVENT_STORE) private readonly store: EventStore) {}

  async execute(c: ChangeUser): Promise<{ version: number }> {
    if (c.command.type === 'RegisterUser') await reserveSubject(this.store, c.command.subject, c.userId, c.metadata);
    const outcome = await handleCommand<UserState, UserEvent>(
      this.store,
      userStream(c.userId),
      { initialState, evolve },
      (s) => decide(c.command, s),
      {
        metadata: c.metadata,
        expectedVersion: c.expectedVersion,
      },
    );
    return { version: outcome.version };
  }
}
