import { CaseReviewError } from './errors';
import type { Plain } from './sealed';
import {
  DEFAULT_THRESHOLD_RULES,
  STATUTORY_MAX_QUALIFYING_COMPLAINTS,
  validateThresholdRules,
  type ThresholdRules,
} from './threshold';
import { DEFAULT_TIMESCALES, validateTimescales, type Timescales } from './timescales';

/**
 * A partnership's case review procedure: the threshold rules, the timescales and the month its
 * reporting year starts (for the published figures). Each change is an event carrying the new
 * version, so every decision can name the rules it was judged by. Defaults until changed.
 */
export const caseReviewSettingsStream = (partnershipId: string) => `case-review-settings-${partnershipId}`;

export type CaseReviewSettingsEvent =
  | {
      type: 'CaseReviewThresholdRulesChanged';
      data: { partnershipId: string; rules: Plain<ThresholdRules>; changedByUserId: string; changedAt: string };
    }
  | {
      type: 'CaseReviewTimescalesChanged';
      data: { partnershipId: string; timescales: Plain<Timescales>; changedByUserId: string; changedAt: string };
    }
  | {
      type: 'CaseReviewReportingYearChanged';
      data: { partnershipId: string; startMonth: number; changedByUserId: string; changedAt: string };
    };

export type CaseReviewSettings = {
  rules: ThresholdRules;
  timescales: Timescales;
  /** 1-12; April (4) by default, as most partnerships report by financial year. */
  reportingYearStartMonth: number;
};

export const DEFAULT_REPORTING_YEAR_START_MONTH = 4;

export const initialCaseReviewSettings: CaseReviewSettings = {
  rules: DEFAULT_THRESHOLD_RULES,
  timescales: DEFAULT_TIMESCALES,
  reportingYearStartMonth: DEFAULT_REPORTING_YEAR_START_MONTH,
};

export function evolveCaseReviewSettings(
  state: CaseReviewSettings,
  event: CaseReviewSettingsEvent,
): CaseReviewSettings {
  switch (event.type) {
    case 'CaseReviewThresholdRulesChanged':
      return { ...state, rules: event.data.rules };
    case 'CaseReviewTimescalesChanged':
      return { ...state, timescales: event.data.timescales };
    case 'CaseReviewReportingYearChanged':
      return { ...state, reportingYearStartMonth: event.data.startMonth };
    default: {
      const unexpected: never = event;
      return unexpected;
    }
  }
}

export type CaseReviewSettingsCommand =
  | {
      type: 'ChangeThresholdRules';
      partnershipId: string;
      rules: Omit<ThresholdRules, 'version'>;
      byUserId: string;
      now: string;
    }
  | {
      type: 'ChangeTimescales';
      partnershipId: string;
      timescales: Omit<Timescales, 'version'>;
      byUserId: string;
      now: string;
    }
  | { type: 'ChangeReportingYear'; partnershipId: string; startMonth: number; byUserId: string; now: string };

const canonicalRules = (r: Omit<ThresholdRules, 'version'>) =>
  JSON.stringify([
    r.qualifyingComplaints,
    r.windowMonths,
    r.oneHateIncidentMeets,
    r.community.enabled,
    r.community.reports,
    r.community.windowMonths,
    r.community.minDistinctReporters,
    r.discretionAllowed,
  ]);
const canonicalTimescales = (t: Omit<Timescales, 'version'>) =>
  JSON.stringify([
    t.acknowledgeWorkingDays,
    t.thresholdDecisionWorkingDays,
    t.panelMeetingWorkingDays,
    t.outcomeWorkingDays,
    t.appealWindowWorkingDays,
  ]);

/**
 * Validates a change with the engine's own checks (a local number above the statutory three is
 * refused, naming the law) and gives it the next version; the same rules again change nothing.
 */
export function decideCaseReviewSettings(
  command: CaseReviewSettingsCommand,
  state: CaseReviewSettings,
): CaseReviewSettingsEvent[] {
  switch (command.type) {
    case 'ChangeThresholdRules': {
      const r = command.rules;
      const rules: ThresholdRules = {
        version: state.rules.version + 1,
        qualifyingComplaints: r.qualifyingComplaints,
        windowMonths: r.windowMonths,
        oneHateIncidentMeets: r.oneHateIncidentMeets,
        community: {
          enabled: r.community.enabled,
          reports: r.community.reports,
          windowMonths: r.community.windowMonths,
          minDistinctReporters: r.community.minDistinctReporters,
        },
        discretionAllowed: r.discretionAllowed,
      };
      if (rules.qualifyingComplaints > STATUTORY_MAX_QUALIFYING_COMPLAINTS)
        throw new CaseReviewError(
          'CASE_REVIEW.THRESHOLD_ABOVE_STATUTORY_LIMIT',
          `The Anti-social Behaviour, Crime and Policing Act 2014 (s.104) caps the threshold at ${STATUTORY_MAX_QUALIFYING_COMPLAINTS} qualifying complaints: a partnership may set a lower number, never a higher one.`,
          { max: STATUTORY_MAX_QUALIFYING_COMPLAINTS, asked: rules.qualifyingComplaints },
        );
      validateThresholdRules(rules);
      if (canonicalRules(rules) === canonicalRules(state.rules)) return [];
      return [
        {
          type: 'CaseReviewThresholdRulesChanged',
          data: {
            partnershipId: command.partnershipId,
            rules,
            changedByUserId: command.byUserId,
            changedAt: command.now,
          },
        },
      ];
    }
    case 'ChangeTimescales': {
      const t = command.timescales;
      const timescales: Timescales = {
        version: state.timescales.version + 1,
        acknowledgeWorkingDays: t.acknowledgeWorkingDays,
        thresholdDecisionWorkingDays: t.thresholdDecisionWorkingDays,
        panelMeetingWorkingDays: t.panelMeetingWorkingDays,
        outcomeWorkingDays: t.outcomeWorkingDays,
        appealWindowWorkingDays: t.appealWindowWorkingDays,
      };
      validateTimescales(timescales);
      if (canonicalTimescales(timescales) === canonicalTimescales(state.timescales)) return [];
      return [
        {
          type: 'CaseReviewTimescalesChanged',
          data: {
            partnershipId: command.partnershipId,
            timescales,
            changedByUserId: command.byUserId,
            changedAt: command.now,
          },
        },
      ];
    }
    case 'ChangeReportingYear': {
      if (!Number.isInteger(command.startMonth) || command.startMonth < 1 || command.startMonth > 12)
        throw new CaseReviewError('CASE_REVIEW.UNKNOWN_CODE', 'The reporting year starts in a month 1-12.');
      if (command.startMonth === state.reportingYearStartMonth) return [];
      return [
        {
          type: 'CaseReviewReportingYearChanged',
          data: {
            partnershipId: command.partnershipId,
            startMonth: command.startMonth,
            changedByUserId: command.byUserId,
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
