import { isIsoDate } from '@hubline/calendar';
import {
  ASB_CATEGORIES,
  HATE_CHARACTERISTICS,
  REPORTER_KINDS,
  type AsbCategory,
  type HateCharacteristic,
  type Reporter,
} from '../codes';
import { AsbError, requireKnown } from '../errors';
import type { Sealed } from '../sealed';
import type { AsbReportRecordedData, ReportEvent } from './events';
import { requireLinkable, type LinkTarget } from './incident-link';
import type { ReportState } from './state';

export type RecordReport = {
  type: 'RecordReport';
  reportId: string;
  partnershipId: string;
  /** The recording officer's agency: it receives the report. */
  agencyId: string;
  agencyReference: string;
  reporter: Reporter;
  /** Omitted (undefined) for a person reporter: the reporter is the victim. */
  victimPersonId?: string | null;
  behaviourOn: string;
  behaviourTo?: string | null;
  reportedOn: string;
  category: AsbCategory;
  protectedCharacteristics?: string[];
  ward: string;
  alleged: string[];
  narrative: Sealed;
  sealedWith: string;
  /** Another report of the same incident, when the officer links it on record. */
  sameIncidentAs?: LinkTarget | null;
  recordedByUserId: string;
  now: string;
  /** The partnership's calendar day now. */
  today: string;
};

/** Whose key seals a report's narrative: the victim's, else a person reporter's, else none (the report's own key). */
export function narrativeKeyHolder(reporter: Reporter, victimPersonId: string | null): string | null {
  return victimPersonId ?? (reporter.kind === 'person' ? reporter.personId : null);
}

/** The victim a report names: as given, else a person reporter reporting for themself. */
export function victimOf(reporter: Reporter, victimPersonId: string | null | undefined): string | null {
  if (victimPersonId !== undefined) return victimPersonId;
  return reporter.kind === 'person' ? reporter.personId : null;
}

const day = (value: string | null | undefined, what: string): string => {
  if (!isIsoDate(value)) throw new AsbError('ASB_REPORT.INVALID_DATE', `${what} must be a calendar day (YYYY-MM-DD).`);
  return value;
};

/**
 * The receiving agency records a report: who reported and who the behaviour was against, when it
 * happened and was reported (never before the behaviour, never in the future), the category (a
 * hate report with the protected characteristics it targeted, any other with none), the ward, the
 * alleged perpetrators and the sealed narrative. A report is its own incident unless the officer
 * links it on record to another report's: then it is recorded in that incident from its first
 * event (so nothing ever counts it apart), and the link is recorded too.
 */
export function recordReport(command: RecordReport, state: ReportState): ReportEvent[] {
  if (state.status !== 'none') throw new AsbError('ASB_REPORT.ALREADY_EXISTS', 'This report already exists.');
  const data = recorded(command);
  const target = command.sameIncidentAs;
  if (!target) return [{ type: 'AsbReportRecorded', data }];
  requireLinkable(command.reportId, target);
  return [
    { type: 'AsbReportRecorded', data: { ...data, incidentId: target.incidentId } },
    {
      type: 'AsbReportLinkedToIncident',
      data: {
        reportId: command.reportId,
        partnershipId: command.partnershipId,
        victimPersonId: data.victimPersonId,
        incidentId: target.incidentId,
        previousIncidentId: command.reportId,
        sameIncidentAsReportId: target.reportId,
        linkedByUserId: command.recordedByUserId,
        linkedByAgencyId: command.agencyId,
        linkedAt: command.now,
      },
    },
  ];
}

function recorded(c: RecordReport): AsbReportRecordedData {
  const reference = c.agencyReference.trim();
  if (!reference) throw new AsbError('ASB_REPORT.REFERENCE_REQUIRED', "The receiving agency's reference is required.");
  const reporter = reporterOf(c.reporter);
  const victimPersonId = victimOf(reporter, c.victimPersonId);
  if (victimPersonId === null && reporter.kind === 'person')
    throw new AsbError(
      'ASB_REPORT.NO_VICTIM',
      'A report made by a person is about a victim: the reporter, or the person they reported for.',
    );
  if (new Set(c.alleged).size !== c.alleged.length)
    throw new AsbError('ASB_REPORT.DUPLICATE_PERSON', 'An alleged perpetrator is listed twice.');
  const complainants = [victimPersonId, reporter.kind === 'person' ? reporter.personId : null];
  if (c.alleged.some((id) => complainants.includes(id)))
    throw new AsbError(
      'ASB_REPORT.VICTIM_ALSO_ALLEGED',
      'The victim or the reporter cannot also be an alleged perpetrator of the same report.',
    );

  const behaviourOn = day(c.behaviourOn, 'The day the behaviour happened');
  const behaviourTo = c.behaviourTo == null ? null : day(c.behaviourTo, 'The last day of the behaviour');
  const reportedOn = day(c.reportedOn, 'The day it was reported');
  if (behaviourOn > c.today)
    throw new AsbError('ASB_REPORT.BEHAVIOUR_IN_FUTURE', 'The behaviour cannot have happened after today.');
  if (behaviourTo !== null && behaviourTo < behaviourOn)
    throw new AsbError('ASB_REPORT.BEHAVIOUR_END_BEFORE_START', 'The last day of the behaviour is before its first.');
  if (reportedOn < behaviourOn)
    throw new AsbError('ASB_REPORT.REPORTED_BEFORE_BEHAVIOUR', 'A report cannot be made before the behaviour.');
  if (behaviourTo !== null && behaviourTo > reportedOn)
    throw new AsbError(
      'ASB_REPORT.BEHAVIOUR_END_AFTER_REPORT',
      'A report tells of behaviour up to the day it was made; later behaviour is a new report.',
    );
  if (reportedOn > c.today)
    throw new AsbError('ASB_REPORT.REPORTED_IN_FUTURE', 'A report cannot be dated after today.');

  const category = requireKnown(ASB_CATEGORIES, c.category, 'ASB_REPORT.UNKNOWN_CODE', 'category');
  const characteristics = [...new Set(c.protectedCharacteristics ?? [])].map((v) =>
    requireKnown(HATE_CHARACTERISTICS, v, 'ASB_REPORT.UNKNOWN_CODE', 'protected characteristic'),
  );
  if (category === 'hate' && characteristics.length === 0)
    throw new AsbError(
      'ASB_REPORT.CHARACTERISTIC_REQUIRED',
      'A hate report needs the protected characteristic(s) the behaviour targeted.',
    );
  if (category !== 'hate' && characteristics.length > 0)
    throw new AsbError(
      'ASB_REPORT.CHARACTERISTIC_NOT_APPLICABLE',
      'A protected characteristic makes this a hate report; choose that category.',
    );
  if (!c.narrative) throw new AsbError('ASB_REPORT.TEXT_REQUIRED', 'What happened is required.');

  return {
    reportId: c.reportId,
    partnershipId: c.partnershipId,
    incidentId: c.reportId,
    agencyId: c.agencyId,
    agencyReference: reference,
    reporter,
    victimPersonId,
    behaviourOn,
    behaviourTo,
    reportedOn,
    category,
    protectedCharacteristics: characteristics.sort() as HateCharacteristic[],
    ward: c.ward,
    alleged: [...c.alleged],
    narrative: c.narrative,
    sealedWith: c.sealedWith,
    recordedByUserId: c.recordedByUserId,
    recordedAt: c.now,
  };
}

function reporterOf(reporter: Reporter): Reporter {
  const kind = requireKnown(REPORTER_KINDS, reporter.kind, 'ASB_REPORT.UNKNOWN_CODE', 'reporter kind');
  if (kind === 'person') return { kind, personId: (reporter as { personId: string }).personId };
  const name = ((reporter as { name?: string }).name ?? '').trim();
  if (!name)
    throw new AsbError('ASB_REPORT.REPORTER_NAME_REQUIRED', 'A business or community group reporter needs its name.');
  return { kind, name };
}
