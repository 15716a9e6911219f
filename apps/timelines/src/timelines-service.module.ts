import type { DynamicModule } from '@nestjs/common';
import type { HublineConfig } from '@hubline/config';
import { PEOPLE_MIGRATIONS } from '@hubline/people';
import { ServiceModule } from '@hubline/service';
import { SHARING_MIGRATIONS, SharingBasisModule } from '@hubline/sharing';
import { TIMELINES_MIGRATIONS, TIMELINES_PROJECTIONS, TimelinesModule } from '@hubline/timelines';

/**
 * The timelines service: the timeline routes and the one projection that feeds them. It reads
 * the people register (names, access, consultations) through its facade; the people service keeps
 * that read model current in the same database.
 */
export const timelinesService = (config: HublineConfig, databaseUrl: string): DynamicModule =>
  ServiceModule.register({
    name: 'timelines',
    config,
    databaseUrl,
    // The sharing basis is a reason in the access policy, so this service honours it too.
    contexts: [TimelinesModule, SharingBasisModule],
    migrations: [...PEOPLE_MIGRATIONS, ...TIMELINES_MIGRATIONS, ...SHARING_MIGRATIONS],
    projections: TIMELINES_PROJECTIONS,
  });
