import { nameParts, soundex } from '@hubline/privacy';

/**
 * Jaro-Winkler similarity of two strings, 0 (nothing alike) to 1 (equal): the measure record-linkage
 * tools use for names, as it forgives the transpositions and vowel slips of names taken down by ear
 * and weighs a shared beginning more ("Aysha"/"Aisha", "Witmore"/"Whitmore").
 */
export function jaroWinkler(a: string, b: string): number {
  if (a === b) return a.length ? 1 : 0;
  if (!a.length || !b.length) return 0;
  const window = Math.max(0, Math.floor(Math.max(a.length, b.length) / 2) - 1);
  const aMatched = new Array<boolean>(a.length).fill(false);
  const bMatched = new Array<boolean>(b.length).fill(false);
  let matches = 0;
  for (let i = 0; i < a.length; i++) {
    for (let j = Math.max(0, i - window); j <= Math.min(b.length - 1, i + window); j++) {
      if (bMatched[j] || a[i] !== b[j]) continue;
      aMatched[i] = bMatched[j] = true;
      matches++;
      break;
    }
  }
  if (matches === 0) return 0;
  let transpositions = 0;
  for (let i = 0, j = 0; i < a.length; i++) {
    if (!aMatched[i]) continue;
    while (!bMatched[j]) j++;
    if (a[i] !== b[j]) transpositions++;
    j++;
  }
  const m = matches;
  const jaro = (m / a.length + m / b.length + (m - transpositions / 2) / m) / 3;
  let prefix = 0;
  while (prefix < Math.min(4, a.length, b.length) && a[prefix] === b[prefix]) prefix++;
  return jaro + prefix * 0.1 * (1 - jaro);
}

/** How alike two name parts are: Jaro-Winkler, and at least 0.9 when they sound alike (Soundex). */
function partSimilarity(a: string, b: string): number {
  const jw = jaroWinkler(a, b);
  return soundex(a) === soundex(b) ? Math.max(jw, 0.9) : jw;
}

export interface PersonNames {
  givenName: string;
  familyName: string;
  aliases: string[];
}

/** A full name as given and family parts: an alias's last word is its family name. */
function fullNames(p: PersonNames): Array<{ given: string; family: string }> {
  const names = [{ given: nameParts(p.givenName).join(' '), family: nameParts(p.familyName).join(' ') }];
  for (const alias of p.aliases) {
    const parts = nameParts(alias);
    if (parts.length >= 2) names.push({ given: parts.slice(0, -1).join(' '), family: parts[parts.length - 1] });
  }
  return names.filter((n) => n.given || n.family);
}

/**
 * How alike two people's names are, 0 to 1, on normalised names (lower case, accents and
 * punctuation removed): the best pairing of their names (each alias counts as a name), the family
 * name weighing more than the given name, given and family also tried the other way round (names
 * recorded in the wrong boxes).
 */
export function nameSimilarity(a: PersonNames, b: PersonNames): number {
  let best = 0;
  for (const x of fullNames(a))
    for (const y of fullNames(b)) {
      const straight = 0.4 * partSimilarity(x.given, y.given) + 0.6 * partSimilarity(x.family, y.family);
      const swapped = 0.4 * partSimilarity(x.given, y.family) + 0.6 * partSimilarity(x.family, y.given);
      best = Math.max(best, straight, swapped * 0.95);
    }
  return Math.round(best * 1000) / 1000;
}

/** The same date with day and month swapped, when that is another valid date ("1985-03-07" → "1985-07-03"). */
export function transposedDate(isoDate: string): string | null {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(isoDate);
  if (!m || m[2] === m[3] || Number(m[3]) > 12) return null;
  return `${m[1]}-${m[3]}-${m[2]}`;
}
