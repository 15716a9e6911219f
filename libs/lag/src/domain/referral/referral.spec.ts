import type { DomainEvent } from '@hubline/event-store';
import { deciderSpec } from '@hubline/testing';
import {
  decide,
  evolve,
  initialState,
  involvementOf,
  outstandingActionIds,
  type ReferCommand,
  type ReferralCommand,
  type ReferralEvent,
  type LagActor,
} from '.';
import { DEFAULT_REVIEW_CADENCE } from '../review-cadence';
import { DEFAULT_ASB_RISK_MATRIX, type RiskAnswers } from '../risk-matrix';
import type { Sealed } from '../sealed';

// ---- a fixed clock and small builders ----
const now = '2026-11-23T10:00:00.000Z';
const today = '2026-11-23';
const later = (days: number) => ({ now: new Date(Date.parse(now) + days * 86_400_000).toISOString(), today: new Date(Date.parse(now) + days * 86_400_000).toISOString().slice(0, 10) });
const sealed = (label: string): Sealed => ({ v: 1, iv: `iv-${label}`, ct: `ct-${label}`, tag: `tag-${label}` });

const P = 'partnership-1';
const R = 'referral-1';
const VICTIM = 'person-victim-1';
const VICTIM_2 = 'person-victim-2';
const PERPETRATOR = 'person-perpetrator-1';
const POLICE = 'agency-police';
const ASB_TEAM = 'agency-asb-team';
const HOUSING = 'agency-housing';
const cadence = DEFAULT_REVIEW_CADENCE;
/** Who acts: the chair (of the ASB team), a police officer (the referring agency) and a housing officer. */
const CHAIR: LagActor = { userId: 'user-chair', agencyId: ASB_TEAM, chair: true };
const PC_JONES: LagActor = { userId: 'user-pc-jones', agencyId: POLICE, chair: false };
const HOUSING_OFFICER: LagActor = { userId: 'user-housing', agencyId: HOUSING, chair: false };

const answers = (overrides: RiskAnswers): RiskAnswers => ({
  ...Object.fromEntries(DEFAULT_ASB_RISK_MATRIX.questions.map((q) => [q.id, q.answers[0].id])),
  ...overrides,
});
/** Scores 11: medium. */
const MEDIUM = answers({ incidents_12_months: 'three_to_five', mental_health: 'some', fear_at_home: 'often', perpetrator_proximity: 'nearby', escalation: 'escalating' });
/** Scores 22: high. */
const HIGH = answers({
  repeat_victimisation: 'several',
  incidents_12_months: 'six_or_more',
  mental_health: 'significant',
  vulnerability: 'yes',
  fear_at_home: 'often',
  hate_motivated: 'yes',
  support_network: 'limited',
  perpetrator_proximity: 'neighbour',
  escalation: 'escalating',
});

function aReferral(overrides: Partial<ReferCommand> = {}): ReferCommand {
  return {
    type: 'Refer',
    referralId: R,
    partnershipId: P,
    localityId: 'locality-grays',
    wardId: 'ward-grays-riverside',
    category: 'asb',
    victims: [{ personId: VICTIM, previousReferralAt: null }],
    perpetratorIds: [PERPETRATOR],
    incidentSummary: sealed('summary'),
    vulnerabilities: ['mental_health', 'socially_isolated'],
    risk: { matrix: DEFAULT_ASB_RISK_MATRIX, answers: HIGH },
    multiAgencyReason: sealed('why'),
    referringAgencyId: POLICE,
    referredByUserId: 'user-pc-jones',
    now,
    ...overrides,
  };
}
const accept = (overrides: Partial<Extract<ReferralCommand, { type: 'AcceptReferral' }>> = {}): ReferralCommand => ({
  type: 'AcceptReferral',
  partnershipId: P,
  chairUserId: 'user-chair',
  chairAgencyId: ASB_TEAM,
  cadence,
  now,
  today,
  ...overrides,
});
const agree = (overrides: Partial<Extract<ReferralCommand, { type: 'AgreeAction' }>> = {}): ReferralCommand => ({
  type: 'AgreeAction',
  partnershipId: P,
  actionId: 'action-1',
  owningAgencyId: HOUSING,
  kind: 'warning_letter',
  description: sealed('action'),
  dueDate: '2026-12-07',
  meetingId: 'meeting-1',
  actor: CHAIR,
  now,
  today,
  ...overrides,
});
const setStatus = (actionId: string, status: 'open' | 'in_progress' | 'completed' | 'cancelled', outcome: Sealed | null = null): ReferralCommand => ({
  type: 'UpdateActionStatus',
  partnershipId: P,
  actionId,
  status,
  outcome,
  actor: HOUSING_OFFICER,
  now,
});
const close = (overrides: Partial<Extract<ReferralCommand, { type: 'CloseReferral' }>> = {}): ReferralCommand => ({
  type: 'CloseReferral',
  partnershipId: P,
  outcomes: ['victim_feels_safer', 'incidents_stopped'],
  outcomeNarrative: sealed('outcome'),
  reason: 'risk_reduced',
  closedByUserId: 'user-chair',
  now,
  ...overrides,
});
const reopen: ReferralCommand = { type: 'ReopenReferral', partnershipId: P, reason: sealed('reopen'), reopenedByUserId: 'user-chair', cadence, now, today };
const review = (overrides: Partial<Extract<ReferralCommand, { type: 'RecordReview' }>> = {}): ReferralCommand => ({
  type: 'RecordReview',
  partnershipId: P,
  meetingId: 'meeting-1',
  reviewedByUserId: 'user-chair',
  cadence,
  now,
  today,
  ...overrides,
});

const referral = deciderSpec({ decide, evolve, initialState });
const { history, state: given } = referral;
const aReferred = (overrides: Partial<ReferCommand> = {}) => history(aReferral(overrides));
const anAcceptedReferral = (overrides: Partial<ReferCommand> = {}) => history(aReferral(overrides), accept());
const aClosedReferral = () => history(aReferral(), accept(), close());
const ofType = <T extends ReferralEvent['type']>(events: ReferralEvent[], type: T) => events.filter((e): e is Extract<ReferralEvent, { type: T }> => e.type === type);

describe('LAG referral', () => {
  describe('referring', () => {
    it('records the referral with its scored risk, and publishes who is involved', () => {
      const events = referral.given().when(aReferral()).then([
        {
          type: 'VictimReferred',
          data: {
            referralId: R,
            partnershipId: P,
            localityId: 'locality-grays',
            wardId: 'ward-grays-riverside',
            category: 'asb',
            protectedCharacteristics: [],
            victimIds: [VICTIM],
            perpetratorIds: [PERPETRATOR],
            incidentSummary: sealed('summary'),
            vulnerabilities: ['mental_health', 'socially_isolated'],
            riskAssessment: { matrixId: DEFAULT_ASB_RISK_MATRIX.id, matrixVersion: 1, answers: HIGH, score: 22, scoredBand: 'high', band: 'high', judgement: null },
            multiAgencyReason: sealed('why'),
            referringAgencyId: POLICE,
            referredByUserId: 'user-pc-jones',
            referredAt: now,
            repeat: false,
            repeatVictimIds: [],
          },
        },
        {
          type: 'CaseInvolvementChanged',
          data: { partnershipId: P, caseId: R, caseType: 'lag_referral', personIds: [VICTIM, PERPETRATOR], agencyIds: [POLICE], open: true },
        },
      ]);
      expect(given(...events)).toMatchObject({ status: 'referred', record: { risk: { band: 'high' }, involvement: { open: true } } });
    });

    it('allows no known perpetrator and no ward', () => {
      referral.given().when(aReferral({ perpetratorIds: [], wardId: undefined })).then(([referred]) => expect(referred).toMatchObject({ data: { perpetratorIds: [], wardId: null } }));
    });

    it('needs at least one victim, each person once, and nobody as both victim and perpetrator', () => {
      referral.given().when(aReferral({ victims: [] })).thenThrows('REFERRAL.NO_VICTIM');
      const twice = [{ personId: VICTIM, previousReferralAt: null }, { personId: VICTIM, previousReferralAt: null }];
      referral.given().when(aReferral({ victims: twice })).thenThrows('REFERRAL.DUPLICATE_PERSON');
      referral.given().when(aReferral({ perpetratorIds: [PERPETRATOR, PERPETRATOR] })).thenThrows('REFERRAL.DUPLICATE_PERSON');
      referral.given().when(aReferral({ perpetratorIds: [VICTIM] })).thenThrows('REFERRAL.VICTIM_ALSO_PERPETRATOR');
    });

    it('needs a protected characteristic for a hate crime, and none for ASB', () => {
      referral.given().when(aReferral({ category: 'hate_crime' })).thenThrows('REFERRAL.CHARACTERISTIC_REQUIRED');
      referral.given().when(aReferral({ category: 'hate_crime', protectedCharacteristics: [] })).thenThrows('REFERRAL.CHARACTERISTIC_REQUIRED');
      referral.given().when(aReferral({ category: 'hate_crime', protectedCharacteristics: ['religion', 'race', 'religion'] })).then(([hate]) => expect(hate).toMatchObject({ data: { category: 'hate_crime', protectedCharacteristics: ['religion', 'race'] } }));
      referral.given().when(aReferral({ category: 'hate_crime', protectedCharacteristics: ['accent' as never] })).thenThrows('REFERRAL.UNKNOWN_CODE');
      referral.given().when(aReferral({ category: 'asb', protectedCharacteristics: ['disability'] })).thenThrows('REFERRAL.CHARACTERISTIC_NOT_APPLICABLE');
    });

    it('accepts only known categories and vulnerability codes, and needs the sealed texts', () => {
      referral.given().when(aReferral({ category: 'nuisance' as never })).thenThrows('REFERRAL.UNKNOWN_CODE');
      referral.given().when(aReferral({ vulnerabilities: ['grumpy' as never] })).thenThrows('REFERRAL.UNKNOWN_CODE');
      referral.given().when(aReferral({ incidentSummary: null as never })).thenThrows('REFERRAL.TEXT_REQUIRED');
      referral.given().when(aReferral({ multiAgencyReason: undefined as never })).thenThrows('REFERRAL.TEXT_REQUIRED');
    });

    it('refuses incomplete risk answers', () => {
      const { escalation: _left, ...incomplete } = HIGH;
      referral.given().when(aReferral({ risk: { matrix: DEFAULT_ASB_RISK_MATRIX, answers: incomplete } })).thenThrows('RISK.UNANSWERED_QUESTION');
    });

    it('flags a repeat referral when a victim was referred within the last 12 months, naming that victim', () => {
      const victims = [
        { personId: VICTIM, previousReferralAt: '2025-12-23T10:00:00.000Z' }, // 11 months ago
        { personId: VICTIM_2, previousReferralAt: null },
      ];
      referral.given().when(aReferral({ victims })).then(([referred]) => expect(referred).toMatchObject({ data: { repeat: true, repeatVictimIds: [VICTIM] } }));
      referral.given().when(aReferral({ victims })).then((_, after) => expect(after).toMatchObject({ record: { repeat: true, repeatVictimIds: [VICTIM] } }));
    });

    it('counts exactly 12 months ago as a repeat, and not a day more', () => {
      const previous = (at: string) => aReferral({ victims: [{ personId: VICTIM, previousReferralAt: at }] });
      referral.given().when(previous('2025-11-23T10:00:00.000Z')).then((events) => expect(events[0]).toMatchObject({ data: { repeat: true } }));
      referral.given().when(previous('2025-11-22T10:00:00.000Z')).then((events) => expect(events[0]).toMatchObject({ data: { repeat: false, repeatVictimIds: [] } }));
      referral.given().when(previous('2025-10-23T10:00:00.000Z')).then((events) => expect(events[0]).toMatchObject({ data: { repeat: false } }));
    });

    it('refuses a previous referral in the future', () => {
      referral.given().when(aReferral({ victims: [{ personId: VICTIM, previousReferralAt: '2026-12-01T00:00:00.000Z' }] })).thenThrows('REFERRAL.PREVIOUS_REFERRAL_IN_FUTURE');
    });

    it('lets professional judgement raise the scored band, with a reason', () => {
      referral.given().when(aReferral({ risk: { matrix: DEFAULT_ASB_RISK_MATRIX, answers: MEDIUM, judgement: { band: 'high', reason: sealed('judgement') } } })).then(([referred]) => expect(referred).toMatchObject({ data: { riskAssessment: { score: 11, scoredBand: 'medium', band: 'high', judgement: { band: 'high', reason: sealed('judgement') } } } }));
      const noReason = aReferral({ risk: { matrix: DEFAULT_ASB_RISK_MATRIX, answers: MEDIUM, judgement: { band: 'high', reason: null as never } } });
      referral.given().when(noReason).thenThrows('REFERRAL.JUDGEMENT_REASON_REQUIRED');
    });

    it('never lets professional judgement lower the scored band', () => {
      const lower = aReferral({ risk: { matrix: DEFAULT_ASB_RISK_MATRIX, answers: HIGH, judgement: { band: 'medium', reason: sealed('judgement') } } });
      referral.given().when(lower).thenThrows('REFERRAL.BAND_CANNOT_BE_LOWERED');
    });

    it('refers once', () => {
      referral.given(...aReferred()).when(aReferral()).thenThrows('REFERRAL.ALREADY_EXISTS');
    });

    it('treats a referral of another partnership as not found', () => {
      referral.given(...aReferred()).when(accept({ partnershipId: 'partnership-2' })).thenThrows('REFERRAL.NOT_FOUND');
      referral.given().when(accept()).thenThrows('REFERRAL.NOT_FOUND');
    });
  });

  describe('the chair\'s decision', () => {
    it('accepts a referral, schedules its first review by band, and adds the chair\'s agency to the involvement', () => {
      referral.given(...aReferred()).when(accept()).then([
        {
          type: 'ReferralAccepted',
          data: { referralId: R, partnershipId: P, acceptedByUserId: 'user-chair', acceptedByAgencyId: ASB_TEAM, acceptedAt: now, acceptedOn: today, nextReviewDate: '2026-12-07' },
        },
        { type: 'CaseInvolvementChanged', data: { partnershipId: P, caseId: R, caseType: 'lag_referral', personIds: [VICTIM, PERPETRATOR], agencyIds: [POLICE, ASB_TEAM], open: true } },
      ]);
    });

    it('publishes no involvement change when the chair acts for the referring agency', () => {
      referral.given(...aReferred()).when(accept({ chairAgencyId: POLICE })).then((events) => expect(events.map((e) => e.type)).toEqual(['ReferralAccepted']));
    });

    it('reviews a medium-risk case every 28 days', () => {
      referral.given(...aReferred({ risk: { matrix: DEFAULT_ASB_RISK_MATRIX, answers: MEDIUM } })).when(accept()).then(([accepted]) => expect(accepted).toMatchObject({ data: { nextReviewDate: '2026-12-21' } }));
    });

    it('declines with a reason, which closes the case to the access context', () => {
      const events = referral.given(...aReferred()).when({ type: 'DeclineReferral', partnershipId: P, chairUserId: 'user-chair', reason: 'managed_by_another_process', now }).then([
        { type: 'ReferralDeclined', data: { referralId: R, partnershipId: P, reason: 'managed_by_another_process', note: null, declinedByUserId: 'user-chair', declinedAt: now } },
        { type: 'CaseInvolvementChanged', data: { partnershipId: P, caseId: R, caseType: 'lag_referral', personIds: [VICTIM, PERPETRATOR], agencyIds: [POLICE], open: false } },
      ]);
      referral.given(...aReferred()).when({ type: 'DeclineReferral', partnershipId: P, chairUserId: 'u', reason: 'because' as never, now }).thenThrows('REFERRAL.UNKNOWN_CODE');
    });

    it('decides only once, and only on a referral awaiting a decision', () => {
      const decline: ReferralCommand = { type: 'DeclineReferral', partnershipId: P, chairUserId: 'user-chair', reason: 'criteria_not_met', note: sealed('note'), now };
      const declined = history(aReferral(), decline);
      referral.given(...anAcceptedReferral()).when(accept()).thenThrows('REFERRAL.ALREADY_ACCEPTED');
      referral.given(...anAcceptedReferral()).when(decline).thenThrows('REFERRAL.ALREADY_ACCEPTED');
      referral.given(...declined).when(accept()).thenThrows('REFERRAL.DECLINED');
      referral.given(...declined).when(decline).thenThrows('REFERRAL.DECLINED');
      referral.given(...aClosedReferral()).when(accept()).thenThrows('REFERRAL.CLOSED');
    });

    it('takes no actions, reviews, closure or reopening on a declined referral', () => {
      const declined = history(aReferral(), { type: 'DeclineReferral', partnershipId: P, chairUserId: 'user-chair', reason: 'criteria_not_met', now });
      referral.given(...declined).when(agree()).thenThrows('REFERRAL.DECLINED');
      referral.given(...declined).when(review()).thenThrows('REFERRAL.DECLINED');
      referral.given(...declined).when(close()).thenThrows('REFERRAL.DECLINED');
      referral.given(...declined).when(reopen).thenThrows('REFERRAL.DECLINED');
      referral.given(...declined).when({ type: 'ReassessRisk', partnershipId: P, matrix: DEFAULT_ASB_RISK_MATRIX, answers: HIGH, actor: { ...PC_JONES, userId: 'u' }, cadence, now }).thenThrows('REFERRAL.DECLINED');
    });
  });

  describe('reassessing risk', () => {
    const reassess = (riskAnswers: RiskAnswers, extra: Partial<Extract<ReferralCommand, { type: 'ReassessRisk' }>> = {}): ReferralCommand => ({
      type: 'ReassessRisk',
      partnershipId: P,
      matrix: DEFAULT_ASB_RISK_MATRIX,
      answers: riskAnswers,
      actor: PC_JONES,
      cadence,
      ...later(3),
      ...extra,
    });

    it('changes the band and so the review cadence, counted from the last review', () => {
      const stream = anAcceptedReferral();
      expect(given(...stream)).toMatchObject({ status: 'accepted', nextReviewDate: '2026-12-07' });
      const events = referral.given(...stream).when(reassess(MEDIUM)).then([
        {
          type: 'RiskReassessed',
          data: expect.objectContaining({ previousBand: 'high', riskAssessment: expect.objectContaining({ score: 11, band: 'medium' }), nextReviewDate: '2026-12-21' }),
        },
      ]);
      expect(given(...anAcceptedReferral(), ...events)).toMatchObject({ nextReviewDate: '2026-12-21', record: { risk: { band: 'medium' } } });
    });

    it('brings the review forward when judgement raises the case to very high', () => {
      referral.given(...anAcceptedReferral()).when(reassess(HIGH, { judgement: { band: 'very_high', reason: sealed('threats to kill') } })).then((events) => expect(events[0]).toMatchObject({ data: { riskAssessment: { scoredBand: 'high', band: 'very_high' }, nextReviewDate: '2026-11-30' } }));
    });

    it('still never lowers the new scored band', () => {
      referral.given(...anAcceptedReferral()).when(reassess(HIGH, { judgement: { band: 'standard', reason: sealed('x') } })).thenThrows('REFERRAL.BAND_CANNOT_BE_LOWERED');
    });

    it('sets no review date before acceptance, and refuses a closed referral', () => {
      referral.given(...aReferred()).when(reassess(MEDIUM)).then((events) => expect(events[0]).toMatchObject({ data: { nextReviewDate: null } }));
      referral.given(...aClosedReferral()).when(reassess(MEDIUM)).thenThrows('REFERRAL.CLOSED');
    });
  });

  describe('the action plan', () => {
    it('agrees an action owned by an agency, and makes that agency involved', () => {
      const events = referral.given(...anAcceptedReferral()).when(agree({ assigneeUserId: 'user-housing', targetPersonId: PERPETRATOR })).then([
        {
          type: 'ActionAgreed',
          data: {
            referralId: R,
            partnershipId: P,
            actionId: 'action-1',
            owningAgencyId: HOUSING,
            assigneeUserId: 'user-housing',
            kind: 'warning_letter',
            description: sealed('action'),
            dueDate: '2026-12-07',
            meetingId: 'meeting-1',
            targetPersonId: PERPETRATOR,
            agreedByUserId: 'user-chair',
            agreedAt: now,
          },
        },
        { type: 'CaseInvolvementChanged', data: { partnershipId: P, caseId: R, caseType: 'lag_referral', personIds: [VICTIM, PERPETRATOR], agencyIds: [POLICE, ASB_TEAM, HOUSING], open: true } },
      ]);
    });

    it('publishes no involvement change for an agency already involved, and allows an action agreed between meetings', () => {
      const events = referral.given(...anAcceptedReferral()).when(agree({ owningAgencyId: POLICE, meetingId: undefined, kind: 'target_hardening' })).then([{ type: 'ActionAgreed', data: expect.objectContaining({ owningAgencyId: POLICE, meetingId: null, assigneeUserId: null, targetPersonId: null }) }]);
    });

    it('allows an action due today but not before, and needs a real date', () => {
      const stream = anAcceptedReferral();
      referral.given(...stream).when(agree({ dueDate: today })).then((events) => expect(events[0].type).toBe('ActionAgreed'));
      referral.given(...stream).when(agree({ dueDate: '2026-11-22' })).thenThrows('REFERRAL.ACTION_DUE_DATE_IN_PAST');
      referral.given(...stream).when(agree({ dueDate: '2026-02-30' })).thenThrows('REFERRAL.INVALID_DATE');
      referral.given(...stream).when(agree({ dueDate: '7/12/2026' })).thenThrows('REFERRAL.INVALID_DATE');
    });

    it('targets only a victim or perpetrator of this case, with a known kind and a description', () => {
      const stream = anAcceptedReferral();
      referral.given(...stream).when(agree({ targetPersonId: VICTIM, kind: 'support_referral' })).then((events) => expect(events[0].type).toBe('ActionAgreed'));
      referral.given(...stream).when(agree({ targetPersonId: 'person-stranger' })).thenThrows('REFERRAL.ACTION_TARGET_NOT_IN_CASE');
      referral.given(...stream).when(agree({ kind: 'stern_word' as never })).thenThrows('REFERRAL.UNKNOWN_CODE');
      referral.given(...stream).when(agree({ description: null as never })).thenThrows('REFERRAL.TEXT_REQUIRED');
    });

    it('refuses a second action with the same id', () => {
      referral.given(...history(aReferral(), accept(), agree())).when(agree()).thenThrows('REFERRAL.ACTION_ALREADY_EXISTS');
    });

    it('takes no action before acceptance or on a closed referral', () => {
      referral.given(...aReferred()).when(agree()).thenThrows('REFERRAL.NOT_ACCEPTED');
      referral.given(...aClosedReferral()).when(agree()).thenThrows('REFERRAL.CLOSED');
    });

    it('moves an action through its statuses; completion needs an outcome', () => {
      const stream = history(aReferral(), accept(), agree());
      referral.given(...stream).when(setStatus('action-1', 'in_progress')).then([
        { type: 'ActionStatusChanged', data: { referralId: R, partnershipId: P, actionId: 'action-1', from: 'open', to: 'in_progress', outcome: null, changedByUserId: 'user-housing', changedAt: now } },
      ]);
      referral.given(...stream).when(setStatus('action-1', 'open')).thenNothing();
      referral.given(...stream).when(setStatus('action-1', 'completed')).thenThrows('REFERRAL.ACTION_OUTCOME_REQUIRED');
      referral.given(...stream).when(setStatus('action-1', 'completed', sealed('letter sent'))).then((events) => expect(events[0]).toMatchObject({ data: { to: 'completed', outcome: sealed('letter sent') } }));
      referral.given(...stream).when(setStatus('action-9', 'in_progress')).thenThrows('REFERRAL.ACTION_NOT_FOUND');
      referral.given(...stream).when(setStatus('action-1', 'paused' as never)).thenThrows('REFERRAL.UNKNOWN_CODE');
    });

    it('changes nothing after an action is completed or cancelled', () => {
      const completed = history(aReferral(), accept(), agree(), setStatus('action-1', 'completed', sealed('done')));
      referral.given(...completed).when(setStatus('action-1', 'in_progress')).thenThrows('REFERRAL.ACTION_FINISHED');
      referral.given(...completed).when(setStatus('action-1', 'cancelled')).thenThrows('REFERRAL.ACTION_FINISHED');
      const cancelled = history(aReferral(), accept(), agree(), setStatus('action-1', 'cancelled'));
      referral.given(...cancelled).when(setStatus('action-1', 'open')).thenThrows('REFERRAL.ACTION_FINISHED');
    });
  });

  describe('reviews', () => {
    it('records a review at a meeting and sets the next one by the band\'s cadence', () => {
      const reviewDay = later(14);
      const events = referral.given(...anAcceptedReferral()).when(review(reviewDay)).then([
        {
          type: 'ReferralReviewed',
          data: { referralId: R, partnershipId: P, meetingId: 'meeting-1', band: 'high', reviewedByUserId: 'user-chair', reviewedAt: reviewDay.now, reviewedOn: '2026-12-07', nextReviewDate: '2026-12-21' },
        },
      ]);
      expect(given(...anAcceptedReferral(), ...events)).toMatchObject({ nextReviewDate: '2026-12-21', reviewsFrom: '2026-12-07', record: { lastReviewedAt: reviewDay.now, reviewCount: 1 } });
    });

    it('records a review between meetings, on the partnership\'s own cadence', () => {
      const own = { ...cadence, high: 10 };
      referral.given(...anAcceptedReferral()).when(review({ meetingId: null, cadence: own })).then((events) => expect(events[0]).toMatchObject({ data: { meetingId: null, nextReviewDate: '2026-12-03' } }));
      referral.given(...anAcceptedReferral({ risk: { matrix: DEFAULT_ASB_RISK_MATRIX, answers: answers({}) } })).when(review({ cadence: { ...cadence, standard: null } })).then((events) => expect(events[0]).toMatchObject({
        data: { band: 'standard', nextReviewDate: null },
      }));
    });

    it('reviews only accepted, open cases', () => {
      referral.given(...aReferred()).when(review()).thenThrows('REFERRAL.NOT_ACCEPTED');
      referral.given(...aClosedReferral()).when(review()).thenThrows('REFERRAL.CLOSED');
    });
  });

  describe('closing and reopening', () => {
    it('closes with a victim-focused outcome and a reason, closing the case to the access context', () => {
      referral.given(...anAcceptedReferral()).when(close()).then([
        {
          type: 'ReferralClosed',
          data: {
            referralId: R,
            partnershipId: P,
            outcomes: ['victim_feels_safer', 'incidents_stopped'],
            outcomeNarrative: sealed('outcome'),
            reason: 'risk_reduced',
            closedByUserId: 'user-chair',
            closedAt: now,
          },
        },
        { type: 'CaseInvolvementChanged', data: { partnershipId: P, caseId: R, caseType: 'lag_referral', personIds: [VICTIM, PERPETRATOR], agencyIds: [POLICE, ASB_TEAM], open: false } },
      ]);
    });

    it('needs at least one known outcome, a known reason and the narrative', () => {
      const stream = anAcceptedReferral();
      referral.given(...stream).when(close({ outcomes: [] })).thenThrows('REFERRAL.OUTCOME_REQUIRED');
      referral.given(...stream).when(close({ outcomes: ['happy' as never] })).thenThrows('REFERRAL.UNKNOWN_CODE');
      referral.given(...stream).when(close({ reason: 'bored' as never })).thenThrows('REFERRAL.UNKNOWN_CODE');
      referral.given(...stream).when(close({ outcomeNarrative: null as never })).thenThrows('REFERRAL.TEXT_REQUIRED');
    });

    it('refuses to close with outstanding actions, naming them', () => {
      const stream = history(aReferral(), accept(), agree(), agree({ actionId: 'action-2' }), setStatus('action-2', 'in_progress'));
      referral.given(...stream).when(close()).thenThrows('REFERRAL.OUTSTANDING_ACTIONS', { actionIds: ['action-1', 'action-2'] });
      expect(outstandingActionIds(given(...stream))).toEqual(['action-1', 'action-2']);
    });

    it('closes once every action is completed or cancelled', () => {
      const stream = history(aReferral(), accept(), agree(), agree({ actionId: 'action-2' }), setStatus('action-1', 'completed', sealed('done')), setStatus('action-2', 'cancelled'));
      referral.given(...stream).when(close()).then((events) => expect(events.map((e) => e.type)).toEqual(['ReferralClosed', 'CaseInvolvementChanged']));
    });

    it('cancels outstanding actions explicitly, one event each, when asked to', () => {
      const stream = history(aReferral(), accept(), agree(), agree({ actionId: 'action-2' }), setStatus('action-1', 'completed', sealed('done')));
      const events = referral.given(...stream).when(close({ cancelOutstandingActions: true })).then((events) => expect(events.map((e) => e.type)).toEqual(['ActionStatusChanged', 'ReferralClosed', 'CaseInvolvementChanged']));
      expect(events[0]).toMatchObject({ data: { actionId: 'action-2', from: 'open', to: 'cancelled', changedByUserId: 'user-chair' } });
      expect(outstandingActionIds(given(...history(aReferral(), accept(), agree(), agree({ actionId: 'action-2' }), setStatus('action-1', 'completed', sealed('done'))), ...events))).toEqual([]);
    });

    it('closes only an accepted, open referral', () => {
      referral.given(...aReferred()).when(close()).thenThrows('REFERRAL.NOT_ACCEPTED');
      referral.given(...aClosedReferral()).when(close()).thenThrows('REFERRAL.ALREADY_CLOSED');
      referral.given(...aClosedReferral()).when(setStatus('action-1', 'completed', sealed('x'))).thenThrows('REFERRAL.CLOSED');
    });

    it('reopens a closed case keeping its history, with the same agencies involved and open again', () => {
      const closedAt = later(20).now;
      const before = history(aReferral(), accept(), agree(), review(later(14)), close({ cancelOutstandingActions: true, now: closedAt }));
      const reopenedOn = later(40);
      const events = referral.given(...before).when({ ...reopen, ...reopenedOn }).then([
        {
          type: 'ReferralReopened',
          data: { referralId: R, partnershipId: P, reason: sealed('reopen'), reopenedByUserId: 'user-chair', reopenedAt: reopenedOn.now, reopenedOn: '2027-01-02', nextReviewDate: '2027-01-16' },
        },
        { type: 'CaseInvolvementChanged', data: { partnershipId: P, caseId: R, caseType: 'lag_referral', personIds: [VICTIM, PERPETRATOR], agencyIds: [POLICE, ASB_TEAM, HOUSING], open: true } },
      ]);
      const state = given(...before, ...events);
      expect(state).toMatchObject({
        status: 'accepted',
        nextReviewDate: '2027-01-16',
        record: {
          actions: { 'action-1': { status: 'cancelled' } },
          reviewCount: 1,
          acceptance: { userId: 'user-chair', agencyId: ASB_TEAM },
          closures: [{ closedAt, reason: 'risk_reduced', reopenedAt: reopenedOn.now }],
        },
      });
      // The reopened case takes new actions and can be closed again.
      const more = [...before, ...events, ...referral.given(...before, ...events).when(agree({ actionId: 'action-2', dueDate: '2027-01-20', ...later(41) })).then((agreed) => expect(agreed[0].type).toBe('ActionAgreed'))];
      expect(ofType(more, 'ActionAgreed')).toHaveLength(2);
      referral.given(...more).when(close({ cancelOutstandingActions: true })).then((_, after) => expect(after).toMatchObject({ status: 'closed', record: { closures: [{}, { reopenedAt: null }] } }));
    });

    it('reopens only a closed referral', () => {
      referral.given(...anAcceptedReferral()).when(reopen).thenThrows('REFERRAL.NOT_CLOSED');
      referral.given(...aReferred()).when(reopen).thenThrows('REFERRAL.NOT_CLOSED');
      referral.given(...aClosedReferral()).when({ ...reopen, reason: null as never }).thenThrows('REFERRAL.TEXT_REQUIRED');
    });
  });

  describe('involvement', () => {
    it('publishes the complete involvement whenever it changes, and only then', () => {
      const events = history(
        aReferral({ victims: [{ personId: VICTIM, previousReferralAt: null }, { personId: VICTIM_2, previousReferralAt: null }] }),
        accept(),
        agree(),
        agree({ actionId: 'action-2' }), // same agency: no change
        agree({ actionId: 'action-3', owningAgencyId: POLICE }), // the referring agency: no change
        setStatus('action-1', 'completed', sealed('done')),
        close({ cancelOutstandingActions: true }),
        reopen,
      );
      expect(ofType(events, 'CaseInvolvementChanged').map((e) => [e.data.agencyIds, e.data.open])).toEqual([
        [[POLICE], true],
        [[POLICE, ASB_TEAM], true],
        [[POLICE, ASB_TEAM, HOUSING], true],
        [[POLICE, ASB_TEAM, HOUSING], false],
        [[POLICE, ASB_TEAM, HOUSING], true],
      ]);
      expect(ofType(events, 'CaseInvolvementChanged').every((e) => e.data.personIds.join() === [VICTIM, VICTIM_2, PERPETRATOR].join())).toBe(true);
      const state = given(...events);
      expect(state.status !== 'none' && state.record.involvement).toEqual(involvementOf(state));
    });
  });

  it('produces events that are JSON-safe stored contracts', () => {
    const events = history(aReferral(), accept(), agree(), setStatus('action-1', 'completed', sealed('done')), review(), close(), reopen);
    const stored: DomainEvent[] = events; // compile-time: every event's data is a JSON object
    expect(JSON.parse(JSON.stringify(stored))).toStrictEqual(events);
  });
});
