import type { EntityManager } from 'typeorm';
import {
  WrongExpectedRevisionError,
  type EventMetadata,
  type EventStore,
  type JsonObject,
  type RecordedEvent,
} from '@hubline/event-store';
import type { Projection } from './projection-runner';

/** An event a reactor appends in reaction to one it read: the first of a stream of its own. */
export interface Reaction {
  stream: string;
  /**
   * Derived from the causing event (`stableId(cause.id, ...)`), never random: replaying the log
   * then appends the same event to the same stream, which is taken as already done.
   */
  id: string;
  type: string;
  data: JsonObject;
  /**
   * `no_stream` (the default): the reaction opens a stream of its own. `any`: it adds to a stream
   * others write too (a person's stream of duties that officers then discharge); a replay is still
   * idempotent, because the store takes the same event id on the same stream as already appended.
   */
  expected?: 'no_stream' | 'any';
}

/**
 * A step fed from the global log that appends events in reaction to events (a process manager),
 * where a projection only writes its read model. It runs like a projection, in its own runner: its
 * own name (shown in readiness), its own checkpoint and single active instance, and its own state
 * tables moved in the same transaction as the checkpoint. What it decides is appended before that
 * transaction commits; each reaction opens a new stream with an id derived from its cause, so a
 * replay (after a crash, from an older checkpoint, or a rebuild) appends nothing new.
 */
export interface Reactor {
  /** Stable name; the checkpoint and the single-instance lock are keyed by it. */
  readonly name: string;
  readonly eventTypes: ReadonlySet<string>;
  /** Moves the reactor's own state through the runner's transaction and says what to append. */
  react(event: RecordedEvent, manager: EntityManager): Promise<Reaction[]>;
  /** Empties the reactor's own state before it replays the log from position zero. */
  reset(manager: EntityManager): Promise<void>;
}

/** The causing event's who and why, carried onto what a reactor appends. */
export function reactionMetadata(cause: RecordedEvent): EventMetadata {
  return {
    causationId: cause.id,
    ...(cause.metadata.correlationId ? { correlationId: cause.metadata.correlationId } : {}),
    ...(cause.metadata.userId ? { userId: cause.metadata.userId } : {}),
    ...(cause.metadata.agencyId ? { agencyId: cause.metadata.agencyId } : {}),
    recordedBy: 'hubline',
  };
}

/** A reactor as the runner drives it: its reactions appended as part of applying each event. */
export class ReactorProjection implements Projection {
  readonly kind = 'reactor';

  constructor(
    private readonly reactor: Reactor,
    private readonly store: EventStore,
  ) {}

  get name(): string {
    return this.reactor.name;
  }

  get eventTypes(): ReadonlySet<string> {
    return this.reactor.eventTypes;
  }

  async apply(event: RecordedEvent, manager: EntityManager): Promise<void> {
    for (const reaction of await this.reactor.react(event, manager)) await this.append(reaction, event);
  }

  /**
   * A batch: each event reacted to in log order (the reactor's state moves through the runner's
   * transaction as event by event), then the reactions appended, every stream's at once and each
   * stream's in order, which the store writes in a few transactions of its own (its batches), each
   * waiting once for the disk, instead of one each. All are appended before the runner's
   * transaction commits, as event by event, so a crash before it appends the same events again,
   * which the store takes as done. Reactions to different streams take the store's order in the
   * log among themselves; no reader depends on it (each stream is read in its own order).
   */
  async applyBatch(events: RecordedEvent[], manager: EntityManager): Promise<void> {
    const byStream = new Map<string, Array<{ reaction: Reaction; cause: RecordedEvent }>>();
    for (const event of events)
      for (const reaction of await this.reactor.react(event, manager)) {
        const stream = byStream.get(reaction.stream) ?? [];
        stream.push({ reaction, cause: event });
        byStream.set(reaction.stream, stream);
      }
    const appended = await Promise.allSettled(
      [...byStream.values()].map(async (inOrder) => {
        for (const { reaction, cause } of inOrder) await this.append(reaction, cause);
      }),
    );
    const failed = appended.find((a): a is PromiseRejectedResult => a.status === 'rejected');
    if (failed) throw failed.reason;
  }

  private async append(reaction: Reaction, cause: RecordedEvent): Promise<void> {
    try {
      await this.store.append(
        reaction.stream,
        [{ id: reaction.id, type: reaction.type, data: reaction.data, metadata: reactionMetadata(cause) }],
        reaction.expected ?? 'no_stream',
      );
    } catch (error) {
      // Appended by an earlier run of this same step (then decided with the code of that time):
      // it stands as it was written; history is not rewritten.
      if (error instanceof WrongExpectedRevisionError) return;
      throw error;
    }
  }

  reset(manager: EntityManager): Promise<void> {
    return this.reactor.reset(manager);
  }
}
