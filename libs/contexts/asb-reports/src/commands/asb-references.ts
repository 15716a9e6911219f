import { Injectable } from '@nestjs/common';
import { PartnershipDirectory } from '@hubline/partnerships';
import { PeopleDirectory } from '@hubline/people';
import { ReadYourWrites } from '@hubline/projections';
import { AsbError } from '../domain';

/**
 * What the deciders cannot see, checked against the other contexts' read models before deciding:
 * the agency, the ward and the people belong to the actor's partnership and are active. A refusal
 * is confirmed once the read models have caught up, so what the caller just created counts.
 */
@Injectable()
export class AsbReferences {
  constructor(
    private readonly partnerships: PartnershipDirectory,
    private readonly people: PeopleDirectory,
    private readonly fresh: ReadYourWrites,
  ) {}

  async activeAgency(partnershipId: string, agencyId: string): Promise<void> {
    return this.fresh.check(async () => {
      const agency = await this.partnerships.agency(partnershipId, agencyId);
      if (!agency || !agency.active)
        throw new AsbError('ASB.UNKNOWN_AGENCY', 'Your agency is not an active agency of your partnership.');
    });
  }

  async ward(partnershipId: string, wardId: string): Promise<void> {
    return this.fresh.check(async () => {
      if (!(await this.partnerships.ward(partnershipId, wardId)))
        throw new AsbError('ASB.UNKNOWN_WARD', 'That ward is not a ward of your partnership.');
    });
  }

  /** Every person registered in the partnership and neither merged nor forgotten. */
  async activePeople(partnershipId: string, personIds: string[]): Promise<void> {
    return this.fresh.check(async () => {
      for (const personId of new Set(personIds)) {
        const status = await this.people.status(partnershipId, personId);
        if (!status)
          throw new AsbError('ASB.UNKNOWN_PERSON', 'That person is not registered in your partnership.', { personId });
        if (status.status !== 'active')
          throw new AsbError(
            'ASB.PERSON_NOT_ACTIVE',
            `That person's record is ${status.status}; name the current record.`,
            {
              personId,
              status: status.status,
              ...(status.mergedInto ? { mergedInto: status.mergedInto } : {}),
            },
          );
      }
    });
  }
}
