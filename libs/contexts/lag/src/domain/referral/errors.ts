import { LagError, requireKnown } from '../errors';
import type { Sealed } from '../sealed';
import { statusGuard } from '../status-refusal';
import type { ExistingReferral, ReferralState } from './state';

/** Why a command is refused in a referral's current status. */
const STATUS_REFUSALS = {
  'REFERRAL.NOT_ACCEPTED': 'The LAG chair has not accepted this referral yet.',
  'REFERRAL.ALREADY_ACCEPTED': 'This referral has already been accepted.',
  'REFERRAL.DECLINED': 'This referral was declined; a new concern needs a new referral.',
  'REFERRAL.CLOSED': 'This referral is closed; reopen it first.',
  'REFERRAL.ALREADY_CLOSED': 'This referral is already closed.',
  'REFERRAL.NOT_CLOSED': 'Only a closed referral can be reopened.',
};

/** Narrows a referral to the statuses a command allows; every other status names its refusal. */
export const inStatus = statusGuard<ExistingReferral, keyof typeof STATUS_REFUSALS>(STATUS_REFUSALS);

export function existing(state: ReferralState, partnershipId: string): ExistingReferral {
  // A referral of another partnership is, to this caller, no referral at all.
  if (state.status === 'none' || state.record.partnershipId !== partnershipId)
    throw new LagError('REFERRAL.NOT_FOUND', 'No such referral in your partnership.');
  return state;
}

export function requireText(value: Sealed | null | undefined, what: string): Sealed {
  if (!value) throw new LagError('REFERRAL.TEXT_REQUIRED', `${what} is required.`);
  return value;
}

export function knownCodes<T extends string>(list: readonly T[], values: readonly string[], what: string): T[] {
  return [...new Set(values)].map((v) => requireKnown(list, v, 'REFERRAL.UNKNOWN_CODE', what));
}
