import {
  DEFAULT_REVIEW_CADENCE,
  isOverdue,
  nextReviewDate,
  validateReviewCadence,
  type ReviewCadence,
} from './review-cadence';

const code = (c: string) => expect.objectContaining({ code: c });

describe('review cadence', () => {
  it('reviews high risk every 14 days, medium every 28, very high every 7 and standard every 56 by default', () => {
    expect(DEFAULT_REVIEW_CADENCE).toEqual({ very_high: 7, high: 14, medium: 28, standard: 56 });
    expect(validateReviewCadence(DEFAULT_REVIEW_CADENCE)).toBe(DEFAULT_REVIEW_CADENCE);
  });

  it('counts the next review from a day, across month and year ends', () => {
    expect(nextReviewDate('2026-11-23', 'high', DEFAULT_REVIEW_CADENCE)).toBe('2026-12-07');
    expect(nextReviewDate('2026-11-23', 'medium', DEFAULT_REVIEW_CADENCE)).toBe('2026-12-21');
    expect(nextReviewDate('2026-12-28', 'very_high', DEFAULT_REVIEW_CADENCE)).toBe('2027-01-04');
    expect(nextReviewDate('2028-02-20', 'very_high', DEFAULT_REVIEW_CADENCE)).toBe('2028-02-27');
  });

  it("follows a partnership's own cadence, including no scheduled review for a band", () => {
    const cadence: ReviewCadence = { very_high: 7, high: 10, medium: 21, standard: null };
    expect(nextReviewDate('2026-11-23', 'high', cadence)).toBe('2026-12-03');
    expect(nextReviewDate('2026-11-23', 'standard', cadence)).toBeNull();
    expect(validateReviewCadence(cadence)).toBe(cadence);
  });

  it('is overdue from the day after the due date, never without one', () => {
    expect(isOverdue('2026-12-07', '2026-12-06')).toBe(false);
    expect(isOverdue('2026-12-07', '2026-12-07')).toBe(false);
    expect(isOverdue('2026-12-07', '2026-12-08')).toBe(true);
    expect(isOverdue(null, '2030-01-01')).toBe(false);
  });

  it('refuses non-positive or fractional days, a missing band, and a higher band reviewed less often', () => {
    const bad = (cadence: Partial<ReviewCadence>) => () =>
      validateReviewCadence({ ...DEFAULT_REVIEW_CADENCE, ...cadence });
    expect(bad({ high: 0 })).toThrow(code('REVIEW.INVALID_CADENCE'));
    expect(bad({ high: 3.5 })).toThrow(code('REVIEW.INVALID_CADENCE'));
    expect(bad({ high: 30 })).toThrow(code('REVIEW.INVALID_CADENCE'));
    expect(bad({ very_high: null })).toThrow(code('REVIEW.INVALID_CADENCE'));
    expect(() => validateReviewCadence({ very_high: 7, high: 14, medium: 28 } as ReviewCadence)).toThrow(
      code('REVIEW.INVALID_CADENCE'),
    );
  });
});
