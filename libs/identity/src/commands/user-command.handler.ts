import { Inject } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { Command, CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { EVENT_STORE, handleCommand, WrongExpectedRevisionError, type EventMetadata, type EventStore } from '@hubline/event-store';
import { decide, evolve, initialState, subjectStream, SubjectTakenError, userStream, type UserCommand, type UserEvent, type UserState } from '../domain/user';

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
 * (append with no_stream), so two registrations of one subject cannot both succeed; if a
 * registration died after reserving, a retry naming the same user id completes it.
 */
@CommandHandler(ChangeUser)
export class ChangeUserHandler implements ICommandHandler<ChangeUser, { version: number }> {
  constructor(@Inject(EVENT_STORE) private readonly store: EventStore) {}

  async execute(c: ChangeUser): Promise<{ version: number }> {
    if (c.command.type === 'RegisterUser') await this.reserveSubject(c.command.subject, c.userId, c.metadata);
    const outcome = await handleCommand<UserState, UserEvent>(this.store, userStream(c.userId), { initialState, evolve }, (s) => decide(c.command, s), {
      metadata: c.metadata,
      expectedVersion: c.expectedVersion,
    });
    return { version: outcome.version };
  }

  private async reserveSubject(subject: string, userId: string, metadata: EventMetadata): Promise<void> {
    const stream = subjectStream(subject);
    try {
      await this.store.append(stream, [{ id: randomUUID(), type: 'UserSubjectReserved', data: { userId }, metadata }], 'no_stream');
    } catch (error) {
      if (!(error instanceof WrongExpectedRevisionError)) throw error;
      const [reservation] = await this.store.readStream(stream, { maxCount: 1 });
      const holder = reservation?.data.userId as string | undefined;
      // Reserved for this very user id: either an earlier attempt died after reserving (carry on and
      // complete it) or the user exists (the decider answers USER.ALREADY_REGISTERED).
      if (holder !== userId) throw new SubjectTakenError('A user with this identity-provider subject is already registered.');
    }
  }
}
