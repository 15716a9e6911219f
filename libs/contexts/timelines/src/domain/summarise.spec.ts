import { summarise, type Names, type SummaryInput } from './summarise';

const POLICE = 'a0000000-0000-4000-8000-000000000001';
const ASB = 'a0000000-0000-4000-8000-000000000002';
const GRAYS = 'l0000000-0000-4000-8000-000000000001';
const RIVERSIDE = 'w0000000-0000-4000-8000-000000000001';
const names: Names = {
  agency: (id) => ({ [POLICE]: 'Essex Police', [ASB]: 'Thurrock Council Community Safety and ASB Team' })[id],
  locality: (id) => ({ [GRAYS]: 'Grays' })[id],
  ward: (id) => ({ [RIVERSIDE]: 'Grays Riverside' })[id],
};
const say = (type: string, facts: SummaryInput['facts'], more: Partial<SummaryInput> = {}) =>
  summarise({ type, role: 'victim', agencyId: null, facts, ...more }, names);

describe('timeline summaries', () => {
  it('tells the steps of an ASB Case Review, a threshold not met with the route to query it', () => {
    expect(say('CaseReviewApplied', { applicantKind: 'on_behalf', route: 'in_person' })).toBe(
      'Applied for an ASB Case Review (on the victim’s behalf) (in person)',
    );
    expect(say('CaseReviewThresholdDecided', { met: true, basis: 'statutory_number' })).toBe(
      'ASB Case Review threshold met (three qualifying complaints)',
    );
    expect(say('CaseReviewThresholdDecided', { met: false, basis: null })).toBe(
      'ASB Case Review threshold not met; the applicant may ask the PFCC’s office to review the decision',
    );
    expect(say('CaseReviewOutcomeSent', { appealBy: '2026-04-20' })).toBe(
      'ASB Case Review outcome sent to the applicant; may ask for a review until 2026-04-20',
    );
    expect(say('CaseReviewClosed', { reason: 'action_plan_agreed' })).toBe(
      'ASB Case Review closed: action plan agreed',
    );
    expect(say('CaseReviewPfccReviewDecided', { decision: 'referred_back' })).toBe(
      'The PFCC’s office referred the ASB Case Review back for a fresh review',
    );
  });

  it('tells a victim they were referred, to which LAG, for what, at which risk, and whether it is a repeat', () => {
    expect(
      say('VictimReferred', {
        category: 'asb',
        protectedCharacteristics: [],
        band: 'high',
        localityId: GRAYS,
        repeat: true,
      }),
    ).toBe('Referred to the Grays LAG for anti-social behaviour; risk high (repeat referral)');
    expect(
      say('VictimReferred', {
        category: 'hate_crime',
        protectedCharacteristics: ['race', 'sexual_orientation'],
        band: 'very_high',
        localityId: GRAYS,
        repeat: false,
      }),
    ).toBe('Referred to the Grays LAG for hate crime (race, sexual orientation); risk very high');
  });

  it('tells the same referral from the perpetrator side, and falls back to "the LAG" for an unknown locality', () => {
    expect(
      say('VictimReferred', { category: 'asb', band: 'medium', localityId: 'unknown' }, { role: 'offender' }),
    ).toBe('Named as a perpetrator in a referral to the LAG for anti-social behaviour; risk medium');
  });

  it('names the owning agency and due date of an agreed action, and says when the action is about this person', () => {
    expect(
      say('ActionAgreed', { kind: 'acceptable_behaviour_contract', owningAgencyId: POLICE, dueDate: '2026-12-01' }),
    ).toBe('Action agreed: acceptable behaviour contract, owned by Essex Police, due 2026-12-01');
    expect(
      say(
        'ActionAgreed',
        { kind: 'community_protection_warning', owningAgencyId: ASB, dueDate: '2026-12-01', aboutThisPerson: true },
        { role: 'offender' },
      ),
    ).toBe(
      'Action agreed about this person: Community Protection Warning, owned by Thurrock Council Community Safety and ASB Team, due 2026-12-01',
    );
  });

  it('says what became of an action', () => {
    expect(say('ActionStatusChanged', { kind: 'target_hardening', from: 'open', to: 'completed' })).toBe(
      'Action completed: target hardening',
    );
    expect(say('ActionStatusChanged', { from: 'open', to: 'cancelled' })).toBe('Action cancelled');
    expect(say('ActionStatusChanged', { kind: 'mediation', from: 'open', to: 'in_progress' })).toBe(
      'Action under way: mediation',
    );
  });

  it('describes the case through acceptance, reviews, closure and reopening', () => {
    expect(say('ReferralAccepted', { nextReviewDate: '2026-12-07' })).toBe(
      'Referral accepted by the LAG chair; first review due 2026-12-07',
    );
    expect(say('ReferralDeclined', { reason: 'criteria_not_met' })).toBe('Referral declined: criteria not met');
    expect(say('RiskReassessed', { band: 'high', previousBand: 'medium' })).toBe('Risk reassessed: medium to high');
    expect(
      say('ReferralReviewed', {
        meetingId: 'm1',
        localityId: GRAYS,
        meetingDate: '2026-11-30',
        band: 'high',
        nextReviewDate: '2026-12-07',
      }),
    ).toBe('Case reviewed at the Grays LAG meeting on 2026-11-30; risk high; next review 2026-12-07');
    expect(say('ReferralReviewed', { meetingId: null, band: 'standard', nextReviewDate: null })).toBe(
      'Case reviewed between meetings; risk standard; no review scheduled',
    );
    expect(
      say('ReferralClosed', { reason: 'risk_reduced', outcomes: ['victim_feels_safer', 'incidents_stopped'] }),
    ).toBe('Case closed: risk reduced; outcome: victim feels safer, incidents stopped');
    expect(say('ReferralReopened', { nextReviewDate: '2027-01-04' })).toBe('Case reopened; next review 2027-01-04');
  });

  it('describes the meeting side of a case', () => {
    expect(say('CaseAddedToAgenda', { localityId: GRAYS, meetingDate: '2026-12-07', item: 'new', band: 'high' })).toBe(
      'On the agenda of the Grays LAG meeting on 2026-12-07 as a new case',
    );
    expect(
      say('CaseDiscussed', {
        localityId: GRAYS,
        meetingDate: '2026-12-07',
        decisions: ['actions_agreed', 'continue_review'],
      }),
    ).toBe('Discussed at the Grays LAG meeting on 2026-12-07: actions agreed, continue review');
    expect(say('ActionsCarriedForward', { localityId: GRAYS, meetingDate: '2026-12-07', count: 1 })).toBe(
      '1 outstanding action carried forward at the Grays LAG meeting on 2026-12-07',
    );
  });

  it('describes the record itself: creation, references, merges and erasure', () => {
    expect(say('PersonRegistered', {}, { role: 'subject', agencyId: POLICE })).toBe('Record created by Essex Police');
    expect(say('PersonRegistered', {}, { role: 'subject', agencyId: POLICE, onMergedRecord: true })).toBe(
      'Duplicate record created by Essex Police',
    );
    expect(say('PersonAgencyReferenceAdded', {}, { role: 'subject', agencyId: POLICE })).toBe(
      'Essex Police recorded its own reference for this person',
    );
    expect(say('PeopleMerged', { direction: 'into' }, { role: 'subject' })).toBe('Record merged into another record');
    expect(say('PeopleMerged', { direction: 'from' }, { role: 'subject' })).toBe(
      'A duplicate record was merged into this one',
    );
    expect(
      say('PersonForgotten', { forgottenOn: '2026-11-23', legalGround: 'uk_gdpr_art17_1_a' }, { role: 'subject' }),
    ).toBe('Record erased on 2026-11-23 (UK GDPR Art 17)');
    expect(
      say(
        'PersonForgotten',
        { forgottenOn: '2026-11-23', legalGround: 'dpa_2018_s47' },
        { role: 'subject', onMergedRecord: true },
      ),
    ).toBe('Duplicate record erased on 2026-11-23 (DPA 2018 s.47)');
  });

  it('still says something for an event type it does not know', () => {
    expect(say('SomethingNew', {})).toBe('Recorded: SomethingNew');
  });

  it('tells a victim of their ASB report, and an alleged perpetrator only its category, agency and ward', () => {
    const report = { category: 'nuisance', wardId: RIVERSIDE, reportedOn: '2026-08-21', protectedCharacteristics: [] };
    expect(say('AsbReportRecorded', report, { agencyId: ASB })).toBe(
      'ASB report (nuisance) received by Thurrock Council Community Safety and ASB Team, ward Grays Riverside, reported on 2026-08-21',
    );
    const hate = { category: 'hate', wardId: RIVERSIDE, protectedCharacteristics: ['race', 'religion_belief'] };
    expect(say('AsbReportRecorded', hate, { agencyId: POLICE })).toBe(
      'Hate incident report (race, religion belief) received by Essex Police, ward Grays Riverside',
    );
    // Even were the characteristics stored on an offender's entry, they are the victim's: never said.
    expect(say('AsbReportRecorded', hate, { agencyId: POLICE, role: 'offender' })).toBe(
      'Named as an alleged perpetrator in a hate incident report received by Essex Police, ward Grays Riverside',
    );
    expect(say('AsbReportRecorded', { category: 'environmental', wardId: RIVERSIDE }, { role: 'offender' })).toBe(
      'Named as an alleged perpetrator in an ASB report (environmental), ward Grays Riverside',
    );
    expect(say('AsbReportRecorded', report, { agencyId: ASB, role: 'subject' })).toBe(
      'Reported ASB (nuisance) for another person received by Thurrock Council Community Safety and ASB Team, ward Grays Riverside, reported on 2026-08-21',
    );
  });

  it('tells of links, withdrawals and the ASB Case Review explanation', () => {
    expect(say('AsbReportLinkedToIncident', {})).toBe(
      'ASB report linked to the same incident as another report: the incident counts once',
    );
    expect(say('AsbReportUnlinkedFromIncident', { reason: 'different_incident' })).toBe(
      "ASB report unlinked from another report's incident (different incident): its own incident again",
    );
    expect(say('AsbReportWithdrawn', { reason: 'recorded_in_error' })).toBe('ASB report withdrawn: recorded in error');
    expect(say('CaseReviewExplanationDue', { arisenOn: '2026-08-21' }, { agencyId: POLICE })).toBe(
      'Second incident reported within six months: Essex Police to explain the ASB Case Review',
    );
    expect(say('CaseReviewExplanationWithdrawn', { reason: 'reports_linked_as_one_incident' })).toBe(
      'ASB Case Review explanation no longer due: reports linked as one incident',
    );
    expect(say('CaseReviewExplained', { how: 'phone', explainedOn: '2026-08-22' }, { agencyId: POLICE })).toBe(
      'ASB Case Review explained by phone by Essex Police on 2026-08-22',
    );
  });
});
