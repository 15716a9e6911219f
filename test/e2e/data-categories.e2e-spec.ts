import { addDays, londonDay } from '@hubline/calendar';
import { DATA_CATEGORIES } from '@hubline/access';
import { seedPartnership, THURROCK, type SeededPartnership } from '@hubline/demo';
import { ok, TestHub } from '../support/test-hub';

/**
 * What a recipient may read of a person is what was disclosed to its agency, category by category:
 * the police disclose a victim's identity and address to the fire service, which then reads those
 * fields and no others (and is told which categories are withheld); a later disclosure of health
 * data adds the health fields; an agency working an open case about the victim reads everything.
 * Each read is recorded with the categories it showed, and a search tells an agency nothing about
 * people it may not see (0019), though the auditor sees that it looked.
 */
describe('reading a person: only the data categories disclosed', () => {
  let hub: TestHub;
  let thurrock: SeededPartnership;
  const pc = 'pc.okafor@essex-police.demo';
  const fire = 'station.officer@essex-fire.demo';
  const chair = 'lag.chair@thurrock.demo';
  const housing = 'panel.housing@thurrock.demo';
  const auditor = 'auditor@thurrock.demo';
  const JUSTIFICATION = 'Fire risk at the address from repeated arson threats reported last night';
  const today = londonDay(new Date());

  let victimId: string;
  let neighbourId: string;
  let referralId: string;

  const agencies = () => thurrock.agencies;
  const profileOf = (subject: string, personId: string) =>
    hub.as(subject, { url: `/people/${personId}?purpose=safeguarding` });
  const referralOf = (subject: string) => hub.as(subject, { url: `/lag/referrals/${referralId}?purpose=safeguarding` });
  const search = (subject: string, query: string) => hub.as(subject, { url: `/people?${query}&purpose=safeguarding` });
  const discloseToFire = (dataCategories: string[], personId = victimId) =>
    ok(
      hub.as(pc, {
        method: 'POST',
        url: '/sharing/disclosures',
        body: {
          recipientAgencyIds: [agencies().fire],
          personIds: [personId],
          dataCategories,
          purpose: 'safeguarding',
          basis: { kind: 'vital_interests', justification: JUSTIFICATION },
        },
      }),
      201,
    );
  /** The consultation log as the auditor reads it, for one person, oldest first. */
  const consultations = async (personId = victimId): Promise<Array<Record<string, unknown>>> => {
    await hub.settle();
    return ok(hub.as(auditor, { url: `/audit/consultations?personId=${personId}&order=asc&limit=1000` }));
  };
  const lastConsultation = async (personId = victimId) => (await consultations(personId)).at(-1);

  beforeAll(async () => {
    hub = await TestHub.start();
    thurrock = await seedPartnership(hub.commands, THURROCK);
    await hub.settle();
    victimId = (
      await ok(
        hub.as(pc, {
          method: 'POST',
          url: '/people',
          body: {
            givenName: 'Maureen',
            familyName: 'Adeyemi',
            aliases: ['Mo'],
            dateOfBirth: '1948-05-12',
            address: { lines: ['14 Argent Street'], town: 'Grays' },
            postcode: 'RM17 6SL',
            contactPreferences: { method: 'phone', notes: 'Only call after six, son answers otherwise' },
            vulnerabilities: ['Lives alone after a stroke'],
            protectedCharacteristics: ['disability', 'race'],
            agencyReference: 'ECP/26/000117',
          },
        }),
        201,
      )
    ).personId;
    neighbourId = (
      await ok(
        hub.as(pc, {
          method: 'POST',
          url: '/people',
          body: { givenName: 'Denise', familyName: 'Harlow', dateOfBirth: '1961-08-30', postcode: 'RM17 6SL' },
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
            category: 'hate_crime',
            protectedCharacteristics: ['race'],
            victimIds: [victimId],
            perpetratorIds: [],
            incidentSummary: 'Racist graffiti sprayed on the front door',
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

  it('shows fire the locked view before any disclosure, and records that it looked', async () => {
    expect((await profileOf(fire, victimId)).json()).toMatchObject({ locked: true });
    expect(await lastConsultation()).toMatchObject({
      agencyId: agencies().fire,
      view: 'locked_view',
      categories: [],
    });
  });

  it('after a disclosure of identity and address, shows fire only the identity and address fields', async () => {
    await discloseToFire(['identity', 'address']);
    await hub.settle();
    const res = await profileOf(fire, victimId);
    expect(res.statusCode).toBe(200);
    const profile = res.json();
    expect(profile).toMatchObject({
      personId: victimId,
      status: 'active',
      givenName: 'Maureen',
      familyName: 'Adeyemi',
      aliases: ['Mo'],
      dateOfBirth: '1948-05-12',
      address: { lines: ['14 Argent Street'], town: 'Grays' },
      postcode: 'RM17 6SL',
      withheld: ['contact', 'vulnerabilities', 'health', 'special_category'],
    });
    for (const field of ['contactPreferences', 'vulnerabilities', 'protectedCharacteristics'])
      expect(profile).not.toHaveProperty(field);
    expect(JSON.stringify(profile)).not.toMatch(/stroke|after six|disability|race/);
    expect(await lastConsultation()).toMatchObject({
      agencyId: agencies().fire,
      view: 'person_profile',
      categories: ['identity', 'address'],
    });
  });

  it("does not show fire the case's narratives, risk answers, vulnerabilities or protected characteristics", async () => {
    const view = (await ok(referralOf(fire))) as Record<string, unknown>;
    expect(view).toMatchObject({ referralId, locked: false });
    for (const field of [
      'incidentSummary',
      'multiAgencyReason',
      'risk',
      'vulnerabilities',
      'protectedCharacteristics',
      'actions',
      'history',
      'discussions',
    ])
      expect(view).not.toHaveProperty(field);
    expect(view.withheld).toEqual(
      expect.arrayContaining(['incident_details', 'risk_assessment', 'vulnerabilities', 'case_actions']),
    );
    expect(JSON.stringify(view)).not.toMatch(/graffiti|warnings|older_person|"race"/);
    expect(view.victims).toEqual([expect.objectContaining({ givenName: 'Maureen', postcode: 'RM17 6SL' })]);
  });

  it("does not show fire the victim's timeline, whose entries tell the case history", async () => {
    const timeline = (await ok(hub.as(fire, { url: `/timelines/victims/${victimId}?purpose=safeguarding` }))) as Record<
      string,
      unknown
    >;
    expect(timeline).toMatchObject({
      person: { personId: victimId, givenName: 'Maureen' },
      header: null,
      entries: [],
      withheld: ['incident_details', 'risk_assessment', 'case_actions'],
    });
    expect(await lastConsultation()).toMatchObject({ view: 'victim_timeline', categories: ['identity', 'address'] });
  });

  it('after a further disclosure of health data, adds the health fields and nothing else', async () => {
    await discloseToFire(['identity', 'health']);
    await hub.settle();
    const profile = (await ok(profileOf(fire, victimId))) as Record<string, unknown>;
    expect(profile).toMatchObject({
      givenName: 'Maureen',
      postcode: 'RM17 6SL',
      protectedCharacteristics: ['disability'],
      withheld: ['contact', 'vulnerabilities', 'special_category'],
    });
    expect(profile).not.toHaveProperty('vulnerabilities');
    expect(profile).not.toHaveProperty('contactPreferences');
    expect(await lastConsultation()).toMatchObject({ categories: ['identity', 'address', 'health'] });
  });

  it('shows everything to an agency working an open case about the person', async () => {
    await ok(hub.as(chair, { method: 'POST', url: `/lag/referrals/${referralId}/accept` }));
    await ok(
      hub.as(chair, {
        method: 'POST',
        url: `/lag/referrals/${referralId}/actions`,
        body: {
          owningAgencyId: agencies().housing,
          kind: 'target_hardening',
          description: 'Fit a new front door',
          dueDate: addDays(today, 7),
        },
      }),
      201,
    );
    await hub.settle();
    const profile = (await ok(profileOf(housing, victimId))) as Record<string, unknown>;
    expect(profile).toMatchObject({
      givenName: 'Maureen',
      postcode: 'RM17 6SL',
      contactPreferences: { method: 'phone', notes: 'Only call after six, son answers otherwise' },
      vulnerabilities: ['Lives alone after a stroke'],
      protectedCharacteristics: ['disability', 'race'],
    });
    expect(profile).not.toHaveProperty('withheld');
    expect(await lastConsultation()).toMatchObject({
      agencyId: agencies().housing,
      categories: [...DATA_CATEGORIES].filter((c) =>
        ['identity', 'address', 'contact', 'vulnerabilities', 'health', 'special_category'].includes(c),
      ),
    });
    const view = (await ok(referralOf(housing))) as Record<string, unknown>;
    expect(view).toMatchObject({
      incidentSummary: 'Racist graffiti sprayed on the front door',
      vulnerabilities: ['older_person'],
      protectedCharacteristics: ['race'],
    });
    expect(view).not.toHaveProperty('withheld');
    const timeline = await ok(hub.as(housing, { url: `/timelines/victims/${victimId}?purpose=safeguarding` }));
    expect(timeline.entries.length).toBeGreaterThan(0);
    expect(timeline).not.toHaveProperty('withheld');
  });

  describe('what a search reveals (0019)', () => {
    const coordinator = 'case.review@thurrock.demo';

    it('lists nobody to an agency with no link to the person, however well it matches, and records the search', async () => {
      expect((await profileOf(coordinator, neighbourId)).json()).toMatchObject({ locked: true });
      const before = (await consultations(neighbourId)).length;
      const res = await search(coordinator, 'name=Denise%20Harlow&dateOfBirth=1961-08-30');
      expect(res.statusCode).toBe(200);
      expect(res.json()).toEqual({ results: [], truncated: false });
      const after = await consultations(neighbourId);
      expect(after).toHaveLength(before + 1);
      expect(after.at(-1)).toMatchObject({ view: 'locked_search_result', categories: [] });
    });

    it('lists a person to a recipient only when every criterion is of a category disclosed to it', async () => {
      await discloseToFire(['identity'], neighbourId);
      await hub.settle();
      const byName = await ok(search(fire, 'name=Denise%20Harlow&dateOfBirth=1961-08-30'));
      expect(byName.results).toEqual([
        {
          personId: neighbourId,
          givenName: 'Denise',
          familyName: 'Harlow',
          dateOfBirth: '1961-08-30',
          withheld: ['address'],
        },
      ]);
      expect(await lastConsultation(neighbourId)).toMatchObject({ view: 'person_search', categories: ['identity'] });

      // Fire may read the victim's address but not the neighbour's: a search by postcode lists only the victim.
      const byPostcode = await ok(search(fire, 'postcode=RM17%206SL'));
      expect(byPostcode.results.map((r: { personId: string }) => r.personId)).toEqual([victimId]);
      expect(await lastConsultation(neighbourId)).toMatchObject({ view: 'locked_search_result', categories: [] });
    });
  });
});
