/**
 * A Locality Action Group meeting: scheduled for one locality, an agenda of new and reviewed
 * cases, attendance and apologies, the chair's confidentiality statement, what was discussed and
 * decided per case, the actions carried forward, then closed (or cancelled before it starts).
 *
 *   none ─ScheduleMeeting→ scheduled ─ConfirmConfidentiality→ in_session ─CloseMeeting→ closed
 *                                    └CancelMeeting→ cancelled          closed ─IssueMinutes→ closed (minutes issued, once)
 *
 * Nothing about a case may be recorded until the chair has read the confidentiality statement,
 * which is what moves the meeting into session. The actions themselves live on the referral:
 * a meeting that agrees or reviews an action also sends AgreeAction / RecordReview with its id.
 *
 * Read in this order: codes.ts, events.ts, state.ts and evolve.ts, decide.ts, then one file per
 * step of a meeting's life with its business rules.
 */
export * from './codes';
export { meetingStream, type MeetingEvent } from './events';
export { initialState, type MeetingState, type MeetingRecord, type Attendance } from './state';
export { evolve } from './evolve';
export { agendaCandidateOf, type AgendaCandidate } from './agenda';
export { decide, type MeetingCommand } from './decide';
export {
  packIssuesStream,
  issuePack,
  evolvePackIssues,
  initialPackIssues,
  CONFIDENTIALITY_STATEMENT,
  type IssuePack,
  type PackIssueEvent,
  type PackIssues,
} from './documents';
