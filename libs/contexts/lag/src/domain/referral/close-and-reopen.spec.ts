import { outstandingActionIds } from '.';
import {
  now,
  later,
  sealed,
  P,
  R,
  VICTIM,
  PERPETRATOR,
  POLICE,
  ASB_TEAM,
  HOUSING,
  aReferral,
  accept,
  agree,
  setStatus,
  close,
  reopen,
  review,
  referral,
  aReferred,
  anAcceptedReferral,
  aClosedReferral,
  ofType,
  history,
  given,
} from './testing/referral-builders';

describe('LAG referral', () => {
  describe('closing and reopening', () => {
    it('closes with a victim-focused outcome and a reason, closing the case to the access context', () => {
      referral
        .given(...anAcceptedReferral())
        .when(close())
        .then([
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
          {
            type: 'CaseInvolvementChanged',
            data: {
              partnershipId: P,
              caseId: R,
              caseType: 'lag_referral',
              personIds: [VICTIM, PERPETRATOR],
              agencyIds: [POLICE, ASB_TEAM],
              open: false,
            },
          },
        ]);
    });

    it('needs at least one known outcome, a known reason and the narrative', () => {
      const stream = anAcceptedReferral();
      referral
        .given(...stream)
        .when(close({ outcomes: [] }))
        .thenThrows('REFERRAL.OUTCOME_REQUIRED');
      referral
        .given(...stream)
        .when(close({ outcomes: ['happy' as never] }))
        .thenThrows('REFERRAL.UNKNOWN_CODE');
      referral
        .given(...stream)
        .when(close({ reason: 'bored' as never }))
        .thenThrows('REFERRAL.UNKNOWN_CODE');
      referral
        .given(...stream)
        .when(close({ outcomeNarrative: null as never }))
        .thenThrows('REFERRAL.TEXT_REQUIRED');
    });

    it('refuses to close with outstanding actions, naming them', () => {
      const stream = history(
        aReferral(),
        accept(),
        agree(),
        agree({ actionId: 'action-2' }),
        setStatus('action-2', 'in_progress'),
      );
      referral
        .given(...stream)
        .when(close())
        .thenThrows('REFERRAL.OUTSTANDING_ACTIONS', { actionIds: ['action-1', 'action-2'] });
      expect(outstandingActionIds(given(...stream))).toEqual(['action-1', 'action-2']);
    });

    it('closes once every action is completed or cancelled', () => {
      const stream = history(
        aReferral(),
        accept(),
        agree(),
        agree({ actionId: 'action-2' }),
        setStatus('action-1', 'completed', sealed('done')),
        setStatus('action-2', 'cancelled'),
      );
      referral
        .given(...stream)
        .when(close())
        .then((events) => expect(events.map((e) => e.type)).toEqual(['ReferralClosed', 'CaseInvolvementChanged']));
    });

    it('cancels outstanding actions explicitly, one event each, when asked to', () => {
      const stream = history(
        aReferral(),
        accept(),
        agree(),
        agree({ actionId: 'action-2' }),
        setStatus('action-1', 'completed', sealed('done')),
      );
      const events = referral
        .given(...stream)
        .when(close({ cancelOutstandingActions: true }))
        .then((events) =>
          expect(events.map((e) => e.type)).toEqual([
            'ActionStatusChanged',
            'ReferralClosed',
            'CaseInvolvementChanged',
          ]),
        );
      expect(events[0]).toMatchObject({
        data: { actionId: 'action-2', from: 'open', to: 'cancelled', changedByUserId: 'user-chair' },
      });
      expect(
        outstandingActionIds(
          given(
            ...history(
              aReferral(),
              accept(),
              agree(),
              agree({ actionId: 'action-2' }),
              setStatus('action-1', 'completed', sealed('done')),
            ),
            ...events,
          ),
        ),
      ).toEqual([]);
    });

    it('closes only an accepted, open referral', () => {
      referral
        .given(...aReferred())
        .when(close())
        .thenThrows('REFERRAL.NOT_ACCEPTED');
      referral
        .given(...aClosedReferral())
        .when(close())
        .thenThrows('REFERRAL.ALREADY_CLOSED');
      referral
        .given(...aClosedReferral())
        .when(setStatus('action-1', 'completed', sealed('x')))
        .thenThrows('REFERRAL.CLOSED');
    });

    it('reopens a closed case keeping its history, with the same agencies involved and open again', () => {
      const closedAt = later(20).now;
      const before = history(
        aReferral(),
        accept(),
        agree(),
        review(later(14)),
        close({ cancelOutstandingActions: true, now: closedAt }),
      );
      const reopenedOn = later(40);
      const events = referral
        .given(...before)
        .when({ ...reopen, ...reopenedOn })
        .then([
          {
            type: 'ReferralReopened',
            data: {
              referralId: R,
              partnershipId: P,
              reason: sealed('reopen'),
              reopenedByUserId: 'user-chair',
              reopenedAt: reopenedOn.now,
              reopenedOn: '2027-01-02',
              nextReviewDate: '2027-01-16',
            },
          },
          {
            type: 'CaseInvolvementChanged',
            data: {
              partnershipId: P,
              caseId: R,
              caseType: 'lag_referral',
              personIds: [VICTIM, PERPETRATOR],
              agencyIds: [POLICE, ASB_TEAM, HOUSING],
              open: true,
            },
          },
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
      const more = [
        ...before,
        ...events,
        ...referral
          .given(...before, ...events)
          .when(agree({ actionId: 'action-2', dueDate: '2027-01-20', ...later(41) }))
          .then((agreed) => expect(agreed[0].type).toBe('ActionAgreed')),
      ];
      expect(ofType(more, 'ActionAgreed')).toHaveLength(2);
      referral
        .given(...more)
        .when(close({ cancelOutstandingActions: true }))
        .then((_, after) =>
          expect(after).toMatchObject({ status: 'closed', record: { closures: [{}, { reopenedAt: null }] } }),
        );
    });

    it('reopens only a closed referral', () => {
      referral
        .given(...anAcceptedReferral())
        .when(reopen)
        .thenThrows('REFERRAL.NOT_CLOSED');
      referral
        .given(...aReferred())
        .when(reopen)
        .thenThrows('REFERRAL.NOT_CLOSED');
      referral
        .given(...aClosedReferral())
        .when({ ...reopen, reason: null as never })
        .thenThrows('REFERRAL.TEXT_REQUIRED');
    });
  });
});
