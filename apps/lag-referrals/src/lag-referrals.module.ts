import type { DynamicModule } from '@nestjs/common';
import type { HublineConfig } from '@hubline/config';
import { ENFORCEMENT_MIGRATIONS, ENFORCEMENT_PROJECTIONS, EnforcementModule } from '@hubline/enforcement';
import { LAG_MIGRATIONS, LAG_PROJECTIONS, LagModule } from '@hubline/lag';
import { PEOPLE_MIGRATIONS } from '@hubline/people';
import { ServiceModule } from '@hubline/service';
import { SHARING_MIGRATIONS, SharingBasisModule } from '@hubline/sharing';

/**
 * The Locality Action Group service on its own, with the enforcement orders taken in its cases. It
 * feeds only the LAG and enforcement projections: the read
 * models of users, partnerships, people and access are fed by the service that owns them (the
 * people service, or the hub) on the same database. It runs their migrations too, so it can start
 * first: migrations run once, under a lock, whichever service gets there first.
 */
export const lagReferralsService = (config: HublineConfig, databaseUrl: string): DynamicModule =>
  ServiceModule.register({
    name: 'lag-referrals',
    config,
    databaseUrl,
    // The sharing basis is a reason in the access policy, so this service honours it too.
    // Enforcement orders are taken in LAG cases, so this service records them too.
    contexts: [LagModule, EnforcementModule, SharingBasisModule],
    migrations: [...PEOPLE_MIGRATIONS, ...LAG_MIGRATIONS, ...SHARING_MIGRATIONS, ...ENFORCEMENT_MIGRATIONS],
    projections: [...LAG_PROJECTIONS, ...ENFORCEMENT_PROJECTIONS],
  });
