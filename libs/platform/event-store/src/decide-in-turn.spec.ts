import { decideInTurn } from './command-handling';

type Counter = { n: number };
type Added = { type: 'Added'; by: number };

describe('decideInTurn', () => {
  const decide = (by: number, state: Counter): Added[] =>
    state.n + by > 5 ? [] : [{ type: 'Added', by: state.n + by }];
  const evolve = (state: Counter, event: Added): Counter => ({ n: event.by });

  it('decides each command on the state the events before it left, and returns all the events', () => {
    expect(decideInTurn(decide, evolve, [1, 2, 3])({ n: 0 })).toEqual([
      { type: 'Added', by: 1 },
      { type: 'Added', by: 3 },
    ]);
  });

  it('decides nothing for no commands', () => {
    expect(decideInTurn(decide, evolve, [])({ n: 0 })).toEqual([]);
  });
});
