import type { CommandBus } from '@nestjs/cqrs';
import type { Actor } from '@hubline/access';
import { ChangeCaseReviewSettings } from '@hubline/case-reviews';
import { stableId } from '@hubline/event-store';
import { ChangePartnership } from '@hubline/partnerships';
import type { SeededPartnership } from './reference-data';

/**
 * The partnership's ASB Case Review procedure as Essex partnerships run it: three qualifying
 * complaints in six months, or one hate incident; the ICB is a relevant body alongside the police
 * and the council. Running it again changes nothing (the same rules are no change).
 */
export async function seedCaseReviewProcedure(
  commands: CommandBus,
  partnership: SeededPartnership,
  admin: Actor,
): Promise<void> {
  const meta = {
    userId: admin.userId,
    agencyId: admin.agencyId,
    correlationId: stableId(partnership.partnershipId, 'case-review-procedure'),
  };
  if (partnership.agencies.icb)
    await commands.execute(
      new ChangePartnership(
        partnership.partnershipId,
        {
          type: 'SetAgencyCaseReviewRole',
          agencyId: partnership.agencies.icb,
          caseReviewRole: 'icb',
          now: new Date().toISOString(),
        },
        meta,
      ),
    );
  await commands.execute(
    new ChangeCaseReviewSettings(
      admin,
      {
        type: 'ChangeThresholdRules',
        rules: {
          qualifyingComplaints: 3,
          windowMonths: 6,
          oneHateIncidentMeets: true,
          community: { enabled: false, reports: 5, windowMonths: 6, minDistinctReporters: 2 },
          discretionAllowed: true,
        },
      },
      meta,
    ),
  );
}
