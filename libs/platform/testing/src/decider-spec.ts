/** The pure parts of an aggregate, as a decider spec runs them. */
export interface Decider<C, S, E> {
  decide(command: C, state: S): E[];
  evolve(state: S, event: E): S;
  initialState: S;
}

/** What a `then` checks: the exact events, or a function given the events and the state after them. */
export type Expected<S, E> = E[] | ((events: E[], after: S) => void);

export interface WhenCommand<S, E> {
  /** The command decides exactly these events (asymmetric matchers allowed), or passes the check. Returns the events. */
  then(expected: Expected<S, E>): E[];
  /** The command changes nothing. */
  thenNothing(): void;
  /** The command is refused with this error code (and, when given, these details). */
  thenThrows(code: string, details?: Record<string, unknown>): void;
}

export interface DeciderSpec<C, S, E> {
  /** The stream so far: these events, folded from the initial state. */
  given(...events: E[]): { when(command: C): WhenCommand<S, E> };
  /** The state these events fold into. */
  state(...events: E[]): S;
  /** The events a real stream would hold after these commands, each decided on the state the previous ones left. */
  history(...commands: C[]): E[];
}

/**
 * Unit tests for a decider in the given / when / then shape: given the events of a stream, when a
 * command is decided, then these events (or this refusal). Pure: no store, no clock, no I/O.
 *
 *   const referral = deciderSpec({ decide, evolve, initialState });
 *   referral.given(...aReferred()).when(accept()).then([{ type: 'ReferralAccepted', data: ... }]);
 *   referral.given(...aClosed()).when(accept()).thenThrows('REFERRAL.CLOSED');
 */
export function deciderSpec<C, S, E>(decider: Decider<C, S, E>): DeciderSpec<C, S, E> {
  const state = (...events: E[]): S => events.reduce(decider.evolve, decider.initialState);
  return {
    state,
    history(...commands) {
      const events: E[] = [];
      for (const command of commands) events.push(...decider.decide(command, state(...events)));
      return events;
    },
    given(...history) {
      const before = state(...history);
      return {
        when(command) {
          const decide = () => decider.decide(command, before);
          return {
            then(expected) {
              const events = decide();
              if (typeof expected === 'function') expected(events, events.reduce(decider.evolve, before));
              else expect(events).toEqual(expected);
              return events;
            },
            thenNothing() {
              expect(decide()).toEqual([]);
            },
            thenThrows(code, details) {
              expect(decide).toThrow(expect.objectContaining(details === undefined ? { code } : { code, details }));
            },
          };
        },
      };
    },
  };
}
