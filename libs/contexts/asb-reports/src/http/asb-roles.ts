import type { Role } from '@hubline/access';

/** Who records reports and explanations for their agency. */
export const RECORDERS: Role[] = ['practitioner', 'case_review_coordinator'];
/** Who reads reports (narratives through the personal-data policy); auditors use the audit routes instead. */
export const READERS: Role[] = [...RECORDERS, 'lag_chair', 'panel_member'];

/** "Roles: a, b." for an operation summary: the role matrix test reads it. */
export const rolesText = (roles: Role[]) => `Roles: ${roles.join(', ')}.`;
