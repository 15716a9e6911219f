import { decide, evolve, initialState, subjectStream, type UserCommand, type UserEvent, type UserState } from './user';

const now = '2026-11-23T10:00:00.000Z';
const given = (...events: UserEvent[]): UserState => events.reduce(evolve, initialState);
const registered: UserEvent = {
  type: 'UserRegistered',
  data: { userId: 'u1', partnershipId: 'p1', subject: 'sub-1', displayName: 'PC Jones', agencyId: 'a1', roles: ['practitioner'], registeredAt: now },
};
const when = (state: UserState, command: UserCommand) => () => decide(command, state);

describe('user decider', () => {
  it('registers a user with known, de-duplicated roles in a fixed order', () => {
    const [event] = decide({ type: 'RegisterUser', userId: 'u1', partnershipId: 'p1', subject: 'sub-1', displayName: ' PC Jones ', agencyId: 'a1', roles: ['auditor', 'practitioner', 'auditor'], now }, initialState);
    expect(event).toMatchObject({ type: 'UserRegistered', data: { displayName: 'PC Jones', roles: ['practitioner', 'auditor'] } });
  });

  it('refuses no roles, unknown roles and a second registration', () => {
    const register = (roles: string[]): UserCommand => ({ type: 'RegisterUser', userId: 'u1', partnershipId: 'p1', subject: 's', displayName: 'x', agencyId: 'a1', roles: roles as never, now });
    expect(when(initialState, register([]))).toThrow(expect.objectContaining({ code: 'USER.INVALID_ROLES' }));
    expect(when(initialState, register(['superuser']))).toThrow(expect.objectContaining({ code: 'USER.INVALID_ROLES' }));
    expect(when(given(registered), register(['practitioner']))).toThrow(expect.objectContaining({ code: 'USER.ALREADY_REGISTERED' }));
  });

  it('treats a user of another partnership as not found', () => {
    expect(when(given(registered), { type: 'ChangeRoles', partnershipId: 'p2', roles: ['auditor'] })).toThrow(expect.objectContaining({ code: 'USER.NOT_FOUND' }));
  });

  it('changes roles only when they differ', () => {
    expect(decide({ type: 'ChangeRoles', partnershipId: 'p1', roles: ['practitioner'] }, given(registered))).toEqual([]);
    expect(decide({ type: 'ChangeRoles', partnershipId: 'p1', roles: ['lag_chair', 'practitioner'] }, given(registered))).toEqual([
      { type: 'UserRolesChanged', data: { userId: 'u1', partnershipId: 'p1', roles: ['practitioner', 'lag_chair'] } },
    ]);
  });

  it('deactivates another user once, never oneself, and reactivates', () => {
    const state = given(registered);
    expect(when(state, { type: 'DeactivateUser', partnershipId: 'p1', actorUserId: 'u1', reason: 'left', now })).toThrow(expect.objectContaining({ code: 'USER.CANNOT_DEACTIVATE_SELF' }));
    const [deactivated] = decide({ type: 'DeactivateUser', partnershipId: 'p1', actorUserId: 'admin', reason: 'left the agency', now }, state);
    expect(deactivated.type).toBe('UserDeactivated');
    const after = evolve(state, deactivated);
    expect(decide({ type: 'DeactivateUser', partnershipId: 'p1', actorUserId: 'admin', reason: 'again', now }, after)).toEqual([]);
    expect(decide({ type: 'ReactivateUser', partnershipId: 'p1', now }, after)).toHaveLength(1);
  });

  it('names subject reservation streams without the subject in clear', () => {
    expect(subjectStream('jane.smith@essex.police.uk')).toMatch(/^user-subject-[0-9a-f]{40}$/);
    expect(subjectStream('a')).not.toEqual(subjectStream('b'));
  });
});
