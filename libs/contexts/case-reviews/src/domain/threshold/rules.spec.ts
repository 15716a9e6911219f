import { ThresholdError } from './errors';
import { DEFAULT_THRESHOLD_RULES, validateThresholdRules, type ThresholdRules } from './rules';

function refusal(rules: unknown): { code: string; problems?: unknown } {
  try {
    validateThresholdRules(rules as ThresholdRules);
  } catch (e) {
    if (e instanceof ThresholdError) return { code: e.code, problems: e.details?.problems };
    throw e;
  }
  throw new Error('expected the rules to be refused');
}
const withRules = (over: Record<string, unknown>) => ({ ...DEFAULT_THRESHOLD_RULES, ...over });
const withCommunity = (over: Record<string, unknown>) =>
  withRules({ community: { ...DEFAULT_THRESHOLD_RULES.community, ...over } });

describe('threshold rules', () => {
  it("defaults to the Act's three complaints in six months, discretion on, the local routes off", () => {
    expect(DEFAULT_THRESHOLD_RULES).toEqual({
      version: 1,
      qualifyingComplaints: 3,
      windowMonths: 6,
      oneHateIncidentMeets: false,
      community: { enabled: false, reports: 5, windowMonths: 6, minDistinctReporters: 2 },
      discretionAllowed: true,
    });
    expect(() => validateThresholdRules(DEFAULT_THRESHOLD_RULES)).not.toThrow();
  });

  it('accepts a lower number, a longer window and the local routes', () => {
    for (const rules of [
      withRules({ qualifyingComplaints: 1 }),
      withRules({ qualifyingComplaints: 2, windowMonths: 12, oneHateIncidentMeets: true }),
      withCommunity({ enabled: true, reports: 2, windowMonths: 1, minDistinctReporters: 2 }),
    ])
      expect(() => validateThresholdRules(rules as ThresholdRules)).not.toThrow();
  });

  it('refuses a number above three with its own code', () => {
    expect(refusal(withRules({ qualifyingComplaints: 4 })).code).toBe('CASE_REVIEW.THRESHOLD_ABOVE_STATUTORY_LIMIT');
  });

  it.each([
    ['no complaints at all', withRules({ qualifyingComplaints: 0 }), 'qualifyingComplaints'],
    ['a fraction', withRules({ qualifyingComplaints: 2.5 }), 'qualifyingComplaints'],
    ['a window shorter than the Act', withRules({ windowMonths: 5 }), 'windowMonths'],
    ['a window over a year', withRules({ windowMonths: 13 }), 'windowMonths'],
    ['version 0', withRules({ version: 0 }), 'version'],
    ['a hate rule that is not true or false', withRules({ oneHateIncidentMeets: 'yes' }), 'oneHateIncidentMeets'],
    ['discretion that is not true or false', withRules({ discretionAllowed: null }), 'discretionAllowed'],
    ['no community settings', withRules({ community: null }), 'community'],
    ['a community of one report', withCommunity({ reports: 1 }), 'community.reports'],
    ['a community of one reporter', withCommunity({ minDistinctReporters: 1 }), 'community.minDistinctReporters'],
    [
      'more reporters than reports',
      withCommunity({ reports: 3, minDistinctReporters: 4 }),
      'community.minDistinctReporters',
    ],
    ['a community window of no months', withCommunity({ windowMonths: 0 }), 'community.windowMonths'],
  ])('refuses %s', (_what, rules, field) => {
    const { code, problems } = refusal(rules);
    expect(code).toBe('CASE_REVIEW.INVALID_THRESHOLD_RULES');
    expect(problems).toEqual([expect.stringMatching(new RegExp(`^${field.replace('.', '\\.')}:`))]);
  });

  it('refuses what is not rules at all', () => {
    expect(refusal(null).code).toBe('CASE_REVIEW.INVALID_THRESHOLD_RULES');
  });
});
