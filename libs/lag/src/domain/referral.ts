import { instantMonthsBefore, instantMs, isIsoDate } from './calendar';
import { LagError, requireKnown, type LagErrorCode } from './errors';
import { nextReviewDate, type ReviewCadence } from './review-cadence';
import { assessRisk, type ProfessionalJudgement, type RiskAnswers, type RiskAssessment, type RiskBand, type RiskMatrix } from './risk-matrix';
import type { Sealed } from './sealed';

/**
 * A referral to a Locality Action Group: one case about one or more victims of high-harm ASB or
 * hate crime, from referral through the LAG chair's decision, the multi-agency action plan and
 * reviews, to closure (and reopening, which keeps the history).
 *
 *   none ─Refer→ referred ─AcceptReferral→ accepted ─CloseReferral→ closed ─ReopenReferral→ accepted
 *                         └DeclineReferral→ declined (final: a later concern is a new referral)
 *
 * What the decider cannot see is checked by the caller before deciding: that the locality, ward
 * and agencies belong to the partnership and are active, that a user acts for the agency named,
 * that the people exist, and that the acting user holds the role (a LAG chair accepts, declines,
 * closes and reopens).
 */
export const referralStream = (referralId: string) => `lag-referral-${referralId}`;

export const REFERRAL_CATEGORIES = ['asb', 'hate_crime'] as const;
export type ReferralCategory = (typeof REFERRAL_CATEGORIES)[number];

/**
 * The five strands of hate crime monitored nationally, plus two that several police forces record
 * locally (alternative subculture; sex or gender, i.e. misogyny). They are kept separate so that
 * reports can still count the five national strands on their own.
 */
export const PROTECTED_CHARACTERISTICS = ['race', 'religion', 'sexual_orientation', 'disability', 'transgender_identity', 'alternative_subculture', 'sex'] as const;
export type ProtectedCharacteristic = (typeof PROTECTED_CHARACTERISTICS)[number];

/** Vulnerabilities as codes, so they can be counted for the board without opening any record. */
export const VULNERABILITIES = [
  'physical_disability',
  'learning_disability',
  'mental_health',
  'long_term_illness',
  'older_person',
  'child_or_young_person',
  'socially_isolated',
  'substance_misuse',
  'language_barrier',
  'domestic_abuse',
  'financial_hardship',
  'carer',
  'other',
] as const;
export type Vulnerability = (typeof VULNERABILITIES)[number];

/** Enforcement and support actions seen in LAG action plans. */
export const ACTION_KINDS = [
  'warning_letter',
  'acceptable_behaviour_contract',
  'community_protection_warning',
  'community_protection_notice',
  'civil_injunction',
  'criminal_behaviour_order',
  'closure_order',
  'eviction',
  'pspo_fixed_penalty',
  'support_referral',
  'target_hardening',
  'mediation',
  'other',
] as const;
export type ActionKind = (typeof ACTION_KINDS)[number];

/** `completed` and `cancelled` are final. */
export const ACTION_STATUSES = ['open', 'in_progress', 'completed', 'cancelled'] as const;
export type ActionStatus = (typeof ACTION_STATUSES)[number];
const isOutstanding = (status: ActionStatus) => status === 'open' || status === 'in_progress';

export const DECLINE_REASONS = ['criteria_not_met', 'insufficient_information', 'managed_by_another_process', 'duplicate_referral', 'outside_area', 'other'] as const;
export type DeclineReason = (typeof DECLINE_REASONS)[number];

/** Why the LAG stops managing the case. */
export const CLOSURE_REASONS = ['risk_reduced', 'action_plan_completed', 'victim_moved', 'perpetrator_moved', 'victim_disengaged', 'transferred_to_another_process', 'other'] as const;
export type ClosureReason = (typeof CLOSURE_REASONS)[number];

/** What changed for the victim: the measure of a LAG's success. One or more per closure. */
export const CLOSURE_OUTCOMES = [
  'victim_feels_safer',
  'incidents_stopped',
  'incidents_reduced',
  'victim_supported',
  'victim_rehoused',
  'enforcement_in_place',
  'no_improvement',
  'victim_declined_support',
] as const;
export type ClosureOutcome = (typeof CLOSURE_OUTCOMES)[number];

/** A referral is flagged repeat when a victim was last referred this many months ago or less. */
export const REPEAT_WINDOW_MONTHS = 12;

// ---- events (stored contracts: names and meanings never change; dates `YYYY-MM-DD`, times ISO instants) ----

export type VictimReferredData = {
  referralId: string;
  partnershipId: string;
  localityId: string;
  wardId: string | null;
  category: ReferralCategory;
  /** Empty unless the category is hate_crime. */
  protectedCharacteristics: ProtectedCharacteristic[];
  victimIds: string[];
  perpetratorIds: string[];
  incidentSummary: Sealed;
  vulnerabilities: Vulnerability[];
  riskAssessment: RiskAssessment;
  multiAgencyReason: Sealed;
  referringAgencyId: string;
  referredByUserId: string;
  referredAt: string;
  /** True when any victim was referred within the last 12 months; `repeatVictimIds` says who. */
  repeat: boolean;
  repeatVictimIds: string[];
};

/**
 * Published for the access context: the complete set of people and agencies involved in the case,
 * and whether it is open. Each one replaces the previous one for the case.
 */
export type CaseInvolvementChangedData = {
  partnershipId: string;
  caseId: string;
  caseType: 'lag_referral';
  personIds: string[];
  agencyIds: string[];
  open: boolean;
};

export type ReferralEvent =
  | { type: 'VictimReferred'; data: VictimReferredData }
  | { type: 'CaseInvolvementChanged'; data: CaseInvolvementChangedData }
  | {
      type: 'ReferralAccepted';
      data: { referralId: string; partnershipId: string; acceptedByUserId: string; acceptedByAgencyId: string; acceptedAt: string; acceptedOn: string; nextReviewDate: string | null };
    }
  | { type: 'ReferralDeclined'; data: { referralId: string; partnershipId: string; reason: DeclineReason; note: Sealed | null; declinedByUserId: string; declinedAt: string } }
  | {
      type: 'RiskReassessed';
      data: {
        referralId: string;
        partnershipId: string;
        riskAssessment: RiskAssessment;
        previousBand: RiskBand;
        /** Recounted from the last review (or acceptance) at the new band's cadence; null before acceptance. */
        nextReviewDate: string | null;
        assessedByUserId: string;
        assessedAt: string;
      };
    }
  | {
      type: 'ActionAgreed';
      data: {
        referralId: string;
        partnershipId: string;
        actionId: string;
        owningAgencyId: string;
        assigneeUserId: string | null;
        kind: ActionKind;
        description: Sealed;
        dueDate: string;
        /** The meeting that agreed it, or null when agreed between meetings. */
        meetingId: string | null;
        /** A victim or perpetrator of this case the action is about, if any. */
        targetPersonId: string | null;
        agreedByUserId: string;
        agreedAt: string;
      };
    }
  | {
      type: 'ActionStatusChanged';
      data: {
        referralId: string;
        partnershipId: string;
        actionId: string;
        from: ActionStatus;
        to: ActionStatus;
        /** What came of the action (required on completion) or why it was cancelled. */
        outcome: Sealed | null;
        changedByUserId: string;
        changedAt: string;
      };
    }
  | {
      type: 'ReferralReviewed';
      data: {
        referralId: string;
        partnershipId: string;
        meetingId: string | null;
        band: RiskBand;
        reviewedByUserId: string;
        reviewedAt: string;
        reviewedOn: string;
        nextReviewDate: string | null;
      };
    }
  | {
      type: 'ReferralClosed';
      data: {
        referralId: string;
        partnershipId: string;
        outcomes: ClosureOutcome[];
        outcomeNarrative: Sealed;
        reason: ClosureReason;
        closedByUserId: string;
        closedAt: string;
      };
    }
  | {
      type: 'ReferralReopened';
      data: { referralId: string; partnershipId: string; reason: Sealed; reopenedByUserId: string; reopenedAt: string; reopenedOn: string; nextReviewDate: string | null };
    };

// ---- state ----

export type AgreedAction = {
  actionId: string;
  owningAgencyId: string;
  assigneeUserId: string | null;
  kind: ActionKind;
  dueDate: string;
  meetingId: string | null;
  targetPersonId: string | null;
  status: ActionStatus;
};

export type Involvement = { personIds: string[]; agencyIds: string[]; open: boolean };

/** What a referral keeps whatever its status; reopening builds on it, so history is never lost. */
export type ReferralRecord = {
  referralId: string;
  partnershipId: string;
  localityId: string;
  wardId: string | null;
  category: ReferralCategory;
  protectedCharacteristics: ProtectedCharacteristic[];
  victimIds: string[];
  perpetratorIds: string[];
  vulnerabilities: Vulnerability[];
  referringAgencyId: string;
  referredAt: string;
  repeat: boolean;
  repeatVictimIds: string[];
  risk: RiskAssessment;
  /** The chair who accepted the case and their agency; kept after closure. */
  acceptance: { userId: string; agencyId: string; acceptedAt: string } | null;
  /** In the order agreed. */
  actions: Record<string, AgreedAction>;
  lastReviewedAt: string | null;
  reviewCount: number;
  closures: Array<{ closedAt: string; reason: ClosureReason; outcomes: ClosureOutcome[]; reopenedAt: string | null }>;
  /** As last published in CaseInvolvementChanged. */
  involvement: Involvement | null;
};

export type ReferralState =
  | { status: 'none' }
  | { status: 'referred'; record: ReferralRecord }
  | {
      status: 'accepted';
      record: ReferralRecord;
      /** The day the review clock runs from: acceptance, the last review, or reopening. */
      reviewsFrom: string;
      nextReviewDate: string | null;
    }
  | { status: 'declined'; record: ReferralRecord; declinedAt: string; declineReason: DeclineReason }
  | { status: 'closed'; record: ReferralRecord; closedAt: string; closureReason: ClosureReason };

type ExistingReferral = Exclude<ReferralState, { status: 'none' }>;
type ReferralStatus = ExistingReferral['status'];

export const initialState: ReferralState = { status: 'none' };

export function evolve(state: ReferralState, event: ReferralEvent): ReferralState {
  if (event.type === 'VictimReferred') {
    const d = event.data;
    return {
      status: 'referred',
      record: {
        referralId: d.referralId,
        partnershipId: d.partnershipId,
        localityId: d.localityId,
        wardId: d.wardId,
        category: d.category,
        protectedCharacteristics: d.protectedCharacteristics,
        victimIds: d.victimIds,
        perpetratorIds: d.perpetratorIds,
        vulnerabilities: d.vulnerabilities,
        referringAgencyId: d.referringAgencyId,
        referredAt: d.referredAt,
        repeat: d.repeat,
        repeatVictimIds: d.repeatVictimIds,
        risk: d.riskAssessment,
        acceptance: null,
        actions: {},
        lastReviewedAt: null,
        reviewCount: 0,
        closures: [],
        involvement: null,
      },
    };
  }
  if (state.status === 'none') return state;
  const record = state.record;
  switch (event.type) {
    case 'CaseInvolvementChanged': {
      const { personIds, agencyIds, open } = event.data;
      return { ...state, record: { ...record, involvement: { personIds, agencyIds, open } } };
    }
    case 'ReferralAccepted': {
      const d = event.data;
      return {
        status: 'accepted',
        record: { ...record, acceptance: { userId: d.acceptedByUserId, agencyId: d.acceptedByAgencyId, acceptedAt: d.acceptedAt } },
        reviewsFrom: d.acceptedOn,
        nextReviewDate: d.nextReviewDate,
      };
    }
    case 'ReferralDeclined':
      return { status: 'declined', record, declinedAt: event.data.declinedAt, declineReason: event.data.reason };
    case 'RiskReassessed': {
      const next = { ...record, risk: event.data.riskAssessment };
      return state.status === 'accepted' ? { ...state, record: next, nextReviewDate: event.data.nextReviewDate } : { ...state, record: next };
    }
    case 'ActionAgreed': {
      const d = event.data;
      const action: AgreedAction = {
        actionId: d.actionId,
        owningAgencyId: d.owningAgencyId,
        assigneeUserId: d.assigneeUserId,
        kind: d.kind,
        dueDate: d.dueDate,
        meetingId: d.meetingId,
        targetPersonId: d.targetPersonId,
        status: 'open',
      };
      return { ...state, record: { ...record, actions: { ...record.actions, [d.actionId]: action } } };
    }
    case 'ActionStatusChanged': {
      const action = record.actions[event.data.actionId];
      if (!action) return state;
      return { ...state, record: { ...record, actions: { ...record.actions, [action.actionId]: { ...action, status: event.data.to } } } };
    }
    case 'ReferralReviewed': {
      const next = { ...record, lastReviewedAt: event.data.reviewedAt, reviewCount: record.reviewCount + 1 };
      if (state.status !== 'accepted') return { ...state, record: next };
      return { ...state, record: next, reviewsFrom: event.data.reviewedOn, nextReviewDate: event.data.nextReviewDate };
    }
    case 'ReferralClosed': {
      const d = event.data;
      const closures = [...record.closures, { closedAt: d.closedAt, reason: d.reason, outcomes: d.outcomes, reopenedAt: null }];
      return { status: 'closed', record: { ...record, closures }, closedAt: d.closedAt, closureReason: d.reason };
    }
    case 'ReferralReopened': {
      const d = event.data;
      const closures = record.closures.map((c, i) => (i === record.closures.length - 1 ? { ...c, reopenedAt: d.reopenedAt } : c));
      return { status: 'accepted', record: { ...record, closures }, reviewsFrom: d.reopenedOn, nextReviewDate: d.nextReviewDate };
    }
    default: {
      const unexpected: never = event;
      return unexpected;
    }
  }
}

// ---- commands ----
// `now` is the current instant; `today` the current calendar day as the partnership sees it. Both
// come from the caller's clock, so that decisions are repeatable.

export type ReferCommand = {
  type: 'Refer';
  referralId: string;
  partnershipId: string;
  localityId: string;
  wardId?: string | null;
  category: ReferralCategory;
  protectedCharacteristics?: ProtectedCharacteristic[];
  /** `previousReferralAt`: when this victim was last referred to a LAG, if ever (from the read side). */
  victims: Array<{ personId: string; previousReferralAt: string | null }>;
  perpetratorIds: string[];
  incidentSummary: Sealed;
  vulnerabilities: Vulnerability[];
  /** The partnership's current matrix, the answers, and any professional judgement. */
  risk: { matrix: RiskMatrix; answers: RiskAnswers; judgement?: ProfessionalJudgement | null };
  multiAgencyReason: Sealed;
  referringAgencyId: string;
  referredByUserId: string;
  now: string;
};

export type ReferralCommand =
  | ReferCommand
  | { type: 'AcceptReferral'; partnershipId: string; chairUserId: string; chairAgencyId: string; cadence: ReviewCadence; now: string; today: string }
  | { type: 'DeclineReferral'; partnershipId: string; chairUserId: string; reason: DeclineReason; note?: Sealed | null; now: string }
  | {
      type: 'ReassessRisk';
      partnershipId: string;
      matrix: RiskMatrix;
      answers: RiskAnswers;
      judgement?: ProfessionalJudgement | null;
      assessedByUserId: string;
      cadence: ReviewCadence;
      now: string;
    }
  | {
      type: 'AgreeAction';
      partnershipId: string;
      actionId: string;
      owningAgencyId: string;
      assigneeUserId?: string | null;
      kind: ActionKind;
      description: Sealed;
      dueDate: string;
      meetingId?: string | null;
      targetPersonId?: string | null;
      agreedByUserId: string;
      now: string;
      today: string;
    }
  | { type: 'UpdateActionStatus'; partnershipId: string; actionId: string; status: ActionStatus; outcome?: Sealed | null; updatedByUserId: string; now: string }
  | { type: 'RecordReview'; partnershipId: string; meetingId?: string | null; reviewedByUserId: string; cadence: ReviewCadence; now: string; today: string }
  | {
      type: 'CloseReferral';
      partnershipId: string;
      outcomes: ClosureOutcome[];
      outcomeNarrative: Sealed;
      reason: ClosureReason;
      /**
       * Outstanding actions block closure unless this is true; then closing cancels each of them
       * with its own ActionStatusChanged event, so nothing is dropped silently.
       */
      cancelOutstandingActions?: boolean;
      closedByUserId: string;
      now: string;
    }
  | { type: 'ReopenReferral'; partnershipId: string; reason: Sealed; reopenedByUserId: string; cadence: ReviewCadence; now: string; today: string };

// ---- decisions ----

const STATUS_REFUSALS = {
  'REFERRAL.NOT_ACCEPTED': 'The LAG chair has not accepted this referral yet.',
  'REFERRAL.ALREADY_ACCEPTED': 'This referral has already been accepted.',
  'REFERRAL.DECLINED': 'This referral was declined; a new concern needs a new referral.',
  'REFERRAL.CLOSED': 'This referral is closed; reopen it first.',
  'REFERRAL.ALREADY_CLOSED': 'This referral is already closed.',
  'REFERRAL.NOT_CLOSED': 'Only a closed referral can be reopened.',
} satisfies Partial<Record<LagErrorCode, string>>;
type StatusRefusal = keyof typeof STATUS_REFUSALS;

/**
 * Narrows to the allowed statuses; every other status must name its refusal, so adding a status
 * does not compile until each command has decided what to do in it.
 */
function inStatus<S extends ReferralStatus>(state: ExistingReferral, allowed: readonly S[], refusals: Record<Exclude<ReferralStatus, S>, StatusRefusal>): Extract<ExistingReferral, { status: S }> {
  if ((allowed as readonly ReferralStatus[]).includes(state.status)) return state as Extract<ExistingReferral, { status: S }>;
  const code = refusals[state.status as Exclude<ReferralStatus, S>];
  throw new LagError(code, STATUS_REFUSALS[code]);
}

function existing(state: ReferralState, partnershipId: string): ExistingReferral {
  // A referral of another partnership is, to this caller, no referral at all.
  if (state.status === 'none' || state.record.partnershipId !== partnershipId) throw new LagError('REFERRAL.NOT_FOUND', 'No such referral in your partnership.');
  return state;
}

function requireText(value: Sealed | null | undefined, what: string): Sealed {
  if (!value) throw new LagError('REFERRAL.TEXT_REQUIRED', `${what} is required.`);
  return value;
}

function knownCodes<T extends string>(list: readonly T[], values: readonly string[], what: string): T[] {
  return [...new Set(values)].map((v) => requireKnown(list, v, 'REFERRAL.UNKNOWN_CODE', what));
}

/** The people and agencies involved: referring agency, the accepting chair's, and every action owner. */
export function involvementOf(state: ReferralState): Involvement | null {
  if (state.status === 'none') return null;
  const r = state.record;
  const agencyIds = [r.referringAgencyId, ...(r.acceptance ? [r.acceptance.agencyId] : []), ...Object.values(r.actions).map((a) => a.owningAgencyId)];
  return { personIds: [...r.victimIds, ...r.perpetratorIds], agencyIds: [...new Set(agencyIds)], open: state.status === 'referred' || state.status === 'accepted' };
}

const sameSet = (a: string[], b: string[]) => a.length === b.length && [...a].sort().join('\n') === [...b].sort().join('\n');

/**
 * Appends CaseInvolvementChanged when the events change who is involved or whether the case is
 * open. An agency that once owned an action stays involved after the action ends: it has seen the
 * case, and the access context must still be able to explain why.
 */
function withInvolvement(state: ReferralState, events: ReferralEvent[]): ReferralEvent[] {
  const after = events.reduce(evolve, state);
  const next = involvementOf(after);
  if (after.status === 'none' || !next) return events;
  const last = after.record.involvement;
  if (last && last.open === next.open && sameSet(last.personIds, next.personIds) && sameSet(last.agencyIds, next.agencyIds)) return events;
  const data: CaseInvolvementChangedData = { partnershipId: after.record.partnershipId, caseId: after.record.referralId, caseType: 'lag_referral', ...next };
  return [...events, { type: 'CaseInvolvementChanged', data }];
}

function refer(command: ReferCommand): VictimReferredData {
  const victimIds = command.victims.map((v) => v.personId);
  if (victimIds.length === 0) throw new LagError('REFERRAL.NO_VICTIM', 'A referral needs at least one victim.');
  if (new Set(victimIds).size !== victimIds.length || new Set(command.perpetratorIds).size !== command.perpetratorIds.length) {
    throw new LagError('REFERRAL.DUPLICATE_PERSON', 'A person is listed twice.');
  }
  if (command.perpetratorIds.some((id) => victimIds.includes(id))) {
    throw new LagError('REFERRAL.VICTIM_ALSO_PERPETRATOR', 'The same person cannot be both a victim and a known perpetrator in one referral.');
  }

  const category = requireKnown(REFERRAL_CATEGORIES, command.category, 'REFERRAL.UNKNOWN_CODE', 'category');
  const characteristics = knownCodes(PROTECTED_CHARACTERISTICS, command.protectedCharacteristics ?? [], 'protected characteristic');
  if (category === 'hate_crime' && characteristics.length === 0) {
    throw new LagError('REFERRAL.CHARACTERISTIC_REQUIRED', 'A hate crime referral needs the protected characteristic(s) the victim was targeted for.');
  }
  // A characteristic on an ASB referral would make it a hate crime in every report but this one.
  if (category === 'asb' && characteristics.length > 0) {
    throw new LagError('REFERRAL.CHARACTERISTIC_NOT_APPLICABLE', 'A protected characteristic makes this a hate crime referral; choose that category.');
  }

  const windowStart = instantMs(instantMonthsBefore(command.now, REPEAT_WINDOW_MONTHS));
  const repeatVictimIds: string[] = [];
  for (const v of command.victims) {
    if (v.previousReferralAt === null) continue;
    const at = instantMs(v.previousReferralAt);
    if (Number.isNaN(at) || at > instantMs(command.now)) throw new LagError('REFERRAL.PREVIOUS_REFERRAL_IN_FUTURE', 'A previous referral date must be a past date-time.');
    if (at >= windowStart) repeatVictimIds.push(v.personId);
  }

  return {
    referralId: command.referralId,
    partnershipId: command.partnershipId,
    localityId: command.localityId,
    wardId: command.wardId ?? null,
    category,
    protectedCharacteristics: characteristics,
    victimIds,
    perpetratorIds: [...command.perpetratorIds],
    incidentSummary: requireText(command.incidentSummary, 'An incident summary'),
    vulnerabilities: knownCodes(VULNERABILITIES, command.vulnerabilities, 'vulnerability'),
    riskAssessment: assessRisk(command.risk.matrix, command.risk.answers, command.risk.judgement),
    multiAgencyReason: requireText(command.multiAgencyReason, 'Why a multi-agency response is needed'),
    referringAgencyId: command.referringAgencyId,
    referredByUserId: command.referredByUserId,
    referredAt: command.now,
    repeat: repeatVictimIds.length > 0,
    repeatVictimIds,
  };
}

/**
 * Decides a command against the referral's state: returns the events to append (none when the
 * command changes nothing) or throws a LagError. Events that change who is involved, or whether
 * the case is open, are followed by CaseInvolvementChanged.
 */
export function decide(command: ReferralCommand, state: ReferralState): ReferralEvent[] {
  if (command.type === 'Refer') {
    if (state.status !== 'none') throw new LagError('REFERRAL.ALREADY_EXISTS', 'This referral already exists.');
    return withInvolvement(state, [{ type: 'VictimReferred', data: refer(command) }]);
  }
  const current = existing(state, command.partnershipId);
  const ids = { referralId: current.record.referralId, partnershipId: current.record.partnershipId };

  switch (command.type) {
    case 'AcceptReferral': {
      const referred = inStatus(current, ['referred'], { accepted: 'REFERRAL.ALREADY_ACCEPTED', declined: 'REFERRAL.DECLINED', closed: 'REFERRAL.CLOSED' });
      const data = {
        ...ids,
        acceptedByUserId: command.chairUserId,
        acceptedByAgencyId: command.chairAgencyId,
        acceptedAt: command.now,
        acceptedOn: command.today,
        nextReviewDate: nextReviewDate(command.today, referred.record.risk.band, command.cadence),
      };
      return withInvolvement(state, [{ type: 'ReferralAccepted', data }]);
    }

    case 'DeclineReferral': {
      inStatus(current, ['referred'], { accepted: 'REFERRAL.ALREADY_ACCEPTED', declined: 'REFERRAL.DECLINED', closed: 'REFERRAL.CLOSED' });
      const reason = requireKnown(DECLINE_REASONS, command.reason, 'REFERRAL.UNKNOWN_CODE', 'decline reason');
      const data = { ...ids, reason, note: command.note ?? null, declinedByUserId: command.chairUserId, declinedAt: command.now };
      return withInvolvement(state, [{ type: 'ReferralDeclined', data }]);
    }

    case 'ReassessRisk': {
      const live = inStatus(current, ['referred', 'accepted'], { declined: 'REFERRAL.DECLINED', closed: 'REFERRAL.CLOSED' });
      const riskAssessment = assessRisk(command.matrix, command.answers, command.judgement);
      // Counted from the last review, so raising the band can make a review due (or overdue) at once.
      const next = live.status === 'accepted' ? nextReviewDate(live.reviewsFrom, riskAssessment.band, command.cadence) : null;
      const data = { ...ids, riskAssessment, previousBand: live.record.risk.band, nextReviewDate: next, assessedByUserId: command.assessedByUserId, assessedAt: command.now };
      return [{ type: 'RiskReassessed', data }];
    }

    case 'AgreeAction': {
      const accepted = inStatus(current, ['accepted'], { referred: 'REFERRAL.NOT_ACCEPTED', declined: 'REFERRAL.DECLINED', closed: 'REFERRAL.CLOSED' });
      const r = accepted.record;
      if (r.actions[command.actionId]) throw new LagError('REFERRAL.ACTION_ALREADY_EXISTS', 'An action with this id already exists.');
      const kind = requireKnown(ACTION_KINDS, command.kind, 'REFERRAL.UNKNOWN_CODE', 'action kind');
      if (!isIsoDate(command.dueDate)) throw new LagError('REFERRAL.INVALID_DATE', 'The due date must be a calendar date (YYYY-MM-DD).');
      if (command.dueDate < command.today) throw new LagError('REFERRAL.ACTION_DUE_DATE_IN_PAST', 'An action cannot be due before today.');
      const targetPersonId = command.targetPersonId ?? null;
      if (targetPersonId !== null && ![...r.victimIds, ...r.perpetratorIds].includes(targetPersonId)) {
        throw new LagError('REFERRAL.ACTION_TARGET_NOT_IN_CASE', 'An action can only be about a victim or known perpetrator of this case.');
      }
      const data = {
        ...ids,
        actionId: command.actionId,
        owningAgencyId: command.owningAgencyId,
        assigneeUserId: command.assigneeUserId ?? null,
        kind,
        description: requireText(command.description, 'A description of the action'),
        dueDate: command.dueDate,
        meetingId: command.meetingId ?? null,
        targetPersonId,
        agreedByUserId: command.agreedByUserId,
        agreedAt: command.now,
      };
      return withInvolvement(state, [{ type: 'ActionAgreed', data }]);
    }

    case 'UpdateActionStatus': {
      const accepted = inStatus(current, ['accepted'], { referred: 'REFERRAL.NOT_ACCEPTED', declined: 'REFERRAL.DECLINED', closed: 'REFERRAL.CLOSED' });
      const action = accepted.record.actions[command.actionId];
      if (!action) throw new LagError('REFERRAL.ACTION_NOT_FOUND', 'No such action on this referral.');
      if (!isOutstanding(action.status)) throw new LagError('REFERRAL.ACTION_FINISHED', `This action is ${action.status}; it cannot change any more.`);
      const to = requireKnown(ACTION_STATUSES, command.status, 'REFERRAL.UNKNOWN_CODE', 'action status');
      if (to === action.status) return [];
      if (to === 'completed' && !command.outcome) throw new LagError('REFERRAL.ACTION_OUTCOME_REQUIRED', 'Completing an action needs its outcome.');
      const data = { ...ids, actionId: action.actionId, from: action.status, to, outcome: command.outcome ?? null, changedByUserId: command.updatedByUserId, changedAt: command.now };
      return [{ type: 'ActionStatusChanged', data }];
    }

    case 'RecordReview': {
      const accepted = inStatus(current, ['accepted'], { referred: 'REFERRAL.NOT_ACCEPTED', declined: 'REFERRAL.DECLINED', closed: 'REFERRAL.CLOSED' });
      const band = accepted.record.risk.band;
      const data = {
        ...ids,
        meetingId: command.meetingId ?? null,
        band,
        reviewedByUserId: command.reviewedByUserId,
        reviewedAt: command.now,
        reviewedOn: command.today,
        nextReviewDate: nextReviewDate(command.today, band, command.cadence),
      };
      return [{ type: 'ReferralReviewed', data }];
    }

    case 'CloseReferral': {
      const accepted = inStatus(current, ['accepted'], { referred: 'REFERRAL.NOT_ACCEPTED', declined: 'REFERRAL.DECLINED', closed: 'REFERRAL.ALREADY_CLOSED' });
      const outcomes = knownCodes(CLOSURE_OUTCOMES, command.outcomes, 'closure outcome');
      if (outcomes.length === 0) throw new LagError('REFERRAL.OUTCOME_REQUIRED', 'Closing a case needs at least one outcome for the victim.');
      const reason = requireKnown(CLOSURE_REASONS, command.reason, 'REFERRAL.UNKNOWN_CODE', 'closure reason');
      const outcomeNarrative = requireText(command.outcomeNarrative, 'The outcome for the victim');
      const outstanding = Object.values(accepted.record.actions).filter((a) => isOutstanding(a.status));
      if (outstanding.length && !command.cancelOutstandingActions) {
        throw new LagError('REFERRAL.OUTSTANDING_ACTIONS', 'Complete or cancel the outstanding actions first, or close with cancelOutstandingActions.', {
          actionIds: outstanding.map((a) => a.actionId),
        });
      }
      const cancellations: ReferralEvent[] = outstanding.map((a) => ({
        type: 'ActionStatusChanged',
        data: { ...ids, actionId: a.actionId, from: a.status, to: 'cancelled', outcome: null, changedByUserId: command.closedByUserId, changedAt: command.now },
      }));
      const closed: ReferralEvent = { type: 'ReferralClosed', data: { ...ids, outcomes, outcomeNarrative, reason, closedByUserId: command.closedByUserId, closedAt: command.now } };
      return withInvolvement(state, [...cancellations, closed]);
    }

    case 'ReopenReferral': {
      const closed = inStatus(current, ['closed'], { referred: 'REFERRAL.NOT_CLOSED', accepted: 'REFERRAL.NOT_CLOSED', declined: 'REFERRAL.DECLINED' });
      const data = {
        ...ids,
        reason: requireText(command.reason, 'A reason for reopening'),
        reopenedByUserId: command.reopenedByUserId,
        reopenedAt: command.now,
        reopenedOn: command.today,
        nextReviewDate: nextReviewDate(command.today, closed.record.risk.band, command.cadence),
      };
      return withInvolvement(state, [{ type: 'ReferralReopened', data }]);
    }

    default: {
      const unexpected: never = command;
      return unexpected;
    }
  }
}

/** Ids of the actions still open or in progress, e.g. for a meeting to carry forward. */
export function outstandingActionIds(state: ReferralState): string[] {
  if (state.status === 'none') return [];
  return Object.values(state.record.actions)
    .filter((a) => isOutstanding(a.status))
    .map((a) => a.actionId);
}
