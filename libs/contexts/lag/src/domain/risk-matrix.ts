import { LagError } from './errors';
import type { Sealed } from './sealed';

/**
 * Risk bands, lowest first. The LAG model names three bands (standard, medium, high) and lets
 * "very high" risk call an urgent meeting. Very high is modelled as a fourth band rather than a
 * flag on high: it is reached the same two ways (a score threshold, or professional judgement),
 * it needs its own, shorter review cadence, and ordering stays a plain comparison. Anything that
 * means "high risk" must therefore read "high or above" (`bandAtLeast(band, 'high')`).
 */
export const RISK_BANDS = ['standard', 'medium', 'high', 'very_high'] as const;
export type RiskBand = (typeof RISK_BANDS)[number];

export const bandRank = (band: RiskBand): number => RISK_BANDS.indexOf(band);
export const bandAtLeast = (band: RiskBand, floor: RiskBand): boolean => bandRank(band) >= bandRank(floor);

export type RiskAnswerOption = { id: string; text: string; score: number };
export type RiskQuestion = { id: string; text: string; answers: RiskAnswerOption[] };
/** The lowest score of each band above standard; a score below `medium` is standard. */
export type RiskThresholds = { medium: number; high: number; veryHigh: number };
/**
 * A partnership's risk questionnaire. `id` and `version` are stored with every assessment, so an
 * old score can be explained after the partnership changes its matrix.
 */
export type RiskMatrix = {
  id: string;
  version: number;
  name: string;
  questions: RiskQuestion[];
  thresholds: RiskThresholds;
};

/** The chosen answer id for each question id. */
export type RiskAnswers = Record<string, string>;
export type ScoredRisk = { score: number; scoredBand: RiskBand };
/** A practitioner's decision to treat the case as riskier than its score; the reason is personal free text. */
export type ProfessionalJudgement = { band: RiskBand; reason: Sealed };

/** A complete assessment as stored in referral events. `band` is the one the case is managed at. */
export type RiskAssessment = {
  matrixId: string;
  matrixVersion: number;
  answers: RiskAnswers;
  score: number;
  scoredBand: RiskBand;
  band: RiskBand;
  judgement: ProfessionalJudgement | null;
};

/**
 * Checks a matrix before a partnership adopts it: unique ids, at least two answers per question,
 * whole non-negative scores, and thresholds that rise and can all be reached. Returns the matrix.
 */
export function validateRiskMatrix(matrix: RiskMatrix): RiskMatrix {
  const problems: string[] = [];
  if (!matrix.id) problems.push('The matrix needs an id.');
  if (!Number.isInteger(matrix.version) || matrix.version < 1)
    problems.push('The version must be a whole number from 1.');
  if (matrix.questions.length === 0) problems.push('The matrix needs at least one question.');
  const questionIds = new Set<string>();
  for (const q of matrix.questions) {
    if (!q.id || questionIds.has(q.id)) problems.push(`Question ids must be present and unique (${q.id || 'blank'}).`);
    questionIds.add(q.id);
    if (!q.text.trim()) problems.push(`Question ${q.id} has no text.`);
    if (q.answers.length < 2) problems.push(`Question ${q.id} needs at least two answers.`);
    const answerIds = new Set<string>();
    for (const a of q.answers) {
      if (!a.id || answerIds.has(a.id))
        problems.push(`Answer ids must be present and unique within question ${q.id} (${a.id || 'blank'}).`);
      answerIds.add(a.id);
      if (!a.text.trim()) problems.push(`Answer ${q.id}/${a.id} has no text.`);
      if (!Number.isInteger(a.score) || a.score < 0)
        problems.push(`Answer ${q.id}/${a.id} needs a whole, non-negative score.`);
    }
  }
  const { medium, high, veryHigh } = matrix.thresholds;
  const maximum = matrix.questions.reduce((sum, q) => sum + Math.max(0, ...q.answers.map((a) => a.score)), 0);
  if (![medium, high, veryHigh].every((t) => Number.isInteger(t) && t > 0))
    problems.push('Thresholds must be whole numbers above zero.');
  else if (!(medium < high && high < veryHigh)) problems.push('Thresholds must rise: medium < high < very high.');
  else if (veryHigh > maximum)
    problems.push(`The very high threshold (${veryHigh}) is above the highest possible score (${maximum}).`);
  if (problems.length) throw new LagError('RISK.INVALID_MATRIX', 'The risk matrix is not valid.', { problems });
  return matrix;
}

export function bandForScore(thresholds: RiskThresholds, score: number): RiskBand {
  if (score >= thresholds.veryHigh) return 'very_high';
  if (score >= thresholds.high) return 'high';
  if (score >= thresholds.medium) return 'medium';
  return 'standard';
}

/** Scores a complete set of answers: every question answered once, with one of its own answers. */
export function scoreRisk(matrix: RiskMatrix, answers: RiskAnswers): ScoredRisk {
  const known = new Set(matrix.questions.map((q) => q.id));
  const unknown = Object.keys(answers).filter((id) => !known.has(id));
  if (unknown.length)
    throw new LagError('RISK.UNKNOWN_QUESTION', 'Some answers are to questions that are not in this risk matrix.', {
      questionIds: unknown,
    });
  let score = 0;
  for (const q of matrix.questions) {
    const answerId = answers[q.id];
    if (answerId === undefined)
      throw new LagError('RISK.UNANSWERED_QUESTION', 'Every question of the risk matrix must be answered.', {
        questionId: q.id,
      });
    const answer = q.answers.find((a) => a.id === answerId);
    if (!answer)
      throw new LagError('RISK.UNKNOWN_ANSWER', "An answer is not one of its question's answers.", {
        questionId: q.id,
      });
    score += answer.score;
  }
  return { score, scoredBand: bandForScore(matrix.thresholds, score) };
}

/**
 * Professional judgement may raise the band above the score, never lower it: the actuarial score
 * is a floor, so that a practitioner cannot talk a high-risk victim out of a multi-agency
 * response. Raising needs a reason. A judgement equal to the scored band changes no band, but its
 * reason is kept with it (the practitioner's view that the score is right, and why); without a
 * reason it records nothing.
 */
export function applyProfessionalJudgement(
  scored: ScoredRisk,
  judgement?: ProfessionalJudgement | null,
): { band: RiskBand; judgement: ProfessionalJudgement | null } {
  if (!judgement) return { band: scored.scoredBand, judgement: null };
  if (judgement.band === scored.scoredBand)
    return {
      band: scored.scoredBand,
      judgement: judgement.reason ? { band: judgement.band, reason: judgement.reason } : null,
    };
  if (!(RISK_BANDS as readonly string[]).includes(judgement.band))
    throw new LagError('RISK.UNKNOWN_BAND', `Unknown risk band; expected one of: ${RISK_BANDS.join(', ')}.`);
  if (bandRank(judgement.band) < bandRank(scored.scoredBand)) {
    throw new LagError(
      'REFERRAL.BAND_CANNOT_BE_LOWERED',
      'Professional judgement may raise the risk band, never lower the scored band.',
      {
        scoredBand: scored.scoredBand,
        requestedBand: judgement.band,
      },
    );
  }
  if (!judgement.reason)
    throw new LagError(
      'REFERRAL.JUDGEMENT_REASON_REQUIRED',
      'Raising the risk band by professional judgement needs a reason.',
    );
  return { band: judgement.band, judgement: { band: judgement.band, reason: judgement.reason } };
}

/** Scores the answers and applies any judgement: the assessment a referral stores. */
export function assessRisk(
  matrix: RiskMatrix,
  answers: RiskAnswers,
  judgement?: ProfessionalJudgement | null,
): RiskAssessment {
  const scored = scoreRisk(matrix, answers);
  const applied = applyProfessionalJudgement(scored, judgement);
  return {
    matrixId: matrix.id,
    matrixVersion: matrix.version,
    answers: { ...answers },
    score: scored.score,
    scoredBand: scored.scoredBand,
    ...applied,
  };
}

const q = (id: string, text: string, answers: Array<[string, string, number]>): RiskQuestion => ({
  id,
  text,
  answers: answers.map(([answerId, answerText, score]) => ({ id: answerId, text: answerText, score })),
});

/**
 * A starting matrix for ASB and hate-crime victims, modelled on the questions of the victim risk
 * assessment matrices used for ASB in England and Wales: repetition, frequency, harm to health,
 * vulnerability, fear, hate motivation, children, isolation, proximity of the perpetrator and
 * escalation. Weights favour what predicts serious harm (escalation to violence, thoughts of
 * self-harm, being targeted at home). Scores run 0-41; thresholds: medium from 10, high from 20,
 * very high from 30. A partnership should review it and adopt its own as a new version.
 */
export const DEFAULT_ASB_RISK_MATRIX: RiskMatrix = {
  id: 'default-asb-victim-risk',
  version: 1,
  name: 'ASB and hate crime victim risk assessment',
  thresholds: { medium: 10, high: 20, veryHigh: 30 },
  questions: [
    q('repeat_victimisation', 'Has the victim reported ASB or hate incidents to any agency before this one?', [
      ['no', 'No, this is the first report', 0],
      ['once', 'Once before', 1],
      ['several', 'Several times', 2],
      ['long_running', 'Many times, over a long period', 3],
    ]),
    q('incidents_12_months', 'How many incidents has the victim experienced in the last 12 months?', [
      ['one', 'One', 0],
      ['two', 'Two', 1],
      ['three_to_five', 'Three to five', 3],
      ['six_or_more', 'Six or more', 4],
    ]),
    q('physical_health', "Is the behaviour affecting the victim's physical health?", [
      ['no', 'No', 0],
      ['some', 'Some effect (e.g. loss of sleep)', 1],
      ['significant', 'Significant effect', 3],
    ]),
    q('mental_health', "Is the behaviour affecting the victim's mental health or wellbeing?", [
      ['no', 'No', 0],
      ['some', 'Some effect (e.g. anxiety, low mood)', 2],
      ['significant', 'Significant effect, or a diagnosed condition made worse', 3],
      ['self_harm', 'The victim has spoken of self-harm or suicide', 5],
    ]),
    q('vulnerability', 'Does the victim have a disability, long-term illness or other vulnerability?', [
      ['no', 'No', 0],
      ['yes', 'Yes', 2],
      ['yes_affects_coping', 'Yes, and it limits their ability to cope or to protect themselves', 3],
    ]),
    q('fear_at_home', 'Is the victim afraid to leave their home, or afraid when at home?', [
      ['no', 'No', 0],
      ['sometimes', 'Sometimes', 1],
      ['often', 'Often', 2],
      ['changed_routine', 'Yes: they have changed their routine or stay in', 3],
    ]),
    q(
      'hate_motivated',
      'Does the victim believe they are targeted because of who they are (race, religion, sexual orientation, disability, transgender identity or another characteristic)?',
      [
        ['no', 'No', 0],
        ['possibly', 'Possibly', 2],
        ['yes', 'Yes', 3],
      ],
    ),
    q('children', 'Are children in the household affected?', [
      ['none', 'No children in the household', 0],
      ['affected', 'Yes, children are affected', 1],
      ['targeted', 'Yes, children are directly targeted', 3],
    ]),
    q('support_network', 'Does the victim have support (family, friends, neighbours, services)?', [
      ['good', 'Good support', 0],
      ['limited', 'Limited support', 1],
      ['isolated', 'No support: isolated', 3],
    ]),
    q('perpetrator_proximity', 'Is the perpetrator known to the victim, and where do they live?', [
      ['unknown', 'Not known', 0],
      ['known_elsewhere', 'Known, lives elsewhere', 1],
      ['nearby', 'Known, lives nearby', 2],
      ['neighbour', 'A neighbour or in the same building', 3],
    ]),
    q('escalation', 'Is the behaviour escalating, or have there been threats or violence?', [
      ['no', 'No', 0],
      ['escalating', 'Getting more frequent or serious', 2],
      ['threats', 'Threats of violence', 3],
      ['violence', 'Violence has been used', 4],
    ]),
    q('property_targeted', "Has the victim's home, car or other property been damaged or targeted?", [
      ['no', 'No', 0],
      ['once', 'Once', 1],
      ['repeatedly', 'Repeatedly', 2],
    ]),
    q('moving_home', 'Has the victim considered moving because of the behaviour?', [
      ['no', 'No', 0],
      ['considered', 'They have considered it', 1],
      ['asked', 'They have asked to move', 2],
    ]),
  ],
};
