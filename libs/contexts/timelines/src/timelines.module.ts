import { Module } from '@nestjs/common';
import { PartnershipDirectoryModule } from '@hubline/partnerships';
import { PeopleDirectoryModule } from '@hubline/people';
import { TimelinesController } from './http/timelines.controller';
import { TimelineProjection } from './projections/timeline.projection';
import { TimelineReader } from './queries/read-timeline/timeline-reader';
import { TimelineTables } from './queries/read-timeline/timeline-tables';

/** Victims' and offenders' timelines, read from the timelines projection; names and access come from the people register. */
@Module({
  imports: [PartnershipDirectoryModule, PeopleDirectoryModule],
  controllers: [TimelinesController],
  providers: [TimelineReader, TimelineTables],
})
export class TimelinesModule {}

/** The app that serves timelines must run this projection (or share a database with one that does). */
export const TIMELINES_PROJECTIONS = [TimelineProjection];
