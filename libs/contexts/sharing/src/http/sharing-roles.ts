import type { Role } from '@hubline/access';

/** Who records consents and disclosures: the people who work cases for their agency. */
export const SHARERS: Role[] = ['practitioner', 'lag_chair', 'case_review_coordinator'];
/** Consents and disclosures hold ids and codes only, so the auditor and the sharers may read them. */
export const SHARING_READERS: Role[] = [...SHARERS, 'auditor'];
export const ADMIN: Role[] = ['partnership_admin'];

/** "Roles: a, b." for an operation summary: the role matrix test reads it. */
export const rolesText = (roles: Role[]) => `Roles: ${roles.join(', ')}.`;
