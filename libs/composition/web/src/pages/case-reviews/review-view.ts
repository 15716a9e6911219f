import { milestoneName, markerState, type Milestone } from './clock-chart';

/** Sealed free text as the API gives it: opened, erased with the person's key, or left out (withheld). */
export type ApiText = string | { erased: true } | undefined | null;

/** Sealed text in words for the page. */
export function textOf(value: ApiText): { text: string; state: 'shown' | 'erased' | 'withheld' | 'none' } {
  if (typeof value === 'string') return { text: value, state: 'shown' };
  if (value && typeof value === 'object' && value.erased)
    return { text: 'Erased: the person was forgotten', state: 'erased' };
  if (value === null) return { text: 'None given', state: 'none' };
  return { text: 'Withheld from your agency', state: 'withheld' };
}

interface Step {
  type: string;
  revision: number;
  recordedAt: string;
  data: Record<string, unknown>;
}

/** Why a complaint did not count, in words for the letter to the applicant. */
export const COMPLAINT_REASONS: Record<string, string> = {
  REPORTED_MORE_THAN_ONE_MONTH_AFTER_BEHAVIOUR: 'reported more than a month after the behaviour',
  APPLICATION_MORE_THAN_SIX_MONTHS_AFTER_COMPLAINT: 'the application came more than six months after the complaint',
  OUTSIDE_LOCAL_WINDOW: 'outside the months the partnership counts',
  SAME_INCIDENT_AS_ANOTHER: 'the same incident as another complaint, which counts instead',
  NOT_MADE_TO_A_RELEVANT_BODY: 'not made to a relevant body',
  REPORTED_AFTER_APPLICATION: 'reported after the application',
};
export const BASES: Record<string, string> = {
  statutory_number: 'Three or more qualifying complaints (the number the law sets)',
  local_number: 'The partnership’s own number of qualifying complaints',
  hate_incident: 'One qualifying hate incident',
  community: 'The community threshold',
  discretion: 'A senior manager’s discretion below the threshold',
};
export const NOT_MET_REASONS: Record<string, string> = {
  TOO_FEW_QUALIFYING_COMPLAINTS: 'Too few qualifying complaints',
  NO_QUALIFYING_HATE_INCIDENT: 'No qualifying hate incident',
  COMMUNITY_TOO_FEW_REPORTS: 'Too few reports about the problem from the community',
  COMMUNITY_TOO_FEW_REPORTERS: 'Too few different people or organisations reported it',
};
export const STATUSES: Record<string, string> = {
  received: 'Received',
  in_review: 'In review',
  not_met: 'Threshold not met',
  outcome_sent: 'Outcome sent',
  closed: 'Closed',
  escalated: 'With the PFCC’s office',
};

const tagOf: Record<string, string> = {
  done: 'govuk-tag--green',
  done_late: 'govuk-tag--orange',
  overdue: 'govuk-tag--red',
  due: 'govuk-tag--blue',
};

/** A milestone for a table row: its name, due and done days, days left and state in words. */
export function milestoneRow(m: Milestone) {
  const state = markerState(m);
  const left =
    m.workingDaysLeft === null
      ? ''
      : m.workingDaysLeft < 0
        ? `${-m.workingDaysLeft} working ${-m.workingDaysLeft === 1 ? 'day' : 'days'} overdue`
        : `${m.workingDaysLeft} working ${m.workingDaysLeft === 1 ? 'day' : 'days'} left`;
  const words = { done: 'Done', done_late: 'Done late', overdue: 'Overdue', due: 'To do' }[state];
  return {
    name: milestoneName(m.milestone),
    milestone: m.milestone,
    dueOn: m.dueOn,
    doneOn: m.doneOn,
    left,
    state,
    stateText: m.milestone === 'appeal_window' && !m.doneOn ? 'Open to the applicant' : words,
    tag: tagOf[state],
  };
}

type Names = (agencyId: string) => string;

/**
 * A review as the page shows it, built from the API's view: every step grouped under what it is
 * about (the application, information requests, the threshold decision with its working, the
 * panel, the action plan, the outcome, closure and the PFCC's review). Texts stay as the API gave
 * them: opened, erased or withheld.
 */
export function reviewPage(review: Record<string, unknown>, agencyName: Names) {
  const steps = (review.steps as Step[] | undefined) ?? [];
  const of = (type: string) => steps.filter((s) => s.type === type).map((s) => s.data);
  const applied = of('CaseReviewApplied')[0] ?? {};
  const applicant = (applied.applicant ?? {}) as Record<string, unknown>;
  const supplied = new Map(of('CaseReviewInformationSupplied').map((d) => [String(d.requestId), d]));
  const requests = ((review.informationRequests as Array<Record<string, unknown>>) ?? []).map((q) => {
    const answer = q.answer as { kind: string; answeredOn: string } | null;
    return {
      requestId: String(q.requestId),
      agency: agencyName(String(q.agencyId)),
      agencyId: String(q.agencyId),
      round: q.round,
      askedOn: q.askedOn,
      dueOn: q.dueOn,
      answeredOn: answer?.answeredOn ?? null,
      answer: answer ? (answer.kind === 'supplied' ? 'Supplied' : 'Nothing held') : null,
      late: answer ? answer.answeredOn > String(q.dueOn) : false,
      summary: answer?.kind === 'supplied' ? textOf(supplied.get(String(q.requestId))?.summary as ApiText) : null,
    };
  });
  const decisions = of('CaseReviewThresholdDecided').map((d) => {
    const judgement = (d.judgement ?? {}) as Record<string, unknown>;
    const verdicts = new Map(
      ((judgement.complaints as Array<Record<string, unknown>>) ?? []).map((v) => [String(v.reportId), v]),
    );
    const rules = (d.rules ?? {}) as Record<string, unknown>;
    const discretion = d.discretion as { reason: ApiText } | null;
    return {
      round: d.round,
      decidedOn: d.decidedOn,
      met: d.met === true,
      basis: judgement.basis ? (BASES[String(judgement.basis)] ?? String(judgement.basis)) : null,
      rulesVersion: judgement.rulesVersion,
      rules: {
        qualifyingComplaints: rules.qualifyingComplaints,
        windowMonths: rules.windowMonths,
        oneHateIncidentMeets: rules.oneHateIncidentMeets === true,
        discretionAllowed: rules.discretionAllowed === true,
      },
      qualifyingIncidents: judgement.qualifyingIncidents,
      statutoryQualifyingIncidents: judgement.statutoryQualifyingIncidents,
      requiredIncidents: judgement.requiredIncidents,
      notMet: ((judgement.notMetReasons as string[]) ?? []).map((r) => NOT_MET_REASONS[r] ?? r),
      notMetExplanation: (d.notMetExplanation as string[]) ?? [],
      discretion: discretion ? textOf(discretion.reason) : null,
      complaints: ((d.complaints as Array<Record<string, unknown>>) ?? []).map((c) => {
        const v = verdicts.get(String(c.reportId)) ?? {};
        return {
          reportId: c.reportId,
          agency: agencyName(String(c.agencyId)),
          relevantBody: c.agencyIsRelevantBody === true,
          behaviourOn: c.behaviourOn,
          reportedOn: c.reportedOn,
          category: c.category,
          counts: v.qualifies === true,
          reasons: ((v.reasons as string[]) ?? []).map((r) => COMPLAINT_REASONS[r] ?? r),
        };
      }),
    };
  });
  const held = new Map(of('CaseReviewPanelHeld').map((d) => [String(d.meetingId), d]));
  const findings = new Map(of('CaseReviewFindingsRecorded').map((d) => [String(d.meetingId), d]));
  const panels = of('CaseReviewPanelScheduled').map((d) => {
    const h = held.get(String(d.meetingId));
    const f = findings.get(String(d.meetingId));
    return {
      round: d.round,
      meetingOn: d.meetingOn,
      chairName: d.chairName,
      independentChair: d.independentChair === true,
      agencies: ((d.agencyIds as string[]) ?? []).map(agencyName),
      victimInvited: d.victimInvited === true,
      held: h
        ? {
            heldOn: h.heldOn,
            agencies: ((h.agenciesAttended as string[]) ?? []).map(agencyName),
            victimAttended: h.victimAttended === true,
            impactStatementGiven: h.impactStatementGiven === true,
          }
        : null,
      findings: f ? textOf(f.findings as ApiText) : null,
    };
  });
  const made = new Map(of('CaseReviewRecommendationMade').map((d) => [String(d.recommendationId), d]));
  const progress = of('CaseReviewRecommendationProgressed');
  const recommendations = ((review.recommendations as Array<Record<string, unknown>>) ?? []).map((x) => ({
    recommendationId: String(x.recommendationId),
    agency: agencyName(String(x.owningAgencyId)),
    owningAgencyId: String(x.owningAgencyId),
    dueOn: x.dueOn,
    status: String(x.status),
    round: x.round,
    text: textOf(made.get(String(x.recommendationId))?.text as ApiText),
    history: progress
      .filter((p) => p.recommendationId === x.recommendationId)
      .map((p) => ({
        on: p.on,
        to: p.to,
        note: p.note === null ? null : textOf(p.note as ApiText),
        by: agencyName(String(p.byAgencyId)),
      })),
  }));
  const consulted = of('CaseReviewVictimConsulted').map((d) => ({
    consultedOn: d.consultedOn,
    route: d.route,
    views: d.views === null ? null : textOf(d.views as ApiText),
  }));
  const escalations = of('CaseReviewEscalated').map((d) => {
    const decision = of('CaseReviewPfccReviewDecided').find((p) => p.escalationId === d.escalationId);
    return {
      requestedOn: d.requestedOn,
      grounds: (d.grounds as string[]) ?? [],
      detail: d.detail === null ? null : textOf(d.detail as ApiText),
      office: agencyName(String(d.pfccAgencyId)),
      decision: decision
        ? {
            decision: decision.decision,
            decidedOn: decision.decidedOn,
            reasons: textOf(decision.reasons as ApiText),
            newRound: decision.newRound,
          }
        : null,
    };
  });
  return {
    application: {
      route: review.route,
      receivedOn: review.receivedOn,
      applicantKind: review.applicantKind,
      applicantName:
        applicant.kind === 'on_behalf'
          ? textOf(applicant.name as ApiText)
          : applicant.kind === 'business' || applicant.kind === 'community_group'
            ? { text: String(applicant.name), state: 'shown' }
            : null,
      relationship: applicant.relationship ?? null,
      coordinatorAgency: agencyName(String(review.coordinatorAgencyId)),
    },
    acknowledged: of('CaseReviewAcknowledged').map((d) => ({ on: d.acknowledgedOn, route: d.route }))[0] ?? null,
    requests,
    decisions,
    panels,
    recommendations,
    consulted,
    finalised: of('CaseReviewActionPlanFinalised').map((d) => d.finalisedOn),
    outcomes: of('CaseReviewOutcomeSent').map((d) => ({
      round: d.round,
      sentOn: d.sentOn,
      route: d.route,
      thresholdMet: d.thresholdMet === true,
      appealBy: d.appealBy,
    })),
    closures: of('CaseReviewClosed').map((d) => ({
      closedOn: d.closedOn,
      reason: d.reason,
      told: textOf(d.toldToVictim as ApiText),
    })),
    escalations,
    milestones: ((review.milestones as Milestone[]) ?? []).map(milestoneRow),
  };
}
