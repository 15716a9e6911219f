import { deciderSpec } from '@hubline/testing';
import type { AsbReportRecordedData } from '../report/events';
import { addCalendarMonths } from '../months';
import { decideVictim, type VictimCommand } from './decide';
import type { CaseReviewExplanationDueData } from './events';
import { evolveVictim, type VictimEvent } from './evolve';
import { withinExplanationWindow } from './explanation-duty';
import { initialVictimState, type VictimState } from './state';

const victim = deciderSpec<VictimCommand, VictimState, VictimEvent>({
  decide: decideVictim,
  evolve: evolveVictim,
  initialState: initialVictimState,
});

const P = '00000000-0000-4000-8000-000000000001';
const VICTIM = '30000000-0000-4000-8000-000000000001';
const [COUNCIL, POLICE] = ['20000000-0000-4000-8000-000000000001', '20000000-0000-4000-8000-000000000002'];
const NOW = '2026-12-05T10:00:00.000Z';
const id = (n: number) => `10000000-0000-4000-8000-${String(n).padStart(12, '0')}`;
const DUTY = '90000000-0000-4000-8000-000000000001';

const recorded = (n: number, reportedOn: string, agencyId = COUNCIL): VictimEvent => ({
  type: 'AsbReportRecorded',
  data: {
    reportId: id(n),
    partnershipId: P,
    incidentId: id(n),
    agencyId,
    reportedOn,
    victimPersonId: VICTIM,
  } as AsbReportRecordedData,
});
const linked = (n: number, incident: number): VictimEvent => ({
  type: 'AsbReportLinkedToIncident',
  data: {
    reportId: id(n),
    partnershipId: P,
    victimPersonId: VICTIM,
    incidentId: id(incident),
    previousIncidentId: id(n),
    sameIncidentAsReportId: id(incident),
    linkedByUserId: 'u',
    linkedByAgencyId: COUNCIL,
    linkedAt: NOW,
  },
});
const consider = (n: number, dutyId = DUTY): VictimCommand => ({
  type: 'ConsiderExplanationDuty',
  partnershipId: P,
  victimPersonId: VICTIM,
  reportId: id(n),
  dutyId,
  now: NOW,
});
const due = (over: Partial<CaseReviewExplanationDueData> = {}): VictimEvent => ({
  type: 'CaseReviewExplanationDue',
  data: {
    dutyId: DUTY,
    partnershipId: P,
    victimPersonId: VICTIM,
    agencyId: POLICE,
    reportId: id(2),
    otherReportIds: [id(1)],
    arisenOn: '2026-07-31',
    arisenAt: NOW,
    ...over,
  },
});

describe('calendar months', () => {
  it('clamps to the month’s last day, across years and leap years', () => {
    expect(addCalendarMonths('2026-08-31', -6)).toBe('2026-02-28');
    expect(addCalendarMonths('2028-08-31', -6)).toBe('2028-02-29');
    expect(addCalendarMonths('2026-01-31', 1)).toBe('2026-02-28');
    expect(addCalendarMonths('2026-03-15', -6)).toBe('2025-09-15');
    expect(addCalendarMonths('2026-12-05', 1)).toBe('2027-01-05');
  });

  it('counts six calendar months either way, the edge day included', () => {
    expect(withinExplanationWindow('2026-01-31', '2026-07-31')).toBe(true);
    expect(withinExplanationWindow('2026-07-31', '2026-01-31')).toBe(true);
    expect(withinExplanationWindow('2026-01-30', '2026-07-31')).toBe(false);
    expect(withinExplanationWindow('2026-02-28', '2026-08-31')).toBe(true);
    expect(withinExplanationWindow('2026-02-27', '2026-08-31')).toBe(false);
  });
});

describe('the second-report duty', () => {
  it('arises at a second distinct incident within six months, owed by the agency that received it', () => {
    victim
      .given(recorded(1, '2026-01-31', COUNCIL), recorded(2, '2026-07-31', POLICE))
      .when(consider(2))
      .then([due()]);
  });

  it('does not arise at a first report, nor a day past six months', () => {
    victim.given(recorded(1, '2026-01-31')).when(consider(1)).thenNothing();
    victim
      .given(recorded(1, '2026-01-30'), recorded(2, '2026-07-31', POLICE))
      .when(consider(2))
      .thenNothing();
  });

  it('counts one incident reported to several agencies once', () => {
    victim
      .given(recorded(1, '2026-03-01', COUNCIL), recorded(2, '2026-03-02', POLICE), linked(2, 1))
      .when(consider(2))
      .thenNothing();
    // A third report, of another incident, is the second incident.
    victim
      .given(
        recorded(1, '2026-03-01', COUNCIL),
        recorded(2, '2026-03-02', POLICE),
        linked(2, 1),
        recorded(3, '2026-04-01'),
      )
      .when(consider(3))
      .then(([e]) =>
        expect(e.data).toMatchObject({ reportId: id(3), agencyId: COUNCIL, otherReportIds: [id(1), id(2)] }),
      );
  });

  it('leaves out withdrawn reports', () => {
    victim
      .given(recorded(1, '2026-03-01'), recorded(2, '2026-04-01', POLICE), {
        type: 'AsbReportWithdrawn',
        data: {
          reportId: id(1),
          partnershipId: P,
          victimPersonId: VICTIM,
          reason: 'recorded_in_error',
          withdrawnByUserId: 'u',
          withdrawnByAgencyId: COUNCIL,
          withdrawnAt: NOW,
        },
      })
      .when(consider(2))
      .thenNothing();
  });

  it('arises once in six months: not again while one that arose within six months stands', () => {
    const history = [recorded(1, '2026-01-31'), recorded(2, '2026-07-31', POLICE), due()];
    victim
      .given(...history, recorded(3, '2026-08-15'))
      .when(consider(3, 'other-duty'))
      .thenNothing();
    // December is within six months of the duty (none arises); February is not, and December's report is its second.
    victim
      .given(...history, recorded(4, '2026-12-15'))
      .when(consider(4, 'other-duty'))
      .thenNothing();
    victim
      .given(...history, recorded(4, '2026-12-15'), recorded(3, '2027-02-01'))
      .when(consider(3, '90000000-0000-4000-8000-000000000002'))
      .then(([e]) =>
        expect(e.data).toMatchObject({
          reportId: id(3),
          arisenOn: '2027-02-01',
          agencyId: COUNCIL,
          otherReportIds: [id(4)],
        }),
      );
  });

  it('decides a duty once, whatever asks twice', () => {
    victim
      .given(recorded(1, '2026-01-31'), recorded(2, '2026-07-31', POLICE), due())
      .when(consider(2))
      .thenNothing();
  });
});

describe('a duty that no longer holds', () => {
  const review = (reason: 'reports_linked_as_one_incident' | 'report_withdrawn', because = 2): VictimCommand => ({
    type: 'ReviewExplanationDuties',
    partnershipId: P,
    victimPersonId: VICTIM,
    becauseOfReportId: id(because),
    reason,
    now: NOW,
  });
  const owed = [recorded(1, '2026-01-31'), recorded(2, '2026-07-31', POLICE), due()];

  it('is withdrawn, with the reason, once its reports are linked as one incident', () => {
    victim
      .given(...owed, linked(2, 1))
      .when(review('reports_linked_as_one_incident'))
      .then((events, after) => {
        expect(events).toEqual([
          {
            type: 'CaseReviewExplanationWithdrawn',
            data: {
              dutyId: DUTY,
              partnershipId: P,
              victimPersonId: VICTIM,
              agencyId: POLICE,
              reason: 'reports_linked_as_one_incident',
              becauseOfReportId: id(2),
              withdrawnAt: NOW,
            },
          },
        ]);
        expect(after.duties[DUTY].status).toBe('withdrawn');
      });
  });

  it('stays while a third report still makes two incidents, and stays given once explained', () => {
    victim
      .given(...owed, recorded(3, '2026-07-01'), linked(2, 1))
      .when(review('reports_linked_as_one_incident'))
      .thenNothing();
    const explained: VictimEvent = {
      type: 'CaseReviewExplained',
      data: {
        dutyId: DUTY,
        partnershipId: P,
        victimPersonId: VICTIM,
        agencyId: POLICE,
        how: 'letter',
        explainedOn: '2026-08-01',
        explainedByUserId: 'u',
        recordedAt: NOW,
      },
    };
    victim
      .given(...owed, explained, linked(2, 1))
      .when(review('reports_linked_as_one_incident'))
      .thenNothing();
  });

  it('lets a new duty arise once the link is undone', () => {
    const withdrawn: VictimEvent = {
      type: 'CaseReviewExplanationWithdrawn',
      data: {
        dutyId: DUTY,
        partnershipId: P,
        victimPersonId: VICTIM,
        agencyId: POLICE,
        reason: 'reports_linked_as_one_incident',
        becauseOfReportId: id(2),
        withdrawnAt: NOW,
      },
    };
    const unlinked: VictimEvent = {
      type: 'AsbReportUnlinkedFromIncident',
      data: {
        reportId: id(2),
        partnershipId: P,
        victimPersonId: VICTIM,
        incidentId: id(2),
        previousIncidentId: id(1),
        reason: 'different_incident',
        unlinkedByUserId: 'u',
        unlinkedByAgencyId: POLICE,
        unlinkedAt: NOW,
      },
    };
    victim
      .given(...owed, linked(2, 1), withdrawn, unlinked)
      .when(consider(2, '90000000-0000-4000-8000-000000000003'))
      .then(([e]) => expect(e.data).toMatchObject({ reportId: id(2), agencyId: POLICE }));
  });
});

describe('explaining the Case Review', () => {
  const explain = (over: Partial<Extract<VictimCommand, { type: 'ExplainCaseReview' }>> = {}): VictimCommand => ({
    type: 'ExplainCaseReview',
    dutyId: DUTY,
    partnershipId: P,
    victimPersonId: VICTIM,
    how: 'phone',
    explainedOn: '2026-08-01',
    actor: { userId: 'officer', agencyId: POLICE },
    now: NOW,
    today: '2026-12-05',
    ...over,
  });

  it('records how, when and by whom', () => {
    victim
      .given(due())
      .when(explain())
      .then((events, after) => {
        expect(events).toEqual([
          {
            type: 'CaseReviewExplained',
            data: {
              dutyId: DUTY,
              partnershipId: P,
              victimPersonId: VICTIM,
              agencyId: POLICE,
              how: 'phone',
              explainedOn: '2026-08-01',
              explainedByUserId: 'officer',
              recordedAt: NOW,
            },
          },
        ]);
        expect(after.duties[DUTY].status).toBe('explained');
      });
  });

  it('refuses another agency, a second explanation, an unknown duty or method, and impossible days', () => {
    victim
      .given(due())
      .when(explain({ actor: { userId: 'o', agencyId: COUNCIL } }))
      .thenThrows('CASE_REVIEW_EXPLANATION.NOT_YOUR_AGENCY');
    victim
      .given(due())
      .when(explain({ dutyId: 'nope' }))
      .thenThrows('CASE_REVIEW_EXPLANATION.NOT_FOUND');
    const explained = victim
      .given(due())
      .when(explain())
      .then(() => undefined);
    victim
      .given(due(), ...explained)
      .when(explain())
      .thenThrows('CASE_REVIEW_EXPLANATION.ALREADY_EXPLAINED');
    victim
      .given(due())
      .when(explain({ how: 'carrier_pigeon' as never }))
      .thenThrows('CASE_REVIEW_EXPLANATION.UNKNOWN_CODE');
    victim
      .given(due())
      .when(explain({ explainedOn: '2026-12-06' }))
      .thenThrows('CASE_REVIEW_EXPLANATION.IN_FUTURE');
    victim
      .given(due())
      .when(explain({ explainedOn: '2026-07-30' }))
      .thenThrows('CASE_REVIEW_EXPLANATION.BEFORE_DUTY');
    victim
      .given(due(), {
        type: 'CaseReviewExplanationWithdrawn',
        data: {
          dutyId: DUTY,
          partnershipId: P,
          victimPersonId: VICTIM,
          agencyId: POLICE,
          reason: 'report_withdrawn',
          becauseOfReportId: id(2),
          withdrawnAt: NOW,
        },
      })
      .when(explain())
      .thenThrows('CASE_REVIEW_EXPLANATION.WITHDRAWN');
    victim
      .given(due())
      .when(explain({ explainedOn: '01/08/2026' }))
      .thenThrows('CASE_REVIEW_EXPLANATION.INVALID_DATE');
  });
});
