import { randomUUID } from 'node:crypto';
import { PLATFORM_ADMIN, ROLES, type RouteRole } from '@hubline/access';
import { seedPartnership, THURROCK } from '@hubline/demo';
import { ChangePlatformAdmin } from '@hubline/identity';
import { TestHub } from './test-hub';

/**
 * A hub with the demo partnership whose users are one per role, all of the ASB team, plus one
 * platform administrator: what a test that calls every route as every role starts from.
 * `userOf(role)` is the subject to call as.
 */
export async function hubWithOneUserPerRole(
  tag: string,
): Promise<{ hub: TestHub; userOf: (role: RouteRole) => string }> {
  const userOf = (role: RouteRole) => `only.${role}@${tag}.test`;
  const hub = await TestHub.start();
  await seedPartnership(hub.commands, {
    ...THURROCK,
    users: ROLES.map((role) => ({ subject: userOf(role), displayName: `Only ${role}`, agency: 'asb', roles: [role] })),
  });
  const platformAdminId = randomUUID();
  const register = {
    type: 'RegisterPlatformAdmin' as const,
    platformAdminId,
    subject: userOf(PLATFORM_ADMIN),
    displayName: 'Only platform_admin',
    now: new Date().toISOString(),
  };
  await hub.commands.execute(
    new ChangePlatformAdmin(platformAdminId, register, { userId: 'operator', correlationId: tag }),
  );
  await hub.settle();
  return { hub, userOf };
}
