import { decide, evolve, initialState, type PlatformAdminCommand, type PlatformAdminEvent, type PlatformAdminState } from './platform-admin';

const now = '2026-11-23T10:00:00.000Z';
const given = (...events: PlatformAdminEvent[]): PlatformAdminState => events.reduce(evolve, initialState);
const registered: PlatformAdminEvent = { type: 'PlatformAdminRegistered', data: { platformAdminId: 'pa1', subject: 'hub.manager@essex.gov.uk', displayName: 'Sam Hub', registeredAt: now } };
const when = (state: PlatformAdminState, command: PlatformAdminCommand) => () => decide(command, state);

describe('platform administrator decider', () => {
  it('registers a platform administrator once, with a trimmed name', () => {
    expect(decide({ type: 'RegisterPlatformAdmin', platformAdminId: 'pa1', subject: 'hub.manager@essex.gov.uk', displayName: ' Sam Hub ', now }, initialState)).toEqual([registered]);
    expect(when(given(registered), { type: 'RegisterPlatformAdmin', platformAdminId: 'pa1', subject: 'x', displayName: 'x', now })).toThrow(expect.objectContaining({ code: 'PLATFORM_ADMIN.ALREADY_REGISTERED' }));
  });

  it('deactivates and reactivates; repeating either changes nothing', () => {
    const [deactivated] = decide({ type: 'DeactivatePlatformAdmin', reason: ' left the county team ', now }, given(registered));
    expect(deactivated).toEqual({ type: 'PlatformAdminDeactivated', data: { platformAdminId: 'pa1', reason: 'left the county team', deactivatedAt: now } });
    const after = given(registered, deactivated);
    expect(decide({ type: 'DeactivatePlatformAdmin', reason: 'again', now }, after)).toEqual([]);
    expect(decide({ type: 'ReactivatePlatformAdmin', now }, after)).toEqual([{ type: 'PlatformAdminReactivated', data: { platformAdminId: 'pa1', reactivatedAt: now } }]);
    expect(decide({ type: 'ReactivatePlatformAdmin', now }, given(registered))).toEqual([]);
  });

  it('knows no one before registration', () => {
    expect(when(initialState, { type: 'DeactivatePlatformAdmin', reason: 'x', now })).toThrow(expect.objectContaining({ code: 'PLATFORM_ADMIN.NOT_FOUND' }));
  });
});
