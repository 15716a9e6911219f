import { AdaptiveLimit, type AdaptiveLimitOptions } from './adaptive-limit';

/** A limit on a clock the test moves; every window is 100 ms and 4 requests. */
function limitOn(options: Partial<AdaptiveLimitOptions> = {}) {
  let now = 0;
  const limit = new AdaptiveLimit({
    ceiling: 10,
    floor: 2,
    targetMs: 200,
    windowMs: 100,
    windowSamples: 4,
    now: () => now,
    ...options,
  });
  /** One window: `times` finish (the last after the window's time has passed), the limit reached or not. */
  const window = (times: number[], reached: boolean) => {
    if (reached) limit.arrived(limit.limit);
    times.forEach((ms, i) => {
      if (i === times.length - 1) now += 100;
      limit.finished(ms);
    });
  };
  return { limit, window, advance: (ms: number) => (now += ms) };
}

describe('AdaptiveLimit', () => {
  it('starts at its ceiling', () => {
    expect(limitOn().limit.status()).toEqual({ limit: 10, ceiling: 10, floor: 2, targetMs: 200, recentMs: null });
  });

  it('shrinks by a tenth, at least one, when a window’s 90th percentile passes the target, never under the floor', () => {
    const { limit, window } = limitOn();
    const seen: number[] = [];
    for (let i = 0; i < 12; i++) {
      window([50, 60, 70, 900], true);
      seen.push(limit.limit);
    }
    expect(seen).toEqual([9, 8, 7, 6, 5, 4, 3, 2, 2, 2, 2, 2]);
    expect(limit.status().recentMs).toBe(900);
  });

  it('grows by one per fast window in which it was reached, never over the ceiling', () => {
    const { limit, window } = limitOn();
    for (let i = 0; i < 4; i++) window([900, 900, 900, 900], false);
    expect(limit.limit).toBe(6);
    const seen: number[] = [];
    for (let i = 0; i < 6; i++) {
      window([50, 60, 70, 80], true);
      seen.push(limit.limit);
    }
    expect(seen).toEqual([7, 8, 9, 10, 10, 10]);
  });

  it('stays where it is while fast but not reached: an unused limit says nothing about more', () => {
    const { limit, window } = limitOn();
    window([900, 900, 900, 900], false);
    expect(limit.limit).toBe(9);
    for (let i = 0; i < 5; i++) window([50, 60, 70, 80], false);
    expect(limit.limit).toBe(9);
  });

  it('counts a request taking the last place as reaching the limit, and one place short as not', () => {
    const { limit, window } = limitOn();
    window([900, 900, 900, 900], false);
    limit.arrived(7); // 7 in flight of 9: the 8th is admitted, one place is left
    window([50, 50, 50, 50], false);
    expect(limit.limit).toBe(9);
    limit.arrived(8); // takes the 9th and last place
    window([50, 50, 50, 50], false);
    expect(limit.limit).toBe(10);
  });

  it('judges a window only once it has both its time and its requests', () => {
    const { limit, advance } = limitOn();
    for (let i = 0; i < 10; i++) limit.finished(900); // many requests, no time passed
    expect(limit.limit).toBe(10);
    advance(1000);
    for (let i = 0; i < 3; i++) limit.finished(900); // time passed, but a fresh window needs its requests
    expect(limit.limit).toBe(9);
    limit.finished(900);
    expect(limit.limit).toBe(9);
    advance(100);
    for (let i = 0; i < 4; i++) limit.finished(900);
    expect(limit.limit).toBe(8);
  });

  it('judges by the 90th percentile: one slow request in ten does not shrink it', () => {
    const { limit, window } = limitOn({ windowSamples: 10 });
    window([10, 10, 10, 10, 10, 10, 10, 10, 10, 5000], true);
    expect(limit.limit).toBe(10);
    window([10, 10, 10, 10, 10, 10, 10, 10, 5000, 5000], true);
    expect(limit.limit).toBe(9);
  });

  it('stays at its ceiling with a target of 0', () => {
    const { limit, window } = limitOn({ targetMs: 0 });
    for (let i = 0; i < 5; i++) window([900, 900, 900, 900], true);
    expect(limit.status()).toMatchObject({ limit: 10, recentMs: null });
  });

  it('keeps its floor within its ceiling', () => {
    expect(limitOn({ ceiling: 2, floor: 4 }).limit.status()).toMatchObject({ limit: 2, ceiling: 2, floor: 2 });
  });
});
