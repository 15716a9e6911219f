import type { DomainEvent } from '@hubline/event-store';
import { involvementOf } from '.';
import {
  sealed,
  VICTIM,
  VICTIM_2,
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
  ofType,
  history,
  given,
} from './testing/referral-builders';

describe('LAG referral', () => {
  describe('involvement', () => {
    it('publishes the complete involvement whenever it changes, and only then', () => {
      const events = history(
        aReferral({
          victims: [
            { personId: VICTIM, previousReferralAt: null },
            { personId: VICTIM_2, previousReferralAt: null },
          ],
        }),
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
      expect(
        ofType(events, 'CaseInvolvementChanged').every(
          (e) => e.data.personIds.join() === [VICTIM, VICTIM_2, PERPETRATOR].join(),
        ),
      ).toBe(true);
      const state = given(...events);
      expect(state.status !== 'none' && state.record.involvement).toEqual(involvementOf(state));
    });
  });

  it('produces events that are JSON-safe stored contracts', () => {
    const events = history(
      aReferral(),
      accept(),
      agree(),
      setStatus('action-1', 'completed', sealed('done')),
      review(),
      close(),
      reopen,
    );
    const stored: DomainEvent[] = events; // compile-time: every event's data is a JSON object
    expect(JSON.parse(JSON.stringify(stored))).toStrictEqual(events);
  });
});
