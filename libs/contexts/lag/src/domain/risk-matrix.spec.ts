import {
  applyProfessionalJudgement,
  assessRisk,
  bandAtLeast,
  DEFAULT_ASB_RISK_MATRIX,
  scoreRisk,
  validateRiskMatrix,
  type RiskAnswers,
  type RiskBand,
  type RiskMatrix,
} from './risk-matrix';
import type { Sealed } from './sealed';

const reason: Sealed = { v: 1, iv: 'iv', ct: 'judgement', tag: 'tag' };
const matrix = DEFAULT_ASB_RISK_MATRIX;
/** Every question answered with its first (lowest) answer, then the overrides. */
const answers = (overrides: RiskAnswers = {}): RiskAnswers => ({
  ...Object.fromEntries(matrix.questions.map((q) => [q.id, q.answers[0].id])),
  ...overrides,
});
const code = (c: string) => expect.objectContaining({ code: c });

// A small matrix whose scores are easy to steer across each threshold.
const tiny: RiskMatrix = {
  id: 'tiny',
  version: 2,
  name: 'Tiny',
  thresholds: { medium: 3, high: 6, veryHigh: 9 },
  questions: [
    {
      id: 'a',
      text: 'A?',
      answers: [
        { id: 'a0', text: 'no', score: 0 },
        { id: 'a2', text: 'some', score: 2 },
        { id: 'a5', text: 'yes', score: 5 },
      ],
    },
    {
      id: 'b',
      text: 'B?',
      answers: [
        { id: 'b0', text: 'no', score: 0 },
        { id: 'b1', text: 'some', score: 1 },
        { id: 'b4', text: 'yes', score: 4 },
      ],
    },
  ],
};

describe('risk matrix', () => {
  it('ships a valid default ASB matrix scoring 0 to 41', () => {
    expect(validateRiskMatrix(matrix)).toBe(matrix);
    const highest = Object.fromEntries(matrix.questions.map((q) => [q.id, q.answers[q.answers.length - 1].id]));
    expect(scoreRisk(matrix, answers())).toEqual({ score: 0, scoredBand: 'standard' });
    expect(scoreRisk(matrix, highest)).toEqual({ score: 41, scoredBand: 'very_high' });
    expect(matrix.questions.map((q) => q.id)).toEqual(
      expect.arrayContaining([
        'repeat_victimisation',
        'incidents_12_months',
        'mental_health',
        'vulnerability',
        'fear_at_home',
        'hate_motivated',
        'children',
        'support_network',
        'perpetrator_proximity',
        'escalation',
      ]),
    );
  });

  it('refuses a matrix with duplicate ids, one-answer questions, bad scores or thresholds that do not rise or cannot be reached', () => {
    const broken = (change: Partial<RiskMatrix>) => () => validateRiskMatrix({ ...tiny, ...change });
    expect(broken({ questions: [tiny.questions[0], { ...tiny.questions[1], id: 'a' }] })).toThrow(
      code('RISK.INVALID_MATRIX'),
    );
    expect(
      broken({ questions: [{ ...tiny.questions[0], answers: [tiny.questions[0].answers[0]] }, tiny.questions[1]] }),
    ).toThrow(code('RISK.INVALID_MATRIX'));
    expect(
      broken({
        questions: [
          {
            ...tiny.questions[0],
            answers: [
              { id: 'x', text: 'x', score: -1 },
              { id: 'y', text: 'y', score: 1.5 },
            ],
          },
        ],
      }),
    ).toThrow(code('RISK.INVALID_MATRIX'));
    expect(broken({ thresholds: { medium: 6, high: 6, veryHigh: 9 } })).toThrow(code('RISK.INVALID_MATRIX'));
    expect(broken({ thresholds: { medium: 3, high: 6, veryHigh: 10 } })).toThrow(code('RISK.INVALID_MATRIX'));
    expect(broken({ questions: [] })).toThrow(code('RISK.INVALID_MATRIX'));
    expect(validateRiskMatrix(tiny)).toBe(tiny);
  });

  it('lists every problem of an invalid matrix in the error details', () => {
    try {
      validateRiskMatrix({ ...tiny, version: 0, thresholds: { medium: 0, high: 1, veryHigh: 2 } });
      throw new Error('expected a refusal');
    } catch (error) {
      expect((error as { details: { problems: string[] } }).details.problems).toHaveLength(2);
    }
  });

  it.each<[RiskAnswers, number, RiskBand]>([
    [{ a: 'a2', b: 'b0' }, 2, 'standard'],
    [{ a: 'a2', b: 'b1' }, 3, 'medium'],
    [{ a: 'a5', b: 'b0' }, 5, 'medium'],
    [{ a: 'a5', b: 'b1' }, 6, 'high'],
    [{ a: 'a2', b: 'b4' }, 6, 'high'],
    [{ a: 'a5', b: 'b4' }, 9, 'very_high'],
  ])('scores %j as %i, band %s', (given, score, scoredBand) => {
    expect(scoreRisk(tiny, given)).toEqual({ score, scoredBand });
  });

  it('needs every question answered, with one of its own answers, and no others', () => {
    expect(() => scoreRisk(tiny, { a: 'a2' })).toThrow(code('RISK.UNANSWERED_QUESTION'));
    expect(() => scoreRisk(tiny, { a: 'a2', b: 'a2' })).toThrow(code('RISK.UNKNOWN_ANSWER'));
    expect(() => scoreRisk(tiny, { a: 'a2', b: 'b1', c: 'c1' })).toThrow(code('RISK.UNKNOWN_QUESTION'));
  });

  it('lets professional judgement raise the band, with a reason', () => {
    expect(applyProfessionalJudgement({ score: 4, scoredBand: 'medium' }, { band: 'very_high', reason })).toEqual({
      band: 'very_high',
      judgement: { band: 'very_high', reason },
    });
    expect(() =>
      applyProfessionalJudgement(
        { score: 4, scoredBand: 'medium' },
        { band: 'high', reason: undefined as unknown as Sealed },
      ),
    ).toThrow(code('REFERRAL.JUDGEMENT_REASON_REQUIRED'));
  });

  it('never lets professional judgement lower the scored band', () => {
    expect(() => applyProfessionalJudgement({ score: 7, scoredBand: 'high' }, { band: 'medium', reason })).toThrow(
      code('REFERRAL.BAND_CANNOT_BE_LOWERED'),
    );
    expect(() =>
      applyProfessionalJudgement({ score: 9, scoredBand: 'very_high' }, { band: 'standard', reason }),
    ).toThrow(code('REFERRAL.BAND_CANNOT_BE_LOWERED'));
    expect(() =>
      applyProfessionalJudgement({ score: 7, scoredBand: 'high' }, { band: 'severe' as RiskBand, reason }),
    ).toThrow(code('RISK.UNKNOWN_BAND'));
  });

  it('records no judgement when there is none; keeps the reason of one that agrees with the score', () => {
    expect(applyProfessionalJudgement({ score: 7, scoredBand: 'high' })).toEqual({ band: 'high', judgement: null });
    expect(applyProfessionalJudgement({ score: 7, scoredBand: 'high' }, { band: 'high', reason })).toEqual({
      band: 'high',
      judgement: { band: 'high', reason },
    });
  });

  it('assesses: the stored assessment names the matrix version, the answers, the score and both bands', () => {
    expect(assessRisk(tiny, { a: 'a2', b: 'b1' }, { band: 'high', reason })).toEqual({
      matrixId: 'tiny',
      matrixVersion: 2,
      answers: { a: 'a2', b: 'b1' },
      score: 3,
      scoredBand: 'medium',
      band: 'high',
      judgement: { band: 'high', reason },
    });
  });

  it('orders bands so that very high counts as high', () => {
    expect(bandAtLeast('very_high', 'high')).toBe(true);
    expect(bandAtLeast('medium', 'high')).toBe(false);
  });
});
