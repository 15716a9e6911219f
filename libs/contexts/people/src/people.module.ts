import { Module } from '@nestjs/common';
import { PartnershipDirectoryModule } from '@hubline/partnerships';
import { ChangeDuplicateSettingsHandler } from './commands/change-duplicate-settings/change-duplicate-settings.handler';
import { AddAgencyReferenceHandler } from './commands/add-agency-reference/add-agency-reference.handler';
import { ChangePersonDetailsHandler } from './commands/change-details/change-details.handler';
import { ForgetPersonHandler } from './commands/forget-person/forget-person.handler';
import { MergePeopleHandler } from './commands/merge-people/merge-people.handler';
import { RegisterPersonHandler } from './commands/register-person/register-person.handler';
import { PeopleController } from './http/people.controller';
import { PeopleSettingsController } from './http/settings.controller';
import { PeopleDirectory } from './people-directory';
import { PeopleProjection } from './projections/people.projection';
import { PersonSearch } from './search/person-search';
import { PeopleSubjectAccess } from './subject-access/people-subject-access';

/** The facade other contexts use to show people (the policy and the consultation log included). */
@Module({
  imports: [PartnershipDirectoryModule],
  providers: [PeopleDirectory, PeopleSubjectAccess],
  exports: [PeopleDirectory, PeopleSubjectAccess],
})
export class PeopleDirectoryModule {}

/** The people register's API; other contexts use PeopleDirectoryModule and the published person events. */
@Module({
  imports: [PartnershipDirectoryModule, PeopleDirectoryModule],
  controllers: [PeopleController, PeopleSettingsController],
  providers: [
    RegisterPersonHandler,
    ChangePersonDetailsHandler,
    AddAgencyReferenceHandler,
    MergePeopleHandler,
    ForgetPersonHandler,
    ChangeDuplicateSettingsHandler,
    PersonSearch,
  ],
  exports: [PeopleDirectoryModule],
})
export class PeopleModule {}

export const PEOPLE_PROJECTIONS = [PeopleProjection];
