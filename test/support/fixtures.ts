import type { PartnershipSpec } from '@hubline/demo';

/**
 * What several end-to-end specs share: calendar days as the partnership counts them, and a second
 * partnership whose data must never show in Thurrock's.
 */

/** The Europe/London calendar day of an instant, `YYYY-MM-DD`. */
export const londonDay = (d: Date): string => new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/London', year: 'numeric', month: '2-digit', day: '2-digit' }).format(d);

/** The calendar day `n` days after `day` (before, when negative). */
export const addDays = (day: string, n: number): string => new Date(Date.parse(`${day}T00:00:00Z`) + n * 86_400_000).toISOString().slice(0, 10);

export const BASILDON_PC = 'pc.ward@basildon.demo';

/** A neighbouring partnership with one police practitioner; specs add agencies and users as they need. */
export const BASILDON: PartnershipSpec = {
  name: 'Basildon Community Safety Partnership',
  area: 'Basildon',
  agencies: [{ key: 'police', name: 'Essex Police', kind: 'police' }],
  localities: [{ name: 'Basildon Town', wards: ['Fryerns'] }],
  users: [{ subject: BASILDON_PC, displayName: 'PC Ward', agency: 'police', roles: ['practitioner'] }],
};
