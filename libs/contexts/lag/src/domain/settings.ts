import { LagError } from './errors';
import { DEFAULT_REVIEW_CADENCE, validateReviewCadence, type ReviewCadence } from './review-cadence';
import { DEFAULT_ASB_RISK_MATRIX, RISK_BANDS, validateRiskMatrix, type RiskMatrix } from './risk-matrix';

/**
 * A partnership's LAG settings: the risk matrix referrals are scored with and the review cadence
 * per band. Until a partnership administrator changes them, the defaults are in force.
 *
 * Settings have no lifecycle (every state is "in force"), so the state is one record rather than
 * a union on status.
 */
export const settingsStream = (partnershipId: string) => `lag-settings-${partnershipId}`;

export type LagSettingsEvent =
  | {
      type: 'LagRiskMatrixAdopted';
      data: { partnershipId: string; matrix: RiskMatrix; adoptedByUserId: string; adoptedAt: string };
    }
  | {
      type: 'LagReviewCadenceChanged';
      data: { partnershipId: string; cadence: ReviewCadence; changedByUserId: string; changedAt: string };
    };

export type LagSettings = {
  riskMatrix: RiskMatrix;
  reviewCadence: ReviewCadence;
  /** Every matrix ever in force here (the default included): its canonical form by `id@version`. */
  matricesUsed: Record<string, string>;
};

const versionKey = (matrix: Pick<RiskMatrix, 'id' | 'version'>) => `${matrix.id}@${matrix.version}`;

/** The matrix with a fixed key order and nothing else, so that equal matrices compare equal. */
function canonicalMatrix(m: RiskMatrix): RiskMatrix {
  return {
    id: m.id,
    version: m.version,
    name: m.name,
    thresholds: { medium: m.thresholds.medium, high: m.thresholds.high, veryHigh: m.thresholds.veryHigh },
    questions: m.questions.map((q) => ({
      id: q.id,
      text: q.text,
      answers: q.answers.map((a) => ({ id: a.id, text: a.text, score: a.score })),
    })),
  };
}
const fingerprint = (m: RiskMatrix) => JSON.stringify(canonicalMatrix(m));

export const initialSettings: LagSettings = {
  riskMatrix: DEFAULT_ASB_RISK_MATRIX,
  reviewCadence: DEFAULT_REVIEW_CADENCE,
  matricesUsed: { [versionKey(DEFAULT_ASB_RISK_MATRIX)]: fingerprint(DEFAULT_ASB_RISK_MATRIX) },
};

export function evolveSettings(state: LagSettings, event: LagSettingsEvent): LagSettings {
  switch (event.type) {
    case 'LagRiskMatrixAdopted': {
      const matrix = event.data.matrix;
      return {
        ...state,
        riskMatrix: matrix,
        matricesUsed: { ...state.matricesUsed, [versionKey(matrix)]: fingerprint(matrix) },
      };
    }
    case 'LagReviewCadenceChanged':
      return { ...state, reviewCadence: event.data.cadence };
    default: {
      const unexpected: never = event;
      return unexpected;
    }
  }
}

export type LagSettingsCommand =
  | { type: 'AdoptRiskMatrix'; partnershipId: string; matrix: RiskMatrix; adoptedByUserId: string; now: string }
  | {
      type: 'ChangeReviewCadence';
      partnershipId: string;
      cadence: ReviewCadence;
      changedByUserId: string;
      now: string;
    };

const canonicalCadence = (c: ReviewCadence): ReviewCadence =>
  Object.fromEntries(RISK_BANDS.map((b) => [b, c[b]])) as ReviewCadence;

export function decideSettings(command: LagSettingsCommand, state: LagSettings): LagSettingsEvent[] {
  switch (command.type) {
    case 'AdoptRiskMatrix': {
      const matrix = canonicalMatrix(validateRiskMatrix(command.matrix));
      if (fingerprint(matrix) === fingerprint(state.riskMatrix)) return [];
      // Every assessment stores the matrix id and version: reusing a pair for different questions
      // or weights would make old scores impossible to explain. Going back to an earlier matrix
      // unchanged is fine.
      const earlier = state.matricesUsed[versionKey(matrix)];
      if (earlier !== undefined && earlier !== fingerprint(matrix)) {
        throw new LagError(
          'RISK.MATRIX_VERSION_USED',
          'This matrix id and version were already used; adopt a changed matrix as a new version.',
          {
            matrixId: matrix.id,
            version: matrix.version,
          },
        );
      }
      return [
        {
          type: 'LagRiskMatrixAdopted',
          data: {
            partnershipId: command.partnershipId,
            matrix,
            adoptedByUserId: command.adoptedByUserId,
            adoptedAt: command.now,
          },
        },
      ];
    }
    case 'ChangeReviewCadence': {
      const cadence = canonicalCadence(validateReviewCadence(command.cadence));
      if (JSON.stringify(cadence) === JSON.stringify(canonicalCadence(state.reviewCadence))) return [];
      return [
        {
          type: 'LagReviewCadenceChanged',
          data: {
            partnershipId: command.partnershipId,
            cadence,
            changedByUserId: command.changedByUserId,
            changedAt: command.now,
          },
        },
      ];
    }
    default: {
      const unexpected: never = command;
      return unexpected;
    }
  }
}
