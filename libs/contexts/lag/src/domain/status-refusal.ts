import { LagError, type LagErrorCode } from './errors';

/**
 * Builds a decider's status guard from its refusal messages. The guard narrows a state to the
 * statuses a command allows; every other status must name its refusal, so adding a status does
 * not compile until each command has decided what to do in it.
 */
export function statusGuard<Existing extends { status: string }, Code extends LagErrorCode>(
  messages: Record<Code, string>,
) {
  type Status = Existing['status'];
  return function inStatus<S extends Status>(
    state: Existing,
    allowed: readonly S[],
    refusals: Record<Exclude<Status, S>, Code>,
  ): Extract<Existing, { status: S }> {
    if ((allowed as readonly Status[]).includes(state.status)) return state as Extract<Existing, { status: S }>;
    const code = refusals[state.status as Exclude<Status, S>];
    throw new LagError(code, messages[code]);
  };
}
