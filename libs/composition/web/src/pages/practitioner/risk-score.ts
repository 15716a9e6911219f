/** The partnership's risk questionnaire as the API gives it (`GET /lag/settings`). */
export interface RiskQuestionnaire {
  id: string;
  version: number;
  name: string;
  thresholds: { medium: number; high: number; veryHigh: number };
  questions: Array<{ id: string; text: string; answers: Array<{ id: string; text: string; score: number }> }>;
}

export const BAND_WORDS: Record<string, string> = {
  standard: 'Standard',
  medium: 'Medium',
  high: 'High',
  very_high: 'Very high',
};

export interface ScoreSoFar {
  score: number;
  answered: number;
  total: number;
  complete: boolean;
  /** The band of the score so far: with questions unanswered, the band is at least this. */
  band: string;
}

/**
 * The score and band of the answers given so far, as the API will score the complete set: the
 * sum of the chosen answers' scores, banded by the partnership's thresholds. An answer that is not
 * one of its question's counts as unanswered.
 */
export function scoreSoFar(questionnaire: RiskQuestionnaire, answers: Record<string, string | undefined>): ScoreSoFar {
  let score = 0;
  let answered = 0;
  for (const question of questionnaire.questions) {
    const answer = question.answers.find((a) => a.id === answers[question.id]);
    if (!answer) continue;
    score += answer.score;
    answered += 1;
  }
  const { medium, high, veryHigh } = questionnaire.thresholds;
  const band = score >= veryHigh ? 'very_high' : score >= high ? 'high' : score >= medium ? 'medium' : 'standard';
  const total = questionnaire.questions.length;
  return { score, answered, total, complete: answered === total, band };
}

/** The score in words, as the page and its script both say it. */
export function scoreText(result: ScoreSoFar): string {
  const band = BAND_WORDS[result.band] ?? result.band;
  return result.complete
    ? `Score ${result.score}: ${band} risk`
    : `Score so far ${result.score} (${result.answered} of ${result.total} questions answered): at least ${band} risk`;
}
