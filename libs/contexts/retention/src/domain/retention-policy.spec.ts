import { decidePolicy, evolvePolicy, initialPolicy, RetentionError, type RetentionPolicy } from './retention-policy';

const base = { partnershipId: 'p', by: 'u', now: '2026-01-01T00:00:00.000Z' };
const fold = (state: RetentionPolicy, events: ReturnType<typeof decidePolicy>) => events.reduce(evolvePolicy, state);

describe('retention policy', () => {
  it('defaults to six years and no holds', () => {
    expect(initialPolicy).toEqual({ retentionYears: 6, holds: {} });
  });

  it('changes the period within bounds, with a reason, and records nothing when unchanged', () => {
    const state = fold(
      initialPolicy,
      decidePolicy(
        { type: 'ChangePolicy', ...base, retentionYears: 7, reason: 'Board decision 2026/04' },
        initialPolicy,
      ),
    );
    expect(state.retentionYears).toBe(7);
    expect(decidePolicy({ type: 'ChangePolicy', ...base, retentionYears: 7, reason: 'Again' }, state)).toEqual([]);
    expect(() => decidePolicy({ type: 'ChangePolicy', ...base, retentionYears: 0, reason: 'x' }, state)).toThrow(
      RetentionError,
    );
    expect(() => decidePolicy({ type: 'ChangePolicy', ...base, retentionYears: 2.5, reason: 'x' }, state)).toThrow(
      /whole number/,
    );
    expect(() => decidePolicy({ type: 'ChangePolicy', ...base, retentionYears: 8, reason: '  ' }, state)).toThrow(
      /reason/,
    );
  });

  it('places one hold per person and releases it', () => {
    const held = fold(
      initialPolicy,
      decidePolicy({ type: 'PlaceHold', ...base, personId: 'a', reason: 'Claim 123' }, initialPolicy),
    );
    expect(held.holds.a).toMatchObject({ reason: 'Claim 123', placedBy: 'u' });
    expect(() => decidePolicy({ type: 'PlaceHold', ...base, personId: 'a', reason: 'Again' }, held)).toThrow(
      expect.objectContaining({ code: 'RETENTION.ALREADY_ON_HOLD' }),
    );
    const released = fold(
      held,
      decidePolicy({ type: 'ReleaseHold', ...base, personId: 'a', reason: 'Claim settled' }, held),
    );
    expect(released.holds).toEqual({});
    expect(() => decidePolicy({ type: 'ReleaseHold', ...base, personId: 'a', reason: 'Again' }, released)).toThrow(
      expect.objectContaining({ code: 'RETENTION.NOT_ON_HOLD' }),
    );
  });
});
