import type { Role } from '@hubline/access';

/** Who works LAG cases: they refer, reassess, report on their agency's actions and read cases. */
export const LAG_WORKERS: Role[] = ['practitioner', 'lag_chair'];
export const CHAIR: Role[] = ['lag_chair'];
/** Anyone acting for an agency who may have LAG actions to carry out (no narratives in that list). */
export const ACTION_OWNERS: Role[] = ['practitioner', 'lag_chair', 'panel_member', 'case_review_coordinator'];

/** "Roles: a, b." for an operation summary: the role matrix test reads it. */
export const rolesText = (roles: Role[]) => `Roles: ${roles.join(', ')}.`;
