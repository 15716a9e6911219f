import type { SearchToken, SearchTokenizer } from '@hubline/privacy';
import type { PersonalDetails } from '../domain/personal-details';

const unique = (tokens: SearchToken[]) => [...new Map(tokens.map((t) => [t.token, t])).values()];

/**
 * The keyed search tokens of a person's details: each name (given, family, every alias) by part
 * and by sound, the date of birth and the postcode. Tokens are HMACs scoped to the partnership,
 * never the terms themselves.
 */
export function detailTokens(
  tokenizer: SearchTokenizer,
  partnershipId: string,
  details: PersonalDetails,
): SearchToken[] {
  const tokens = [details.givenName, details.familyName, ...details.aliases].flatMap((name) =>
    tokenizer.name(partnershipId, name),
  );
  if (details.dateOfBirth) tokens.push(tokenizer.dateOfBirth(partnershipId, details.dateOfBirth));
  if (details.postcode) tokens.push(tokenizer.postcode(partnershipId, details.postcode));
  return unique(tokens);
}

/** Sound tokens of a name; a person matches a searched name when they hold every one of them. */
export function nameSoundTokens(tokenizer: SearchTokenizer, partnershipId: string, name: string): string[] {
  return [
    ...new Set(
      tokenizer
        .name(partnershipId, name)
        .filter((t) => t.kind === 'name_sound')
        .map((t) => t.token),
    ),
  ];
}
