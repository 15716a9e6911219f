import { Inject, Injectable } from '@nestjs/common';
import { EVENT_STORE, handleCommand, loadState, type EventMetadata, type EventStore } from '@hubline/event-store';
import {
  decidePolicy,
  evolvePolicy,
  initialPolicy,
  retentionPolicyStream,
  type RetentionPolicy,
  type RetentionPolicyCommand,
  type RetentionPolicyEvent,
} from '../domain/retention-policy';

const fold = { initialState: initialPolicy, evolve: evolvePolicy };

/** Loads and changes a partnership's retention policy stream (version -1: the default, never changed). */
@Injectable()
export class RetentionPolicies {
  constructor(@Inject(EVENT_STORE) private readonly store: EventStore) {}

  load(partnershipId: string): Promise<{ state: RetentionPolicy; version: number }> {
    return loadState<RetentionPolicy, RetentionPolicyEvent>(this.store, retentionPolicyStream(partnershipId), fold);
  }

  async decide(
    command: RetentionPolicyCommand,
    metadata: EventMetadata,
    expectedVersion?: number | 'stream_exists',
  ): Promise<{ state: RetentionPolicy; version: number }> {
    const outcome = await handleCommand<RetentionPolicy, RetentionPolicyEvent>(
      this.store,
      retentionPolicyStream(command.partnershipId),
      fold,
      (s) => decidePolicy(command, s),
      {
        metadata,
        expectedVersion,
      },
    );
    return { state: outcome.state, version: outcome.version };
  }
}
