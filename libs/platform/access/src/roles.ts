/** The roles a partnership administrator can give a user. A route states which of them may call it. */
export const ROLES = [
  'practitioner',
  'lag_chair',
  'case_review_coordinator',
  'panel_member',
  /** The Police, Fire and Crime Commissioner's office: reviews only the ASB case reviews escalated to it. */
  'pfcc_reviewer',
  'auditor',
  'partnership_admin',
] as const;
export type Role = (typeof ROLES)[number];

export const ALL_ROLES: Role[] = [...ROLES];

/**
 * The one role outside every partnership: it creates partnerships and their first administrator,
 * and lists partnerships. No partnership administrator can give it, and "any role" never includes
 * it; only routes that name it let it through (docs/decisions/0014-platform-administration.md).
 */
export const PLATFORM_ADMIN = 'platform_admin' as const;
export type PlatformRole = typeof PLATFORM_ADMIN;

/** What a route may state in @Roles: partnership roles, or the platform role. */
export type RouteRole = Role | PlatformRole;

/** Who is acting: always a registered, active user acting for their agency, in one partnership. */
export interface Actor {
  userId: string;
  subject: string;
  displayName: string;
  partnershipId: string;
  agencyId: string;
  roles: Role[];
}

/** A platform administrator: acts for no agency and belongs to no partnership. */
export interface PlatformActor {
  platformAdminId: string;
  subject: string;
  displayName: string;
}
