import { deciderSpec } from '@hubline/testing';
import {
  decide,
  evolve,
  initialState,
  type PlatformAdminCommand,
  type PlatformAdminEvent,
  type PlatformAdminState,
} from './platform-admin';

const platformAdmin = deciderSpec<PlatformAdminCommand, PlatformAdminState, PlatformAdminEvent>({
  decide,
  evolve,
  initialState,
});
const now = '2026-11-23T10:00:00.000Z';
const registered: PlatformAdminEvent = {
  type: 'PlatformAdminRegistered',
  data: { platformAdminId: 'pa1', subject: 'hub.manager@essex.gov.uk', displayName: 'Sam Hub', registeredAt: now },
};

describe('platform administrator decider', () => {
  it('registers a platform administrator once, with a trimmed name', () => {
    platformAdmin
      .given()
      .when({
        type: 'RegisterPlatformAdmin',
        platformAdminId: 'pa1',
        subject: 'hub.manager@essex.gov.uk',
        displayName: ' Sam Hub ',
        now,
      })
      .then([registered]);
    platformAdmin
      .given(registered)
      .when({ type: 'RegisterPlatformAdmin', platformAdminId: 'pa1', subject: 'x', displayName: 'x', now })
      .thenThrows('PLATFORM_ADMIN.ALREADY_REGISTERED');
  });

  it('deactivates and reactivates; repeating either changes nothing', () => {
    const deactivated: PlatformAdminEvent = {
      type: 'PlatformAdminDeactivated',
      data: { platformAdminId: 'pa1', reason: 'left the county team', deactivatedAt: now },
    };
    platformAdmin
      .given(registered)
      .when({ type: 'DeactivatePlatformAdmin', reason: ' left the county team ', now })
      .then([deactivated]);
    platformAdmin
      .given(registered, deactivated)
      .when({ type: 'DeactivatePlatformAdmin', reason: 'again', now })
      .thenNothing();
    platformAdmin
      .given(registered, deactivated)
      .when({ type: 'ReactivatePlatformAdmin', now })
      .then([{ type: 'PlatformAdminReactivated', data: { platformAdminId: 'pa1', reactivatedAt: now } }]);
    platformAdmin.given(registered).when({ type: 'ReactivatePlatformAdmin', now }).thenNothing();
  });

  it('knows no one before registration', () => {
    platformAdmin
      .given()
      .when({ type: 'DeactivatePlatformAdmin', reason: 'x', now })
      .thenThrows('PLATFORM_ADMIN.NOT_FOUND');
  });
});
