import { Module } from '@nestjs/common';
import { LagCaseRecordsModule } from '@hubline/lag';
import { PartnershipDirectoryModule } from '@hubline/partnerships';
import { PeopleDirectoryModule } from '@hubline/people';
import { ChangeEnforcementOrderHandler } from './commands/change-order/change-order.handler';
import { ChangeExpiryWindowHandler } from './commands/change-settings/change-settings.handler';
import { EnforcementReferences } from './commands/enforcement-references';
import { EnforcementStreams } from './commands/enforcement-streams';
import { ServeEnforcementOrderHandler } from './commands/serve-order/serve-order.handler';
import { EnforcementClock } from './enforcement-clock';
import { OrdersController } from './http/orders.controller';
import { EnforcementSettingsController } from './http/settings.controller';
import { OrdersProjection } from './projections/orders.projection';
import { EnforcementRecords } from './queries/enforcement-records';
import { OrderViews } from './queries/order-views';
import { OrdersReadModel } from './queries/orders-read-model';
import { EnforcementSubjectAccess } from './subject-access/enforcement-subject-access';

/**
 * Enforcement orders (warning letters to closure orders), their variations, discharges and
 * breaches. Needs the identity context's Users (global), the access and privacy modules, and reads
 * partnership reference data, people and LAG cases through their facades.
 */
@Module({
  imports: [PartnershipDirectoryModule, PeopleDirectoryModule, LagCaseRecordsModule],
  controllers: [OrdersController, EnforcementSettingsController],
  providers: [
    EnforcementClock,
    EnforcementStreams,
    EnforcementReferences,
    OrdersReadModel,
    OrderViews,
    ServeEnforcementOrderHandler,
    ChangeEnforcementOrderHandler,
    ChangeExpiryWindowHandler,
  ],
})
export class EnforcementModule {}

/** The published facade alone: which orders name whom and how long they last (retention), and subject access exports. */
@Module({
  providers: [OrdersReadModel, EnforcementRecords, EnforcementSubjectAccess],
  exports: [EnforcementRecords, EnforcementSubjectAccess],
})
export class EnforcementRecordsModule {}

/** The orders read model; an app lists it in its projections. */
export const ENFORCEMENT_PROJECTIONS = [OrdersProjection];
