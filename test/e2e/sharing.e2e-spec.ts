import { randomUUID } from 'node:crypto';
import { addDays, londonDay } from '@hubline/calendar';
import { seedPartnership, THURROCK, type SeededPartnership } from '@hubline/demo';
import { ok, TestHub } from '../support/test-hub';

/**
 * Information sharing through HTTP, as the Thurrock demo users: agreements and their review,
 * consents and their withdrawal, disclosures refused for each invalid basis, an emergency
 * disclosure, and the access a valid basis gives the recipient agency (and takes away again).
 */
describe('information sharing over HTTP', () => {
  let hub: TestHub;
  let thurrock: SeededPartnership;
  const pc = 'pc.okafor@essex-police.demo';
  const fire = 'station.officer@essex-fire.demo';
  const housing = 'panel.housing@thurrock.demo';
  const admin = 'admin@thurrock.demo';
  const auditor = 'auditor@thurrock.demo';

  const daysAgo = (n: number) => new Date(Date.now() - n * 86_400_000).toISOString();
  const today = londonDay(new Date());
  const JUSTIFICATION = 'Neighbour reports repeated threats with a knife at the victim address last night';

  let victimId: string;
  let neighbourId: string;
  let agreementId: string;
  let lapsedAgreementId: string;
  let consentId: string;
  let expiredConsentId: string;
  let firstDisclosureId: string;

  beforeAll(async () => {
    hub = await TestHub.start();
    thurrock = await seedPartnership(hub.commands, THURROCK);
    await hub.settle();
    victimId = (
      await ok(
        hub.as(pc, {
          method: 'POST',
          url: '/people',
          body: { givenName: 'Maureen', familyName: 'Adeyemi', dateOfBirth: '1948-05-12', postcode: 'RM17 6SL' },
        }),
        201,
      )
    ).personId;
    neighbourId = (
      await ok(
        hub.as(pc, {
          method: 'POST',
          url: '/people',
          body: { givenName: 'Denise', familyName: 'Harlow', dateOfBirth: '1961-08-30' },
        }),
        201,
      )
    ).personId;
    await hub.settle();
  });
  afterAll(() => hub?.close());

  // ---- helpers ----
  const eventCount = async (type?: string): Promise<number> =>
    Number(
      (
        await hub.db.query('SELECT count(*) AS n FROM event_store.events WHERE $1::text IS NULL OR type = $1', [
          type ?? null,
        ])
      )[0].n,
    );
  const agencies = () => thurrock.agencies;
  const profileOf = (subject: string, personId: string) =>
    hub.as(subject, { url: `/people/${personId}?purpose=information_sharing` });
  const disclose = (subject: string, body: Record<string, unknown>) =>
    hub.as(subject, { method: 'POST', url: '/sharing/disclosures', body });
  const toFire = (basis: Record<string, unknown>, overrides: Record<string, unknown> = {}) => ({
    recipientAgencyIds: [agencies().fire],
    personIds: [victimId],
    dataCategories: ['identity', 'contact'],
    purpose: 'safeguarding',
    basis,
    ...overrides,
  });
  const underAgreement = (overrides: Record<string, unknown> = {}, basis: Record<string, unknown> = {}) => ({
    recipientAgencyIds: [agencies().housing],
    personIds: [victimId],
    dataCategories: ['identity', 'incident_details'],
    purpose: 'lag_case_coordination',
    basis: { kind: 'gateway', gateway: 'cda_1998_s115', agreementId, justification: JUSTIFICATION, ...basis },
    ...overrides,
  });
  /** The disclosure is refused with 422 and this code, and nothing is recorded. */
  async function refused(code: string, body: Record<string, unknown>, subject = pc): Promise<void> {
    const before = await eventCount('InformationDisclosed');
    const res = await disclose(subject, body);
    expect({ status: res.statusCode, code: res.json().code, type: res.headers['content-type'] }).toEqual({
      status: 422,
      code,
      type: expect.stringMatching(/^application\/problem\+json/),
    });
    expect(await eventCount('InformationDisclosed')).toBe(before);
  }
  const isa = (overrides: Record<string, unknown> = {}) => ({
    title: 'Thurrock CSP anti-social behaviour information sharing agreement',
    parties: [agencies().police, agencies().asb, agencies().housing],
    purposes: ['lag_case_coordination', 'safeguarding'],
    dataCategories: ['identity', 'contact', 'incident_details'],
    lawfulBases: ['cda_1998_s115', 'uk_gdpr_6_1_e'],
    startDate: addDays(today, -30),
    ...overrides,
  });

  describe('information sharing agreements', () => {
    it('records an agreement, in force, reviewed yearly, with an ETag', async () => {
      const created = await ok(hub.as(admin, { method: 'POST', url: '/sharing/agreements', body: isa() }), 201);
      agreementId = created.agreementId;
      expect(created.version).toBe(0);
      await hub.settle();
      const res = await hub.as(fire, { url: `/sharing/agreements/${agreementId}` });
      expect(res.statusCode).toBe(200);
      expect(res.headers.etag).toBe('"0"');
      expect(res.json()).toMatchObject({
        agreementId,
        startDate: addDays(today, -30),
        inForce: true,
        reviewDueSoon: false,
        terminatedAt: null,
      });
      expect(res.json().reviewDate > today).toBe(true);
    });

    it('shows an agreement whose review lapsed as not in force, and one due within 30 days with a warning', async () => {
      lapsedAgreementId = (
        await ok(
          hub.as(admin, {
            method: 'POST',
            url: '/sharing/agreements',
            body: isa({ startDate: addDays(today, -400), reviewDate: addDays(today, -40) }),
          }),
          201,
        )
      ).agreementId;
      const dueId = (
        await ok(
          hub.as(admin, {
            method: 'POST',
            url: '/sharing/agreements',
            body: isa({ startDate: addDays(today, -340), reviewDate: addDays(today, 20) }),
          }),
          201,
        )
      ).agreementId;
      await hub.settle();
      const list: Array<{ agreementId: string; inForce: boolean; notInForceBecause?: string; reviewDueSoon: boolean }> =
        await ok(hub.as(pc, { url: '/sharing/agreements' }), 200);
      expect(list.find((a) => a.agreementId === lapsedAgreementId)).toMatchObject({
        inForce: false,
        notInForceBecause: 'review_lapsed',
        reviewDueSoon: false,
      });
      expect(list.find((a) => a.agreementId === dueId)).toMatchObject({ inForce: true, reviewDueSoon: true });

      // Sharing under it is allowed, and flagged for the auditor.
      const res = await ok(disclose(pc, underAgreement({ personIds: [neighbourId] }, { agreementId: dueId })), 201);
      expect(res.flags).toEqual(['agreement_review_due']);
    });

    it('reviews only at the version last read: a stale If-Match is 412', async () => {
      const stale = await hub.as(admin, {
        method: 'POST',
        url: `/sharing/agreements/${lapsedAgreementId}/review`,
        body: {},
        headers: { 'if-match': '"7"' },
      });
      expect(stale.statusCode).toBe(412);
      const reviewed = await hub.as(admin, {
        method: 'POST',
        url: `/sharing/agreements/${lapsedAgreementId}/review`,
        body: { reviewDate: addDays(today, 1) },
        headers: { 'if-match': '"0"' },
      });
      expect({ status: reviewed.statusCode, etag: reviewed.headers.etag }).toEqual({ status: 200, etag: '"1"' });
      await hub.settle();
      expect(await ok(hub.as(admin, { url: `/sharing/agreements/${lapsedAgreementId}` }), 200)).toMatchObject({
        inForce: true,
        reviewDate: addDays(today, 1),
        reviewDueSoon: true,
      });
      // Lapsed again for the tests below: terminated.
      await ok(
        hub.as(admin, {
          method: 'POST',
          url: `/sharing/agreements/${lapsedAgreementId}/terminate`,
          body: { reason: 'Superseded by the current agreement' },
        }),
        200,
      );
    });

    it('refuses special-category data without its Schedule 1 condition (422) and malformed requests (400), recording nothing', async () => {
      const before = await eventCount();
      const special = await hub.as(admin, {
        method: 'POST',
        url: '/sharing/agreements',
        body: isa({ dataCategories: ['identity', 'health'] }),
      });
      expect({ status: special.statusCode, code: special.json().code }).toEqual({
        status: 422,
        code: 'SHARING.SCHEDULE_1_CONDITION_REQUIRED',
      });
      const malformed = await hub.as(admin, {
        method: 'POST',
        url: '/sharing/agreements',
        body: isa({ lawfulBases: ['because_we_can'], startDate: '2026-02-30' }),
      });
      expect({ status: malformed.statusCode, code: malformed.json().code }).toEqual({
        status: 400,
        code: 'HTTP.VALIDATION_FAILED',
      });
      const party = await hub.as(admin, {
        method: 'POST',
        url: '/sharing/agreements',
        body: isa({ parties: [agencies().police, randomUUID()] }),
      });
      expect({ status: party.statusCode, code: party.json().code }).toEqual({
        status: 422,
        code: 'SHARING.UNKNOWN_AGENCY',
      });
      expect(await eventCount()).toBe(before);
    });
  });

  describe('consents', () => {
    it('records a consent of the person and shows it, ids and codes only, as valid now', async () => {
      const res = await hub.as(pc, {
        method: 'POST',
        url: '/sharing/consents',
        body: {
          personId: victimId,
          givenBy: { kind: 'person' },
          recipients: { kind: 'agencies', agencyIds: [agencies().fire] },
          purposes: ['safeguarding'],
          dataCategories: ['identity', 'contact', 'address'],
          obtained: 'written',
        },
      });
      expect({ status: res.statusCode, etag: res.headers.etag }).toEqual({ status: 201, etag: '"0"' });
      consentId = res.json().consentId;
      expiredConsentId = (
        await ok(
          hub.as(pc, {
            method: 'POST',
            url: '/sharing/consents',
            body: {
              personId: victimId,
              givenBy: { kind: 'representative', relationship: 'attorney', authority: 'lasting_power_of_attorney' },
              recipients: { kind: 'lag_partners', localityId: thurrock.localities.Grays },
              purposes: ['safeguarding'],
              dataCategories: ['identity'],
              obtained: 'verbal',
              givenAt: daysAgo(60),
              expiresAt: daysAgo(30),
            },
          }),
          201,
        )
      ).consentId;
      await hub.settle();
      const consents: Array<Record<string, unknown>> = await ok(
        hub.as(auditor, { url: `/sharing/consents?personId=${victimId}&purpose=safeguarding` }),
        200,
      );
      expect(consents.find((c) => c.consentId === consentId)).toMatchObject({
        personId: victimId,
        givenBy: { kind: 'person' },
        recipients: { kind: 'agencies', agencyIds: [agencies().fire] },
        obtained: 'written',
        recordedByUserId: thurrock.users[pc],
        recordedByAgencyId: agencies().police,
        validNow: true,
        withdrawnAt: null,
      });
      const expired = consents.find((c) => c.consentId === expiredConsentId)!;
      expect(expired).toMatchObject({
        validNow: false,
        notValidNowBecause: 'SHARING.CONSENT_EXPIRED',
        recipients: { kind: 'lag_partners', localityId: thurrock.localities.Grays },
      });
      expect((expired.recipients as { agencyIds: string[] }).agencyIds).toHaveLength(Object.keys(agencies()).length);
      expect(
        await ok(hub.as(auditor, { url: `/sharing/consents?personId=${victimId}&purpose=housing_management` }), 200),
      ).toEqual([]);
    });

    it('refuses a representative without the authority to consent, and a consent dated in the future', async () => {
      const body = {
        personId: victimId,
        recipients: { kind: 'agencies', agencyIds: [agencies().fire] },
        purposes: ['safeguarding'],
        dataCategories: ['identity'],
        obtained: 'written',
      };
      const noAuthority = await hub.as(pc, {
        method: 'POST',
        url: '/sharing/consents',
        body: { ...body, givenBy: { kind: 'representative', relationship: 'carer' } },
      });
      expect(noAuthority.statusCode).toBe(400);
      const mixed = await hub.as(pc, {
        method: 'POST',
        url: '/sharing/consents',
        body: { ...body, givenBy: { kind: 'person', relationship: 'carer' } },
      });
      expect(mixed.statusCode).toBe(400);
      const future = await hub.as(pc, {
        method: 'POST',
        url: '/sharing/consents',
        body: { ...body, givenBy: { kind: 'person' }, givenAt: new Date(Date.now() + 3_600_000).toISOString() },
      });
      expect({ status: future.statusCode, code: future.json().code }).toEqual({
        status: 422,
        code: 'SHARING.CONSENT_GIVEN_IN_FUTURE',
      });
    });
  });

  describe('a disclosure is refused when its basis is not valid at that moment', () => {
    it('SHARING.NO_CONSENT: no such consent', () =>
      refused('SHARING.NO_CONSENT', toFire({ kind: 'consent', consentId: randomUUID() })));

    it('SHARING.NO_CONSENT: a consent of someone else', () =>
      refused('SHARING.NO_CONSENT', toFire({ kind: 'consent', consentId }, { personIds: [neighbourId] })));

    it('SHARING.CONSENT_WITHDRAWN: withdrawn a moment ago (judged from the consent stream, not a read model)', async () => {
      const other = (
        await ok(
          hub.as(pc, {
            method: 'POST',
            url: '/sharing/consents',
            body: {
              personId: victimId,
              givenBy: { kind: 'person' },
              recipients: { kind: 'agencies', agencyIds: [agencies().fire] },
              purposes: ['safeguarding'],
              dataCategories: ['identity', 'contact'],
              obtained: 'verbal',
            },
          }),
          201,
        )
      ).consentId;
      await ok(
        hub.as(pc, { method: 'POST', url: `/sharing/consents/${other}/withdraw`, body: { method: 'verbal' } }),
        200,
      );
      await refused('SHARING.CONSENT_WITHDRAWN', toFire({ kind: 'consent', consentId: other }));
    });

    it('SHARING.CONSENT_EXPIRED', () =>
      refused(
        'SHARING.CONSENT_EXPIRED',
        toFire({ kind: 'consent', consentId: expiredConsentId }, { dataCategories: ['identity'] }),
      ));

    it('SHARING.RECIPIENT_NOT_COVERED', () =>
      refused(
        'SHARING.RECIPIENT_NOT_COVERED',
        toFire({ kind: 'consent', consentId }, { recipientAgencyIds: [agencies().fire, agencies().housing] }),
      ));

    it('SHARING.CATEGORY_NOT_COVERED', () =>
      refused(
        'SHARING.CATEGORY_NOT_COVERED',
        toFire({ kind: 'consent', consentId }, { dataCategories: ['identity', 'health'] }),
      ));

    it('SHARING.PURPOSE_NOT_COVERED', () =>
      refused(
        'SHARING.PURPOSE_NOT_COVERED',
        toFire({ kind: 'consent', consentId }, { purpose: 'housing_management' }),
      ));

    it('SHARING.NO_AGREEMENT_IN_FORCE: the agreement was terminated', () =>
      refused('SHARING.NO_AGREEMENT_IN_FORCE', underAgreement({}, { agreementId: lapsedAgreementId })));

    it('SHARING.GATEWAY_NOT_IN_AGREEMENT', () =>
      refused('SHARING.GATEWAY_NOT_IN_AGREEMENT', underAgreement({}, { gateway: 'uk_gdpr_6_1_c' })));

    it('SHARING.JUSTIFICATION_REQUIRED: a gateway without a justification, or with a blank one', async () => {
      await refused('SHARING.JUSTIFICATION_REQUIRED', underAgreement({}, { justification: undefined }));
      await refused('SHARING.JUSTIFICATION_REQUIRED', underAgreement({}, { justification: '   ' }));
    });

    it('refuses an agency disclosing records it does not hold (403), and basis fields of another kind (400)', async () => {
      const before = await eventCount('InformationDisclosed');
      const notHeld = await disclose(fire, {
        ...toFire({ kind: 'consent', consentId }),
        recipientAgencyIds: [agencies().housing],
      });
      expect({ status: notHeld.statusCode, code: notHeld.json().code }).toEqual({
        status: 403,
        code: 'SHARING.NOT_HELD_BY_AGENCY',
      });
      const mixed = await disclose(pc, toFire({ kind: 'consent', consentId, justification: JUSTIFICATION }));
      expect(mixed.statusCode).toBe(400);
      expect(await eventCount('InformationDisclosed')).toBe(before);
    });
  });

  describe('a valid basis gives the recipient access while it stands', () => {
    it('shows the recipient the locked view before any disclosure', async () => {
      expect((await profileOf(fire, victimId)).json()).toEqual({
        personId: victimId,
        locked: true,
        agencies: [{ agencyId: agencies().police, name: 'Essex Police' }],
      });
    });

    it('records a disclosure on the consent, after which the recipient (only) sees the profile', async () => {
      const res = await disclose(
        pc,
        toFire({ kind: 'consent', consentId }, { case: { type: 'lag_referral', id: randomUUID() } }),
      );
      expect({ status: res.statusCode, flags: res.json().flags }).toEqual({ status: 201, flags: [] });
      firstDisclosureId = res.json().disclosureId;
      const [event] = await hub.store.readStream(`disclosure-${firstDisclosureId}`);
      expect(event).toMatchObject({
        type: 'InformationDisclosed',
        data: {
          fromAgencyId: agencies().police,
          recipientAgencyIds: [agencies().fire],
          personIds: [victimId],
          byUserId: thurrock.users[pc],
          basis: { kind: 'consent', consentId },
        },
      });
      await hub.settle();
      expect((await profileOf(fire, victimId)).json()).toMatchObject({
        personId: victimId,
        status: 'active',
        givenName: 'Maureen',
        familyName: 'Adeyemi',
      });
      expect((await profileOf(housing, victimId)).json()).toMatchObject({ locked: true });
    });

    it('after withdrawal: later sharing is refused, the recipient is locked out, and the earlier disclosure stays recorded with its basis', async () => {
      const withdrawn = await hub.as(pc, {
        method: 'POST',
        url: `/sharing/consents/${consentId}/withdraw`,
        body: { method: 'written' },
        headers: { 'if-match': '"0"' },
      });
      expect({ status: withdrawn.statusCode, etag: withdrawn.headers.etag }).toEqual({ status: 200, etag: '"1"' });
      await refused('SHARING.CONSENT_WITHDRAWN', toFire({ kind: 'consent', consentId }));
      await hub.settle();
      expect((await profileOf(fire, victimId)).json()).toEqual({
        personId: victimId,
        locked: true,
        agencies: [{ agencyId: agencies().police, name: 'Essex Police' }],
      });

      const [consent] = (
        (await ok(hub.as(pc, { url: `/sharing/consents?personId=${victimId}` }), 200)) as Array<Record<string, unknown>>
      ).filter((c) => c.consentId === consentId);
      expect(consent).toMatchObject({
        validNow: false,
        notValidNowBecause: 'SHARING.CONSENT_WITHDRAWN',
        withdrawalMethod: 'written',
        version: 1,
      });
      const log: Array<Record<string, unknown>> = await ok(
        hub.as(auditor, { url: `/sharing/disclosures?personId=${victimId}` }),
        200,
      );
      const first = log.find((d) => d.disclosureId === firstDisclosureId)!;
      expect(first).toMatchObject({
        basis: { kind: 'consent', consentId },
        basisStandsNow: false,
        basisLapsedBecause: 'SHARING.CONSENT_WITHDRAWN',
        purpose: 'safeguarding',
        case: { type: 'lag_referral' },
      });
      // It was disclosed while the consent held.
      expect(Date.parse(first.disclosedAt as string)).toBeLessThan(Date.parse(consent.withdrawnAt as string));
    });

    it('shows a disclosure to the agencies party to it and the auditor, and to no other agency', async () => {
      const ids = async (subject: string) =>
        (
          (await ok(hub.as(subject, { url: `/sharing/disclosures?personId=${victimId}` }), 200)) as Array<{
            disclosureId: string;
          }>
        ).map((d) => d.disclosureId);
      expect(await ids(fire)).toContain(firstDisclosureId);
      expect(await ids(pc)).toContain(firstDisclosureId);
      expect(await ids(housing)).not.toContain(firstDisclosureId);
    });

    it('allows a vital-interests disclosure with a sealed justification, flags it, and gives the recipient access', async () => {
      expect((await profileOf(fire, neighbourId)).json()).toMatchObject({ locked: true });
      await refused('SHARING.JUSTIFICATION_REQUIRED', {
        ...toFire({ kind: 'vital_interests' }),
        personIds: [neighbourId],
      });
      const res = await ok(
        disclose(pc, {
          ...toFire({ kind: 'vital_interests', justification: JUSTIFICATION }),
          personIds: [neighbourId],
          dataCategories: ['identity', 'address', 'health'],
        }),
        201,
      );
      expect(res.flags).toEqual(['vital_interests']);
      const [event] = await hub.store.readStream(`disclosure-${res.disclosureId}`);
      expect(event.data.basis).toEqual({
        kind: 'vital_interests',
        justification: { v: 1, iv: expect.any(String), ct: expect.any(String), tag: expect.any(String) },
      });
      const [{ n }] = await hub.db.query(
        `SELECT count(*)::int AS n FROM event_store.events WHERE data::text ILIKE '%knife%'`,
      );
      expect(n).toBe(0);
      await hub.settle();
      const log: Array<Record<string, unknown>> = await ok(
        hub.as(auditor, { url: `/sharing/disclosures?personId=${neighbourId}` }),
        200,
      );
      expect(log.find((d) => d.disclosureId === res.disclosureId)).toMatchObject({
        basis: { kind: 'vital_interests' },
        flags: ['vital_interests'],
        basisStandsNow: true,
      });
      expect(JSON.stringify(log)).not.toMatch(/knife|justification/i);
      expect((await profileOf(fire, neighbourId)).json()).toMatchObject({ givenName: 'Denise' });
    });

    it('gives access under an agreement until it is terminated; the earlier disclosure keeps its basis', async () => {
      const res = await ok(disclose(pc, underAgreement()), 201);
      await hub.settle();
      expect((await profileOf(housing, victimId)).json()).toMatchObject({ givenName: 'Maureen' });
      await ok(
        hub.as(admin, {
          method: 'POST',
          url: `/sharing/agreements/${agreementId}/terminate`,
          body: { reason: 'Replaced by a new agreement' },
        }),
        200,
      );
      await refused('SHARING.NO_AGREEMENT_IN_FORCE', underAgreement());
      await hub.settle();
      expect((await profileOf(housing, victimId)).json()).toMatchObject({ locked: true });
      const log: Array<Record<string, unknown>> = await ok(
        hub.as(auditor, { url: `/sharing/disclosures?personId=${victimId}` }),
        200,
      );
      expect(log.find((d) => d.disclosureId === res.disclosureId)).toMatchObject({
        basis: { kind: 'gateway', gateway: 'cda_1998_s115', agreementId },
        basisStandsNow: false,
        basisLapsedBecause: 'SHARING.NO_AGREEMENT_IN_FORCE',
      });
    });
  });
});
