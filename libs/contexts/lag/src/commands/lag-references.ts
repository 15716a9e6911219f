import { Injectable } from '@nestjs/common';
import { Users } from '@hubline/identity';
import { PartnershipDirectory } from '@hubline/partnerships';
import { PeopleDirectory } from '@hubline/people';
import { ReadYourWrites } from '@hubline/projections';
import { LagError } from '../domain';

/**
 * What the deciders cannot see, checked against the other contexts' read models before deciding:
 * that localities, wards, agencies, users and people belong to the actor's partnership and are
 * active. Who may act on a case is the referral decider's rule, not a check here. A refusal is
 * confirmed once the read models have caught up, so what the caller has just created counts.
 */
@Injectable()
export class LagReferences {
  constructor(
    private readonly partnerships: PartnershipDirectory,
    private readonly users: Users,
    private readonly people: PeopleDirectory,
    private readonly fresh: ReadYourWrites,
  ) {}

  async locality(partnershipId: string, localityId: string, wardId?: string | null): Promise<void> {
    return this.fresh.check(async () => {
      if (!(await this.partnerships.locality(partnershipId, localityId)))
        throw new LagError('LAG.UNKNOWN_LOCALITY', 'That locality is not a locality of your partnership.');
      if (!wardId) return;
      const ward = await this.partnerships.ward(partnershipId, wardId);
      if (!ward || ward.localityId !== localityId)
        throw new LagError('LAG.UNKNOWN_WARD', 'That ward is not a ward of this locality.');
    });
  }

  async activeAgency(partnershipId: string, agencyId: string): Promise<void> {
    return this.fresh.check(async () => {
      const agency = await this.partnerships.agency(partnershipId, agencyId);
      if (!agency || !agency.active)
        throw new LagError('LAG.UNKNOWN_AGENCY', 'That agency is not an active agency of your partnership.', {
          agencyId,
        });
    });
  }

  /** An active user of the partnership who acts for `agencyId`. */
  async userOfAgency(partnershipId: string, userId: string, agencyId: string): Promise<void> {
    return this.fresh.check(async () => {
      const user = await this.users.get(partnershipId, userId);
      if (!user || !user.active || user.agencyId !== agencyId)
        throw new LagError('LAG.UNKNOWN_USER', 'That user is not an active user of the agency named.', {
          userId,
          agencyId,
        });
    });
  }

  /** Every person registered in the partnership and neither merged nor forgotten. */
  async activePeople(partnershipId: string, personIds: string[]): Promise<void> {
    return this.fresh.check(async () => {
      for (const personId of personIds) {
        const status = await this.people.status(partnershipId, personId);
        if (!status)
          throw new LagError('LAG.UNKNOWN_PERSON', 'That person is not registered in your partnership.', { personId });
        if (status.status !== 'active') {
          throw new LagError(
            'LAG.PERSON_NOT_ACTIVE',
            `That person's record is ${status.status}; refer the current record.`,
            { personId, status: status.status, ...(status.mergedInto ? { mergedInto: status.mergedInto } : {}) },
          );
        }
      }
    });
  }
}
