import { Module } from '@nestjs/common';
import { ChangePartnershipHandler } from './commands/partnership-command.handler';
import { PartnershipController } from './http/partnership.controller';
import { PartnershipDirectory } from './partnership-directory';
import { PartnershipsProjection } from './projections/partnerships.projection';

/** The facade alone, for services that read partnership reference data but do not serve it. */
@Module({
  providers: [PartnershipDirectory],
  exports: [PartnershipDirectory],
})
export class PartnershipDirectoryModule {}

/** The partnership administration API. */
@Module({
  imports: [PartnershipDirectoryModule],
  controllers: [PartnershipController],
  providers: [ChangePartnershipHandler],
  exports: [PartnershipDirectoryModule],
})
export class PartnershipsModule {}

export const PARTNERSHIPS_PROJECTIONS = [PartnershipsProjection];
