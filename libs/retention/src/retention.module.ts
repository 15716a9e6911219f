import { Module } from '@nestjs/common';
import { PartnershipDirectoryModule } from '@hubline/partnerships';
import { PeopleDirectoryModule } from '@hubline/people';
import { RetentionController } from './http/retention.controller';
import { SubjectAccessController } from './http/subject-access.controller';
import { SubjectAccessExporter } from './subject-access/subject-access-export';
import { RetentionPolicies } from './sweep/retention-policies';
import { RetentionSweeper } from './sweep/retention-sweeper';

/**
 * Retention (the partnership's policy, legal holds, the sweep and its schedule) and subject access
 * exports. Reads the people, LAG, sharing and access read models on the same database, and forgets
 * through the people context's ForgetPerson command, so the app must also serve PeopleModule.
 */
@Module({
  imports: [PartnershipDirectoryModule, PeopleDirectoryModule],
  controllers: [RetentionController, SubjectAccessController],
  providers: [RetentionPolicies, RetentionSweeper, SubjectAccessExporter],
})
export class RetentionModule {}
