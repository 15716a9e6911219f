import type { DynamicModule } from '@nestjs/common';
import type { HublineConfig } from '@hubline/config';
import { LAG_MIGRATIONS, LAG_PROJECTIONS, LagModule } from '@hubline/lag';
import { PEOPLE_MIGRATIONS } from '@hubline/people';
import { ServiceModule } from '@hubline/service';

/**
 * The Locality Action Group service on its own. It feeds only the LAG projections: the read
 * models of users, partnerships, people and access are fed by the service that owns them (the
 * people service, or the hub) on the same database. It runs their migrations too, so it can start
 * first: migrations run once, under a lock, whichever service gets there first.
 */
export const lagReferralsService = (config: HublineConfig, databaseUrl: string): DynamicModule =>
  ServiceModule.register({
    name: 'lag-referrals',
    config,
    databaseUrl,
    contexts: [LagModule],
    migrations: [...PEOPLE_MIGRATIONS, ...LAG_MIGRATIONS],
    projections: LAG_PROJECTIONS,
  });
