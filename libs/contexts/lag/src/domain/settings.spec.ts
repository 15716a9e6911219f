import { DEFAULT_REVIEW_CADENCE } from './review-cadence';
import { DEFAULT_ASB_RISK_MATRIX, type RiskMatrix } from './risk-matrix';
import {
  decideSettings,
  evolveSettings,
  initialSettings,
  type LagSettingsCommand,
  type LagSettings,
  type LagSettingsEvent,
} from './settings';

// ---- a fixed clock and small builders ----
const now = '2026-11-23T10:00:00.000Z';
const P = 'partnership-1';
const code = (c: string) => expect.objectContaining({ code: c });

const aMatrix = (overrides: Partial<RiskMatrix> = {}): RiskMatrix => ({
  id: 'thurrock-asb',
  version: 1,
  name: 'Thurrock ASB victim risk',
  thresholds: { medium: 2, high: 4, veryHigh: 6 },
  questions: [
    {
      id: 'repeat',
      text: 'Reported before?',
      answers: [
        { id: 'no', text: 'No', score: 0 },
        { id: 'yes', text: 'Yes', score: 3 },
      ],
    },
    {
      id: 'harm',
      text: 'Harmed?',
      answers: [
        { id: 'no', text: 'No', score: 0 },
        { id: 'yes', text: 'Yes', score: 3 },
      ],
    },
  ],
  ...overrides,
});
const adopt = (matrix: RiskMatrix): LagSettingsCommand => ({
  type: 'AdoptRiskMatrix',
  partnershipId: P,
  matrix,
  adoptedByUserId: 'user-admin',
  now,
});
const cadence = (overrides: Partial<typeof DEFAULT_REVIEW_CADENCE>): LagSettingsCommand => ({
  type: 'ChangeReviewCadence',
  partnershipId: P,
  cadence: { ...DEFAULT_REVIEW_CADENCE, ...overrides },
  changedByUserId: 'user-admin',
  now,
});

function given(...commands: LagSettingsCommand[]): LagSettings {
  let state = initialSettings;
  for (const c of commands) state = decideSettings(c, state).reduce(evolveSettings, state);
  return state;
}

describe('LAG settings', () => {
  it('starts with the default matrix and cadence in force', () => {
    expect(initialSettings.riskMatrix).toBe(DEFAULT_ASB_RISK_MATRIX);
    expect(initialSettings.reviewCadence).toEqual(DEFAULT_REVIEW_CADENCE);
  });

  it('adopts a valid matrix, which is then in force', () => {
    const events = decideSettings(adopt(aMatrix()), initialSettings);
    expect(events).toEqual<LagSettingsEvent[]>([
      {
        type: 'LagRiskMatrixAdopted',
        data: { partnershipId: P, matrix: aMatrix(), adoptedByUserId: 'user-admin', adoptedAt: now },
      },
    ]);
    expect(events.reduce(evolveSettings, initialSettings).riskMatrix).toEqual(aMatrix());
  });

  it('stores the matrix with its own fields only, in a fixed order', () => {
    const withExtra = { ...aMatrix(), colour: 'red' } as RiskMatrix;
    const [event] = decideSettings(adopt(withExtra), initialSettings);
    expect(JSON.stringify((event.data as { matrix: RiskMatrix }).matrix)).toBe(JSON.stringify(aMatrix()));
  });

  it("refuses an invalid matrix with the domain's own check", () => {
    expect(() =>
      decideSettings(adopt(aMatrix({ thresholds: { medium: 4, high: 2, veryHigh: 6 } })), initialSettings),
    ).toThrow(code('RISK.INVALID_MATRIX'));
  });

  it('changes nothing when the same matrix is adopted again', () => {
    expect(decideSettings(adopt(aMatrix()), given(adopt(aMatrix())))).toEqual([]);
    expect(decideSettings(adopt(DEFAULT_ASB_RISK_MATRIX), initialSettings)).toEqual([]);
  });

  it("refuses a changed matrix under an id and version already used, the default's included", () => {
    const changed = aMatrix({ name: 'Renamed, same version' });
    expect(() => decideSettings(adopt(changed), given(adopt(aMatrix())))).toThrow(code('RISK.MATRIX_VERSION_USED'));
    const defaultLookalike = aMatrix({ id: DEFAULT_ASB_RISK_MATRIX.id, version: DEFAULT_ASB_RISK_MATRIX.version });
    expect(() => decideSettings(adopt(defaultLookalike), initialSettings)).toThrow(code('RISK.MATRIX_VERSION_USED'));
    // Going back to an earlier matrix, unchanged, is allowed: its scores mean what they meant.
    const back = given(adopt(aMatrix()), adopt(aMatrix({ version: 2, name: 'Second' })), adopt(aMatrix()));
    expect(back.riskMatrix).toEqual(aMatrix());
    expect(Object.keys(back.matricesUsed)).toEqual(['default-asb-victim-risk@1', 'thurrock-asb@1', 'thurrock-asb@2']);
  });

  it('changes the review cadence, and changes nothing when it is the same', () => {
    const events = decideSettings(cadence({ high: 10 }), initialSettings);
    expect(events).toEqual([
      {
        type: 'LagReviewCadenceChanged',
        data: {
          partnershipId: P,
          cadence: { standard: 56, medium: 28, high: 10, very_high: 7 },
          changedByUserId: 'user-admin',
          changedAt: now,
        },
      },
    ]);
    expect(events.reduce(evolveSettings, initialSettings).reviewCadence.high).toBe(10);
    expect(decideSettings(cadence({}), initialSettings)).toEqual([]);
  });

  it('refuses a cadence where a higher band is reviewed less often', () => {
    expect(() => decideSettings(cadence({ high: 30 }), initialSettings)).toThrow(code('REVIEW.INVALID_CADENCE'));
  });
});
