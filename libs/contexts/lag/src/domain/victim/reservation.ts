import { LagError } from '../errors';

/**
 * One open case per victim (decision 0029). A victim's reservation stream names the one case open
 * for them; a case is reserved before it is accepted or reopened and released when it is declined
 * or closed. Appends to the stream are serialised by its expected revision, so of two attempts to
 * open a case for one victim at the same moment exactly one reserves the victim.
 */
export const victimCaseStream = (victimId: string) => `lag-victim-${victimId}`;

/** How long a reservation whose case did not open protects an attempt still under way. */
export const RESERVATION_GRACE_MS = 30_000;

export type VictimCaseEvent =
  | {
      type: 'VictimCaseReserved';
      data: { victimId: string; partnershipId: string; referralId: string; reservedAt: string };
    }
  | {
      type: 'VictimCaseReleased';
      data: { victimId: string; partnershipId: string; referralId: string; releasedAt: string };
    };

export type VictimCaseState = { status: 'free' } | { status: 'reserved'; referralId: string; reservedAt: string };

export const initialVictimCaseState: VictimCaseState = { status: 'free' };

export function evolveVictimCase(state: VictimCaseState, event: VictimCaseEvent): VictimCaseState {
  switch (event.type) {
    case 'VictimCaseReserved':
      return { status: 'reserved', referralId: event.data.referralId, reservedAt: event.data.reservedAt };
    case 'VictimCaseReleased':
      return state.status === 'reserved' && state.referralId === event.data.referralId ? { status: 'free' } : state;
    default: {
      const unexpected: never = event;
      return unexpected;
    }
  }
}

export type VictimCaseCommand =
  | {
      type: 'ReserveVictimCase';
      victimId: string;
      partnershipId: string;
      referralId: string;
      /** Whether the case holding the reservation (if another) is open now, as its own stream says. */
      holderOpen: boolean;
      now: string;
    }
  | { type: 'ReleaseVictimCase'; victimId: string; partnershipId: string; referralId: string; now: string };

/**
 * Reserves the victim for a case, refusing with LAG.VICTIM_HAS_OPEN_CASE (naming it) while another
 * case holds them and is open, or reserved them moments ago (its acceptance may still be under
 * way). A reservation whose case is no longer open and is past the grace is stale: taken over.
 */
export function decideVictimCase(command: VictimCaseCommand, state: VictimCaseState): VictimCaseEvent[] {
  const ids = { victimId: command.victimId, partnershipId: command.partnershipId, referralId: command.referralId };
  switch (command.type) {
    case 'ReserveVictimCase': {
      if (state.status === 'reserved' && state.referralId === command.referralId) return [];
      if (state.status === 'reserved') {
        const recent = Date.parse(command.now) - Date.parse(state.reservedAt) < RESERVATION_GRACE_MS;
        if (command.holderOpen || recent) throw victimHasOpenCase(state.referralId);
      }
      return [{ type: 'VictimCaseReserved', data: { ...ids, reservedAt: command.now } }];
    }
    case 'ReleaseVictimCase':
      if (state.status !== 'reserved' || state.referralId !== command.referralId) return [];
      return [{ type: 'VictimCaseReleased', data: { ...ids, releasedAt: command.now } }];
    default: {
      const unexpected: never = command;
      return unexpected;
    }
  }
}

/** The refusal: the victim already has an open case, named so the chair can go to it. */
export const victimHasOpenCase = (openReferralId: string) =>
  new LagError(
    'LAG.VICTIM_HAS_OPEN_CASE',
    'This victim already has an open LAG case: work that case, or close it first. Decline a repeat referral as managed by the open case.',
    { openReferralId },
  );
