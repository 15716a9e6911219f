import type { Actor } from '@hubline/access';
import type { LagActor } from '../domain';

/** The facts about the acting user that the referral decider judges who-may rules on. */
export const actingAs = (actor: Actor): LagActor => ({
  userId: actor.userId,
  agencyId: actor.agencyId,
  chair: actor.roles.includes('lag_chair'),
});
