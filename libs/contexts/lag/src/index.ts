import { CaseEnforcementOrders1765300200000 } from './migrations/1765300200000-case-enforcement-orders';
import { CreateLagTables1763871200000 } from './migrations/1763871200000-create-lag-tables';

export { LagModule, LagCaseRecordsModule, LAG_PROJECTIONS } from './lag.module';
export { LagCaseRecords, type CaseEnd, type CaseNaming } from './queries/case-records';
export { LagSubjectAccess, WITHHELD, ANOTHER_PERSON } from './subject-access/lag-subject-access';
// The use cases and their clock, for callers that drive them directly (the demo seed).
export { AgreeAction, UpdateAction, type ActionInput } from './commands/action-plan/action-plan.handler';
export {
  RecordCaseDiscussion,
  type CaseDiscussionInput,
} from './commands/record-case-discussion/record-case-discussion.handler';
export { ReferVictim, type ReferVictimInput } from './commands/refer-victim/refer-victim.handler';
export { DecideOnReferral, type ReferralDecision } from './commands/referral-decisions/referral-decisions.handler';
export { RunMeeting, type MeetingStep } from './commands/run-meeting/run-meeting.handler';
export { ScheduleMeeting } from './commands/schedule-meeting/schedule-meeting.handler';
export { LagClock } from './lag-clock';
export {
  referralStream,
  meetingStream,
  settingsStream,
  LAG_ERRORS,
  DEFAULT_ASB_RISK_MATRIX,
  DEFAULT_REVIEW_CADENCE,
  REFERRAL_CATEGORIES,
  PROTECTED_CHARACTERISTICS as REFERRAL_CHARACTERISTICS,
  VULNERABILITIES,
  RISK_BANDS,
  type LagErrorCode,
  type ReferralEvent,
  type MeetingEvent,
  type LagSettingsEvent,
  type RiskMatrix,
  type ReviewCadence,
} from './domain';

export const LAG_MIGRATIONS = [CreateLagTables1763871200000, CaseEnforcementOrders1765300200000];
