import { CreateProjectionCheckpoints1763870400000 } from './migrations/1763870400000-create-projection-checkpoints';
import { CreateProjectionRebuilds1765300000000 } from './migrations/1765300000000-create-projection-rebuilds';
import { CheckpointMovedFunction1765400100000 } from './migrations/1765400100000-checkpoint-moved-function';

export {
  ProjectionRunner,
  CheckpointMovedError,
  type BatchStatement,
  type Writes,
  Parameters,
  sendWrites,
  type Projection,
  type ProjectionStatus,
  type RunnerState,
  type ProjectionRunnerOptions,
} from './projection-runner';
export {
  ProjectionsModule,
  ProjectionsService,
  ReadYourWrites,
  READ_YOUR_WRITES_TIMEOUT_MS,
  PROJECTIONS,
  REACTORS,
  type ProjectionsModuleOptions,
} from './projections.module';
export { ReadModelRebuild, redirectTables, rebuildSchema, type RebuildProgress, type RebuildOptions } from './rebuild';
export { LogFeed, type FeedBatch, type FeedSubscription, type LogFeedOptions } from './log-feed';
export { ReactorProjection, reactionMetadata, type Reactor, type Reaction } from './reactor';
export { writeRows, type Row } from './write-rows';

/** The projections library's own migrations, for the app's DatabaseModule. */
export const PROJECTIONS_MIGRATIONS = [
  CreateProjectionCheckpoints1763870400000,
  CreateProjectionRebuilds1765300000000,
  CheckpointMovedFunction1765400100000,
];
