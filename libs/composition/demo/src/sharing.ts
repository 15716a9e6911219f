import type { CommandBus } from '@nestjs/cqrs';
import type { Actor } from '@hubline/access';
import { stableId } from '@hubline/event-store';
import { ChangeAgreement } from '@hubline/sharing';
import type { SeededPartnership } from './reference-data';

/**
 * The partnership's information sharing agreement for its case work, signed by the statutory
 * partners and the CVS (which attends every LAG). The ICB and the rape crisis centre have not
 * signed it: case work that brings them in would show in the auditor's exceptions.
 */
export async function seedSharingAgreement(
  commands: CommandBus,
  partnership: SeededPartnership,
  admin: Actor,
  now = new Date().toISOString(),
): Promise<string> {
  const a = partnership.agencies;
  const agreementId = stableId(partnership.partnershipId, 'sharing-agreement', 'community-safety');
  const startDate = new Date(Date.parse(now) - 200 * 86_400_000).toISOString().slice(0, 10);
  try {
    await commands.execute(
      new ChangeAgreement(
        admin,
        agreementId,
        {
          type: 'Agree',
          agreementId,
          partnershipId: partnership.partnershipId,
          title: 'Community safety information sharing agreement (ASB, hate crime and LAG case work)',
          parties: [a.police, a.asb, a.housing, a.yos, a.publicHealth, a.fire, a.probation, a.cvs].filter(Boolean),
          purposes: ['lag_case_coordination', 'asb_case_review', 'safeguarding', 'crime_and_disorder_reduction'],
          dataCategories: [
            'identity',
            'contact',
            'address',
            'incident_details',
            'risk_assessment',
            'vulnerabilities',
            'case_actions',
            'health',
            'criminal_offence',
            'special_category',
          ],
          lawfulBases: ['cda_1998_s115', 'uk_gdpr_6_1_e', 'uk_gdpr_9_2_g'],
          schedule1Conditions: [
            'dpa_sch1_p6_statutory_purposes',
            'dpa_sch1_p10_preventing_unlawful_acts',
            'dpa_sch1_p18_safeguarding',
          ],
          startDate,
          now,
        },
        { userId: admin.userId, agencyId: admin.agencyId, correlationId: 'seed' },
      ),
    );
  } catch (error) {
    if ((error as { code?: string }).code !== 'SHARING.AGREEMENT_EXISTS') throw error;
  }
  return agreementId;
}
