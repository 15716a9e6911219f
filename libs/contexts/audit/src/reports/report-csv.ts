import type { CsvColumn } from './csv';
import type {
  AgencySharing,
  ConsultationEntry,
  DisclosureEntry,
  ExceptionsReport,
  PersonTrail,
  RecordChangeEntry,
} from './audit-reports.service';

/** The basis's reference: the consent or agreement it names. */
const basisReference = (b: DisclosureEntry['basis']) =>
  b.kind === 'consent' ? b.consentId : b.kind === 'gateway' || b.kind === 'case_involvement' ? b.agreementId : null;
/** The gateway relied on: an agreement's, or the statutory duty to supply (Sch 4 para 7). */
const gateway = (b: DisclosureEntry['basis']) =>
  b.kind === 'gateway' || b.kind === 'case_involvement' ? b.gateway : b.kind === 'statutory_duty' ? b.duty : null;
const notCovered = (b: DisclosureEntry['basis']) =>
  b.kind === 'case_involvement' && b.agreementId === null ? b.notCoveredBecause : null;

type Entry = Partial<Omit<DisclosureEntry, 'entry' | 'by'>> &
  Partial<Omit<ConsultationEntry, 'entry' | 'by'>> &
  Partial<Omit<RecordChangeEntry, 'entry' | 'by'>> & {
    entry: string;
    at: string;
    by?: DisclosureEntry['by'] | RecordChangeEntry['by'];
  };

/** Columns of every disclosure or consultation line; those that do not apply stay empty. */
const ENTRY_COLUMNS: Array<CsvColumn<Entry>> = [
  { header: 'entry', value: (e) => e.entry },
  { header: 'at', value: (e) => e.at },
  { header: 'id', value: (e) => e.disclosureId ?? e.consultationId ?? e.eventId },
  { header: 'person_ids', value: (e) => e.personIds ?? (e.personId ? [e.personId] : null) },
  { header: 'agency_id', value: (e) => e.fromAgency?.agencyId ?? e.agency?.agencyId },
  { header: 'agency', value: (e) => e.fromAgency?.name ?? e.agency?.name },
  { header: 'user_id', value: (e) => e.by?.userId },
  { header: 'user', value: (e) => e.by?.name },
  { header: 'recipient_agency_ids', value: (e) => e.recipients?.map((r) => r.agencyId) },
  { header: 'recipient_agencies', value: (e) => e.recipients?.map((r) => r.name ?? r.agencyId) },
  { header: 'data_categories', value: (e) => e.dataCategories },
  { header: 'view', value: (e) => e.view },
  { header: 'purpose', value: (e) => e.purpose },
  { header: 'case_type', value: (e) => e.case?.type },
  { header: 'case_id', value: (e) => e.case?.id },
  { header: 'basis_kind', value: (e) => e.basis?.kind },
  { header: 'basis_reference', value: (e) => (e.basis ? basisReference(e.basis) : null) },
  { header: 'gateway', value: (e) => (e.basis ? gateway(e.basis) : null) },
  { header: 'basis_not_covered_because', value: (e) => (e.basis ? notCovered(e.basis) : null) },
  { header: 'shared_inside_case', value: (e) => (e.basis?.kind === 'case_involvement' ? e.basis.occasion : null) },
  { header: 'meeting_id', value: (e) => (e.basis?.kind === 'case_involvement' ? e.basis.meetingId : null) },
  { header: 'flags', value: (e) => e.flags },
  { header: 'valid_at_disclosure', value: (e) => e.validAtDisclosure },
  { header: 'invalid_at_disclosure_because', value: (e) => e.invalidAtDisclosureBecause },
  { header: 'stands_now', value: (e) => e.standsNow },
  { header: 'lapsed_because', value: (e) => e.lapsedBecause },
  { header: 'action', value: (e) => e.action },
  { header: 'legal_ground', value: (e) => e.legalGround },
  { header: 'reason', value: (e) => e.reason },
  { header: 'other_person_id', value: (e) => e.otherPersonId },
  { header: 'sweep_id', value: (e) => e.sweepId },
  { header: 'sweep_outcome', value: (e) => e.sweepOutcome },
  { header: 'manual', value: (e) => e.manual },
  { header: 'open_case_ids', value: (e) => e.openCases?.map((c) => c.id) },
  { header: 'open_case_types', value: (e) => e.openCases?.map((c) => c.type) },
];

export const trailCsv = (t: PersonTrail) => ({ columns: ENTRY_COLUMNS, rows: t.entries as Entry[] });

export function agencySharingCsv(r: AgencySharing) {
  const columns: Array<CsvColumn<Entry & { direction?: string }>> = [
    { header: 'direction', value: (e) => e.direction },
    ...ENTRY_COLUMNS,
  ];
  return { columns, rows: r.entries as Array<Entry & { direction?: string }> };
}

type ExceptionLine = Entry & {
  kind:
    | 'emergency_disclosure'
    | 'case_sharing_without_agreement'
    | 'consultation_without_involvement'
    | 'high_daily_views'
    | 'manual_erasure'
    | 'erasure_with_open_cases'
    | 'hold_released';
  day?: string;
  agencyLinkNow?: string;
  coveredByDisclosureIds?: string[];
  distinctPeople?: number;
  consultations?: number;
};

/** Every kind of exception in one table, told apart by `kind`. */
export function exceptionsCsv(r: ExceptionsReport) {
  const columns: Array<CsvColumn<ExceptionLine>> = [
    { header: 'kind', value: (e) => e.kind },
    { header: 'day', value: (e) => e.day },
    ...ENTRY_COLUMNS,
    { header: 'agency_link_now', value: (e) => e.agencyLinkNow },
    { header: 'covered_by_disclosure_ids', value: (e) => e.coveredByDisclosureIds },
    { header: 'distinct_people', value: (e) => e.distinctPeople },
    { header: 'consultations', value: (e) => e.consultations },
  ];
  const rows: ExceptionLine[] = [
    ...r.emergencyDisclosures.map((d) => ({ ...d, kind: 'emergency_disclosure' as const })),
    ...r.caseSharingWithoutAgreement.map((d) => ({ ...d, kind: 'case_sharing_without_agreement' as const })),
    ...r.consultationsWithoutInvolvement.map((c) => ({ ...c, kind: 'consultation_without_involvement' as const })),
    ...r.highDailyViews.map((h) => ({
      kind: 'high_daily_views' as const,
      entry: 'daily_views',
      at: '',
      day: h.day,
      by: h.user,
      agency: h.agency,
      distinctPeople: h.distinctPeople,
      consultations: h.consultations,
    })),
    ...r.manualErasures.map((c) => ({ ...c, kind: 'manual_erasure' as const })),
    ...r.erasuresWithOpenCases.map((c) => ({ ...c, kind: 'erasure_with_open_cases' as const })),
    ...r.holdsReleased.map((c) => ({ ...c, kind: 'hold_released' as const })),
  ];
  return { columns, rows };
}
