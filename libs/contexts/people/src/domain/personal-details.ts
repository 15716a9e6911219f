/**
 * A person's personal data as it is sealed (encrypted with the person's own key) inside events and
 * the read model. Nothing here is ever stored in clear.
 */

/** The protected characteristics of the Equality Act 2010 (s.4), as codes; hate-crime referrals name them. */
export const PROTECTED_CHARACTERISTICS = [
  'age',
  'disability',
  'gender_reassignment',
  'marriage_civil_partnership',
  'pregnancy_maternity',
  'race',
  'religion_belief',
  'sex',
  'sexual_orientation',
] as const;
export type ProtectedCharacteristic = (typeof PROTECTED_CHARACTERISTICS)[number];

export const CONTACT_METHODS = ['phone', 'email', 'letter', 'in_person'] as const;
export type ContactMethod = (typeof CONTACT_METHODS)[number];

// Type aliases (not interfaces) so the sealed JSON type-checks as JSON.
export type Address = { lines: string[]; town?: string };
export type ContactPreferences = { method: ContactMethod; notes?: string; safeToLeaveMessage?: boolean };

export type PersonalDetails = {
  givenName: string;
  familyName: string;
  aliases: string[];
  /** YYYY-MM-DD. */
  dateOfBirth?: string;
  address?: Address;
  /** Upper case, outward and inward code separated by one space. */
  postcode?: string;
  contactPreferences?: ContactPreferences;
  vulnerabilities: string[];
  protectedCharacteristics: ProtectedCharacteristic[];
};

const tidy = (s: string) => s.trim().replace(/\s+/g, ' ');
const tidyAll = (list: string[] | undefined) => [...new Set((list ?? []).map(tidy).filter((s) => s.length > 0))];

/** "rm176sl" and "RM17 6SL " are the same postcode: stored as "RM17 6SL". */
export function formatPostcode(postcode: string): string {
  const compact = postcode.toUpperCase().replace(/[^A-Z0-9]/g, '');
  return compact.length > 3 ? `${compact.slice(0, -3)} ${compact.slice(-3)}` : compact;
}

/** One spelling of the same facts, so re-registering or re-saving does not differ by whitespace or case. */
export function normaliseDetails(input: PersonalDetails): PersonalDetails {
  const details: PersonalDetails = {
    givenName: tidy(input.givenName),
    familyName: tidy(input.familyName),
    aliases: tidyAll(input.aliases),
    vulnerabilities: tidyAll(input.vulnerabilities),
    protectedCharacteristics: PROTECTED_CHARACTERISTICS.filter((c) =>
      (input.protectedCharacteristics ?? []).includes(c),
    ),
  };
  if (input.dateOfBirth) details.dateOfBirth = input.dateOfBirth;
  if (input.address) {
    const lines = input.address.lines.map(tidy).filter((l) => l.length > 0);
    const town = input.address.town ? tidy(input.address.town) : undefined;
    if (lines.length || town) details.address = { lines, ...(town ? { town } : {}) };
  }
  if (input.postcode) details.postcode = formatPostcode(input.postcode);
  if (input.contactPreferences) {
    const { method, notes, safeToLeaveMessage } = input.contactPreferences;
    details.contactPreferences = {
      method,
      ...(notes?.trim() ? { notes: notes.trim() } : {}),
      ...(safeToLeaveMessage !== undefined ? { safeToLeaveMessage } : {}),
    };
  }
  return details;
}
