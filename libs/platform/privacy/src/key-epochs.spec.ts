import { keyEpochTurnDue, type KeyEpochState } from './key-epochs';

describe('keyEpochTurnDue', () => {
  const began = new Date('2026-03-02T09:00:00Z');
  const at = (minutes: number) => new Date(began.getTime() + minutes * 60_000);
  const policy = { epochDays: 7, afterErasureMinutes: 60 };
  const state = (over: Partial<KeyEpochState> = {}): KeyEpochState => ({
    liveEpochs: 1,
    currentEpochId: 4,
    currentSince: began,
    firstErasureSince: null,
    ...over,
  });

  it('is not due within the epoch when nobody was forgotten', () => {
    expect(keyEpochTurnDue(state(), policy, at(7 * 24 * 60 - 1))).toBeNull();
  });

  it('is due on schedule once the epoch has lasted its days, unless the schedule is off', () => {
    expect(keyEpochTurnDue(state(), policy, at(7 * 24 * 60))).toBe('schedule');
    expect(keyEpochTurnDue(state(), { ...policy, epochDays: 0 }, at(365 * 24 * 60))).toBeNull();
  });

  it('is due the set minutes after the first erasure of the epoch', () => {
    const erased = state({ firstErasureSince: at(30) });
    expect(keyEpochTurnDue(erased, policy, at(89))).toBeNull();
    expect(keyEpochTurnDue(erased, policy, at(90))).toBe('erasure');
    expect(keyEpochTurnDue(erased, { ...policy, afterErasureMinutes: 0 }, at(30))).toBe('erasure');
  });

  it('is due at once when a turn stopped before destroying the old epoch', () => {
    expect(keyEpochTurnDue(state({ liveEpochs: 2 }), policy, at(1))).toBe('unfinished');
  });
});
