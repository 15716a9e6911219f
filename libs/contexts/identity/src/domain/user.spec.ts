import { deciderSpec } from '@hubline/testing';
import { decide, evolve, initialState, subjectStream, type UserCommand, type UserEvent, type UserState } from './user';

const user = deciderSpec<UserCommand, UserState, UserEvent>({ decide, evolve, initialState });
const now = '2026-11-23T10:00:00.000Z';
const registered: UserEvent = {
  type: 'UserRegistered',
  data: {
    userId: 'u1',
    partnershipId: 'p1',
    subject: 'sub-1',
    displayName: 'PC Jones',
    agencyId: 'a1',
    roles: ['practitioner'],
    registeredAt: now,
  },
};

describe('user decider', () => {
  it('registers a user with known, de-duplicated roles in a fixed order', () => {
    user
      .given()
      .when({
        type: 'RegisterUser',
        userId: 'u1',
        partnershipId: 'p1',
        subject: 'sub-1',
        displayName: ' PC Jones ',
        agencyId: 'a1',
        roles: ['auditor', 'practitioner', 'auditor'],
        now,
      })
      .then(([event]) =>
        expect(event).toMatchObject({
          type: 'UserRegistered',
          data: { displayName: 'PC Jones', roles: ['practitioner', 'auditor'] },
        }),
      );
  });

  it('refuses no roles, unknown roles and a second registration', () => {
    const register = (roles: string[]): UserCommand => ({
      type: 'RegisterUser',
      userId: 'u1',
      partnershipId: 'p1',
      subject: 's',
      displayName: 'x',
      agencyId: 'a1',
      roles: roles as never,
      now,
    });
    user.given().when(register([])).thenThrows('USER.INVALID_ROLES');
    user
      .given()
      .when(register(['superuser']))
      .thenThrows('USER.INVALID_ROLES');
    user
      .given(registered)
      .when(register(['practitioner']))
      .thenThrows('USER.ALREADY_REGISTERED');
  });

  it('treats a user of another partnership as not found', () => {
    user
      .given(registered)
      .when({ type: 'ChangeRoles', partnershipId: 'p2', roles: ['auditor'] })
      .thenThrows('USER.NOT_FOUND');
  });

  it('changes roles only when they differ', () => {
    user
      .given(registered)
      .when({ type: 'ChangeRoles', partnershipId: 'p1', roles: ['practitioner'] })
      .thenNothing();
    user
      .given(registered)
      .when({ type: 'ChangeRoles', partnershipId: 'p1', roles: ['lag_chair', 'practitioner'] })
      .then([
        { type: 'UserRolesChanged', data: { userId: 'u1', partnershipId: 'p1', roles: ['practitioner', 'lag_chair'] } },
      ]);
  });

  it('deactivates another user once, never oneself, and reactivates', () => {
    user
      .given(registered)
      .when({ type: 'DeactivateUser', partnershipId: 'p1', actorUserId: 'u1', reason: 'left', now })
      .thenThrows('USER.CANNOT_DEACTIVATE_SELF');
    const [deactivated] = user
      .given(registered)
      .when({ type: 'DeactivateUser', partnershipId: 'p1', actorUserId: 'admin', reason: 'left the agency', now })
      .then((events) => expect(events.map((e) => e.type)).toEqual(['UserDeactivated']));
    user
      .given(registered, deactivated)
      .when({ type: 'DeactivateUser', partnershipId: 'p1', actorUserId: 'admin', reason: 'again', now })
      .thenNothing();
    user
      .given(registered, deactivated)
      .when({ type: 'ReactivateUser', partnershipId: 'p1', now })
      .then((events) => expect(events).toHaveLength(1));
  });

  it('names subject reservation streams without the subject in clear', () => {
    expect(subjectStream('jane.smith@essex.police.uk')).toMatch(/^user-subject-[0-9a-f]{40}$/);
    expect(subjectStream('a')).not.toEqual(subjectStream('b'));
  });
});
