import { CreateEnforcementTables1765300000000 } from './migrations/1765300000000-create-enforcement-tables';

export { EnforcementModule, EnforcementRecordsModule, ENFORCEMENT_PROJECTIONS } from './enforcement.module';
export { EnforcementRecords, type OrderNaming } from './queries/enforcement-records';
export { EnforcementSubjectAccess } from './subject-access/enforcement-subject-access';
// The use cases, for callers that drive them directly (the demo seed, tests).
export {
  ServeEnforcementOrder,
  type ServeOrderInput,
  type ServeOrderResult,
} from './commands/serve-order/serve-order.handler';
export { ChangeEnforcementOrder, type OrderChange } from './commands/change-order/change-order.handler';
export { EnforcementClock } from './enforcement-clock';
export {
  BREACH_RESPONSES,
  DISCHARGE_REASONS,
  ENFORCEMENT_ERRORS,
  ORDER_EVENT_TYPES,
  ORDER_KINDS,
  orderStream,
  type EnforcementErrorCode,
  type OrderEvent,
  type OrderKind,
} from './domain';

export const ENFORCEMENT_MIGRATIONS = [CreateEnforcementTables1765300000000];
