import type { JsonValue } from '@hubline/event-store';
import { ERASED, type Erased, type PersonalDataVault, type Sealed } from '@hubline/privacy';
import type { SealedJson } from './domain/person';
import type { PersonalDetails } from './domain/personal-details';

/**
 * The people context's use of the vault: its details and references sealed with the person's key,
 * and opened again (a forgotten person's come back ERASED). Optional fields make PersonalDetails
 * wider than JSON for the compiler, though it never holds `undefined` once normalised.
 */
export function sealDetails(vault: PersonalDataVault, personId: string, details: PersonalDetails): Promise<SealedJson> {
  return vault.seal(personId, details as unknown as JsonValue);
}

export function sealReference(vault: PersonalDataVault, personId: string, reference: string): Promise<SealedJson> {
  return vault.seal(personId, reference);
}

export async function openDetails(
  vault: PersonalDataVault,
  items: Array<{ personId: string; sealed: Sealed | null }>,
): Promise<Array<PersonalDetails | Erased>> {
  return (await vault.openMany(items)) as unknown as Array<PersonalDetails | Erased>;
}

export async function openReferences(
  vault: PersonalDataVault,
  items: Array<{ personId: string; sealed: Sealed | null }>,
): Promise<Array<string | Erased>> {
  const opened = await vault.openMany(items);
  return opened.map((value) => (typeof value === 'string' ? value : ERASED));
}
