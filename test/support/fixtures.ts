import type { PartnershipSpec } from '@hubline/demo';

/** What several end-to-end specs share: a second partnership whose data must never show in Thurrock's. */

export const BASILDON_PC = 'pc.ward@basildon.demo';

/** A neighbouring partnership with one police practitioner; specs add agencies and users as they need. */
export const BASILDON: PartnershipSpec = {
  name: 'Basildon Community Safety Partnership',
  area: 'Basildon',
  agencies: [{ key: 'police', name: 'Essex Police', kind: 'police' }],
  localities: [{ name: 'Basildon Town', wards: ['Fryerns'] }],
  users: [{ subject: BASILDON_PC, displayName: 'PC Ward', agency: 'police', roles: ['practitioner'] }],
};
