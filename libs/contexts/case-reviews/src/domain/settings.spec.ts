import { deciderSpec } from '@hubline/testing';
import {
  decideCaseReviewSettings,
  evolveCaseReviewSettings,
  initialCaseReviewSettings,
  type CaseReviewSettingsCommand,
} from './settings';
import { DEFAULT_THRESHOLD_RULES } from './threshold';
import { DEFAULT_TIMESCALES } from './timescales';

const settings = deciderSpec({
  decide: decideCaseReviewSettings,
  evolve: evolveCaseReviewSettings,
  initialState: initialCaseReviewSettings,
});
const { version: _v, ...defaults } = DEFAULT_THRESHOLD_RULES;
const rules = (over: Partial<typeof defaults> = {}): CaseReviewSettingsCommand => ({
  type: 'ChangeThresholdRules',
  partnershipId: 'p',
  rules: { ...defaults, ...over },
  byUserId: 'admin',
  now: '2026-03-01T09:00:00.000Z',
});

describe("a partnership's case review procedure", () => {
  it('gives every change of the threshold rules the next version', () => {
    const first = settings
      .given()
      .when(rules({ oneHateIncidentMeets: true }))
      .then((events, state) => {
        expect(events[0]).toMatchObject({
          type: 'CaseReviewThresholdRulesChanged',
          data: { rules: { version: 2, oneHateIncidentMeets: true, qualifyingComplaints: 3 } },
        });
        expect(state.rules.version).toBe(2);
      });
    settings
      .given(...first)
      .when(rules({ oneHateIncidentMeets: true }))
      .thenNothing();
    settings
      .given(...first)
      .when(rules({ oneHateIncidentMeets: true, qualifyingComplaints: 2 }))
      .then((events) => expect(events[0].data).toMatchObject({ rules: { version: 3, qualifyingComplaints: 2 } }));
  });

  it('refuses a local number above the statutory three, naming the law', () => {
    expect(() => decideCaseReviewSettings(rules({ qualifyingComplaints: 4 }), initialCaseReviewSettings)).toThrow(
      expect.objectContaining({
        code: 'CASE_REVIEW.THRESHOLD_ABOVE_STATUTORY_LIMIT',
        kind: 'unprocessable',
        message: expect.stringContaining('Crime and Policing Act 2014 (s.104)'),
      }),
    );
  });

  it('versions timescales and refuses ones outside the allowed ranges', () => {
    const { version: _t, ...t } = DEFAULT_TIMESCALES;
    const change = (over = {}): CaseReviewSettingsCommand => ({
      type: 'ChangeTimescales',
      partnershipId: 'p',
      timescales: { ...t, ...over },
      byUserId: 'admin',
      now: '2026-03-01T09:00:00.000Z',
    });
    settings
      .given()
      .when(change({ acknowledgeWorkingDays: 3 }))
      .then((events) =>
        expect(events[0].data).toMatchObject({ timescales: { version: 2, acknowledgeWorkingDays: 3 } }),
      );
    settings
      .given()
      .when(change({ acknowledgeWorkingDays: 40 }))
      .thenThrows('CASE_REVIEW.INVALID_TIMESCALES');
    settings.given().when(change()).thenNothing();
  });

  it('keeps the reporting year start as a month', () => {
    const change = (startMonth: number): CaseReviewSettingsCommand => ({
      type: 'ChangeReportingYear',
      partnershipId: 'p',
      startMonth,
      byUserId: 'admin',
      now: '2026-03-01T09:00:00.000Z',
    });
    settings.given().when(change(4)).thenNothing();
    settings.given().when(change(13)).thenThrows('CASE_REVIEW.UNKNOWN_CODE');
    settings
      .given()
      .when(change(1))
      .then((_e, state) => expect(state.reportingYearStartMonth).toBe(1));
  });
});
