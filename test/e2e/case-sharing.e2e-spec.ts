import { addDays, londonDay } from '@hubline/calendar';
import { seedPartnership, THURROCK, type SeededPartnership } from '@hubline/demo';
import { referralStream } from '@hubline/lag';
import { ProjectionsService } from '@hubline/projections';
import { ok, TestHub } from '../support/test-hub';
import { scheduleMeeting } from '../support/lag-meetings';

/**
 * Sharing inside a LAG case records its own disclosures. The police refer a victim; the chair's
 * agency accepts the case, then actions go to housing (a party to the partnership's agreement)
 * and to the fire service (not a party), and the case is discussed at a meeting. Each agency
 * joining the case, and each discussion, is a disclosure from the referring agency, recorded by
 * Hubline with the agreement that covered it at that moment, or flagged for the auditor when none
 * did. Nobody can claim that basis by hand, replaying the log
 * records nothing twice, and a case disclosure gives no access beyond the open case.
 */
describe('sharing inside a LAG case', () => {
  let hub: TestHub;
  let thurrock: SeededPartnership;
  const pc = 'pc.okafor@essex-police.demo';
  const chair = 'lag.chair@thurrock.demo';
  const housing = 'panel.housing@thurrock.demo';
  const fire = 'station.officer@essex-fire.demo';
  const admin = 'admin@thurrock.demo';
  const auditor = 'auditor@thurrock.demo';

  const today = londonDay(new Date());
  const nextWeek = addDays(today, 7);

  let victimId: string;
  let perpetratorId: string;
  let referralId: string;
  let agreementId: string;

  const agencies = () => thurrock.agencies;
  const caseDisclosures = async () =>
    (await hub.db.query(
      `SELECT data, metadata FROM event_store.events WHERE type = 'InformationDisclosed' AND data->'basis'->>'kind' = 'case_involvement' ORDER BY tx_id, seq`,
    )) as Array<{
      data: Record<string, any>;
      metadata: Record<string, any>;
    }>;
  const trail = async (personId: string) =>
    (await ok(hub.as(auditor, { url: `/audit/people/${personId}/trail` }))).entries.filter(
      (e: { entry: string }) => e.entry === 'disclosure',
    );
  const agreeAction = (owningAgencyId: string, kind: string) =>
    ok(
      hub.as(chair, {
        method: 'POST',
        url: `/lag/referrals/${referralId}/actions`,
        body: { owningAgencyId, kind, description: 'Visit the victim and agree next steps', dueDate: nextWeek },
      }),
      201,
    );

  beforeAll(async () => {
    hub = await TestHub.start();
    thurrock = await seedPartnership(hub.commands, THURROCK);
    await hub.settle();
    const a = agencies();
    agreementId = (
      await ok(
        hub.as(admin, {
          method: 'POST',
          url: '/sharing/agreements',
          body: {
            title: 'Thurrock LAG information sharing agreement',
            parties: [a.police, a.asb, a.housing],
            purposes: ['lag_case_coordination'],
            dataCategories: [
              'identity',
              'incident_details',
              'risk_assessment',
              'case_actions',
              'vulnerabilities',
              'criminal_offence',
            ],
            lawfulBases: ['cda_1998_s115', 'uk_gdpr_6_1_e'],
            schedule1Conditions: ['dpa_sch1_p10_preventing_unlawful_acts'],
            startDate: addDays(today, -30),
          },
        }),
        201,
      )
    ).agreementId;
    victimId = (
      await ok(
        hub.as(pc, {
          method: 'POST',
          url: '/people',
          body: { givenName: 'Maureen', familyName: 'Adeyemi', dateOfBirth: '1948-05-12' },
        }),
        201,
      )
    ).personId;
    perpetratorId = (
      await ok(
        hub.as(pc, {
          method: 'POST',
          url: '/people',
          body: { givenName: 'Kyle', familyName: 'Denton', dateOfBirth: '1999-10-03' },
        }),
        201,
      )
    ).personId;
    await hub.settle();
    const matrix = (await ok(hub.as(pc, { url: '/lag/settings' }))).riskMatrix as {
      questions: Array<{ id: string; answers: Array<{ id: string }> }>;
    };
    referralId = (
      await ok(
        hub.as(pc, {
          method: 'POST',
          url: '/lag/referrals',
          body: {
            localityId: thurrock.localities.Grays,
            category: 'asb',
            victimIds: [victimId],
            perpetratorIds: [perpetratorId],
            incidentSummary: 'Stones thrown at the front window by the neighbour',
            vulnerabilities: ['older_person'],
            riskAnswers: Object.fromEntries(matrix.questions.map((q) => [q.id, q.answers[0].id])),
            multiAgencyReason: 'Police warnings alone have not stopped it',
          },
        }),
        201,
      )
    ).referralId;
    await hub.settle();
  });
  afterAll(() => hub?.close());

  it('records nothing while only the referring agency holds the case', async () => {
    expect(await caseDisclosures()).toEqual([]);
  });

  it('records the chair agency joining the case as a disclosure from the police, under the agreement in force', async () => {
    await ok(hub.as(chair, { method: 'POST', url: `/lag/referrals/${referralId}/accept` }));
    await hub.settle();
    const [accepted] = await caseDisclosures();
    const [involvement]: Array<{ event_id: string }> = await hub.db.query(
      `SELECT event_id FROM event_store.events WHERE stream_id = $1 AND type = 'CaseInvolvementChanged' ORDER BY revision DESC LIMIT 1`,
      [referralStream(referralId)],
    );
    expect(accepted.data).toEqual({
      disclosureId: expect.any(String),
      partnershipId: thurrock.partnershipId,
      fromAgencyId: agencies().police,
      recipientAgencyIds: [agencies().asb],
      personIds: [victimId, perpetratorId],
      dataCategories: [
        'identity',
        'incident_details',
        'risk_assessment',
        'case_actions',
        'vulnerabilities',
        'criminal_offence',
      ],
      purpose: 'lag_case_coordination',
      case: { type: 'lag_referral', id: referralId },
      byUserId: thurrock.users[chair],
      disclosedAt: expect.any(String),
      basis: {
        kind: 'case_involvement',
        occasion: 'joined_case',
        meetingId: null,
        agreementId,
        gateway: 'cda_1998_s115',
      },
      flags: [],
    });
    // Who acted, and which event caused it: the audit trail can follow it back.
    expect(accepted.metadata).toMatchObject({
      userId: thurrock.users[chair],
      agencyId: agencies().asb,
      recordedBy: 'hubline',
    });
    expect(accepted.metadata.causationId).toBe(involvement.event_id);

    const [entry] = await trail(victimId);
    expect(entry).toMatchObject({
      fromAgency: { agencyId: agencies().police, name: 'Essex Police' },
      recipients: [{ agencyId: agencies().asb }],
      case: { type: 'lag_referral', id: referralId },
      by: { userId: thurrock.users[chair] },
      basis: { kind: 'case_involvement', agreementId, gateway: 'cda_1998_s115' },
      validAtDisclosure: true,
      standsNow: true,
    });
  });

  it('records an agency given an action once, however many actions it is given', async () => {
    await agreeAction(agencies().housing, 'support_referral');
    await agreeAction(agencies().housing, 'target_hardening');
    await agreeAction(agencies().asb, 'warning_letter');
    await hub.settle();
    const all = await caseDisclosures();
    expect(all.map((d) => d.data.recipientAgencyIds)).toEqual([[agencies().asb], [agencies().housing]]);
    expect(all[1].data).toMatchObject({
      fromAgencyId: agencies().police,
      byUserId: thurrock.users[chair],
      basis: { kind: 'case_involvement', agreementId },
      flags: [],
    });
  });

  it("records sharing no agreement covers, flags it, and lists it among the auditor's exceptions with the reason", async () => {
    await agreeAction(agencies().fire, 'target_hardening');
    await hub.settle();
    const toFire = (await caseDisclosures()).find((d) => d.data.recipientAgencyIds.includes(agencies().fire))!;
    expect(toFire.data).toMatchObject({
      recipientAgencyIds: [agencies().fire],
      basis: {
        kind: 'case_involvement',
        agreementId: null,
        gateway: null,
        notCoveredBecause: 'SHARING.RECIPIENT_NOT_COVERED',
      },
      flags: ['no_agreement'],
    });

    const report = await ok(hub.as(auditor, { url: '/audit/exceptions' }));
    expect(report.caseSharingWithoutAgreement).toEqual([
      expect.objectContaining({
        disclosureId: toFire.data.disclosureId,
        recipients: [{ agencyId: agencies().fire, name: 'Essex County Fire and Rescue Service' }],
        validAtDisclosure: false,
        invalidAtDisclosureBecause: 'SHARING.RECIPIENT_NOT_COVERED',
        standsNow: false,
      }),
    ]);
    const csv = await hub.as(auditor, { url: '/audit/exceptions?format=csv' });
    const line = csv.body.split('\r\n').find((l) => l.startsWith('case_sharing_without_agreement,'));
    expect(line).toContain(toFire.data.disclosureId);
    expect(line).toContain('SHARING.RECIPIENT_NOT_COVERED');

    // The agency's own report shows what it received, and on what footing.
    const fireReport = await ok(hub.as(auditor, { url: `/audit/agencies/${agencies().fire}/sharing` }));
    expect(fireReport).toMatchObject({
      receivedCount: 1,
      disclosedCount: 0,
      entries: [{ direction: 'received', disclosureId: toFire.data.disclosureId }],
    });
  });

  it('records a case discussed at a LAG meeting as a disclosure to the agencies present, naming the meeting', async () => {
    const a = agencies();
    const meetingId = await scheduleMeeting(hub, chair, thurrock.localities.Grays, 14);
    await ok(
      hub.as(chair, { method: 'POST', url: `/lag/meetings/${meetingId}/agenda`, body: { referralId, item: 'new' } }),
      201,
    );
    await ok(
      hub.as(chair, {
        method: 'POST',
        url: `/lag/meetings/${meetingId}/attendance`,
        body: {
          entries: [
            { agencyId: a.police, userId: thurrock.users[pc], attendance: 'present' },
            { agencyId: a.asb, userId: thurrock.users[chair], attendance: 'present' },
            { agencyId: a.housing, userId: thurrock.users[housing], attendance: 'present' },
            { agencyId: a.yos, attendance: 'present' },
            { agencyId: a.fire, attendance: 'apologies' },
          ],
        },
      }),
    );
    // Planned for a fortnight's time and brought forward to today: a meeting runs on its day.
    await ok(
      hub.as(chair, {
        method: 'POST',
        url: `/lag/meetings/${meetingId}/reschedule`,
        body: { startsAt: `${today}T12:00:00Z`, reason: 'brought_forward' },
      }),
    );
    await ok(hub.as(chair, { method: 'POST', url: `/lag/meetings/${meetingId}/confidentiality` }));
    await ok(
      hub.as(chair, {
        method: 'POST',
        url: `/lag/meetings/${meetingId}/cases/${referralId}`,
        // The youth offending service is not a party: the chair is warned, and shares on a stated basis.
        body: {
          notes: 'Police shared the incident log.',
          decisions: ['information_shared'],
          notCoveredAgencies: 'share',
          sharingJustification: 'Crime and Disorder Act 1998 s.115: the youth offending service works with the family',
        },
      }),
      201,
    );
    await hub.settle();

    const discussed = (await caseDisclosures()).filter((d) => d.data.basis.occasion === 'discussed_at_meeting');
    expect(discussed).toHaveLength(1);
    // The fire service sent apologies and the police brought the case: neither is a recipient.
    expect([...discussed[0].data.recipientAgencyIds].sort()).toEqual([a.asb, a.housing, a.yos].sort());
    expect(discussed[0].data).toMatchObject({
      fromAgencyId: a.police,
      byUserId: thurrock.users[chair],
      case: { type: 'lag_referral', id: referralId },
      // The youth offending service has not signed the agreement.
      basis: {
        kind: 'case_involvement',
        occasion: 'discussed_at_meeting',
        meetingId,
        agreementId: null,
        notCoveredBecause: 'SHARING.RECIPIENT_NOT_COVERED',
      },
      flags: ['no_agreement'],
    });
    const [entry] = (await trail(victimId)).filter(
      (e: { basis: { occasion?: string } }) => e.basis.occasion === 'discussed_at_meeting',
    );
    expect(entry).toMatchObject({
      disclosureId: discussed[0].data.disclosureId,
      basis: { meetingId },
      validAtDisclosure: false,
      invalidAtDisclosureBecause: 'SHARING.RECIPIENT_NOT_COVERED',
    });
    await ok(hub.as(chair, { method: 'POST', url: `/lag/meetings/${meetingId}/close` }));
  });

  it('lets no user claim the case basis by hand', async () => {
    const res = await hub.as(pc, {
      method: 'POST',
      url: '/sharing/disclosures',
      body: {
        recipientAgencyIds: [agencies().fire],
        personIds: [victimId],
        dataCategories: ['identity'],
        purpose: 'lag_case_coordination',
        basis: { kind: 'case_involvement' },
      },
    });
    expect(res.statusCode).toBe(400);
    expect(await caseDisclosures()).toHaveLength(4);
  });

  it('records nothing twice when the sharing read model is rebuilt from the start of the log', async () => {
    const before = await hub.db.query(
      `SELECT count(*)::int AS n FROM event_store.events WHERE type = 'InformationDisclosed'`,
    );
    const rows = () =>
      hub.db.query(
        `SELECT disclosure_id, recipient_agency_ids, basis_kind, agreement_id, not_covered_because, flags FROM sharing.disclosures ORDER BY disclosure_id`,
      );
    const projected = await rows();
    const runner = hub.app.get(ProjectionsService).runner('sharing.read-model')!;
    await runner.rebuild();
    await runner.waitFor((await hub.store.headPosition())!);
    expect(
      await hub.db.query(`SELECT count(*)::int AS n FROM event_store.events WHERE type = 'InformationDisclosed'`),
    ).toEqual(before);
    expect(await rows()).toEqual(projected);
    expect(projected).toHaveLength(4);
  });

  it('runs the recording as a reactor of its own, which appends nothing new when it replays the log from the start', async () => {
    const projections = hub.app.get(ProjectionsService);
    expect(projections.statuses().find((s) => s.name === 'sharing.case-sharing')).toMatchObject({ kind: 'reactor' });
    expect(projections.statuses().find((s) => s.name === 'sharing.read-model')).toMatchObject({ kind: 'projection' });
    const events = () =>
      hub.db.query(
        `SELECT event_id, stream_id, revision FROM event_store.events WHERE type = 'InformationDisclosed' ORDER BY event_id`,
      );
    const caseState = () =>
      hub.db.query('SELECT case_id, person_ids, informed_agency_ids FROM sharing.case_shares ORDER BY case_id');
    const [appended, state] = [await events(), await caseState()];
    expect(appended.length).toBeGreaterThanOrEqual(4);

    const reactor = projections.runner('sharing.case-sharing')!;
    await reactor.rebuild();
    await reactor.waitFor((await hub.store.headPosition())!);
    expect(await events()).toEqual(appended);
    expect(await caseState()).toEqual(state);
    expect(await caseDisclosures()).toHaveLength(4);
  });

  it('gives the recipients no access beyond the open case', async () => {
    const fireView = () => hub.as(fire, { url: `/people/${victimId}?purpose=case_management` });
    // Involved through its action while the case is open: the victim is shown.
    expect(JSON.stringify(await ok(fireView()))).toContain('Adeyemi');
    await ok(
      hub.as(chair, {
        method: 'POST',
        url: `/lag/referrals/${referralId}/close`,
        body: {
          outcomes: ['victim_feels_safer'],
          reason: 'risk_reduced',
          outcomeNarrative: 'She feels safe at home again',
          cancelOutstandingActions: true,
        },
      }),
    );
    await hub.settle();
    expect(await ok(fireView())).toEqual({ personId: victimId, locked: true, agencies: expect.any(Array) });
    // Closing the case shares nothing new.
    expect(await caseDisclosures()).toHaveLength(4);
    expect((await ok(hub.as(housing, { url: '/lag/actions' }))).length).toBe(0);
  });
});
