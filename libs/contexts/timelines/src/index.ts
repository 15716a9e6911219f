import { CreateTimelineTables1763871500000 } from './migrations/1763871500000-create-timeline-tables';
import { TimelineOrders1765300100000 } from './migrations/1765300100000-timeline-orders';
import { TimelineEntryJson1765400200000 } from './migrations/1765400200000-timeline-entry-json';

export { TimelinesModule, TIMELINES_PROJECTIONS } from './timelines.module';
export { TimelineProjection, TIMELINE_EVENTS } from './projections/timeline.projection';
export { summarise, TIMELINE_ROLES, type TimelineRole } from './domain/summarise';
export type { Timeline, TimelineEntry } from './queries/read-timeline/timeline-reader';
export { ReadTimelineQuery } from './queries/read-timeline/read-timeline.query';
export type { TimelineKind, VictimHeader, OffenderHeader, OrdersHeader } from './queries/read-timeline/timeline-tables';
export { PAGE_STATEMENTS as TIMELINE_PAGE_STATEMENTS } from './queries/read-timeline/timeline-tables';

export const TIMELINES_MIGRATIONS = [
  CreateTimelineTables1763871500000,
  TimelineOrders1765300100000,
  TimelineEntryJson1765400200000,
];
