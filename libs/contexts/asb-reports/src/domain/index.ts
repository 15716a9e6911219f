export * from './codes';
export * from './errors';
export { addCalendarMonths } from './months';
export type { Sealed } from './sealed';
export * from './report/events';
export * from './report/state';
export { evolveReport } from './report/evolve';
export { decideReport, existingReport, type ReportCommand } from './report/decide';
export { narrativeKeyHolder, victimOf, type RecordReport } from './report/record';
export type { AsbActor, LinkTarget, LinkToIncident, UnlinkFromIncident } from './report/incident-link';
export type { WithdrawReport } from './report/withdraw';
export * from './victim/events';
export * from './victim/state';
export { evolveVictim, type VictimEvent } from './victim/evolve';
export { decideVictim, type VictimCommand } from './victim/decide';
export {
  dutyHolds,
  withinExplanationWindow,
  type ConsiderExplanationDuty,
  type ReviewExplanationDuties,
} from './victim/explanation-duty';
export type { ExplainCaseReview } from './victim/explain';
