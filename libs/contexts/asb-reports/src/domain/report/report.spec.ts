import { deciderSpec } from '@hubline/testing';
import { PROTECTED_CHARACTERISTICS } from '@hubline/people';
import { HATE_CHARACTERISTICS } from '../codes';
import type { Sealed } from '../sealed';
import { decideReport, type ReportCommand } from './decide';
import type { ReportEvent } from './events';
import { evolveReport } from './evolve';
import type { RecordReport } from './record';
import { initialReportState, type ReportState } from './state';

const report = deciderSpec<ReportCommand, ReportState, ReportEvent>({
  decide: decideReport,
  evolve: evolveReport,
  initialState: initialReportState,
});

const P = '00000000-0000-4000-8000-00000000000p'.replace('p', '1');
const [REPORT, OTHER, THIRD] = ['r1', 'r2', 'r3'].map((_, i) => `10000000-0000-4000-8000-00000000000${i}`);
const [COUNCIL, POLICE] = ['20000000-0000-4000-8000-000000000001', '20000000-0000-4000-8000-000000000002'];
const [VICTIM, PARENT, ALLEGED] = [1, 2, 3].map((i) => `30000000-0000-4000-8000-00000000000${i}`);
const WARD = '40000000-0000-4000-8000-000000000001';
const officer = { userId: '50000000-0000-4000-8000-000000000001', agencyId: COUNCIL };
const NOW = '2026-12-05T10:00:00.000Z';
const TODAY = '2026-12-05';
const sealed: Sealed = { v: 1, iv: 'iv', ct: 'ct', tag: 'tag' };

const record = (over: Partial<RecordReport> = {}): RecordReport => ({
  type: 'RecordReport',
  reportId: REPORT,
  partnershipId: P,
  agencyId: COUNCIL,
  agencyReference: 'ASB/2026/0042',
  reporter: { kind: 'person', personId: VICTIM },
  behaviourOn: '2026-12-01',
  behaviourTo: null,
  reportedOn: '2026-12-02',
  category: 'nuisance',
  protectedCharacteristics: [],
  ward: WARD,
  alleged: [ALLEGED],
  narrative: sealed,
  sealedWith: VICTIM,
  recordedByUserId: officer.userId,
  now: NOW,
  today: TODAY,
  ...over,
});
const recorded = (over: Partial<RecordReport> = {}) => report.history(record(over));
const link = (
  incidentId = OTHER,
  over: Partial<Extract<ReportCommand, { type: 'LinkToIncident' }>> = {},
): ReportCommand => ({
  type: 'LinkToIncident',
  reportId: REPORT,
  partnershipId: P,
  target: { reportId: OTHER, incidentId, withdrawn: false },
  othersShareThisIncident: false,
  actor: officer,
  now: NOW,
  ...over,
});

describe('recording an ASB report', () => {
  it('records the report as its own incident, the reporter being the victim when no other is named', () => {
    report
      .given()
      .when(record())
      .then([
        {
          type: 'AsbReportRecorded',
          data: {
            reportId: REPORT,
            partnershipId: P,
            incidentId: REPORT,
            agencyId: COUNCIL,
            agencyReference: 'ASB/2026/0042',
            reporter: { kind: 'person', personId: VICTIM },
            victimPersonId: VICTIM,
            behaviourOn: '2026-12-01',
            behaviourTo: null,
            reportedOn: '2026-12-02',
            category: 'nuisance',
            protectedCharacteristics: [],
            ward: WARD,
            alleged: [ALLEGED],
            narrative: sealed,
            sealedWith: VICTIM,
            recordedByUserId: officer.userId,
            recordedAt: NOW,
          },
        },
      ]);
  });

  it('records a parent reporting for a child, and a business with no victim person', () => {
    report
      .given()
      .when(record({ reporter: { kind: 'person', personId: PARENT }, victimPersonId: VICTIM }))
      .then(([e]) => expect(e.data).toMatchObject({ reporter: { personId: PARENT }, victimPersonId: VICTIM }));
    report
      .given()
      .when(record({ reporter: { kind: 'business', name: '  Riverside Stores ' }, sealedWith: REPORT }))
      .then(([e]) =>
        expect(e.data).toMatchObject({
          reporter: { kind: 'business', name: 'Riverside Stores' },
          victimPersonId: null,
        }),
      );
  });

  it('refuses a person reporter with no victim, a victim who is also alleged, and a business without a name', () => {
    report
      .given()
      .when(record({ victimPersonId: null }))
      .thenThrows('ASB_REPORT.NO_VICTIM');
    report
      .given()
      .when(record({ alleged: [VICTIM] }))
      .thenThrows('ASB_REPORT.VICTIM_ALSO_ALLEGED');
    report
      .given()
      .when(record({ alleged: [ALLEGED, ALLEGED] }))
      .thenThrows('ASB_REPORT.DUPLICATE_PERSON');
    report
      .given()
      .when(record({ reporter: { kind: 'community_group', name: ' ' } }))
      .thenThrows('ASB_REPORT.REPORTER_NAME_REQUIRED');
    report
      .given()
      .when(record({ agencyReference: '  ' }))
      .thenThrows('ASB_REPORT.REFERENCE_REQUIRED');
  });

  it('refuses a report made before the behaviour, dated in the future, or behaviour ending before it began', () => {
    report
      .given()
      .when(record({ reportedOn: '2026-11-30' }))
      .thenThrows('ASB_REPORT.REPORTED_BEFORE_BEHAVIOUR');
    report
      .given()
      .when(record({ behaviourOn: '2026-12-05', reportedOn: '2026-12-06' }))
      .thenThrows('ASB_REPORT.REPORTED_IN_FUTURE');
    report
      .given()
      .when(record({ behaviourOn: '2026-12-06' }))
      .thenThrows('ASB_REPORT.BEHAVIOUR_IN_FUTURE');
    report
      .given()
      .when(record({ behaviourTo: '2026-11-30' }))
      .thenThrows('ASB_REPORT.BEHAVIOUR_END_BEFORE_START');
    report
      .given()
      .when(record({ behaviourTo: '2026-12-03' }))
      .thenThrows('ASB_REPORT.BEHAVIOUR_END_AFTER_REPORT');
    report
      .given()
      .when(record({ reportedOn: '2026-02-30' }))
      .thenThrows('ASB_REPORT.INVALID_DATE');
    // The same day for behaviour and report, and today, are allowed.
    report
      .given()
      .when(record({ behaviourOn: TODAY, behaviourTo: TODAY, reportedOn: TODAY }))
      .then(([e]) => expect(e.data).toMatchObject({ reportedOn: TODAY }));
  });

  it('needs the protected characteristics for hate, and refuses them for any other category', () => {
    report
      .given()
      .when(record({ category: 'hate' }))
      .thenThrows('ASB_REPORT.CHARACTERISTIC_REQUIRED');
    report
      .given()
      .when(record({ category: 'personal', protectedCharacteristics: ['race'] }))
      .thenThrows('ASB_REPORT.CHARACTERISTIC_NOT_APPLICABLE');
    report
      .given()
      .when(record({ category: 'hate', protectedCharacteristics: ['religion_belief', 'race', 'race'] }))
      .then(([e]) => expect(e.data).toMatchObject({ protectedCharacteristics: ['race', 'religion_belief'] }));
    report
      .given()
      .when(record({ category: 'hate', protectedCharacteristics: ['hair_colour'] }))
      .thenThrows('ASB_REPORT.UNKNOWN_CODE');
    report
      .given()
      .when(record({ category: 'noise' as never }))
      .thenThrows('ASB_REPORT.UNKNOWN_CODE');
  });

  it('uses the people register’s protected characteristics', () => {
    expect([...HATE_CHARACTERISTICS]).toEqual([...PROTECTED_CHARACTERISTICS]);
  });

  it('records a report linked on record in the other report’s incident from its first event', () => {
    report
      .given()
      .when(record({ sameIncidentAs: { reportId: OTHER, incidentId: THIRD, withdrawn: false } }))
      .then((events, after) => {
        expect(events.map((e) => [e.type, (e.data as { incidentId?: string }).incidentId])).toEqual([
          ['AsbReportRecorded', THIRD],
          ['AsbReportLinkedToIncident', THIRD],
        ]);
        expect(events[1].data).toMatchObject({ previousIncidentId: REPORT, sameIncidentAsReportId: OTHER });
        expect(after.status === 'recorded' && after.record.incidentId).toBe(THIRD);
      });
    report
      .given()
      .when(record({ sameIncidentAs: { reportId: OTHER, incidentId: OTHER, withdrawn: true } }))
      .thenThrows('ASB_REPORT.LINK_TO_WITHDRAWN');
  });

  it('records a report once', () => {
    report
      .given(...recorded())
      .when(record())
      .thenThrows('ASB_REPORT.ALREADY_EXISTS');
  });
});

describe('linking a report to the incident of another', () => {
  it('joins the other report’s incident, recording the previous one', () => {
    report
      .given(...recorded())
      .when(link(THIRD))
      .then([
        {
          type: 'AsbReportLinkedToIncident',
          data: {
            reportId: REPORT,
            partnershipId: P,
            victimPersonId: VICTIM,
            incidentId: THIRD,
            previousIncidentId: REPORT,
            sameIncidentAsReportId: OTHER,
            linkedByUserId: officer.userId,
            linkedByAgencyId: COUNCIL,
            linkedAt: NOW,
          },
        },
      ]);
  });

  it('refuses another agency, itself, a withdrawn report, the same incident twice, and a report others joined', () => {
    report
      .given(...recorded())
      .when(link(OTHER, { actor: { ...officer, agencyId: POLICE } }))
      .thenThrows('ASB_REPORT.NOT_YOUR_AGENCY');
    report
      .given(...recorded())
      .when(link(REPORT, { target: { reportId: REPORT, incidentId: REPORT, withdrawn: false } }))
      .thenThrows('ASB_REPORT.LINK_TO_ITSELF');
    report
      .given(...recorded())
      .when(link(OTHER, { target: { reportId: OTHER, incidentId: OTHER, withdrawn: true } }))
      .thenThrows('ASB_REPORT.LINK_TO_WITHDRAWN');
    report
      .given(...report.history(record(), link()))
      .when(link())
      .thenThrows('ASB_REPORT.ALREADY_SAME_INCIDENT');
    report
      .given(...recorded())
      .when(link(OTHER, { othersShareThisIncident: true }))
      .thenThrows('ASB_REPORT.HAS_LINKED_REPORTS');
    report
      .given(...recorded())
      .when(link(OTHER, { partnershipId: POLICE }))
      .thenThrows('ASB_REPORT.NOT_FOUND');
    report.given().when(link()).thenThrows('ASB_REPORT.NOT_FOUND');
  });

  it('unlinks a wrong link with its reason, and refuses to unlink a report that is its own incident', () => {
    const linked = report.state(...report.history(record(), link()));
    expect(linked.status === 'recorded' && linked.record.incidentId).toBe(OTHER);
    const unlink: ReportCommand = {
      type: 'UnlinkFromIncident',
      reportId: REPORT,
      partnershipId: P,
      reason: 'different_incident',
      actor: officer,
      now: NOW,
    };
    report
      .given(...recorded(), { type: 'AsbReportLinkedToIncident', data: { ...linkData(), incidentId: OTHER } })
      .when(unlink)
      .then((events, after) => {
        expect(events).toEqual([
          {
            type: 'AsbReportUnlinkedFromIncident',
            data: expect.objectContaining({
              incidentId: REPORT,
              previousIncidentId: OTHER,
              reason: 'different_incident',
            }),
          },
        ]);
        expect(after.status === 'recorded' && after.record.incidentId).toBe(REPORT);
      });
    report
      .given(...recorded())
      .when(unlink)
      .thenThrows('ASB_REPORT.NOT_LINKED');
    report
      .given(...recorded())
      .when({ ...unlink, reason: 'changed_mind' as never })
      .thenThrows('ASB_REPORT.UNKNOWN_CODE');
  });
});

function linkData() {
  return {
    reportId: REPORT,
    partnershipId: P,
    victimPersonId: VICTIM,
    incidentId: OTHER,
    previousIncidentId: REPORT,
    sameIncidentAsReportId: OTHER,
    linkedByUserId: officer.userId,
    linkedByAgencyId: COUNCIL,
    linkedAt: NOW,
  };
}

describe('withdrawing a report recorded in error', () => {
  const withdraw: ReportCommand = {
    type: 'WithdrawReport',
    reportId: REPORT,
    partnershipId: P,
    reason: 'recorded_in_error',
    actor: officer,
    now: NOW,
  };

  it('records the withdrawal with its reason; the report stays, withdrawn', () => {
    report
      .given(...recorded())
      .when(withdraw)
      .then((events, after) => {
        expect(events).toEqual([
          {
            type: 'AsbReportWithdrawn',
            data: {
              reportId: REPORT,
              partnershipId: P,
              victimPersonId: VICTIM,
              reason: 'recorded_in_error',
              withdrawnByUserId: officer.userId,
              withdrawnByAgencyId: COUNCIL,
              withdrawnAt: NOW,
            },
          },
        ]);
        expect(after.status).toBe('withdrawn');
      });
  });

  it('refuses a second withdrawal, another agency, and any change to a withdrawn report', () => {
    const withdrawn = report.history(record(), withdraw);
    report
      .given(...withdrawn)
      .when(withdraw)
      .thenThrows('ASB_REPORT.WITHDRAWN');
    report
      .given(...withdrawn)
      .when(link())
      .thenThrows('ASB_REPORT.WITHDRAWN');
    report
      .given(...recorded())
      .when({ ...withdraw, actor: { ...officer, agencyId: POLICE } })
      .thenThrows('ASB_REPORT.NOT_YOUR_AGENCY');
  });
});
