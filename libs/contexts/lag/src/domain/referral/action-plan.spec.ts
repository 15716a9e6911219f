import {
  now,
  today,
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
  referral,
  aReferred,
  anAcceptedReferral,
  aClosedReferral,
  history,
} from './testing/referral-builders';

describe('LAG referral', () => {
  describe('the action plan', () => {
    it('agrees an action owned by an agency, and makes that agency involved', () => {
      referral
        .given(...anAcceptedReferral())
        .when(agree({ assigneeUserId: 'user-housing', targetPersonId: PERPETRATOR }))
        .then([
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
    });

    it('publishes no involvement change for an agency already involved, and allows an action agreed between meetings', () => {
      referral
        .given(...anAcceptedReferral())
        .when(agree({ owningAgencyId: POLICE, meetingId: undefined, kind: 'target_hardening' }))
        .then([
          {
            type: 'ActionAgreed',
            data: expect.objectContaining({
              owningAgencyId: POLICE,
              meetingId: null,
              assigneeUserId: null,
              targetPersonId: null,
            }),
          },
        ]);
    });

    it('allows an action due today but not before, and needs a real date', () => {
      const stream = anAcceptedReferral();
      referral
        .given(...stream)
        .when(agree({ dueDate: today }))
        .then((events) => expect(events[0].type).toBe('ActionAgreed'));
      referral
        .given(...stream)
        .when(agree({ dueDate: '2026-11-22' }))
        .thenThrows('REFERRAL.ACTION_DUE_DATE_IN_PAST');
      referral
        .given(...stream)
        .when(agree({ dueDate: '2026-02-30' }))
        .thenThrows('REFERRAL.INVALID_DATE');
      referral
        .given(...stream)
        .when(agree({ dueDate: '7/12/2026' }))
        .thenThrows('REFERRAL.INVALID_DATE');
    });

    it('targets only a victim or perpetrator of this case, with a known kind and a description', () => {
      const stream = anAcceptedReferral();
      referral
        .given(...stream)
        .when(agree({ targetPersonId: VICTIM, kind: 'support_referral' }))
        .then((events) => expect(events[0].type).toBe('ActionAgreed'));
      referral
        .given(...stream)
        .when(agree({ targetPersonId: 'person-stranger' }))
        .thenThrows('REFERRAL.ACTION_TARGET_NOT_IN_CASE');
      referral
        .given(...stream)
        .when(agree({ kind: 'stern_word' as never }))
        .thenThrows('REFERRAL.UNKNOWN_CODE');
      referral
        .given(...stream)
        .when(agree({ description: null as never }))
        .thenThrows('REFERRAL.TEXT_REQUIRED');
    });

    it('refuses a second action with the same id', () => {
      referral
        .given(...history(aReferral(), accept(), agree()))
        .when(agree())
        .thenThrows('REFERRAL.ACTION_ALREADY_EXISTS');
    });

    it('takes no action before acceptance or on a closed referral', () => {
      referral
        .given(...aReferred())
        .when(agree())
        .thenThrows('REFERRAL.NOT_ACCEPTED');
      referral
        .given(...aClosedReferral())
        .when(agree())
        .thenThrows('REFERRAL.CLOSED');
    });

    it('moves an action through its statuses; completion needs an outcome', () => {
      const stream = history(aReferral(), accept(), agree());
      referral
        .given(...stream)
        .when(setStatus('action-1', 'in_progress'))
        .then([
          {
            type: 'ActionStatusChanged',
            data: {
              referralId: R,
              partnershipId: P,
              actionId: 'action-1',
              from: 'open',
              to: 'in_progress',
              outcome: null,
              changedByUserId: 'user-housing',
              changedAt: now,
            },
          },
        ]);
      referral
        .given(...stream)
        .when(setStatus('action-1', 'open'))
        .thenNothing();
      referral
        .given(...stream)
        .when(setStatus('action-1', 'completed'))
        .thenThrows('REFERRAL.ACTION_OUTCOME_REQUIRED');
      referral
        .given(...stream)
        .when(setStatus('action-1', 'completed', sealed('letter sent')))
        .then((events) =>
          expect(events[0]).toMatchObject({ data: { to: 'completed', outcome: sealed('letter sent') } }),
        );
      referral
        .given(...stream)
        .when(setStatus('action-9', 'in_progress'))
        .thenThrows('REFERRAL.ACTION_NOT_FOUND');
      referral
        .given(...stream)
        .when(setStatus('action-1', 'paused' as never))
        .thenThrows('REFERRAL.UNKNOWN_CODE');
    });

    it('changes nothing after an action is completed or cancelled', () => {
      const completed = history(aReferral(), accept(), agree(), setStatus('action-1', 'completed', sealed('done')));
      referral
        .given(...completed)
        .when(setStatus('action-1', 'in_progress'))
        .thenThrows('REFERRAL.ACTION_FINISHED');
      referral
        .given(...completed)
        .when(setStatus('action-1', 'cancelled'))
        .thenThrows('REFERRAL.ACTION_FINISHED');
      const cancelled = history(aReferral(), accept(), agree(), setStatus('action-1', 'cancelled'));
      referral
        .given(...cancelled)
        .when(setStatus('action-1', 'open'))
        .thenThrows('REFERRAL.ACTION_FINISHED');
    });
  });
});
