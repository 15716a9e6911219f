import { deciderSpec } from '@hubline/testing';
import { decide, evolve, initialState, type CaseReviewEvent } from './index';
import {
  COORDINATOR_AGENCY,
  P,
  PFCC_OFFICE,
  POLICE,
  REVIEW,
  VICTIM,
  acknowledge,
  answer,
  applyByVictim,
  close,
  consult,
  coordinator,
  decideThreshold,
  escalate,
  finalise,
  panelHeld,
  pfccDecides,
  policeOfficer,
  recommend,
  requestInformation,
  schedulePanel,
  sealed,
  sendOutcome,
} from './testing/review-builders';

const review = deciderSpec({ decide, evolve, initialState });
const typesOf = (events: CaseReviewEvent[]) => events.map((e) => e.type);

/** The events of a review taken through these commands from its application. */
const after = (...commands: Parameters<typeof decide>[0][]) => review.history(applyByVictim(), ...commands);
const metAndHeld = () =>
  after(acknowledge(), requestInformation(), decideThreshold(true), schedulePanel(), panelHeld());

describe('an ASB Case Review', () => {
  describe('the application', () => {
    it('records the victim’s own application and involves the coordinator’s agency with the victim', () => {
      review
        .given()
        .when(applyByVictim())
        .then([
          {
            type: 'CaseReviewApplied',
            data: expect.objectContaining({
              reviewId: REVIEW,
              partnershipId: P,
              route: 'phone',
              receivedOn: '2026-03-02',
              applicantKind: 'victim',
              applicant: { kind: 'victim' },
              victimPersonId: VICTIM,
              coordinatorAgencyId: COORDINATOR_AGENCY,
            }),
          },
          {
            type: 'CaseInvolvementChanged',
            data: {
              partnershipId: P,
              caseId: REVIEW,
              caseType: 'asb_case_review',
              personIds: [VICTIM],
              agencyIds: [COORDINATOR_AGENCY],
              open: true,
            },
          },
        ]);
    });

    it('needs the victim unless a business or community group applies for itself', () => {
      review
        .given()
        .when(applyByVictim({ victimPersonId: null }))
        .thenThrows('CASE_REVIEW.VICTIM_REQUIRED');
      review
        .given()
        .when(
          applyByVictim({
            victimPersonId: null,
            applicant: { kind: 'business', name: 'Corner Shop Ltd' },
            sealedWith: REVIEW,
          }),
        )
        .then((events) =>
          expect(events[0]).toMatchObject({
            type: 'CaseReviewApplied',
            data: { applicant: { kind: 'business', name: 'Corner Shop Ltd' }, victimPersonId: null },
          }),
        );
    });

    it('takes an application on the victim’s behalf only with a name and a consent that covers it', () => {
      const onBehalf = (consentId: string | null, consentChecked: boolean, name = sealed('mp')) =>
        applyByVictim({
          applicant: { kind: 'on_behalf', name, relationship: 'mp', consentId },
          consentChecked,
        });
      review.given().when(onBehalf(null, false)).thenThrows('CASE_REVIEW.CONSENT_REQUIRED');
      review.given().when(onBehalf('consent-1', false)).thenThrows('CASE_REVIEW.CONSENT_NOT_VALID');
      review
        .given()
        .when(
          applyByVictim({
            applicant: { kind: 'on_behalf', name: null, relationship: 'mp', consentId: 'c' },
            consentChecked: true,
          }),
        )
        .thenThrows('CASE_REVIEW.APPLICANT_NAME_REQUIRED');
      review
        .given()
        .when(onBehalf('consent-1', true))
        .then((events) =>
          expect(events[0].data).toMatchObject({
            applicantKind: 'on_behalf',
            applicant: { kind: 'on_behalf', relationship: 'mp', consentId: 'consent-1', name: sealed('mp') },
          }),
        );
    });

    it('refuses an application received after today, and a second application on the same stream', () => {
      review
        .given()
        .when(applyByVictim({ receivedOn: '2026-03-21' }))
        .thenThrows('CASE_REVIEW.DAY_IN_FUTURE');
      review
        .given(...after())
        .when(applyByVictim())
        .thenThrows('CASE_REVIEW.ALREADY_EXISTS');
    });

    it('is acknowledged once, not before it was received', () => {
      review
        .given(...after())
        .when(acknowledge('2026-03-01'))
        .thenThrows('CASE_REVIEW.DAY_BEFORE_APPLICATION');
      review
        .given(...after(acknowledge()))
        .when(acknowledge())
        .thenThrows('CASE_REVIEW.ALREADY_ACKNOWLEDGED');
    });

    it('is not found by another partnership', () => {
      review
        .given(...after())
        .when({ ...acknowledge(), partnershipId: 'other' })
        .thenThrows('CASE_REVIEW.NOT_FOUND');
    });
  });

  describe('information requests (Sch 4 para 7)', () => {
    it('asks each agency once per round and involves it in the review', () => {
      const events = review
        .given(...after())
        .when(requestInformation([POLICE, 'agency-icb']))
        .then((e) => e);
      expect(typesOf(events)).toEqual([
        'CaseReviewInformationRequested',
        'CaseReviewInformationRequested',
        'CaseInvolvementChanged',
      ]);
      expect(events[2].data).toMatchObject({ agencyIds: [COORDINATOR_AGENCY, POLICE, 'agency-icb'] });
      review
        .given(...after(requestInformation()))
        .when(requestInformation())
        .thenThrows('CASE_REVIEW.ALREADY_ASKED');
      review
        .given(...after())
        .when(requestInformation([]))
        .thenThrows('CASE_REVIEW.NO_RELEVANT_BODIES');
    });

    it('is answered only by the agency asked, once, as a supply under the statutory duty', () => {
      review
        .given(...after(requestInformation()))
        .when(answer(coordinator))
        .thenThrows('CASE_REVIEW.NOT_ASKED_AGENCY');
      review
        .given(...after(requestInformation()))
        .when(answer())
        .then([
          {
            type: 'CaseReviewInformationSupplied',
            data: {
              reviewId: REVIEW,
              partnershipId: P,
              requestId: `req-${POLICE}`,
              round: 1,
              agencyId: POLICE,
              recipientAgencyId: COORDINATOR_AGENCY,
              personIds: [VICTIM],
              dataCategories: ['incident_details', 'case_actions'],
              summary: sealed('supplied'),
              reportIds: ['report-1', 'report-2'],
              answeredOn: '2026-03-09',
              answeredByUserId: policeOfficer.userId,
              answeredAt: expect.any(String),
              gateway: 'asbcpa_2014_sch4_para7',
            },
          },
        ]);
      review
        .given(...after(requestInformation(), answer(policeOfficer, false)))
        .when(answer())
        .thenThrows('CASE_REVIEW.REQUEST_ALREADY_ANSWERED');
      review
        .given(...after())
        .when(answer())
        .thenThrows('CASE_REVIEW.REQUEST_NOT_FOUND');
    });
  });

  describe('the threshold decision', () => {
    it('records a decision not met with its reasons and the route to query it', () => {
      review
        .given(...after(acknowledge()))
        .when(decideThreshold(false))
        .then((events, state) => {
          expect(events[0]).toMatchObject({
            type: 'CaseReviewThresholdDecided',
            data: {
              round: 1,
              met: false,
              rules: expect.objectContaining({ version: 1, qualifyingComplaints: 3 }),
              judgement: expect.objectContaining({ notMetReasons: ['TOO_FEW_QUALIFYING_COMPLAINTS'] }),
              notMetExplanation: [expect.stringContaining('1 qualifying complaint(s)')],
              queryRoute: 'pfcc_review',
              agencies: [{ agencyId: POLICE, relevantBody: true }],
            },
          });
          expect(state.status).toBe('not_met');
        });
    });

    it('is decided once per round; discretion only where the rules allow it', () => {
      review
        .given(...after(decideThreshold(true)))
        .when(decideThreshold(true))
        .thenThrows('CASE_REVIEW.THRESHOLD_ALREADY_DECIDED');
      const noDiscretion = decideThreshold(true, sealed('why')) as Extract<
        ReturnType<typeof decideThreshold>,
        { type: 'DecideThreshold' }
      >;
      review
        .given(...after())
        .when({ ...noDiscretion, rules: { ...noDiscretion.rules, discretionAllowed: false } })
        .thenThrows('CASE_REVIEW.DISCRETION_NOT_ALLOWED');
      review
        .given(...after())
        .when(decideThreshold(true, sealed('persistent harm')))
        .then((events) =>
          expect(events[0].data).toMatchObject({
            met: true,
            discretion: { reason: sealed('persistent harm'), authorisedByUserId: 'u-coord' },
          }),
        );
    });
  });

  describe('the panel and the action plan', () => {
    it('has no panel when the threshold was not met', () => {
      review
        .given(...after(decideThreshold(false)))
        .when(schedulePanel())
        .thenThrows('CASE_REVIEW.THRESHOLD_NOT_MET');
      review
        .given(...after())
        .when(schedulePanel())
        .thenThrows('CASE_REVIEW.THRESHOLD_NOT_DECIDED');
    });

    it('records findings and recommendations only once the panel has met', () => {
      const scheduled = after(decideThreshold(true), schedulePanel());
      review
        .given(...scheduled)
        .when(recommend())
        .thenThrows('CASE_REVIEW.PANEL_NOT_HELD');
      review
        .given(...scheduled)
        .when(schedulePanel())
        .thenThrows('CASE_REVIEW.PANEL_ALREADY_SCHEDULED');
      review
        .given(...after(decideThreshold(true)))
        .when(panelHeld())
        .thenThrows('CASE_REVIEW.PANEL_NOT_SCHEDULED');
    });

    it('refuses to record the victim at a meeting they were not invited to', () => {
      review
        .given(...after(decideThreshold(true), schedulePanel(false)))
        .when(panelHeld())
        .thenThrows('CASE_REVIEW.UNKNOWN_CODE');
    });

    it('makes the plan final only after the victim was consulted', () => {
      review
        .given(...metAndHeld())
        .when(finalise())
        .thenThrows('CASE_REVIEW.VICTIM_NOT_CONSULTED');
      review
        .given(
          ...metAndHeld(),
          ...review
            .given(...metAndHeld())
            .when(consult())
            .then((e) => e),
        )
        .when(finalise())
        .then([
          {
            type: 'CaseReviewActionPlanFinalised',
            data: {
              reviewId: REVIEW,
              partnershipId: P,
              finalisedOn: '2026-03-19',
              recommendationIds: [],
              byUserId: 'u-coord',
              at: expect.any(String),
            },
          },
        ]);
    });

    it('involves the agency owning a recommendation, which alone (or the coordinator) reports progress', () => {
      const made = review
        .given(...metAndHeld())
        .when(recommend('rec-1', 'agency-housing'))
        .then((e) => e);
      expect(typesOf(made)).toEqual(['CaseReviewRecommendationMade', 'CaseInvolvementChanged']);
      const history = [...metAndHeld(), ...made];
      const progress = (actor = policeOfficer, status = 'done', note = sealed('done')) => ({
        type: 'ProgressRecommendation' as const,
        partnershipId: P,
        recommendationId: 'rec-1',
        status,
        note,
        actor,
        on: '2026-03-20',
        now: '2026-03-20T10:00:00.000Z',
        today: '2026-03-20',
      });
      review
        .given(...history)
        .when(progress())
        .thenThrows('CASE_REVIEW.NOT_OWNING_AGENCY');
      review
        .given(...history)
        .when(progress(coordinator, 'done', null as never))
        .thenThrows('CASE_REVIEW.TEXT_REQUIRED');
      const done = review
        .given(...history)
        .when(progress(coordinator))
        .then((e) => e);
      review
        .given(...history, ...done)
        .when(progress(coordinator))
        .thenThrows('CASE_REVIEW.RECOMMENDATION_FINISHED');
    });
  });

  describe('the outcome, closure and the PFCC’s review', () => {
    const planFinal = () => {
      const history = [...metAndHeld()];
      for (const c of [recommend(), consult(), finalise()])
        history.push(
          ...review
            .given(...history)
            .when(c)
            .then((e) => e),
        );
      return history;
    };

    it('sends the outcome after a met threshold only once the plan is final', () => {
      review
        .given(...metAndHeld())
        .when(sendOutcome())
        .thenThrows('CASE_REVIEW.PLAN_NOT_FINALISED');
      review
        .given(...planFinal())
        .when(sendOutcome())
        .then((events, state) => {
          expect(events[0]).toMatchObject({
            type: 'CaseReviewOutcomeSent',
            data: { thresholdMet: true, appealBy: '2026-04-20' },
          });
          expect(state.status).toBe('outcome_sent');
        });
    });

    it('closes after the outcome with what the victim is told; before it only on withdrawal', () => {
      review
        .given(...after())
        .when(close())
        .thenThrows('CASE_REVIEW.OUTCOME_NOT_SENT');
      review
        .given(...after())
        .when(close('withdrawn_by_applicant'))
        .then((events, state) => {
          expect(typesOf(events)).toEqual(['CaseReviewClosed', 'CaseInvolvementChanged']);
          expect(events[1].data).toMatchObject({ open: false });
          expect(state.status).toBe('closed');
        });
    });

    it('takes an escalation within the appeal window only', () => {
      const notMetSent = after(decideThreshold(false), sendOutcome('2026-03-13', '2026-03-19'));
      review
        .given(...notMetSent)
        .when(escalate('2026-03-20'))
        .thenThrows('CASE_REVIEW.APPEAL_WINDOW_PASSED');
      review
        .given(...after(decideThreshold(false)))
        .when(escalate())
        .thenThrows('CASE_REVIEW.OUTCOME_NOT_SENT');
      const inTime = after(decideThreshold(false), sendOutcome());
      review
        .given(...inTime)
        .when(escalate(undefined, ['threshold_not_met']))
        .then((events, state) => {
          expect(events[0]).toMatchObject({
            type: 'CaseReviewEscalated',
            data: { pfccAgencyId: PFCC_OFFICE, grounds: ['threshold_not_met'] },
          });
          expect(events[1]).toMatchObject({
            type: 'CaseInvolvementChanged',
            data: { agencyIds: expect.arrayContaining([PFCC_OFFICE]) },
          });
          expect(state.status).toBe('escalated');
        });
      review
        .given(
          ...planFinal(),
          ...review
            .given(...planFinal())
            .when(sendOutcome())
            .then((e) => e),
        )
        .when(escalate(undefined, ['threshold_not_met']))
        .thenThrows('CASE_REVIEW.UNKNOWN_CODE');
    });

    it('is decided by the PFCC office it went to: upheld returns it; referred back opens a fresh round', () => {
      const escalated = after(decideThreshold(false), sendOutcome(), escalate(undefined, ['threshold_not_met']));
      review
        .given(...escalated)
        .when(pfccDecides('upheld', { ...coordinator, pfccReviewer: true }))
        .thenThrows('CASE_REVIEW.NOT_FOUND');
      review
        .given(...after(decideThreshold(false), sendOutcome()))
        .when(pfccDecides('upheld'))
        .thenThrows('CASE_REVIEW.NOT_FOUND');
      review
        .given(...escalated)
        .when(pfccDecides('upheld'))
        .then((_events, state) => expect(state.status).toBe('outcome_sent'));
      const referred = review
        .given(...escalated)
        .when(pfccDecides('referred_back'))
        .then((events, state) => {
          expect(events[0].data).toMatchObject({ decision: 'referred_back', newRound: 2 });
          expect(state).toMatchObject({
            status: 'received',
            record: { round: 2, decisions: [{ round: 1, met: false }] },
          });
        });
      // A fresh threshold decision in the new round, with the first one kept.
      review
        .given(...escalated, ...referred)
        .when(decideThreshold(true))
        .then((events, state) => {
          expect(events[0].data).toMatchObject({ round: 2, met: true });
          expect(state).toMatchObject({ status: 'in_review', record: { decisions: [{ round: 1 }, { round: 2 }] } });
        });
    });
  });
});
