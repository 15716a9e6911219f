import type { DynamicModule } from '@nestjs/common';
import {
  ASB_REPORTS_MIGRATIONS,
  ASB_REPORTS_PROJECTIONS,
  ASB_REPORTS_REACTORS,
  AsbReportsModule,
} from '@hubline/asb-reports';
import { CASE_REVIEWS_MIGRATIONS, CASE_REVIEWS_PROJECTIONS, CaseReviewsModule } from '@hubline/case-reviews';
import type { HublineConfig } from '@hubline/config';
import { PEOPLE_MIGRATIONS } from '@hubline/people';
import { ServiceModule } from '@hubline/service';
import { SHARING_MIGRATIONS, SharingBasisModule } from '@hubline/sharing';

/**
 * ASB reports and ASB Case Reviews as a service of their own. It feeds only their projections
 * (and the ASB reports' reactor): the read models of users, partnerships, people, access and
 * sharing (with the disclosures an answered information request records) are fed by the service
 * that owns them (the people service, or the hub) on the same database. It runs their migrations
 * too, so it can start first.
 */
export const caseReviewsService = (config: HublineConfig, databaseUrl: string): DynamicModule =>
  ServiceModule.register({
    name: 'case-reviews',
    config,
    databaseUrl,
    // The sharing basis is a reason in the access policy, so this service honours it too.
    contexts: [AsbReportsModule, CaseReviewsModule, SharingBasisModule],
    migrations: [...PEOPLE_MIGRATIONS, ...SHARING_MIGRATIONS, ...ASB_REPORTS_MIGRATIONS, ...CASE_REVIEWS_MIGRATIONS],
    projections: [...ASB_REPORTS_PROJECTIONS, ...CASE_REVIEWS_PROJECTIONS],
    reactors: ASB_REPORTS_REACTORS,
  });
