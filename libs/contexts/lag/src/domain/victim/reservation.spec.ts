import { deciderSpec } from '@hubline/testing';
import {
  decideVictimCase,
  evolveVictimCase,
  initialVictimCaseState,
  type VictimCaseCommand,
  type VictimCaseEvent,
  type VictimCaseState,
} from './reservation';

const spec = deciderSpec<VictimCaseCommand, VictimCaseState, VictimCaseEvent>({
  initialState: initialVictimCaseState,
  evolve: evolveVictimCase,
  decide: decideVictimCase,
});
const ids = { victimId: 'victim-1', partnershipId: 'p-1' };
const NOW = '2026-03-02T10:00:00.000Z';
const reserved = (referralId: string, reservedAt = '2026-03-01T09:00:00.000Z'): VictimCaseEvent => ({
  type: 'VictimCaseReserved',
  data: { ...ids, referralId, reservedAt },
});
const released = (referralId: string): VictimCaseEvent => ({
  type: 'VictimCaseReleased',
  data: { ...ids, referralId, releasedAt: '2026-03-01T12:00:00.000Z' },
});
const reserve = (referralId: string, holderOpen = false, now = NOW): VictimCaseCommand => ({
  type: 'ReserveVictimCase',
  ...ids,
  referralId,
  holderOpen,
  now,
});
const release = (referralId: string): VictimCaseCommand => ({
  type: 'ReleaseVictimCase',
  ...ids,
  referralId,
  now: NOW,
});

describe('one open case per victim: the reservation', () => {
  it('reserves a free victim, and again after the case that held them was released', () => {
    spec
      .given()
      .when(reserve('r-1'))
      .then([reserved('r-1', NOW)]);
    spec
      .given(reserved('r-1'), released('r-1'))
      .when(reserve('r-2'))
      .then([reserved('r-2', NOW)]);
  });

  it('refuses while another case holding the victim is open, naming it', () => {
    spec.given(reserved('r-1')).when(reserve('r-2', true)).thenThrows('LAG.VICTIM_HAS_OPEN_CASE', {
      openReferralId: 'r-1',
    });
  });

  it('refuses a reservation made moments ago even if its case is not open yet (its acceptance may be under way)', () => {
    spec
      .given(reserved('r-1', '2026-03-02T09:59:50.000Z'))
      .when(reserve('r-2', false))
      .thenThrows('LAG.VICTIM_HAS_OPEN_CASE', { openReferralId: 'r-1' });
  });

  it('takes over a stale reservation: its case is not open and the grace has passed', () => {
    spec
      .given(reserved('r-1'))
      .when(reserve('r-2', false))
      .then([reserved('r-2', NOW)]);
  });

  it('records nothing when the case already holds the victim, or releases what it does not hold', () => {
    spec.given(reserved('r-1')).when(reserve('r-1')).thenNothing();
    spec.given(reserved('r-1')).when(release('r-2')).thenNothing();
    spec.given().when(release('r-1')).thenNothing();
    spec
      .given(reserved('r-1'))
      .when(release('r-1'))
      .then([{ type: 'VictimCaseReleased', data: { ...ids, referralId: 'r-1', releasedAt: NOW } }]);
  });
});
