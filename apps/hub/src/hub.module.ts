import type { DynamicModule } from '@nestjs/common';
import { ACCESS_PROJECTIONS } from '@hubline/access';
import {
  ASB_REPORTS_MIGRATIONS,
  ASB_REPORTS_PROJECTIONS,
  ASB_REPORTS_REACTORS,
  AsbReportsModule,
} from '@hubline/asb-reports';
import { AUDIT_MIGRATIONS, AUDIT_PROJECTIONS, AuditModule } from '@hubline/audit';
import { CASE_REVIEWS_MIGRATIONS, CASE_REVIEWS_PROJECTIONS, CaseReviewsModule } from '@hubline/case-reviews';
import type { HublineConfig } from '@hubline/config';
import { ENFORCEMENT_MIGRATIONS, ENFORCEMENT_PROJECTIONS, EnforcementModule } from '@hubline/enforcement';
import { IDENTITY_PROJECTIONS, IdentityModule } from '@hubline/identity';
import { LAG_MIGRATIONS, LAG_PROJECTIONS, LagModule } from '@hubline/lag';
import { PARTNERSHIPS_PROJECTIONS, PartnershipsModule } from '@hubline/partnerships';
import { PEOPLE_MIGRATIONS, PEOPLE_PROJECTIONS, PeopleModule } from '@hubline/people';
import { RetentionModule } from '@hubline/retention';
import { ServiceModule } from '@hubline/service';
import { SHARING_MIGRATIONS, SHARING_PROJECTIONS, SHARING_REACTORS, SharingModule } from '@hubline/sharing';
import { TIMELINES_MIGRATIONS, TIMELINES_PROJECTIONS, TimelinesModule } from '@hubline/timelines';
import { WEB_MIGRATIONS, WebModule } from '@hubline/web';

export interface HubOptions {
  config: HublineConfig;
  /** The database actually in use (external, or the embedded one runService started). */
  databaseUrl: string;
}

/** The all-in-one process: every context's HTTP API, the web pages for officers, and every projection worker. */
export const HubModule = {
  register: ({ config, databaseUrl }: HubOptions): DynamicModule =>
    ServiceModule.register({
      name: 'hub',
      config,
      databaseUrl,
      contexts: [
        PartnershipsModule,
        IdentityModule,
        PeopleModule,
        LagModule,
        TimelinesModule,
        AuditModule,
        SharingModule,
        AsbReportsModule,
        CaseReviewsModule,
        EnforcementModule,
        RetentionModule,
        WebModule,
      ],
      migrations: [
        ...PEOPLE_MIGRATIONS,
        ...LAG_MIGRATIONS,
        ...TIMELINES_MIGRATIONS,
        ...AUDIT_MIGRATIONS,
        ...SHARING_MIGRATIONS,
        ...WEB_MIGRATIONS,
        ...ASB_REPORTS_MIGRATIONS,
        ...CASE_REVIEWS_MIGRATIONS,
        ...ENFORCEMENT_MIGRATIONS,
      ],
      projections: [
        ...ACCESS_PROJECTIONS,
        ...PARTNERSHIPS_PROJECTIONS,
        ...IDENTITY_PROJECTIONS,
        ...PEOPLE_PROJECTIONS,
        ...AUDIT_PROJECTIONS,
        ...LAG_PROJECTIONS,
        ...TIMELINES_PROJECTIONS,
        ...SHARING_PROJECTIONS,
        ...ASB_REPORTS_PROJECTIONS,
        ...CASE_REVIEWS_PROJECTIONS,
        ...ENFORCEMENT_PROJECTIONS,
      ],
      reactors: [...SHARING_REACTORS, ...ASB_REPORTS_REACTORS],
    }),
};
