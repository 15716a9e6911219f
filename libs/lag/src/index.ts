import { CreateLagTables1763871200000 } from './migrations/1763871200000-create-lag-tables';

export { LagModule, LAG_PROJECTIONS } from './lag.module';
export {
  referralStream,
  meetingStream,
  settingsStream,
  LAG_ERRORS,
  DEFAULT_ASB_RISK_MATRIX,
  DEFAULT_REVIEW_CADENCE,
  type LagErrorCode,
  type ReferralEvent,
  type MeetingEvent,
  type LagSettingsEvent,
  type RiskMatrix,
  type ReviewCadence,
} from './domain';

export const LAG_MIGRATIONS = [CreateLagTables1763871200000];
