import { deciderSpec } from '@hubline/testing';
import {
  decideEnforcementSettings,
  evolveEnforcementSettings,
  initialEnforcementSettings,
  type ChangeExpiryWindow,
  type EnforcementSettings,
  type EnforcementSettingsEvent,
} from './settings';
import { standingOf } from './standing';

const settings = deciderSpec<ChangeExpiryWindow, EnforcementSettings, EnforcementSettingsEvent>({
  decide: decideEnforcementSettings,
  evolve: evolveEnforcementSettings,
  initialState: initialEnforcementSettings,
});
const change = (days: number): ChangeExpiryWindow => ({
  type: 'ChangeExpiryWindow',
  partnershipId: 'p1',
  days,
  changedByUserId: 'u1',
  now: '2026-12-05T10:00:00.000Z',
});

describe('the expiry warning window', () => {
  it('changes within 7 to 90 whole days, recording the window it replaced', () => {
    settings
      .given()
      .when(change(14))
      .then([
        {
          type: 'EnforcementExpiryWindowChanged',
          data: {
            partnershipId: 'p1',
            days: 14,
            previousDays: 28,
            changedByUserId: 'u1',
            changedAt: '2026-12-05T10:00:00.000Z',
          },
        },
      ]);
    for (const days of [6, 91, 10.5])
      settings.given().when(change(days)).thenThrows('ENFORCEMENT_SETTINGS.OUT_OF_BOUNDS');
  });

  it('appends nothing when the window is already in force', () => {
    settings.given().when(change(28)).thenNothing();
    settings
      .given(...settings.history(change(14)))
      .when(change(14))
      .thenNothing();
  });
});

describe('how an order stands on a day', () => {
  const cpn = { kind: 'community_protection_notice' as const, status: 'served' as const };
  it('tells in force, expiring within the window, ended and discharged apart; one-off steps are issued', () => {
    expect(standingOf({ ...cpn, expiresOn: null }, '2026-12-05', 28)).toBe('in_force');
    expect(standingOf({ ...cpn, expiresOn: '2027-01-02' }, '2026-12-05', 28)).toBe('expiring');
    expect(standingOf({ ...cpn, expiresOn: '2027-01-03' }, '2026-12-05', 28)).toBe('in_force');
    expect(standingOf({ ...cpn, expiresOn: '2026-12-05' }, '2026-12-05', 28)).toBe('expiring');
    expect(standingOf({ ...cpn, expiresOn: '2026-12-04' }, '2026-12-05', 28)).toBe('ended');
    expect(standingOf({ ...cpn, status: 'discharged', expiresOn: null }, '2026-12-05', 28)).toBe('discharged');
    expect(standingOf({ kind: 'warning_letter', status: 'served', expiresOn: null }, '2026-12-05', 28)).toBe('issued');
  });
});
