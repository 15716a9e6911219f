export * from './event-store.port';
export * from './errors';
export { GENESIS_HASH, canonicalForm, chainHash, type CanonicalEventFields } from './hash-chain';
export { parsePosition, comparePositions, MAX_EVENTS_PER_APPEND } from './validation';
export { PostgresEventStore, type PostgresEventStoreOptions } from './postgres/postgres-event-store';
export { EventStoreDbEventStore, type EventStoreDbEventStoreOptions } from './eventstoredb/eventstoredb-event-store';
export { EventStoreModule, type EventStoreModuleOptions } from './event-store.module';
export {
  decideInTurn,
  handleCommand,
  loadState,
  type DomainEvent,
  type Fold,
  type CommandOutcome,
  type HandleOptions,
} from './command-handling';
export { stableId } from './stable-id';
export { newId, runKeyedRequest, type KeyedRequest } from './request-ids';
