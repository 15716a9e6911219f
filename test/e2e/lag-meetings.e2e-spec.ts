import { addDays, londonDay } from '@hubline/calendar';
import { seedPartnership, THURROCK, type SeededPartnership } from '@hubline/demo';
import type { RiskMatrix } from '@hubline/lag';
import { SESSION_COOKIE, WebSessions } from '@hubline/web';
import { ok, TestHub } from '../support/test-hub';
import { scheduleMeeting } from '../support/lag-meetings';

/**
 * A LAG meeting's documents and the rules around a case's life (decisions 0028, 0029): the pack
 * for every agency of the meeting, the minutes issued by the chair, both as JSON and PDF; one open
 * case per victim, under concurrency too; and one access rule when a case closes.
 */
describe('LAG meeting documents, one open case per victim, access at closure', () => {
  let hub: TestHub;
  let thurrock: SeededPartnership;
  const pc = 'pc.okafor@essex-police.demo';
  const chair = 'lag.chair@thurrock.demo';
  const fire = 'station.officer@essex-fire.demo';
  const housing = 'panel.housing@thurrock.demo';
  const cvs = 'support@thurrock-cvs.demo';
  const today = londonDay(new Date());

  const INCIDENT = 'Fireworks pushed through the letterbox twice this month by the youths from the flats';
  const REASON = 'Police and council acting alone have not stopped it; the victim sleeps downstairs';
  let matrix: RiskMatrix;

  beforeAll(async () => {
    hub = await TestHub.start();
    thurrock = await seedPartnership(hub.commands, THURROCK);
    await hub.settle();
    matrix = (await ok(hub.as(pc, { url: '/lag/settings' }))).riskMatrix;
  });
  afterAll(() => hub?.close());

  // ---- helpers ----
  const HIGH = () => ({
    ...Object.fromEntries(matrix.questions.map((q) => [q.id, q.answers[0].id])),
    repeat_victimisation: 'several',
    incidents_12_months: 'six_or_more',
    mental_health: 'significant',
    vulnerability: 'yes',
    fear_at_home: 'often',
    hate_motivated: 'yes',
    support_network: 'limited',
    perpetrator_proximity: 'neighbour',
    escalation: 'escalating',
  });
  const person = async (givenName: string, familyName: string): Promise<string> =>
    (
      await ok(
        hub.as(pc, { method: 'POST', url: '/people', body: { givenName, familyName, dateOfBirth: '1948-06-11' } }),
        201,
      )
    ).personId;
  const refer = async (victimId: string): Promise<string> =>
    (
      await ok(
        hub.as(pc, {
          method: 'POST',
          url: '/lag/referrals',
          body: {
            localityId: thurrock.localities.Grays,
            category: 'asb',
            victimIds: [victimId],
            perpetratorIds: [],
            incidentSummary: INCIDENT,
            vulnerabilities: ['older_person'],
            riskAnswers: HIGH(),
            multiAgencyReason: REASON,
          },
        }),
        201,
      )
    ).referralId;
  /** The chair opens the referral to decide on it (their agency joins it). */
  const open = async (referralId: string) => {
    await hub.settle();
    await ok(hub.as(chair, { url: `/lag/referrals/${referralId}?purpose=case_management` }));
  };
  const accept = (referralId: string) => hub.as(chair, { method: 'POST', url: `/lag/referrals/${referralId}/accept` });
  const reopen = (referralId: string) =>
    hub.as(chair, {
      method: 'POST',
      url: `/lag/referrals/${referralId}/reopen`,
      body: { reason: 'New incidents reported since the case closed' },
    });
  const close = (referralId: string) =>
    ok(
      hub.as(chair, {
        method: 'POST',
        url: `/lag/referrals/${referralId}/close`,
        body: {
          outcomes: ['incidents_stopped'],
          reason: 'risk_reduced',
          outcomeNarrative: 'The youths were moved on and the letterbox sealed',
          cancelOutstandingActions: true,
        },
      }),
    );
  const acceptedCase = async (givenName: string, familyName: string) => {
    const victimId = await person(givenName, familyName);
    const referralId = await refer(victimId);
    await open(referralId);
    await ok(accept(referralId));
    await hub.settle();
    return { victimId, referralId };
  };
  const eventsOfType = async (type: string): Promise<number> =>
    Number((await hub.db.query('SELECT count(*) AS n FROM event_store.events WHERE type = $1', [type]))[0].n);
  const caseDisclosures = async (referralId: string, occasion: string) =>
    (
      await hub.db.query(
        `SELECT data FROM event_store.events WHERE type = 'InformationDisclosed' AND data->'case'->>'id' = $1
           AND data->'basis'->>'occasion' = $2 ORDER BY seq`,
        [referralId, occasion],
      )
    ).map((r: { data: Record<string, any> }) => r.data);
  const consultations = async (view: string) =>
    (
      await hub.db.query(
        `SELECT data FROM event_store.events WHERE type = 'PersonalDataConsulted' AND data->>'view' = $1 ORDER BY seq`,
        [view],
      )
    ).map((r: { data: Record<string, any> }) => r.data);
  const pdf = async (subject: string, url: string) => {
    const res = await hub.as(subject, { url, headers: { accept: 'application/pdf' } });
    return res;
  };

  /**
   * A meeting today with one case fire works (an action of its own) on the agenda: police (the
   * referring agency) and fire present, housing sent apologies.
   */
  const meetingToday = async (familyName: string) => {
    const kase = await acceptedCase('Edith', familyName);
    await ok(
      hub.as(chair, {
        method: 'POST',
        url: `/lag/referrals/${kase.referralId}/actions`,
        body: {
          owningAgencyId: thurrock.agencies.fire,
          kind: 'target_hardening',
          description: 'Fit a fire-proof letterbox at the victim home',
          dueDate: addDays(today, 7),
        },
      }),
      201,
    );
    const meetingId = await scheduleMeeting(hub, chair, thurrock.localities.Grays);
    await ok(
      hub.as(chair, {
        method: 'POST',
        url: `/lag/meetings/${meetingId}/agenda`,
        body: { referralId: kase.referralId, item: 'new' },
      }),
      201,
    );
    await ok(
      hub.as(chair, {
        method: 'POST',
        url: `/lag/meetings/${meetingId}/attendance`,
        body: {
          entries: [
            { agencyId: thurrock.agencies.police, attendance: 'present' },
            { agencyId: thurrock.agencies.fire, attendance: 'present' },
            { agencyId: thurrock.agencies.housing, attendance: 'apologies' },
          ],
        },
      }),
    );
    await ok(
      hub.as(chair, {
        method: 'POST',
        url: `/lag/meetings/${meetingId}/reschedule`,
        body: { startsAt: `${today}T12:00:00Z`, reason: 'brought_forward' },
      }),
    );
    await hub.settle();
    return { ...kase, meetingId };
  };

  describe('the meeting pack for every agency of the meeting', () => {
    it("issues the pack to an attending agency's practitioner, records it as a disclosure and a consultation, and refuses an agency not of the meeting", async () => {
      const { meetingId, referralId, victimId } = await meetingToday('Marlowe');
      const consulted = (await consultations('lag_meeting_pack')).length;

      const res = await hub.as(fire, { url: `/lag/meetings/${meetingId}/pack?purpose=meeting_preparation` });
      const pack = await ok(res);
      expect(pack).toMatchObject({
        meetingId,
        asOf: today,
        issuedTo: { agencyId: thurrock.agencies.fire, name: expect.any(String) },
        cases: [
          {
            referralId,
            locked: false,
            incidentSummary: INCIDENT,
            victims: [{ personId: victimId, givenName: 'Edith', familyName: 'Marlowe' }],
            openActions: [
              { owningAgencyId: thurrock.agencies.fire, description: 'Fit a fire-proof letterbox at the victim home' },
            ],
          },
        ],
      });
      await hub.settle();
      const issued = await caseDisclosures(referralId, 'meeting_pack');
      expect(issued).toHaveLength(1);
      expect(issued[0]).toMatchObject({
        fromAgencyId: thurrock.agencies.police,
        recipientAgencyIds: [thurrock.agencies.fire],
        personIds: [victimId],
        basis: { kind: 'case_involvement', occasion: 'meeting_pack', meetingId },
      });
      const viewed = (await consultations('lag_meeting_pack')).slice(consulted);
      expect(viewed).toEqual([
        expect.objectContaining({
          agencyId: thurrock.agencies.fire,
          purpose: 'meeting_preparation',
          personIds: [victimId],
        }),
      ]);

      // Asked again with nothing new: consulted again, not disclosed again.
      await ok(hub.as(fire, { url: `/lag/meetings/${meetingId}/pack?purpose=meeting_preparation` }));
      await hub.settle();
      expect(await caseDisclosures(referralId, 'meeting_pack')).toHaveLength(1);
      expect((await consultations('lag_meeting_pack')).length).toBe(consulted + 2);

      // Housing sent apologies: it gets the pack, the case locked (it may not read the victim), and nothing is disclosed to it.
      const housingPack = await ok(
        hub.as(housing, { url: `/lag/meetings/${meetingId}/pack?purpose=meeting_preparation` }),
      );
      expect(housingPack.cases[0]).toMatchObject({ referralId, locked: true, incidentSummary: null });
      expect(JSON.stringify(housingPack)).not.toContain('Marlowe');
      expect(JSON.stringify(housingPack)).not.toContain(INCIDENT);
      await hub.settle();
      expect(
        (await caseDisclosures(referralId, 'meeting_pack')).flatMap((d: Record<string, any>) => d.recipientAgencyIds),
      ).not.toContain(thurrock.agencies.housing);

      // The voluntary sector is not of this meeting.
      const refused = await hub.as(cvs, { url: `/lag/meetings/${meetingId}/pack?purpose=meeting_preparation` });
      expect(refused.statusCode).toBe(403);
      expect(refused.headers['content-type']).toContain('application/problem+json');
      expect(refused.json()).toMatchObject({ code: 'MEETING.NOT_A_RECIPIENT' });

      // The same pack as PDF.
      const printed = await pdf(fire, `/lag/meetings/${meetingId}/pack?purpose=meeting_preparation`);
      expect(printed.statusCode).toBe(200);
      expect(printed.headers['content-type']).toBe('application/pdf');
      expect(printed.rawPayload.subarray(0, 5).toString()).toBe('%PDF-');
      expect(String(printed.headers['content-disposition'])).not.toContain('Marlowe');
    });
  });

  describe('the minutes', () => {
    it('are built from the meeting, issued once by the chair after closing, disclosed per case to the agencies that may read it, and read by each receiving agency', async () => {
      const { meetingId, referralId, victimId } = await meetingToday('Gaskell');
      const early = await hub.as(chair, { method: 'POST', url: `/lag/meetings/${meetingId}/minutes/issue` });
      expect(early.statusCode).toBe(409);
      expect(early.json()).toMatchObject({ code: 'MEETING.NOT_CLOSED' });

      await ok(hub.as(chair, { method: 'POST', url: `/lag/meetings/${meetingId}/confidentiality` }));
      const discussion = {
        notes: 'Fire to fit the letterbox this week; police patrols in the evenings',
        decisions: ['information_shared', 'actions_agreed'],
        actions: [
          {
            owningAgencyId: thurrock.agencies.police,
            kind: 'other',
            description: 'Evening patrols past the flats for a month',
            dueDate: addDays(today, 28),
          },
        ],
        recordReview: true,
      };
      let discussed = await hub.as(chair, {
        method: 'POST',
        url: `/lag/meetings/${meetingId}/cases/${referralId}`,
        body: discussion,
      });
      if (discussed.statusCode === 409 && discussed.json().code === 'MEETING.SHARING_NOT_COVERED')
        discussed = await hub.as(chair, {
          method: 'POST',
          url: `/lag/meetings/${meetingId}/cases/${referralId}`,
          body: {
            ...discussion,
            notCoveredAgencies: 'share',
            sharingJustification: 'Crime and Disorder Act s.115: fire must act on the letterbox',
          },
        });
      expect(discussed.statusCode).toBe(201);
      await ok(hub.as(chair, { method: 'POST', url: `/lag/meetings/${meetingId}/close` }));
      await hub.settle();

      // Before issue: the chair reads a draft; a practitioner has nothing to read.
      const notYet = await hub.as(fire, { url: `/lag/meetings/${meetingId}/minutes?purpose=meeting_preparation` });
      expect(notYet.statusCode).toBe(409);
      expect(notYet.json()).toMatchObject({ code: 'MEETING.MINUTES_NOT_ISSUED' });
      const draftRes = await hub.as(chair, { url: `/lag/meetings/${meetingId}/minutes?purpose=case_management` });
      const draft = await ok(draftRes);
      expect(draft).toMatchObject({
        meetingId,
        status: 'closed',
        issued: null,
        present: expect.arrayContaining([
          expect.objectContaining({ agencyId: thurrock.agencies.police }),
          expect.objectContaining({ agencyId: thurrock.agencies.fire }),
        ]),
        apologies: [expect.objectContaining({ agencyId: thurrock.agencies.housing, name: expect.any(String) })],
        confidentiality: { statement: expect.stringContaining('confidential') },
        cases: [
          {
            referralId,
            locked: false,
            discussed: true,
            victims: [{ personId: victimId, givenName: 'Edith' }],
            discussions: [{ notes: discussion.notes, decisions: discussion.decisions }],
            actions: [
              {
                owningAgencyId: thurrock.agencies.police,
                dueDate: addDays(today, 28),
                description: 'Evening patrols past the flats for a month',
              },
            ],
            nextReviewDate: addDays(today, 14),
          },
        ],
      });
      expect(draftRes.headers.etag).toBe(`"${draft.version}"`);

      const issued = await ok(
        hub.as(chair, {
          method: 'POST',
          url: `/lag/meetings/${meetingId}/minutes/issue`,
          headers: { 'if-match': String(draftRes.headers.etag) },
        }),
      );
      const received = Object.fromEntries(
        issued.recipients.map((r: { agencyId: string; referralIds: string[] }) => [r.agencyId, r.referralIds]),
      );
      expect(received).toEqual({
        [thurrock.agencies.asb]: [referralId],
        [thurrock.agencies.police]: [referralId],
        [thurrock.agencies.fire]: [referralId],
      });
      const again = await hub.as(chair, { method: 'POST', url: `/lag/meetings/${meetingId}/minutes/issue` });
      expect(again.statusCode).toBe(409);
      expect(again.json()).toMatchObject({ code: 'MEETING.MINUTES_ALREADY_ISSUED' });
      expect(await eventsOfType('MeetingMinutesIssued')).toBe(1);

      await hub.settle();
      const disclosed = await caseDisclosures(referralId, 'meeting_minutes');
      expect(disclosed).toHaveLength(1);
      expect(disclosed[0]).toMatchObject({
        fromAgencyId: thurrock.agencies.police,
        personIds: [victimId],
        basis: { occasion: 'meeting_minutes', meetingId },
      });
      expect([...disclosed[0].recipientAgencyIds].sort()).toEqual(
        [thurrock.agencies.asb, thurrock.agencies.fire].sort(),
      );

      // Each receiving agency reads its copy; an agency that did not receive them may not.
      const copy = await ok(hub.as(fire, { url: `/lag/meetings/${meetingId}/minutes?purpose=case_management` }));
      expect(copy).toMatchObject({
        issued: { recipientAgencyIds: expect.arrayContaining([thurrock.agencies.fire]) },
        cases: [{ referralId, locked: false, discussions: [{ notes: discussion.notes }] }],
      });
      for (const outsider of [housing, cvs]) {
        const refused = await hub.as(outsider, { url: `/lag/meetings/${meetingId}/minutes?purpose=case_management` });
        expect(refused.statusCode).toBe(403);
        expect(refused.json()).toMatchObject({ code: 'MEETING.NOT_A_RECIPIENT' });
      }
      expect(
        (await consultations('lag_meeting_minutes')).some(
          (c: Record<string, any>) => c.agencyId === thurrock.agencies.fire && c.personIds.includes(victimId),
        ),
      ).toBe(true);

      const printed = await pdf(fire, `/lag/meetings/${meetingId}/minutes?purpose=case_management`);
      expect(printed.statusCode).toBe(200);
      expect(printed.headers['content-type']).toBe('application/pdf');
      expect(printed.rawPayload.subarray(0, 5).toString()).toBe('%PDF-');
    });
  });

  describe('the print pages of the pack and the minutes', () => {
    const page = async (subject: string, url: string) => {
      const token = await hub.app.get(WebSessions).start(subject, new Date());
      return hub.app.inject({ url, headers: { cookie: `${SESSION_COOKIE}=${token}` } });
    };

    it('asks the purpose first, shows the pack as a printable page with a PDF download, and streams the PDF', async () => {
      const { meetingId, referralId } = await meetingToday('Brontë');
      const ask = await page(fire, `/meetings/${meetingId}/pack`);
      expect(ask.statusCode).toBe(200);
      expect(ask.body).toContain('Why do you need to see this meeting document?');
      expect(ask.body).toContain(`action="/meetings/${meetingId}/pack"`);
      expect(await caseDisclosures(referralId, 'meeting_pack')).toEqual([]);

      const shown = await page(fire, `/meetings/${meetingId}/pack?purpose=meeting_preparation`);
      expect(shown.statusCode).toBe(200);
      expect(shown.headers['content-type']).toContain('text/html');
      expect(shown.body).toContain('Edith Brontë');
      expect(shown.body).toContain(INCIDENT);
      expect(shown.body).toContain(`href="/meetings/${meetingId}/pack.pdf?purpose=meeting_preparation"`);
      expect(shown.body).toContain('/assets/hubline/meeting-documents.css');
      expect(/<title>[^<]*<\/title>/.exec(shown.body)![0]).not.toContain('Brontë');
      const css = await hub.app.inject({ url: '/assets/hubline/meeting-documents.css' });
      expect(css.statusCode).toBe(200);
      expect(css.body).toMatch(/@media print\s*{[^}]*\.govuk-service-navigation[^}]*display: none/);

      const download = await page(fire, `/meetings/${meetingId}/pack.pdf?purpose=meeting_preparation`);
      expect(download.statusCode).toBe(200);
      expect(download.headers['content-type']).toBe('application/pdf');
      expect(String(download.headers['content-disposition'])).toBe(
        `attachment; filename="lag-meeting-pack-${meetingId}.pdf"`,
      );
      expect(download.rawPayload.subarray(0, 5).toString()).toBe('%PDF-');

      // Minutes not yet issued: a page that says so; an agency not of the meeting: no access.
      const minutes = await page(fire, `/meetings/${meetingId}/minutes?purpose=meeting_preparation`);
      expect(minutes.statusCode).toBe(409);
      expect(minutes.body).toContain('The minutes have not been issued yet');
      const chairDraft = await page(chair, `/meetings/${meetingId}/minutes?purpose=case_management`);
      expect(chairDraft.statusCode).toBe(200);
      expect(chairDraft.body).toContain('Draft: the chair has not issued these minutes');
      expect(chairDraft.body).toContain(`href="/meetings/${meetingId}/minutes.pdf?purpose=case_management"`);
      const outsider = await page(cvs, `/meetings/${meetingId}/pack?purpose=meeting_preparation`);
      expect(outsider.statusCode).toBe(403);
      expect(outsider.body).not.toContain('Brontë');
    });
  });

  describe('one open case per victim', () => {
    it('refuses to reopen a closed case while another case of the victim is open, naming it, and records nothing', async () => {
      const { victimId, referralId: first } = await acceptedCase('Walter', 'Pryce');
      await close(first);
      const repeat = await refer(victimId);
      await open(repeat);
      await ok(accept(repeat));
      const reopened = await eventsOfType('ReferralReopened');
      const res = await reopen(first);
      expect(res.statusCode).toBe(409);
      expect(res.headers['content-type']).toContain('application/problem+json');
      expect(res.json()).toMatchObject({ code: 'LAG.VICTIM_HAS_OPEN_CASE', openReferralId: repeat });
      expect(await eventsOfType('ReferralReopened')).toBe(reopened);
    });

    it('refuses to accept a referral while the victim has an open case, naming it; accepts it once that case closes', async () => {
      const { victimId, referralId: openCase } = await acceptedCase('Ada', 'Quill');
      const repeat = await refer(victimId);
      await open(repeat);
      const res = await accept(repeat);
      expect(res.statusCode).toBe(409);
      expect(res.json()).toMatchObject({ code: 'LAG.VICTIM_HAS_OPEN_CASE', openReferralId: openCase });
      await close(openCase);
      await hub.settle();
      expect((await ok(accept(repeat))).status).toBe('accepted');
    });

    it('lets exactly one of two concurrent attempts open a case for the victim', async () => {
      for (const name of ['Iris', 'Nell', 'Ruth']) {
        const { victimId, referralId: closed } = await acceptedCase(name, 'Okonkwo');
        await close(closed);
        const repeat = await refer(victimId);
        await open(repeat);
        const [a, b] = await Promise.all([reopen(closed), accept(repeat)]);
        const statuses = [a.statusCode, b.statusCode].sort();
        expect(statuses).toEqual([200, 409]);
        const [winner, loser] = a.statusCode === 200 ? [closed, b] : [repeat, a];
        expect(loser.json()).toMatchObject({ code: 'LAG.VICTIM_HAS_OPEN_CASE', openReferralId: winner });
        await hub.settle();
        const openCases = await hub.db.query(
          `SELECT referral_id FROM lag.referrals WHERE status = 'accepted' AND $1 = ANY(victim_ids)`,
          [victimId],
        );
        expect(openCases.map((r: { referral_id: string }) => r.referral_id)).toEqual([winner]);
      }
    });
  });

  describe('one access rule at closure', () => {
    it("ends the chair's agency's access through the case at closure, for the victim's record and timeline and for the case narrative alike", async () => {
      const { victimId, referralId } = await acceptedCase('Mabel', 'Thorne');
      // While the case is open, the chair's agency reads all three.
      const record = await ok(hub.as(chair, { url: `/people/${victimId}?purpose=case_management` }));
      expect(record).toMatchObject({ personId: victimId, givenName: 'Mabel' });
      const timeline = await hub.as(chair, { url: `/timelines/victims/${victimId}?purpose=case_management` });
      expect(timeline.statusCode).toBe(200);
      expect(JSON.stringify(timeline.json())).toContain('Mabel');
      const kase = await ok(hub.as(chair, { url: `/lag/referrals/${referralId}?purpose=case_management` }));
      expect(kase).toMatchObject({ locked: false, incidentSummary: INCIDENT });

      await close(referralId);
      await hub.settle();
      const after = await ok(hub.as(chair, { url: `/people/${victimId}?purpose=case_management` }));
      expect(after).toMatchObject({ personId: victimId, locked: true });
      const timelineAfter = await hub.as(chair, { url: `/timelines/victims/${victimId}?purpose=case_management` });
      expect(JSON.stringify(timelineAfter.json())).not.toContain('Mabel');
      const caseAfter = await ok(hub.as(chair, { url: `/lag/referrals/${referralId}?purpose=case_management` }));
      expect(caseAfter).toMatchObject({ locked: true, status: 'closed' });
      expect(JSON.stringify(caseAfter)).not.toContain(INCIDENT);
      expect(JSON.stringify(caseAfter)).not.toContain('Mabel');

      // The agency that holds the victim's record still reads both.
      const referrer = await ok(hub.as(pc, { url: `/lag/referrals/${referralId}?purpose=case_management` }));
      expect(referrer).toMatchObject({ locked: false, incidentSummary: INCIDENT });
      expect(await ok(hub.as(pc, { url: `/people/${victimId}?purpose=case_management` }))).toMatchObject({
        givenName: 'Mabel',
      });

      // Reopened, the case gives access again.
      await ok(reopen(referralId));
      await hub.settle();
      expect(await ok(hub.as(chair, { url: `/lag/referrals/${referralId}?purpose=case_management` }))).toMatchObject({
        locked: false,
      });
    });
  });
});
