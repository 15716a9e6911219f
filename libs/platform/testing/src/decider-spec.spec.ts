import { deciderSpec } from './decider-spec';

// A counter that refuses to go below zero: small enough to see every outcome by eye.
type Event = { type: 'Added'; data: { by: number } };
type Command = { type: 'Add'; by: number };
class CounterError extends Error {
  constructor(
    readonly code: string,
    readonly details?: Record<string, unknown>,
  ) {
    super(code);
  }
}
const counter = deciderSpec<Command, number, Event>({
  initialState: 0,
  evolve: (state, event) => state + event.data.by,
  decide: (command, state) => {
    if (state + command.by < 0) throw new CounterError('COUNTER.NEGATIVE', { state });
    return command.by === 0 ? [] : [{ type: 'Added', data: { by: command.by } }];
  },
});
const add = (by: number): Command => ({ type: 'Add', by });
const added = (by: number): Event => ({ type: 'Added', data: { by } });

describe('deciderSpec', () => {
  it('decides the command on the state the given events fold into', () => {
    expect(
      counter
        .given(added(2), added(3))
        .when(add(1))
        .then([added(1)]),
    ).toEqual([added(1)]);
    counter
      .given(added(2))
      .when(add(-2))
      .then((events, after) => {
        expect(events).toEqual([added(-2)]);
        expect(after).toBe(0);
      });
    counter.given().when(add(0)).thenNothing();
  });

  it('fails when the events differ, or when nothing was expected but something was decided', () => {
    expect(() =>
      counter
        .given()
        .when(add(1))
        .then([added(2)]),
    ).toThrow();
    expect(() => counter.given().when(add(1)).thenNothing()).toThrow();
  });

  it('checks a refusal by its code and details, and fails when the command is not refused', () => {
    counter.given(added(1)).when(add(-2)).thenThrows('COUNTER.NEGATIVE');
    counter.given(added(1)).when(add(-2)).thenThrows('COUNTER.NEGATIVE', { state: 1 });
    expect(() => counter.given(added(1)).when(add(-2)).thenThrows('COUNTER.OTHER')).toThrow();
    expect(() => counter.given(added(1)).when(add(-2)).thenThrows('COUNTER.NEGATIVE', { state: 2 })).toThrow();
    expect(() => counter.given(added(5)).when(add(-2)).thenThrows('COUNTER.NEGATIVE')).toThrow();
  });

  it('builds a history by deciding each command in turn, and folds it', () => {
    expect(() => counter.history(add(1), add(-2))).toThrow(expect.objectContaining({ code: 'COUNTER.NEGATIVE' }));
    expect(counter.history(add(2), add(0), add(-1))).toEqual([added(2), added(-1)]);
    expect(counter.state(...counter.history(add(2), add(-1)))).toBe(1);
  });
});
