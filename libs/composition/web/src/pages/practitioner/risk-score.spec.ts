import { DEFAULT_ASB_RISK_MATRIX } from '@hubline/lag';
import { scoreSoFar, scoreText } from './risk-score';

describe('the risk score as the referral page shows it', () => {
  const matrix = DEFAULT_ASB_RISK_MATRIX;
  const all = (pick: (answers: Array<{ id: string; score: number }>) => { id: string }) =>
    Object.fromEntries(matrix.questions.map((q) => [q.id, pick(q.answers).id]));

  it('sums the chosen answers and bands the sum with the partnership’s thresholds', () => {
    const lowest = scoreSoFar(
      matrix,
      all((a) => a[0]),
    );
    expect(lowest).toMatchObject({ score: 0, band: 'standard', complete: true, answered: matrix.questions.length });
    const highest = scoreSoFar(
      matrix,
      all((a) => a[a.length - 1]),
    );
    const max = matrix.questions.reduce((sum, q) => sum + Math.max(...q.answers.map((a) => a.score)), 0);
    expect(highest).toMatchObject({ score: max, band: 'very_high', complete: true });
  });

  it('bands exactly at each threshold', () => {
    const { medium, high, veryHigh } = matrix.thresholds;
    const banded = (score: number) =>
      scoreSoFar(
        { ...matrix, questions: [{ id: 'q', text: 'q', answers: [{ id: 'a', text: 'a', score }] }] },
        { q: 'a' },
      ).band;
    expect([medium - 1, medium, high - 1, high, veryHigh - 1, veryHigh].map(banded)).toEqual([
      'standard',
      'medium',
      'medium',
      'high',
      'high',
      'very_high',
    ]);
  });

  it('counts only answers that belong to their question, and says how many are left', () => {
    const [first, second] = matrix.questions;
    const partial = scoreSoFar(matrix, {
      [first.id]: first.answers[first.answers.length - 1].id,
      [second.id]: 'not-an-answer',
    });
    expect(partial).toMatchObject({
      answered: 1,
      complete: false,
      score: first.answers[first.answers.length - 1].score,
    });
    expect(scoreText(partial)).toBe(
      `Score so far ${partial.score} (1 of ${matrix.questions.length} questions answered): at least Standard risk`,
    );
    expect(
      scoreText(
        scoreSoFar(
          matrix,
          all((a) => a[0]),
        ),
      ),
    ).toBe('Score 0: Standard risk');
  });
});
