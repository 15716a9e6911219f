/** The roles a partnership administrator can give a user. A route states which of them may call it. */
export const ROLES = [
  'practitioner',
  'lag_chair',
  'case_review_coordinator',
  'panel_member',
  'auditor',
  'partnership_admin',
] as const;
export type Role = (typeof ROLES)[number];

export const ALL_ROLES: Role[] = [...ROLES];

/** Who is acting: always a registered, active user acting for their agency, in one partnership. */
export interface Actor {
  userId: string;
  subject: string;
  displayName: string;
  partnershipId: string;
  agencyId: string;
  roles: Role[];
}
