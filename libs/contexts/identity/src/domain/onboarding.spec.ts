import { checkOnboarding, planOnboarding, type OnboardingRequest } from './onboarding';

/** Ids as readable paths: equal parts give equal ids, as the event store's stableId does. */
const stableId = (...parts: string[]) => parts.join('/');

const now = '2026-11-23T10:00:00.000Z';
const basildon: OnboardingRequest = {
  name: 'Basildon CSP',
  agencyName: 'Basildon Borough Council',
  agencyKind: 'local_authority',
  adminSubject: 'csp.admin@basildon.gov.uk',
  adminDisplayName: 'Jo Bloggs',
  now,
};

describe('onboarding a partnership', () => {
  it('plans the partnership, its first agency and its first administrator, with the area defaulting to the name', () => {
    const plan = planOnboarding({ ...basildon, name: '  Basildon   CSP ', adminDisplayName: ' Jo Bloggs ' }, stableId);
    expect(plan).toMatchObject({
      name: 'Basildon CSP',
      area: 'Basildon CSP',
      agencyName: 'Basildon Borough Council',
      agencyKind: 'local_authority',
      adminSubject: 'csp.admin@basildon.gov.uk',
      adminDisplayName: 'Jo Bloggs',
      now,
    });
    expect(new Set([plan.partnershipId, plan.agencyId, plan.adminUserId]).size).toBe(3);
    expect(planOnboarding({ ...basildon, area: 'Basildon' }, stableId).area).toBe('Basildon');
  });

  it('gives the same ids to the same name however it is spaced or capitalised, and other ids to another name', () => {
    const first = planOnboarding(basildon, stableId);
    const again = planOnboarding(
      { ...basildon, name: 'basildon  csp', adminSubject: 'someone.else@basildon.gov.uk' },
      stableId,
    );
    expect([again.partnershipId, again.agencyId, again.adminUserId]).toEqual([
      first.partnershipId,
      first.agencyId,
      first.adminUserId,
    ]);
    expect(planOnboarding({ ...basildon, name: 'Castle Point CSP' }, stableId).partnershipId).not.toBe(
      first.partnershipId,
    );
  });

  it('names every problem of a bad request at once', () => {
    const bad = () =>
      planOnboarding({ ...basildon, name: 'B', agencyKind: 'army' as never, adminSubject: 'has space' }, stableId);
    expect(bad).toThrow(expect.objectContaining({ code: 'ONBOARDING.INVALID', kind: 'invalid' }));
    expect(bad).toThrow(/partnership name.*agency kind must be one of police.*subject/);
  });

  it('refuses a name another partnership has, and a partnership that already has its first administrator', () => {
    const plan = planOnboarding(basildon, stableId);
    expect(() => checkOnboarding(plan, { partnershipsWithName: ['thurrock-id'], firstAdminRegistered: false })).toThrow(
      expect.objectContaining({
        code: 'PARTNERSHIP.NAME_TAKEN',
        kind: 'conflict',
        details: { partnershipId: 'thurrock-id' },
      }),
    );
    expect(() =>
      checkOnboarding(plan, { partnershipsWithName: [plan.partnershipId], firstAdminRegistered: true }),
    ).toThrow(expect.objectContaining({ code: 'PARTNERSHIP.NAME_TAKEN' }));
  });

  it('lets a new partnership through, and one an interrupted onboarding left without its administrator', () => {
    const plan = planOnboarding(basildon, stableId);
    expect(() => checkOnboarding(plan, { partnershipsWithName: [], firstAdminRegistered: false })).not.toThrow();
    expect(() =>
      checkOnboarding(plan, { partnershipsWithName: [plan.partnershipId], firstAdminRegistered: false }),
    ).not.toThrow();
  });
});
