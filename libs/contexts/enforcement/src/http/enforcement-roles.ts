import type { Role } from '@hubline/access';

/** Who records orders, variations, discharges and breaches for their agency. */
export const OFFICERS: Role[] = ['practitioner'];
/** Who reads orders (people and texts through the personal-data policy); auditors use the audit routes instead. */
export const READERS: Role[] = ['practitioner', 'lag_chair', 'case_review_coordinator', 'panel_member'];
/** Who is warned of orders expiring while a LAG case is open. */
export const WARNED: Role[] = ['practitioner', 'lag_chair'];

/** "Roles: a, b." for an operation summary. */
export const rolesText = (roles: Role[]) => `Roles: ${roles.join(', ')}.`;
