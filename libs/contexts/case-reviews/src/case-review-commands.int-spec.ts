import { CommandBus } from '@nestjs/cqrs';
import type { TestingModule } from '@nestjs/testing';
import { randomUUID } from 'node:crypto';
import { ACCESS_PROJECTIONS, type Actor } from '@hubline/access';
import {
  ASB_REPORTS_MIGRATIONS,
  ASB_REPORTS_PROJECTIONS,
  AsbReportsModule,
  RecordAsbReport,
} from '@hubline/asb-reports';
import { addWorkingDays, londonDay } from '@hubline/calendar';
import { actorOf, seedPartnership, seedPeople, type PartnershipSpec, type SeededPartnership } from '@hubline/demo';
import { EVENT_STORE, WrongExpectedRevisionError, type EventMetadata, type EventStore } from '@hubline/event-store';
import { IDENTITY_PROJECTIONS, IdentityModule } from '@hubline/identity';
import { PARTNERSHIPS_PROJECTIONS, PartnershipsModule } from '@hubline/partnerships';
import { PEOPLE_MIGRATIONS, PEOPLE_PROJECTIONS, PeopleModule } from '@hubline/people';
import { ProjectionsService } from '@hubline/projections';
import {
  SHARING_MIGRATIONS,
  SHARING_PROJECTIONS,
  SHARING_REACTORS,
  SharingModule,
  SharingRecords,
} from '@hubline/sharing';
import { contextModule } from '../../../../test/support/context-module';
import {
  AnswerCaseReviewInformationRequest,
  ApplyForCaseReview,
  CASE_REVIEWS_MIGRATIONS,
  CASE_REVIEWS_PROJECTIONS,
  CaseReviewsModule,
  DecideCaseReviewThreshold,
  RequestCaseReviewInformation,
  TakeReviewStep,
  caseReviewStream,
  type ApplyInput,
} from './index';

/**
 * Commands through the real handlers on the real PostgreSQL event store: what a review's stream
 * holds after each step, that a refusal appends nothing, that a stale If-Match is refused, and
 * that an agency's supply of information reaches the sharing context's disclosures.
 */
const SPEC: PartnershipSpec = {
  name: 'Basildon Community Safety Partnership',
  area: 'Basildon',
  agencies: [
    { key: 'police', name: 'Essex Police', kind: 'police' },
    { key: 'asb', name: 'Basildon Council ASB Team', kind: 'local_authority' },
    { key: 'housing', name: 'Basildon Housing', kind: 'housing_provider' },
    { key: 'pfcc', name: 'Essex PFCC', kind: 'policing_body' },
  ],
  localities: [{ name: 'Pitsea', wards: ['Pitsea North West'] }],
  users: [
    { subject: 'spoc@basildon.test', displayName: 'SPOC', agency: 'asb', roles: ['case_review_coordinator'] },
    { subject: 'pc@basildon.test', displayName: 'PC', agency: 'police', roles: ['practitioner'] },
    { subject: 'pfcc@basildon.test', displayName: 'PFCC', agency: 'pfcc', roles: ['pfcc_reviewer'] },
  ],
};

describe('case review commands on the event store', () => {
  let module: TestingModule;
  let commands: CommandBus;
  let store: EventStore;
  let seeded: SeededPartnership;
  let spoc: Actor, pc: Actor;
  let victimId: string;
  const today = londonDay(new Date());

  beforeAll(async () => {
    module = await contextModule('case_reviews', {
      contexts: [PartnershipsModule, IdentityModule, PeopleModule, SharingModule, AsbReportsModule, CaseReviewsModule],
      migrations: [...PEOPLE_MIGRATIONS, ...SHARING_MIGRATIONS, ...ASB_REPORTS_MIGRATIONS, ...CASE_REVIEWS_MIGRATIONS],
      projections: [
        ...ACCESS_PROJECTIONS,
        ...PARTNERSHIPS_PROJECTIONS,
        ...IDENTITY_PROJECTIONS,
        ...PEOPLE_PROJECTIONS,
        ...SHARING_PROJECTIONS,
        ...ASB_REPORTS_PROJECTIONS,
        ...CASE_REVIEWS_PROJECTIONS,
      ],
      reactors: SHARING_REACTORS,
    });
    commands = module.get(CommandBus);
    store = module.get(EVENT_STORE);
    seeded = await seedPartnership(commands, SPEC);
    [spoc, pc] = SPEC.users.map((u) => actorOf(SPEC, seeded, u.subject));
    await settle();
    [{ personId: victimId }] = await seedPeople(commands, seeded, [pc], 1);
    await settle();
    // One complaint to the police, a week ago: below the default threshold of three.
    await commands.execute(
      new RecordAsbReport(
        pc,
        {
          agencyReference: 'EP/1',
          reporter: { kind: 'person', personId: victimId },
          behaviourOn: shiftDays(today, -7),
          behaviourTo: null,
          reportedOn: shiftDays(today, -7),
          category: 'personal',
          protectedCharacteristics: [],
          ward: seeded.wards['Pitsea North West'],
          alleged: [],
          narrative: 'Shouting at the door late at night.',
          sameIncidentAsReportId: null,
        },
        meta(pc),
      ),
    );
    await settle();
  });
  afterAll(async () => {
    await module?.close();
  });

  const settle = () => module.get(ProjectionsService).waitForCatchUp(10_000);
  const meta = (actor: Actor): EventMetadata => ({
    userId: actor.userId,
    agencyId: actor.agencyId,
    correlationId: randomUUID(),
  });
  const stored = async (reviewId: string) => (await store.readStream(caseReviewStream(reviewId))).map((e) => e.type);
  const application = (over: Partial<ApplyInput> = {}): ApplyInput => ({
    route: 'paper',
    receivedOn: today,
    applicant: { kind: 'victim' },
    victimPersonId: victimId,
    wardId: seeded.wards['Pitsea North West'],
    ...over,
  });

  it('records an application, then information requests to every relevant body, and an answer as a disclosure', async () => {
    const { reviewId, version } = await commands.execute(new ApplyForCaseReview(spoc, application(), meta(spoc)));
    expect(version).toBe(1);
    expect(await stored(reviewId)).toEqual(['CaseReviewApplied', 'CaseInvolvementChanged']);

    const asked = await commands.execute(
      new RequestCaseReviewInformation(spoc, reviewId, { askedOn: today, dueOn: null, agencyId: null }, meta(spoc), 1),
    );
    // The police and the council are relevant bodies by default; housing and the PFCC's office are not.
    expect(asked.requests.map((r) => r.agencyId).sort()).toEqual([seeded.agencies.police, seeded.agencies.asb].sort());
    expect(asked.requests.every((r) => r.dueOn === addWorkingDays(today, 5))).toBe(true);

    const toPolice = asked.requests.find((r) => r.agencyId === seeded.agencies.police)!;
    await commands.execute(
      new AnswerCaseReviewInformationRequest(
        pc,
        reviewId,
        toPolice.requestId,
        { answeredOn: today, supplied: { summary: 'Two calls logged; no action taken.', reportIds: [] } },
        meta(pc),
      ),
    );
    expect((await stored(reviewId)).slice(-1)).toEqual(['CaseReviewInformationSupplied']);
    await settle();
    const disclosures = await module
      .get(SharingRecords)
      .disclosures(seeded.partnershipId, { personId: victimId }, new Date().toISOString());
    expect(disclosures).toEqual([
      expect.objectContaining({
        fromAgencyId: seeded.agencies.police,
        recipientAgencyIds: [seeded.agencies.asb],
        personIds: [victimId],
        purpose: 'asb_case_review',
        case: { type: 'asb_case_review', id: reviewId },
        basis: { kind: 'statutory_duty', duty: 'asbcpa_2014_sch4_para7' },
      }),
    ]);
  });

  it('judges the threshold on the complaints the agencies recorded and keeps the judgement whole', async () => {
    const { reviewId } = await commands.execute(new ApplyForCaseReview(spoc, application(), meta(spoc)));
    const decided = await commands.execute(
      new DecideCaseReviewThreshold(spoc, reviewId, { decidedOn: today, discretionReason: null }, meta(spoc)),
    );
    expect(decided).toMatchObject({ met: false, basis: null, rulesVersion: 1, queryRoute: 'pfcc_review' });
    const [event] = (await store.readStream(caseReviewStream(reviewId))).filter(
      (e) => e.type === 'CaseReviewThresholdDecided',
    );
    expect(event.data).toMatchObject({
      met: false,
      rules: { version: 1, qualifyingComplaints: 3 },
      complaints: [expect.objectContaining({ agencyId: seeded.agencies.police, agencyIsRelevantBody: true })],
      judgement: expect.objectContaining({ qualifyingIncidents: 1, notMetReasons: ['TOO_FEW_QUALIFYING_COMPLAINTS'] }),
    });
  });

  it('appends nothing when a command is refused', async () => {
    const reviewId = randomUUID();
    await expect(
      commands.execute(
        new ApplyForCaseReview(
          spoc,
          application({
            applicant: { kind: 'on_behalf', name: 'Cllr Example', relationship: 'councillor', consentId: null },
          }),
          meta(spoc),
          reviewId,
        ),
      ),
    ).rejects.toMatchObject({ code: 'CASE_REVIEW.CONSENT_REQUIRED' });
    expect(await stored(reviewId)).toEqual([]);

    const applied = await commands.execute(new ApplyForCaseReview(spoc, application(), meta(spoc)));
    await expect(
      commands.execute(
        new TakeReviewStep(spoc, applied.reviewId, { type: 'finalise_plan', finalisedOn: today }, meta(spoc)),
      ),
    ).rejects.toMatchObject({ code: 'CASE_REVIEW.THRESHOLD_NOT_DECIDED' });
    expect(await stored(applied.reviewId)).toEqual(['CaseReviewApplied', 'CaseInvolvementChanged']);
  });

  it('refuses a write on a stale expected revision', async () => {
    const { reviewId } = await commands.execute(new ApplyForCaseReview(spoc, application(), meta(spoc)));
    await commands.execute(
      new TakeReviewStep(
        spoc,
        reviewId,
        { type: 'acknowledge', acknowledgedOn: today, route: 'letter' },
        meta(spoc),
        1,
      ),
    );
    await expect(
      commands.execute(
        new RequestCaseReviewInformation(
          spoc,
          reviewId,
          { askedOn: today, dueOn: null, agencyId: null },
          meta(spoc),
          1,
        ),
      ),
    ).rejects.toBeInstanceOf(WrongExpectedRevisionError);
    expect(await stored(reviewId)).toEqual(['CaseReviewApplied', 'CaseInvolvementChanged', 'CaseReviewAcknowledged']);
  });
});

function shiftDays(day: string, days: number): string {
  const d = new Date(`${day}T12:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}
