import { CreateAuditTables1763872000000 } from './migrations/1763872000000-create-audit-tables';
import { CreateRecordChanges1764900000000 } from './migrations/1764900000000-create-record-changes';
import { RecordChangesProjection } from './reports/record-changes.projection';

export {
  CHECKPOINT_EVENT_TYPE,
  CHECKPOINT_STREAM_PREFIX,
  checkpointStream,
  compareStreamIds,
  firstDifference,
  keyFingerprint,
  leafDigest,
  parseSignedCheckpoint,
  signCheckpoint,
  signedMessage,
  sortLeaves,
  verifyCheckpointSignature,
  type CheckpointStatement,
  type Leaf,
  type SignedCheckpoint,
} from './checkpoint-format';
export {
  auditSigningKeyFile,
  loadAuditSigningKey,
  parseAuditPrivateKey,
  readAuditPublicKey,
  type AuditPublicKey,
  type AuditSigningKey,
} from './signing-key';
export { openAuditSigningKey, type SigningKeyOutcome } from './signing-key-check';
export {
  checkpointEvents,
  latestCheckpointEvent,
  logStateAt,
  stableHead,
  storedLeaves,
  type LogState,
  type SqlQuery,
} from './postgres-log-state';
export {
  describeChainBreak,
  verifyLog,
  type BrokenChainLink,
  type BrokenCheckpoint,
  type CheckpointBreakReason,
  type LogVerifyReport,
  type StreamState,
} from './log-verifier';
export {
  CheckpointSigner,
  LogEmptyError,
  type ScheduledOutcome,
  type SignedCheckpointReceipt,
} from './checkpoint-signer';
export { AuditService, AUDIT_SIGNING_KEY, CheckpointsNotSupportedError } from './audit.service';
export { AuditModule } from './audit.module';
export {
  AuditReports,
  type PersonTrail,
  type AgencySharing,
  type ExceptionsReport,
  type RecordChangeEntry,
} from './reports/audit-reports.service';
export { toCsv, csvCell, type CsvColumn } from './reports/csv';

/** The audit context's own migrations, for the app's DatabaseModule. */
export const AUDIT_MIGRATIONS = [CreateAuditTables1763872000000, CreateRecordChanges1764900000000];

/** The audit context's projection of erasures, merges, legal holds and sweeps, for the app's projection runner. */
export const AUDIT_PROJECTIONS = [RecordChangesProjection];
