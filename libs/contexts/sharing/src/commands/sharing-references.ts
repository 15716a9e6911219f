import { Injectable } from '@nestjs/common';
import { PersonalDataPolicy, type Actor } from '@hubline/access';
import { PartnershipDirectory } from '@hubline/partnerships';
import { PeopleDirectory } from '@hubline/people';
import { ReadYourWrites } from '@hubline/projections';
import { SharingError } from '../domain';

/**
 * What the deciders cannot see, checked against other contexts' read models before deciding:
 * that agencies, localities and people belong to the actor's partnership and are active, and
 * that the disclosing agency holds the people's data itself. A refusal is confirmed once the read
 * models have caught up, so what the caller has just created counts.
 */
@Injectable()
export class SharingReferences {
  constructor(
    private readonly partnerships: PartnershipDirectory,
    private readonly people: PeopleDirectory,
    private readonly policy: PersonalDataPolicy,
    private readonly fresh: ReadYourWrites,
  ) {}

  async activeAgencies(partnershipId: string, agencyIds: string[]): Promise<void> {
    return this.fresh.check(async () => {
      const active = new Set(
        (await this.partnerships.agencies(partnershipId)).filter((a) => a.active).map((a) => a.agencyId),
      );
      const unknown = [...new Set(agencyIds)].filter((id) => !active.has(id));
      if (unknown.length)
        throw new SharingError('SHARING.UNKNOWN_AGENCY', 'Not an active agency of your partnership.', {
          agencyIds: unknown,
        });
    });
  }

  /** The locality's LAG partners: every active agency of the partnership, as there is no per-locality membership. */
  async lagPartners(partnershipId: string, localityId: string): Promise<string[]> {
    return this.fresh.check(async () => {
      if (!(await this.partnerships.locality(partnershipId, localityId)))
        throw new SharingError('SHARING.UNKNOWN_LOCALITY', 'That locality is not a locality of your partnership.');
      return (await this.partnerships.agencies(partnershipId)).filter((a) => a.active).map((a) => a.agencyId);
    });
  }

  async activePeople(partnershipId: string, personIds: string[]): Promise<void> {
    return this.fresh.check(async () => {
      for (const personId of new Set(personIds)) {
        const status = await this.people.status(partnershipId, personId);
        if (!status)
          throw new SharingError('SHARING.UNKNOWN_PERSON', 'That person is not registered in your partnership.', {
            personId,
          });
        if (status.status !== 'active')
          throw new SharingError('SHARING.PERSON_NOT_ACTIVE', `That person's record is ${status.status}.`, {
            personId,
            status: status.status,
          });
      }
    });
  }

  /**
   * An agency discloses what it holds: it registered the person, holds its own reference, or works
   * an open case about them. Data it only received under a sharing basis is not its to pass on.
   */
  async heldBy(actor: Actor, personIds: string[]): Promise<void> {
    return this.fresh.check(async () => {
      const access = await this.policy.assess(actor, personIds);
      const notHeld = personIds.filter(
        (id) => !access.get(id)?.reasons.some((r) => r === 'recorded_by_agency' || r === 'open_case'),
      );
      if (notHeld.length)
        throw new SharingError(
          'SHARING.NOT_HELD_BY_AGENCY',
          "Your agency does not hold these people's records, so it cannot disclose them.",
          { personIds: notHeld },
        );
    });
  }
}
