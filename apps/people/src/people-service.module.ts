import type { DynamicModule } from '@nestjs/common';
import { ACCESS_PROJECTIONS } from '@hubline/access';
import { ASB_REPORTS_MIGRATIONS } from '@hubline/asb-reports';
import { CASE_REVIEWS_MIGRATIONS } from '@hubline/case-reviews';
import { AUDIT_MIGRATIONS, AUDIT_PROJECTIONS, AuditModule } from '@hubline/audit';
import type { HublineConfig } from '@hubline/config';
import { IDENTITY_PROJECTIONS, IdentityModule } from '@hubline/identity';
import { PARTNERSHIPS_PROJECTIONS, PartnershipsModule } from '@hubline/partnerships';
import { LAG_MIGRATIONS } from '@hubline/lag';
import { PEOPLE_MIGRATIONS, PEOPLE_PROJECTIONS, PeopleModule } from '@hubline/people';
import { RetentionModule } from '@hubline/retention';
import { ServiceModule } from '@hubline/service';
import { SHARING_MIGRATIONS, SHARING_PROJECTIONS, SHARING_REACTORS, SharingModule } from '@hubline/sharing';

/**
 * The people and access service: partnership and user administration, people, the consultation
 * log, information sharing, signed log checkpoints, and the projections behind them (which every other service reads
 * through their facades).
 */
export const peopleService = (config: HublineConfig, databaseUrl: string): DynamicModule =>
  ServiceModule.register({
    name: 'people',
    config,
    databaseUrl,
    contexts: [PartnershipsModule, IdentityModule, PeopleModule, AuditModule, SharingModule, RetentionModule],
    // Retention reads the LAG's, the ASB reports' and the case reviews' read models (fed by the services that run them):
    // their tables exist whichever service starts first.
    migrations: [
      ...PEOPLE_MIGRATIONS,
      ...LAG_MIGRATIONS,
      ...AUDIT_MIGRATIONS,
      ...SHARING_MIGRATIONS,
      ...ASB_REPORTS_MIGRATIONS,
      ...CASE_REVIEWS_MIGRATIONS,
    ],
    projections: [
      ...ACCESS_PROJECTIONS,
      ...PARTNERSHIPS_PROJECTIONS,
      ...IDENTITY_PROJECTIONS,
      ...PEOPLE_PROJECTIONS,
      ...AUDIT_PROJECTIONS,
      ...SHARING_PROJECTIONS,
    ],
    reactors: SHARING_REACTORS,
  });
