import { Module } from '@nestjs/common';
import { ChangePartnershipHandler } from './commands/partnership-command.handler';
import { PartnershipController } from './http/partnership.controller';
import { PartnershipDirectory } from './partnership-directory';
import { PartnershipsProjection } from './projections/partnerships.projection';

@Module({
  controllers: [PartnershipController],
  providers: [ChangePartnershipHandler, PartnershipDirectory],
  exports: [PartnershipDirectory],
})
export class PartnershipsModule {}

export const PARTNERSHIPS_PROJECTIONS = [PartnershipsProjection];
