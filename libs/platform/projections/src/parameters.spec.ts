import { Parameters } from './projection-runner';

describe('Parameters', () => {
  it('numbers each value from $1 in the order added, and keeps the values in that order', () => {
    const parameters = new Parameters();
    // Passed on apart from its object, as the projections hand it to their statements' builders.
    const { add } = parameters;
    expect([parameters.add('a'), add([1, 2]), add(null)]).toEqual(['$1', '$2', '$3']);
    expect(parameters.list).toEqual(['a', [1, 2], null]);
  });

  it('numbers each new set from $1 again', () => {
    new Parameters().add('first set');
    const second = new Parameters();
    expect(second.add('b')).toBe('$1');
    expect(second.list).toEqual(['b']);
  });
});
