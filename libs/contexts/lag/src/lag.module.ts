import { Module } from '@nestjs/common';
import { CaseOrdersProjection } from './projections/case-orders.projection';
import { PartnershipDirectoryModule } from '@hubline/partnerships';
import { PeopleDirectoryModule } from '@hubline/people';
import { SharingBasisModule } from '@hubline/sharing';
import { ActionPlans, AgreeActionHandler, UpdateActionHandler } from './commands/action-plan/action-plan.handler';
import { ChangeLagSettingsHandler } from './commands/change-settings/change-settings.handler';
import { IssueMinutesHandler } from './commands/issue-minutes/issue-minutes.handler';
import { LagReferences } from './commands/lag-references';
import { LagStreams } from './commands/lag-streams';
import { RecordCaseDiscussionHandler } from './commands/record-case-discussion/record-case-discussion.handler';
import { ReferVictimHandler } from './commands/refer-victim/refer-victim.handler';
import { DecideOnReferralHandler } from './commands/referral-decisions/referral-decisions.handler';
import { RunMeetingHandler } from './commands/run-meeting/run-meeting.handler';
import { ScheduleMeetingHandler } from './commands/schedule-meeting/schedule-meeting.handler';
import { ActionsController } from './http/actions.controller';
import { MeetingDocumentsController } from './http/meeting-documents.controller';
import { FiguresController } from './http/figures.controller';
import { MeetingsController } from './http/meetings.controller';
import { ReferralsController } from './http/referrals.controller';
import { SettingsController } from './http/settings.controller';
import { LagClock } from './lag-clock';
import { MeetingsProjection } from './projections/meetings.projection';
import { ReferralsProjection } from './projections/referrals.projection';
import { SettingsProjection } from './projections/settings.projection';
import { LagCaseRecords } from './queries/case-records';
import { LagSubjectAccess } from './subject-access/lag-subject-access';
import { AgencyNames } from './queries/agency-names';
import { CaseViews } from './queries/case-views';
import { LagReadModel } from './queries/lag-read-model';
import { MeetingDocuments } from './queries/meeting-documents';
import { LagFigures } from './queries/lag-figures';

/**
 * Locality Action Groups: referrals, meetings, action plans and the partnership's LAG settings.
 * Needs the identity context's Users (global), the access and privacy modules, and reads
 * partnership reference data and people through their facades.
 */
@Module({
  imports: [PartnershipDirectoryModule, PeopleDirectoryModule, SharingBasisModule],
  controllers: [
    ReferralsController,
    MeetingsController,
    MeetingDocumentsController,
    ActionsController,
    SettingsController,
    FiguresController,
  ],
  providers: [
    LagClock,
    LagReadModel,
    LagFigures,
    LagReferences,
    LagStreams,
    ActionPlans,
    CaseViews,
    AgencyNames,
    MeetingDocuments,
    ReferVictimHandler,
    DecideOnReferralHandler,
    AgreeActionHandler,
    UpdateActionHandler,
    ScheduleMeetingHandler,
    RunMeetingHandler,
    RecordCaseDiscussionHandler,
    ChangeLagSettingsHandler,
    IssueMinutesHandler,
  ],
})
export class LagModule {}

/**
 * The LAG's published facade for record-keeping (which cases name whom, and when they ended): a
 * service that does not serve the LAG API imports this alone (with the LAG migrations).
 */
@Module({
  providers: [LagCaseRecords, LagSubjectAccess],
  exports: [LagCaseRecords, LagSubjectAccess],
})
export class LagCaseRecordsModule {}

/** The LAG's projections; an app lists them in ProjectionsModule. */
export const LAG_PROJECTIONS = [SettingsProjection, ReferralsProjection, MeetingsProjection, CaseOrdersProjection];
