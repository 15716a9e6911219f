import { newId, WrongExpectedRevisionError, type EventMetadata, type EventStore } from '@hubline/event-store';
import { subjectStream, SubjectTakenError } from '../domain/user';

/**
 * Reserves an identity-provider subject for one holder (a user or a platform administrator) in
 * its own stream (append with no_stream), so two registrations of one subject cannot both
 * succeed. A reservation already held by this very holder is an earlier attempt that died after
 * reserving: the caller carries on and completes it.
 */
export async function reserveSubject(
  store: EventStore,
  subject: string,
  holderId: string,
  metadata: EventMetadata,
): Promise<void> {
  const stream = subjectStream(subject);
  try {
    await store.append(
      stream,
      [{ id: newId(), type: 'UserSubjectReserved', data: { userId: holderId }, metadata }],
      'no_stream',
    );
  } catch (error) {
    if (!(error instanceof WrongExpectedRevisionError)) throw error;
    const [reservation] = await store.readStream(stream, { maxCount: 1 });
    const holder = reservation?.data.userId as string | undefined;
    if (holder !== holderId)
      throw new SubjectTakenError('A user with this identity-provider subject is already registered.');
  }
}
