import { Injectable } from '@nestjs/common';
import { LagCaseRecords } from '@hubline/lag';
import { PartnershipDirectory, type AgencyKind } from '@hubline/partnerships';
import { PeopleDirectory } from '@hubline/people';
import { ReadYourWrites } from '@hubline/projections';
import { EnforcementError } from '../domain';

/**
 * What the deciders cannot see, checked against the other contexts' read models before deciding:
 * the acting agency (and its kind, which decides what it may serve), the person, and the LAG case
 * an order is linked to. A refusal is confirmed once the read models have caught up, so what the
 * caller just created counts.
 */
@Injectable()
export class EnforcementReferences {
  constructor(
    private readonly partnerships: PartnershipDirectory,
    private readonly people: PeopleDirectory,
    private readonly cases: LagCaseRecords,
    private readonly fresh: ReadYourWrites,
  ) {}

  async activeAgencyKind(partnershipId: string, agencyId: string): Promise<AgencyKind> {
    return this.fresh.check(async () => {
      const agency = await this.partnerships.agency(partnershipId, agencyId);
      if (!agency || !agency.active)
        throw new EnforcementError(
          'ENFORCEMENT.UNKNOWN_AGENCY',
          'Your agency is not an active agency of your partnership.',
        );
      return agency.kind;
    });
  }

  /** The person is registered in the partnership and neither merged nor forgotten. */
  async activePerson(partnershipId: string, personId: string): Promise<void> {
    return this.fresh.check(async () => {
      const status = await this.people.status(partnershipId, personId);
      if (!status)
        throw new EnforcementError('ENFORCEMENT.UNKNOWN_PERSON', 'That person is not registered in your partnership.');
      if (status.status !== 'active')
        throw new EnforcementError(
          'ENFORCEMENT.PERSON_NOT_ACTIVE',
          `That person's record is ${status.status}; name the current record.`,
          {
            status: status.status,
            ...(status.mergedInto ? { mergedInto: status.mergedInto } : {}),
          },
        );
    });
  }

  /** The LAG case is of the partnership and names the person (as victim or perpetrator). */
  async lagCaseNaming(partnershipId: string, caseId: string, personId: string): Promise<void> {
    return this.fresh.check(async () => {
      const namings = (await this.cases.namings(partnershipId)).filter((n) => n.caseId === caseId);
      if (namings.length === 0)
        throw new EnforcementError('ENFORCEMENT.UNKNOWN_LAG_CASE', 'That LAG case is not a case of your partnership.');
      if (!namings.some((n) => n.personId === personId))
        throw new EnforcementError(
          'ENFORCEMENT.PERSON_NOT_IN_LAG_CASE',
          'That LAG case does not name the person the order was served on.',
        );
    });
  }
}
