export { RetentionModule } from './retention.module';
export { RetentionSweeper, SCHEDULE_ACTOR_ID, type SweepReport, type SweepRequest } from './sweep/retention-sweeper';
export {
  SubjectAccessExporter,
  WITHHELD,
  ANOTHER_PERSON,
  type SubjectAccessExport,
} from './subject-access/subject-access-export';
export { retentionVerdict, type RetentionCandidate, type RetentionVerdict, type CaseEnd } from './domain/eligibility';
export {
  retentionPolicyStream,
  retentionSweepStream,
  DEFAULT_RETENTION_YEARS,
  type RetentionPolicyEvent,
  type RetentionSweepCompletedData,
  type RetentionPolicy,
  type LegalHold,
} from './domain/retention-policy';
