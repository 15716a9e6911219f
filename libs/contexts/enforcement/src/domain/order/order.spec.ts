import { deciderSpec } from '@hubline/testing';
import type { Sealed } from '../sealed';
import type { RecordBreach, VaryOrder } from './change';
import { decideOrder, type OrderCommand } from './decide';
import type { OrderEvent } from './events';
import { evolveOrder } from './evolve';
import type { ServeOrder } from './serve';
import { initialOrderState, type OrderState } from './state';

const order = deciderSpec<OrderCommand, OrderState, OrderEvent>({
  decide: decideOrder,
  evolve: evolveOrder,
  initialState: initialOrderState,
});

const P = '00000000-0000-4000-8000-000000000001';
const ORDER = '10000000-0000-4000-8000-000000000001';
const WARNING = '10000000-0000-4000-8000-000000000002';
const [COUNCIL, POLICE] = ['20000000-0000-4000-8000-000000000001', '20000000-0000-4000-8000-000000000002'];
const PERSON = '30000000-0000-4000-8000-000000000001';
const OTHER_PERSON = '30000000-0000-4000-8000-000000000002';
const BREACH = '40000000-0000-4000-8000-000000000001';
const officer = { userId: '50000000-0000-4000-8000-000000000001', agencyId: COUNCIL };
const police = { userId: '50000000-0000-4000-8000-000000000002', agencyId: POLICE };
const NOW = '2026-12-05T10:00:00.000Z';
const TODAY = '2026-12-05';
const sealed: Sealed = { v: 1, iv: 'iv', ct: 'ct', tag: 'tag' };

const serve = (over: Partial<ServeOrder> = {}): ServeOrder => ({
  type: 'ServeOrder',
  orderId: ORDER,
  partnershipId: P,
  kind: 'community_protection_warning',
  personId: PERSON,
  agencyId: COUNCIL,
  agencyKind: 'local_authority',
  agencyReference: 'CPW-1',
  servedOn: '2026-11-01',
  expiresOn: null,
  lagCaseId: null,
  particulars: {},
  priorWarning: null,
  conditions: sealed,
  servedByUserId: officer.userId,
  now: NOW,
  today: TODAY,
  ...over,
});
const served = (over: Partial<ServeOrder> = {}) => order.history(serve(over));
const base = { orderId: ORDER, partnershipId: P, actor: officer, now: NOW, today: TODAY };
const vary = (over: Partial<VaryOrder> = {}): VaryOrder => ({
  ...base,
  type: 'VaryOrder',
  variedOn: '2026-12-01',
  conditions: sealed,
  court: null,
  ...over,
});
const breach = (over: Partial<RecordBreach> = {}): RecordBreach => ({
  ...base,
  type: 'RecordBreach',
  breachId: BREACH,
  occurredOn: '2026-12-01',
  whatHappened: sealed,
  response: 'warning',
  actor: police,
  ...over,
});
const injunction = (over: Partial<ServeOrder> = {}) =>
  serve({
    kind: 'civil_injunction',
    particulars: { court: 'Basildon County Court', subjectUnder18: false, powerOfArrest: false },
    ...over,
  });

describe('serving an order', () => {
  it('records a CPW served by the council, with its sealed conditions and no particulars it does not need', () => {
    order
      .given()
      .when(serve())
      .then([
        {
          type: 'EnforcementOrderServed',
          data: {
            orderId: ORDER,
            partnershipId: P,
            kind: 'community_protection_warning',
            personId: PERSON,
            agencyId: COUNCIL,
            agencyReference: 'CPW-1',
            servedOn: '2026-11-01',
            expiresOn: null,
            lagCaseId: null,
            particulars: {
              court: null,
              convictionOn: null,
              subjectUnder18: null,
              powerOfArrest: null,
              warningOrderId: null,
              designationReference: null,
              pspoReference: null,
              penaltyPounds: null,
            },
            conditions: sealed,
            servedByUserId: officer.userId,
            recordedAt: NOW,
          },
        },
      ]);
  });

  it('refuses an order served twice, an unknown kind, a day after today and a blank reference', () => {
    order
      .given(...served())
      .when(serve())
      .thenThrows('ORDER.ALREADY_EXISTS');
    order
      .given()
      .when(serve({ kind: 'asbo' }))
      .thenThrows('ORDER.UNKNOWN_CODE');
    order
      .given()
      .when(serve({ servedOn: '2026-12-06' }))
      .thenThrows('ORDER.SERVED_IN_FUTURE');
    order
      .given()
      .when(serve({ servedOn: '1 Nov' }))
      .thenThrows('ORDER.INVALID_DATE');
    order
      .given()
      .when(serve({ agencyReference: '  ' }))
      .thenThrows('ORDER.REFERENCE_REQUIRED');
  });

  it('lets only the agencies the law names serve or apply for each kind', () => {
    order
      .given()
      .when(serve({ agencyKind: 'health' }))
      .thenThrows('ORDER.AGENCY_MAY_NOT_ISSUE');
    order
      .given()
      .when(injunction({ agencyKind: 'youth_offending' }))
      .thenThrows('ORDER.AGENCY_MAY_NOT_ISSUE');
    order
      .given()
      .when(serve({ kind: 'closure_notice', agencyKind: 'housing_provider', expiresOn: '2026-11-02' }))
      .thenThrows('ORDER.AGENCY_MAY_NOT_ISSUE');
    order
      .given()
      .when(injunction({ agencyKind: 'housing_provider' }))
      .then((events) => expect(events).toHaveLength(1));
  });

  it('asks a social landlord serving a CPW for the council’s designation (s.53), and nobody else for one', () => {
    order
      .given()
      .when(serve({ agencyKind: 'housing_provider' }))
      .thenThrows('ORDER.DESIGNATION_REQUIRED');
    order
      .given()
      .when(serve({ agencyKind: 'housing_provider', particulars: { designationReference: 'TC-DES-2026-04' } }))
      .then(([e]) => expect(e.data).toMatchObject({ particulars: { designationReference: 'TC-DES-2026-04' } }));
    order
      .given()
      .when(serve({ particulars: { designationReference: 'TC-DES-2026-04' } }))
      .thenThrows('ORDER.NOT_APPLICABLE_TO_KIND');
  });

  it('serves a CPN only after a CPW on the same person, served earlier and not discharged (s.43(5))', () => {
    const cpn = (priorWarning: ServeOrder['priorWarning'], warningOrderId: string | undefined = WARNING) =>
      serve({ kind: 'community_protection_notice', particulars: { warningOrderId }, priorWarning });
    const warning = {
      orderId: WARNING,
      kind: 'community_protection_warning',
      personId: PERSON,
      servedOn: '2026-10-01',
      discharged: false,
    };
    order.given().when(cpn(null, undefined)).thenThrows('ORDER.WARNING_REQUIRED');
    order
      .given()
      .when(cpn({ ...warning, personId: OTHER_PERSON }))
      .thenThrows('ORDER.WARNING_NOT_VALID');
    order
      .given()
      .when(cpn({ ...warning, kind: 'warning_letter' }))
      .thenThrows('ORDER.WARNING_NOT_VALID');
    order
      .given()
      .when(cpn({ ...warning, servedOn: '2026-11-01' }))
      .thenThrows('ORDER.WARNING_NOT_VALID');
    order
      .given()
      .when(cpn({ ...warning, discharged: true }))
      .thenThrows('ORDER.WARNING_NOT_VALID');
    order
      .given()
      .when(cpn(warning))
      .then(([e]) => expect(e.data).toMatchObject({ particulars: { warningOrderId: WARNING } }));
  });

  it('needs the court of a court order, and a CBO its conviction, on or before the order', () => {
    order
      .given()
      .when(injunction({ particulars: { subjectUnder18: false } }))
      .thenThrows('ORDER.COURT_REQUIRED');
    order
      .given()
      .when(serve({ particulars: { court: 'Court' } }))
      .thenThrows('ORDER.NOT_A_COURT_ORDER');
    const cbo = (particulars: ServeOrder['particulars']) =>
      serve({ kind: 'criminal_behaviour_order', agencyKind: 'police', agencyId: POLICE, particulars });
    order
      .given()
      .when(cbo({ court: 'Basildon Crown Court', subjectUnder18: false }))
      .thenThrows('ORDER.CONVICTION_REQUIRED');
    order
      .given()
      .when(cbo({ court: 'Basildon Crown Court', subjectUnder18: false, convictionOn: '2026-11-02' }))
      .thenThrows('ORDER.CONVICTION_AFTER_ORDER');
    order
      .given()
      .when(cbo({ court: 'Basildon Crown Court', convictionOn: '2026-10-20' }))
      .thenThrows('ORDER.AGE_REQUIRED');
    order
      .given()
      .when(cbo({ court: 'Basildon Crown Court', subjectUnder18: false, convictionOn: '2026-10-20' }))
      .then(([e]) => expect(e.data).toMatchObject({ expiresOn: null, particulars: { convictionOn: '2026-10-20' } }));
  });

  it('holds each kind to its term: none for one-off steps, 48 hours for a closure notice, the CBO and youth bounds', () => {
    order
      .given()
      .when(serve({ kind: 'warning_letter', expiresOn: '2027-01-01' }))
      .thenThrows('ORDER.NO_EXPIRY_FOR_KIND');
    order
      .given()
      .when(serve({ kind: 'acceptable_behaviour_contract' }))
      .thenThrows('ORDER.EXPIRY_REQUIRED');
    order
      .given()
      .when(serve({ expiresOn: '2026-11-01' }))
      .thenThrows('ORDER.EXPIRY_BEFORE_SERVICE');
    const closure = (expiresOn: string) => serve({ kind: 'closure_notice', expiresOn });
    order.given().when(closure('2026-11-04')).thenThrows('ORDER.TERM_OUT_OF_BOUNDS');
    order
      .given()
      .when(closure('2026-11-03'))
      .then((events) => expect(events).toHaveLength(1));
    const closureOrder = (expiresOn: string) =>
      serve({ kind: 'closure_order', expiresOn, particulars: { court: 'Basildon Magistrates' } });
    order.given().when(closureOrder('2027-02-02')).thenThrows('ORDER.TERM_OUT_OF_BOUNDS');
    order
      .given()
      .when(closureOrder('2027-02-01'))
      .then((events) => expect(events).toHaveLength(1));
    const cbo = (subjectUnder18: boolean, expiresOn: string | null) =>
      serve({
        kind: 'criminal_behaviour_order',
        expiresOn,
        particulars: { court: 'Basildon Crown Court', convictionOn: '2026-10-20', subjectUnder18 },
      });
    order.given().when(cbo(false, '2028-10-31')).thenThrows('ORDER.TERM_OUT_OF_BOUNDS');
    order
      .given()
      .when(cbo(false, '2028-11-01'))
      .then((events) => expect(events).toHaveLength(1));
    order.given().when(cbo(true, null)).thenThrows('ORDER.EXPIRY_REQUIRED');
    order.given().when(cbo(true, '2027-10-31')).thenThrows('ORDER.TERM_OUT_OF_BOUNDS');
    order.given().when(cbo(true, '2029-11-02')).thenThrows('ORDER.TERM_OUT_OF_BOUNDS');
    order
      .given()
      .when(cbo(true, '2029-11-01'))
      .then((events) => expect(events).toHaveLength(1));
    const youthInjunction = (expiresOn: string | null) =>
      injunction({ expiresOn, particulars: { court: 'Youth Court', subjectUnder18: true } });
    order.given().when(youthInjunction(null)).thenThrows('ORDER.EXPIRY_REQUIRED');
    order.given().when(youthInjunction('2027-11-02')).thenThrows('ORDER.TERM_OUT_OF_BOUNDS');
    order
      .given()
      .when(injunction({ expiresOn: null }))
      .then((events) => expect(events).toHaveLength(1));
  });

  it('records a penalty notice with its PSPO and amount, and no conditions', () => {
    const fpn = (over: Partial<ServeOrder> = {}) =>
      serve({
        kind: 'pspo_fixed_penalty_notice',
        conditions: null,
        particulars: { pspoReference: 'Grays PSPO 2025', penaltyPounds: 100 },
        ...over,
      });
    order
      .given()
      .when(fpn())
      .then(([e]) => expect(e.data).toMatchObject({ conditions: null, particulars: { penaltyPounds: 100 } }));
    order
      .given()
      .when(fpn({ conditions: sealed }))
      .thenThrows('ORDER.NOT_APPLICABLE_TO_KIND');
    order
      .given()
      .when(fpn({ particulars: { pspoReference: 'Grays PSPO 2025', penaltyPounds: 0 } }))
      .thenThrows('ORDER.PENALTY_REQUIRED');
    order
      .given()
      .when(fpn({ particulars: { pspoReference: 'Grays PSPO 2025' } }))
      .thenThrows('ORDER.PENALTY_REQUIRED');
    order
      .given()
      .when(serve({ conditions: null }))
      .thenThrows('ORDER.CONDITIONS_REQUIRED');
  });
});

describe('varying and discharging', () => {
  it('records a variation by the serving agency, with the end before and after', () => {
    order
      .given(...served({ expiresOn: '2027-05-01' }))
      .when(vary({ expiresOn: '2027-08-01' }))
      .then([
        {
          type: 'EnforcementOrderVaried',
          data: {
            orderId: ORDER,
            partnershipId: P,
            personId: PERSON,
            variedOn: '2026-12-01',
            expiresOn: '2027-08-01',
            previousExpiresOn: '2027-05-01',
            conditions: sealed,
            court: null,
            variedByUserId: officer.userId,
            variedByAgencyId: COUNCIL,
            recordedAt: NOW,
          },
        },
      ]);
  });

  it('refuses a variation by another agency, of nothing, before service, of a one-off step, or after discharge', () => {
    order
      .given(...served())
      .when(vary({ actor: police }))
      .thenThrows('ORDER.NOT_YOUR_AGENCY');
    order
      .given(...served())
      .when(vary({ conditions: null }))
      .thenThrows('ORDER.NOTHING_TO_VARY');
    order
      .given(...served())
      .when(vary({ variedOn: '2026-10-01' }))
      .thenThrows('ORDER.BEFORE_SERVICE');
    order
      .given(...served({ kind: 'warning_letter' }))
      .when(vary())
      .thenThrows('ORDER.NOT_VARIABLE');
    order
      .given(...served({ expiresOn: '2026-11-20' }))
      .when(vary())
      .thenThrows('ORDER.EXPIRED');
    const discharged = order.history(serve(), {
      ...base,
      type: 'DischargeOrder',
      dischargedOn: '2026-11-10',
      reason: 'complied',
    });
    order
      .given(...discharged)
      .when(vary())
      .thenThrows('ORDER.DISCHARGED');
  });

  it('extends a closure order by variation to 6 months in all, never more, naming the court', () => {
    const closureOrder = served({
      kind: 'closure_order',
      expiresOn: '2027-02-01',
      particulars: { court: 'Basildon Magistrates' },
    });
    order
      .given(...closureOrder)
      .when(vary({ conditions: null, expiresOn: '2027-05-01' }))
      .thenThrows('ORDER.COURT_REQUIRED');
    order
      .given(...closureOrder)
      .when(vary({ conditions: null, expiresOn: '2027-05-02', court: 'Basildon Magistrates' }))
      .thenThrows('ORDER.TERM_OUT_OF_BOUNDS');
    order
      .given(...closureOrder)
      .when(vary({ conditions: null, expiresOn: '2027-05-01', court: 'Basildon Magistrates' }))
      .then(([e]) => expect(e.data).toMatchObject({ expiresOn: '2027-05-01', previousExpiresOn: '2027-02-01' }));
  });

  it('discharges with a reason the kind allows: a court order only by the court', () => {
    const discharge = (reason: string, over = {}) => ({
      ...base,
      type: 'DischargeOrder' as const,
      dischargedOn: '2026-12-01',
      reason,
      ...over,
    });
    order
      .given(...served())
      .when(discharge('complied'))
      .then((events, state) => {
        expect(events[0]).toMatchObject({ type: 'EnforcementOrderDischarged', data: { reason: 'complied' } });
        expect(state.status).toBe('discharged');
      });
    order
      .given(...order.history(injunction()))
      .when(discharge('complied'))
      .thenThrows('ORDER.DISCHARGE_REASON_NOT_FOR_KIND');
    order
      .given(...order.history(injunction()))
      .when(discharge('discharged_by_court'))
      .then((e) => expect(e).toHaveLength(1));
    order
      .given(...served())
      .when(discharge('forgot'))
      .thenThrows('ORDER.UNKNOWN_CODE');
    order
      .given(...served())
      .when(discharge('complied', { actor: police }))
      .thenThrows('ORDER.NOT_YOUR_AGENCY');
    order
      .given(...served())
      .when(discharge('complied', { partnershipId: 'other' }))
      .thenThrows('ORDER.NOT_FOUND');
  });
});

describe('breaches', () => {
  it('records a breach by any agency with a response the kind allows', () => {
    order
      .given(...served())
      .when(breach())
      .then((events, state) => {
        expect(events).toEqual([
          {
            type: 'EnforcementOrderBreached',
            data: {
              orderId: ORDER,
              breachId: BREACH,
              partnershipId: P,
              personId: PERSON,
              kind: 'community_protection_warning',
              occurredOn: '2026-12-01',
              whatHappened: sealed,
              response: 'warning',
              recordedByAgencyId: POLICE,
              recordedByUserId: police.userId,
              recordedAt: NOW,
            },
          },
        ]);
        expect(state.status !== 'none' && state.record.breaches).toHaveLength(1);
      });
  });

  it('allows the responses the law gives each kind', () => {
    order
      .given(...served())
      .when(breach({ response: 'fixed_penalty_notice' }))
      .thenThrows('ORDER.RESPONSE_NOT_FOR_KIND');
    order
      .given(
        ...served({
          kind: 'community_protection_notice',
          particulars: { warningOrderId: WARNING },
          priorWarning: {
            orderId: WARNING,
            kind: 'community_protection_warning',
            personId: PERSON,
            servedOn: '2026-10-01',
            discharged: false,
          },
        }),
      )
      .when(breach({ response: 'fixed_penalty_notice' }))
      .then((events) => expect(events).toHaveLength(1));
    order
      .given(...order.history(injunction()))
      .when(breach({ response: 'prosecution' }))
      .thenThrows('ORDER.RESPONSE_NOT_FOR_KIND');
    order
      .given(...order.history(injunction()))
      .when(breach({ response: 'arrest' }))
      .thenThrows('ORDER.NO_POWER_OF_ARREST');
    order
      .given(
        ...order.history(
          injunction({ particulars: { court: 'Basildon County Court', subjectUnder18: false, powerOfArrest: true } }),
        ),
      )
      .when(breach({ response: 'arrest' }))
      .then((events) => expect(events).toHaveLength(1));
    order
      .given(...served())
      .when(breach({ response: 'shrug' }))
      .thenThrows('ORDER.UNKNOWN_CODE');
  });

  it('refuses a breach of a penalty notice, before service, after the end or discharge, or in the future', () => {
    order
      .given(
        ...served({
          kind: 'pspo_fixed_penalty_notice',
          conditions: null,
          particulars: { pspoReference: 'PSPO', penaltyPounds: 100 },
        }),
      )
      .when(breach())
      .thenThrows('ORDER.NOT_BREACHABLE');
    order
      .given(...served())
      .when(breach({ occurredOn: '2026-10-31' }))
      .thenThrows('ORDER.BEFORE_SERVICE');
    order
      .given(...served())
      .when(breach({ occurredOn: '2026-12-06' }))
      .thenThrows('ORDER.IN_FUTURE');
    order
      .given(...served({ expiresOn: '2026-11-20' }))
      .when(breach())
      .thenThrows('ORDER.BREACH_AFTER_END');
    const discharged = order.history(serve(), {
      ...base,
      type: 'DischargeOrder',
      dischargedOn: '2026-11-10',
      reason: 'complied',
    });
    order
      .given(...discharged)
      .when(breach())
      .thenThrows('ORDER.BREACH_AFTER_END');
    order
      .given(...discharged)
      .when(breach({ occurredOn: '2026-11-09' }))
      .then((events) => expect(events).toHaveLength(1));
  });

  it('answers a breach under investigation once, after the breach', () => {
    const investigated = order.history(serve(), breach({ response: 'under_investigation' }));
    const respond = (over = {}) => ({
      ...base,
      type: 'RespondToBreach' as const,
      breachId: BREACH,
      response: 'escalation',
      respondedOn: '2026-12-03',
      ...over,
    });
    order
      .given(...investigated)
      .when(respond())
      .then((events, state) => {
        expect(events[0]).toMatchObject({ type: 'EnforcementBreachResponded', data: { response: 'escalation' } });
        expect(state.status !== 'none' && state.record.breaches[0].response).toBe('escalation');
      });
    order
      .given(...investigated)
      .when(respond({ breachId: ORDER }))
      .thenThrows('ORDER.BREACH_NOT_FOUND');
    order
      .given(...investigated)
      .when(respond({ respondedOn: '2026-11-30' }))
      .thenThrows('ORDER.BEFORE_SERVICE');
    order
      .given(...order.history(serve(), breach()))
      .when(respond())
      .thenThrows('ORDER.BREACH_ALREADY_ANSWERED');
  });
});
