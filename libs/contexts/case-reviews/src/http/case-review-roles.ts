import type { Role } from '@hubline/access';

/** The single point of contact: records applications and runs every step of a review. */
export const COORDINATOR: Role[] = ['case_review_coordinator'];
/** Who reads reviews: the coordinator, panel members, and PFCC reviewers (only what was escalated to them). */
export const REVIEW_READERS: Role[] = ['case_review_coordinator', 'panel_member', 'pfcc_reviewer'];
/** The panel's work: findings and recommendations. */
export const PANEL: Role[] = ['case_review_coordinator', 'panel_member'];
/** Officers of partner agencies who answer information requests and carry out recommendations. */
export const AGENCY_OFFICERS: Role[] = ['practitioner', 'lag_chair', 'case_review_coordinator', 'panel_member'];
export const PFCC: Role[] = ['pfcc_reviewer'];
/** The applicant's request to the PFCC's office is recorded by the coordinator or by the office itself. */
export const ESCALATION_RECORDERS: Role[] = ['case_review_coordinator', 'pfcc_reviewer'];
export const ADMIN: Role[] = ['partnership_admin'];
export const FIGURES_READERS: Role[] = ['case_review_coordinator', 'partnership_admin'];

/** "Roles: a, b." for an operation summary. */
export const rolesText = (roles: Role[]) => `Roles: ${roles.join(', ')}.`;
