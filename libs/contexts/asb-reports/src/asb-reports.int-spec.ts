import { CommandBus } from '@nestjs/cqrs';
import type { TestingModule } from '@nestjs/testing';
import { randomUUID } from 'node:crypto';
import { ACCESS_PROJECTIONS, type Actor } from '@hubline/access';
import { EVENT_STORE, WrongExpectedRevisionError, type EventStore } from '@hubline/event-store';
import { ChangePartnership, PARTNERSHIPS_PROJECTIONS, PartnershipsModule } from '@hubline/partnerships';
import { PEOPLE_MIGRATIONS, PEOPLE_PROJECTIONS, PeopleModule, RegisterPerson } from '@hubline/people';
import { PersonalDataVault } from '@hubline/privacy';
import { ProjectionsService } from '@hubline/projections';
import { AsbError, reportStream, victimStream } from './domain';
import {
  ASB_REPORTS_MIGRATIONS,
  ASB_REPORTS_PROJECTIONS,
  ASB_REPORTS_REACTORS,
  AsbReportRecords,
  AsbReportRecordsModule,
  AsbReportsModule,
  ExplainCaseReview,
  LinkAsbReport,
  RecordAsbReport,
  UnlinkAsbReport,
  WithdrawAsbReport,
  type RecordAsbReportInput,
} from './index';
import { contextModule } from '../../../../test/support/context-module';

/**
 * ASB report commands through the real handlers, deciders, PostgreSQL event store, projection and
 * duty reactor, with the partnership and people read models they check against, as the hub wires
 * them; the facade the ASB Case Review counts complaints through.
 */
describe('ASB reports', () => {
  let moduleRef: TestingModule;
  let commands: CommandBus;
  let store: EventStore;
  let records: AsbReportRecords;
  const partnershipId = randomUUID();
  const [police, council] = [randomUUID(), randomUUID()];
  const [localityId, ward, otherWard] = [randomUUID(), randomUUID(), randomUUID()];
  const actor = (agencyId: string): Actor => ({
    userId: randomUUID(),
    subject: `${randomUUID()}@thurrock.test`,
    displayName: 'Officer',
    partnershipId,
    agencyId,
    roles: ['practitioner'],
  });
  const [pc, asbOfficer] = [actor(police), actor(council)];
  const meta = (a: Actor) => ({ userId: a.userId, agencyId: a.agencyId, correlationId: randomUUID() });
  const settle = () => moduleRef.get(ProjectionsService).waitForCatchUp(10_000);

  beforeAll(async () => {
    moduleRef = await contextModule('asb_reports', {
      contexts: [PartnershipsModule, PeopleModule, AsbReportsModule, AsbReportRecordsModule],
      migrations: [...PEOPLE_MIGRATIONS, ...ASB_REPORTS_MIGRATIONS],
      projections: [
        ...ACCESS_PROJECTIONS,
        ...PARTNERSHIPS_PROJECTIONS,
        ...PEOPLE_PROJECTIONS,
        ...ASB_REPORTS_PROJECTIONS,
      ],
      reactors: ASB_REPORTS_REACTORS,
    });
    commands = moduleRef.get(CommandBus);
    store = moduleRef.get(EVENT_STORE);
    records = moduleRef.get(AsbReportRecords);
    const now = new Date().toISOString();
    const system = { userId: 'system', agencyId: 'system' };
    const change = (command: ConstructorParameters<typeof ChangePartnership>[1]) =>
      commands.execute(new ChangePartnership(partnershipId, command, system));
    await change({ type: 'RegisterPartnership', partnershipId, name: 'Thurrock CSP', area: 'Thurrock', now });
    await change({ type: 'AddAgency', agencyId: police, name: 'Essex Police', kind: 'police', now });
    await change({ type: 'AddAgency', agencyId: council, name: 'Thurrock Council', kind: 'local_authority', now });
    await change({ type: 'AddLocality', localityId, name: 'Grays' });
    await change({ type: 'AddWard', wardId: ward, localityId, name: 'Grays Riverside' });
    await change({ type: 'AddWard', wardId: otherWard, localityId, name: 'Little Thurrock' });
  });
  afterAll(async () => {
    await moduleRef?.close();
  });

  async function person(by: Actor = pc): Promise<string> {
    const details = {
      givenName: 'Dana',
      familyName: `Okafor-${randomUUID().slice(0, 8)}`,
      aliases: [],
      vulnerabilities: [],
      protectedCharacteristics: [],
    };
    const { personId } = await commands.execute(
      new RegisterPerson(by, details, { confirmNewPerson: true }, meta(by), new Date().toISOString()),
    );
    return personId;
  }
  const input = (victim: string, over: Partial<RecordAsbReportInput> = {}): RecordAsbReportInput => ({
    agencyReference: `REF-${randomUUID().slice(0, 6)}`,
    reporter: { kind: 'person', personId: victim },
    behaviourOn: '2026-03-01',
    behaviourTo: null,
    reportedOn: '2026-03-01',
    category: 'nuisance',
    protectedCharacteristics: [],
    ward,
    alleged: [],
    narrative: 'Music played loud until 3am most nights; the stairwell door kicked in.',
    sameIncidentAsReportId: null,
    ...over,
  });
  const record = (by: Actor, victim: string, over: Partial<RecordAsbReportInput> = {}) =>
    commands.execute(new RecordAsbReport(by, input(victim, over), meta(by)));
  const dutiesOf = async (victim: string) =>
    (await store.readStream(victimStream(victim))).filter((e) => e.type === 'CaseReviewExplanationDue');

  it('records a report with its narrative sealed with the victim’s key, and offers it through the facade', async () => {
    const victim = await person();
    const alleged = await person();
    const m = meta(asbOfficer);
    const { reportId, incidentId, version } = await commands.execute(
      new RecordAsbReport(
        asbOfficer,
        input(victim, { alleged: [alleged], behaviourTo: '2026-03-02', reportedOn: '2026-03-03' }),
        m,
      ),
    );
    expect({ incidentId, version }).toEqual({ incidentId: reportId, version: 0 });
    const [recorded] = await store.readStream(reportStream(reportId));
    expect(recorded).toMatchObject({
      type: 'AsbReportRecorded',
      data: {
        reportId,
        partnershipId,
        incidentId: reportId,
        agencyId: council,
        reporter: { kind: 'person', personId: victim },
        victimPersonId: victim,
        behaviourOn: '2026-03-01',
        behaviourTo: '2026-03-02',
        reportedOn: '2026-03-03',
        category: 'nuisance',
        ward,
        alleged: [alleged],
        sealedWith: victim,
        recordedByUserId: asbOfficer.userId,
      },
      metadata: m,
    });
    // The narrative is stored sealed, and opens with the victim's key.
    const narrative = (recorded.data as { narrative: unknown }).narrative;
    expect(JSON.stringify(narrative)).not.toContain('stairwell');
    expect(await moduleRef.get(PersonalDataVault).open(victim, narrative as never)).toContain('stairwell');

    await settle();
    const complaint = await records.complaint(partnershipId, reportId);
    expect(complaint).toEqual({
      reportId,
      incidentId: reportId,
      partnershipId,
      agencyId: council,
      agencyReference: expect.any(String),
      victimPersonId: victim,
      reporter: { kind: 'person', personId: victim },
      behaviourOn: '2026-03-01',
      reportedOn: '2026-03-03',
      category: 'nuisance',
      protectedCharacteristics: [],
      ward,
      alleged: [alleged],
    });
    expect(JSON.stringify(complaint)).not.toContain('narrative');
    expect(await records.complaintsOf(partnershipId, victim)).toEqual([complaint]);
    expect(await records.complaintsOf(partnershipId, alleged)).toEqual([]);
    expect(await records.complaintsInWard(partnershipId, ward, '2026-03-03', '2026-03-03')).toContainEqual(complaint);
    expect(await records.complaintsInWard(partnershipId, otherWard, '2026-01-01', '2026-12-31')).not.toContainEqual(
      complaint,
    );
    expect(await records.complaint(randomUUID(), reportId)).toBeNull();
  });

  it('refuses a hate report without its characteristics, a ward of no partnership and an unknown person, appending nothing', async () => {
    const victim = await person();
    const reportId = randomUUID();
    await expect(
      commands.execute(
        new RecordAsbReport(asbOfficer, input(victim, { category: 'hate' }), meta(asbOfficer), reportId),
      ),
    ).rejects.toMatchObject({ code: 'ASB_REPORT.CHARACTERISTIC_REQUIRED' });
    await expect(
      commands.execute(
        new RecordAsbReport(asbOfficer, input(victim, { ward: randomUUID() }), meta(asbOfficer), reportId),
      ),
    ).rejects.toMatchObject({ code: 'ASB.UNKNOWN_WARD' });
    await expect(
      commands.execute(
        new RecordAsbReport(asbOfficer, input(victim, { alleged: [randomUUID()] }), meta(asbOfficer), reportId),
      ),
    ).rejects.toMatchObject({ code: 'ASB.UNKNOWN_PERSON' });
    expect(await store.readStream(reportStream(reportId))).toEqual([]);

    const hate = await record(asbOfficer, victim, {
      category: 'hate',
      protectedCharacteristics: ['race', 'religion_belief'],
    });
    await settle();
    expect((await records.complaint(partnershipId, hate.reportId))?.protectedCharacteristics).toEqual([
      'race',
      'religion_belief',
    ]);
  });

  it('refuses a link on a stale expected revision, and another agency’s link, changing nothing', async () => {
    const victim = await person();
    const a = await record(asbOfficer, victim);
    const b = await record(pc, victim, { reportedOn: '2026-03-02' });
    await expect(commands.execute(new LinkAsbReport(pc, b.reportId, a.reportId, meta(pc), 3))).rejects.toBeInstanceOf(
      WrongExpectedRevisionError,
    );
    await expect(
      commands.execute(new LinkAsbReport(asbOfficer, b.reportId, a.reportId, meta(asbOfficer))),
    ).rejects.toMatchObject({ code: 'ASB_REPORT.NOT_YOUR_AGENCY' });
    expect((await store.readStream(reportStream(b.reportId))).map((e) => e.type)).toEqual(['AsbReportRecorded']);

    const linked = await commands.execute(new LinkAsbReport(pc, b.reportId, a.reportId, meta(pc), 0));
    expect(linked).toEqual({ reportId: b.reportId, incidentId: a.reportId, version: 1 });
    await settle();
    expect((await records.complaintsOf(partnershipId, victim)).map((c) => c.incidentId)).toEqual([
      a.reportId,
      a.reportId,
    ]);
    // The report others joined is not moved into a third incident.
    const c = await record(pc, victim, { reportedOn: '2026-03-04' });
    await expect(
      commands.execute(new LinkAsbReport(asbOfficer, a.reportId, c.reportId, meta(asbOfficer))),
    ).rejects.toMatchObject({ code: 'ASB_REPORT.HAS_LINKED_REPORTS' });
  });

  it('owes the Case Review explanation at a second distinct incident, across agencies, a duplicate counting once', async () => {
    const victim = await person();
    // Council's report, and the police's report of the same incident linked on record: one incident.
    const first = await record(asbOfficer, victim, { reportedOn: '2026-03-01' });
    const duplicate = await record(pc, victim, { reportedOn: '2026-03-02', sameIncidentAsReportId: first.reportId });
    expect(duplicate.incidentId).toBe(first.reportId);
    await settle();
    expect(await dutiesOf(victim)).toEqual([]);

    // A second incident, months later, reported to the police: the police owe the explanation.
    const second = await record(pc, victim, { behaviourOn: '2026-08-20', reportedOn: '2026-08-21' });
    await settle();
    const [due, ...more] = await dutiesOf(victim);
    expect(more).toEqual([]);
    expect(due.data).toMatchObject({
      partnershipId,
      victimPersonId: victim,
      agencyId: police,
      reportId: second.reportId,
      otherReportIds: [first.reportId, duplicate.reportId].sort(),
      arisenOn: '2026-08-21',
    });
    expect(due.metadata).toMatchObject({ recordedBy: 'hubline', userId: pc.userId });

    // A third incident within six months of it raises no second duty.
    await record(asbOfficer, victim, { behaviourOn: '2026-09-01', reportedOn: '2026-09-01' });
    await settle();
    expect(await dutiesOf(victim)).toHaveLength(1);

    // Explained by the police: not by the council, and not on a stale version.
    const dutyId = String(due.data.dutyId);
    const how = { how: 'phone' as const, explainedOn: '2026-08-22' };
    await expect(
      commands.execute(new ExplainCaseReview(asbOfficer, dutyId, how, meta(asbOfficer))),
    ).rejects.toMatchObject({ code: 'CASE_REVIEW_EXPLANATION.NOT_YOUR_AGENCY' });
    await expect(commands.execute(new ExplainCaseReview(pc, dutyId, how, meta(pc), 7))).rejects.toBeInstanceOf(
      WrongExpectedRevisionError,
    );
    const explained = await commands.execute(new ExplainCaseReview(pc, dutyId, how, meta(pc), due.revision));
    expect(explained).toEqual({ dutyId, version: due.revision + 1 });
    const last = (await store.readStream(victimStream(victim))).at(-1)!;
    expect(last).toMatchObject({
      type: 'CaseReviewExplained',
      data: { dutyId, agencyId: police, how: 'phone', explainedOn: '2026-08-22', explainedByUserId: pc.userId },
    });
    await expect(commands.execute(new ExplainCaseReview(pc, dutyId, how, meta(pc)))).rejects.toMatchObject({
      code: 'CASE_REVIEW_EXPLANATION.ALREADY_EXPLAINED',
    });
  });

  it('counts six calendar months to the day: 31 January and 31 July, but not 30 January', async () => {
    const [edge, past] = [await person(), await person()];
    await record(asbOfficer, edge, { behaviourOn: '2026-01-31', reportedOn: '2026-01-31' });
    await record(pc, edge, { behaviourOn: '2026-07-31', reportedOn: '2026-07-31' });
    await record(asbOfficer, past, { behaviourOn: '2026-01-30', reportedOn: '2026-01-30' });
    await record(pc, past, { behaviourOn: '2026-07-31', reportedOn: '2026-07-31' });
    await settle();
    expect(await dutiesOf(edge)).toHaveLength(1);
    expect(await dutiesOf(past)).toEqual([]);
  });

  it('decides the duty once when two agencies record at the same moment', async () => {
    const victim = await person();
    await Promise.all([
      record(asbOfficer, victim, { reportedOn: '2026-04-01' }),
      record(pc, victim, { behaviourOn: '2026-04-02', reportedOn: '2026-04-02' }),
      record(asbOfficer, victim, { behaviourOn: '2026-04-03', reportedOn: '2026-04-03' }),
    ]);
    await settle();
    expect(await dutiesOf(victim)).toHaveLength(1);
  });

  it('withdraws a duty still owed, with the reason, when its reports are linked as one incident; an unlink raises it again', async () => {
    const victim = await person();
    const a = await record(asbOfficer, victim, { reportedOn: '2026-05-01' });
    const b = await record(pc, victim, { behaviourOn: '2026-05-02', reportedOn: '2026-05-02' });
    await settle();
    const [due] = await dutiesOf(victim);
    expect(due.data).toMatchObject({ reportId: b.reportId, agencyId: police });

    await commands.execute(new LinkAsbReport(pc, b.reportId, a.reportId, meta(pc)));
    await settle();
    const withdrawn = (await store.readStream(victimStream(victim))).filter(
      (e) => e.type === 'CaseReviewExplanationWithdrawn',
    );
    expect(withdrawn.map((e) => e.data)).toEqual([
      expect.objectContaining({
        dutyId: due.data.dutyId,
        agencyId: police,
        reason: 'reports_linked_as_one_incident',
        becauseOfReportId: b.reportId,
      }),
    ]);
    expect(new Set((await records.complaintsOf(partnershipId, victim)).map((c) => c.incidentId)).size).toBe(1);
    await expect(
      commands.execute(
        new ExplainCaseReview(pc, String(due.data.dutyId), { how: 'letter', explainedOn: '2026-05-03' }, meta(pc)),
      ),
    ).rejects.toMatchObject({ code: 'CASE_REVIEW_EXPLANATION.WITHDRAWN' });

    const unlinked = await commands.execute(new UnlinkAsbReport(pc, b.reportId, 'different_incident', meta(pc), 1));
    expect(unlinked).toEqual({ reportId: b.reportId, incidentId: b.reportId, version: 2 });
    expect((await store.readStream(reportStream(b.reportId))).at(-1)).toMatchObject({
      type: 'AsbReportUnlinkedFromIncident',
      data: { previousIncidentId: a.reportId, incidentId: b.reportId, reason: 'different_incident' },
    });
    await settle();
    expect(await dutiesOf(victim)).toHaveLength(2);

    // Withdrawing a report recorded in error: it stays on record, drops out of the counts, and the new duty with it.
    await commands.execute(new WithdrawAsbReport(asbOfficer, a.reportId, 'recorded_in_error', meta(asbOfficer)));
    await settle();
    expect((await store.readStream(reportStream(a.reportId))).map((e) => e.type)).toEqual([
      'AsbReportRecorded',
      'AsbReportWithdrawn',
    ]);
    expect((await records.complaintsOf(partnershipId, victim)).map((c) => c.reportId)).toEqual([b.reportId]);
    expect(await records.complaint(partnershipId, a.reportId)).toBeNull();
    expect(
      (await store.readStream(victimStream(victim))).filter((e) => e.type === 'CaseReviewExplanationWithdrawn').at(-1)
        ?.data,
    ).toMatchObject({ reason: 'report_withdrawn', becauseOfReportId: a.reportId });
    await expect(
      commands.execute(new WithdrawAsbReport(asbOfficer, a.reportId, 'recorded_in_error', meta(asbOfficer))),
    ).rejects.toBeInstanceOf(AsbError);
  });

  it('records a business report with no victim person, its narrative under a key of its own', async () => {
    const { reportId } = await commands.execute(
      new RecordAsbReport(
        asbOfficer,
        input('', { reporter: { kind: 'business', name: 'Riverside Stores' }, victimPersonId: null }),
        meta(asbOfficer),
      ),
    );
    const [recorded] = await store.readStream(reportStream(reportId));
    expect(recorded.data).toMatchObject({ victimPersonId: null, sealedWith: reportId, reporter: { kind: 'business' } });
    expect(
      await moduleRef.get(PersonalDataVault).open(reportId, (recorded.data as { narrative: never }).narrative),
    ).toContain('stairwell');
  });
});
