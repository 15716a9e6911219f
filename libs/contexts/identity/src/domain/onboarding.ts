import { DomainError } from '@hubline/errors';
import { AGENCY_KINDS, type AgencyKind } from '@hubline/partnerships';

/**
 * Onboarding a partnership: register it, add its first agency, and register its first
 * partnership administrator (who acts for that agency). Three streams are written one after the
 * other, so every id derives from the partnership's name: a second run of the same onboarding
 * meets the same ids, finishes whatever the first left undone, and is refused once the first
 * administrator exists (docs/decisions/0014-platform-administration.md).
 */
export interface OnboardingRequest {
  name: string;
  /** The district the partnership covers; the name when absent. */
  area?: string;
  agencyName: string;
  agencyKind: AgencyKind;
  adminSubject: string;
  adminDisplayName: string;
  now: string;
}

export interface OnboardingPlan {
  partnershipId: string;
  name: string;
  area: string;
  agencyId: string;
  agencyName: string;
  agencyKind: AgencyKind;
  adminUserId: string;
  adminSubject: string;
  adminDisplayName: string;
  now: string;
}

export class OnboardingInvalidError extends DomainError {
  readonly code = 'ONBOARDING.INVALID';
  readonly kind = 'invalid';
}
export class PartnershipNameTakenError extends DomainError {
  readonly code = 'PARTNERSHIP.NAME_TAKEN';
  readonly kind = 'conflict';
}

/** Partnership names are compared ignoring case and runs of spaces: "Basildon  csp" is "Basildon CSP". */
export const nameKey = (name: string) => name.trim().replace(/\s+/g, ' ').toLowerCase();

const NAME = /^[^\u0000-\u001f<>]{2,120}$/;
const SUBJECT = /^[^\s\u0000-\u001f]{1,200}$/;

/** Derives a stable id from its parts (the event store's `stableId`): a retried onboarding gets the same ids. */
export type IdFrom = (...parts: string[]) => string;

export function planOnboarding(request: OnboardingRequest, stableId: IdFrom): OnboardingPlan {
  const name = request.name.trim().replace(/\s+/g, ' ');
  const area = (request.area ?? name).trim().replace(/\s+/g, ' ');
  const agencyName = request.agencyName.trim().replace(/\s+/g, ' ');
  const adminDisplayName = request.adminDisplayName.trim();
  const problems = [
    NAME.test(name) ? null : 'the partnership name must be 2 to 120 characters, without < > or control characters',
    NAME.test(area) ? null : 'the area must be 2 to 120 characters, without < > or control characters',
    NAME.test(agencyName) ? null : 'the agency name must be 2 to 120 characters, without < > or control characters',
    (AGENCY_KINDS as readonly string[]).includes(request.agencyKind)
      ? null
      : `the agency kind must be one of ${AGENCY_KINDS.join(', ')}`,
    SUBJECT.test(request.adminSubject)
      ? null
      : "the administrator's subject must be 1 to 200 characters without spaces",
    NAME.test(adminDisplayName)
      ? null
      : "the administrator's name must be 2 to 120 characters, without < > or control characters",
  ].filter((p): p is string => p !== null);
  if (problems.length)
    throw new OnboardingInvalidError(`Cannot onboard this partnership: ${problems.join('; ')}.`, { problems });
  const partnershipId = stableId('onboarded-partnership', nameKey(name));
  return {
    partnershipId,
    name,
    area,
    agencyId: stableId(partnershipId, 'agency', nameKey(agencyName)),
    agencyName,
    agencyKind: request.agencyKind,
    adminUserId: stableId(partnershipId, 'first-partnership-admin'),
    adminSubject: request.adminSubject,
    adminDisplayName,
    now: request.now,
  };
}

/**
 * Refuses an onboarding whose name another partnership already has (whatever made it: an earlier
 * onboarding, the demo seed), or whose partnership already has its first administrator. What is
 * left is a partnership that does not exist yet, or one an interrupted onboarding left without
 * its administrator: the run goes ahead and completes it.
 */
export function checkOnboarding(
  plan: OnboardingPlan,
  facts: { partnershipsWithName: string[]; firstAdminRegistered: boolean },
): void {
  const other = facts.partnershipsWithName.find((id) => id !== plan.partnershipId);
  if (other)
    throw new PartnershipNameTakenError(`A partnership named "${plan.name}" already exists.`, { partnershipId: other });
  if (facts.firstAdminRegistered)
    throw new PartnershipNameTakenError(
      `A partnership named "${plan.name}" already exists, with its first administrator.`,
      { partnershipId: plan.partnershipId },
    );
}
