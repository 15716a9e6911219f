import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { BREACH_RESPONSES, DISCHARGE_REASONS, ORDER_KINDS } from '../domain';

const STANDINGS = ['in_force', 'expiring', 'ended', 'discharged', 'issued'];

export class OrderServedResponse {
  @ApiProperty({ format: 'uuid' }) orderId!: string;
  @ApiProperty({ description: 'Version of the order (also the ETag).' }) version!: number;
}

export class OrderChangedResponse extends OrderServedResponse {
  @ApiPropertyOptional({ format: 'uuid', description: 'A new breach: its id.' }) breachId?: string;
}

export class OrderSummaryResponse {
  @ApiProperty({ format: 'uuid' }) orderId!: string;
  @ApiProperty({ enum: ORDER_KINDS }) kind!: string;
  @ApiProperty({ format: 'uuid', description: 'The serving (applying) agency.' }) agencyId!: string;
  @ApiProperty({ nullable: true }) agencyName!: string | null;
  @ApiProperty({ format: 'date' }) servedOn!: string;
  @ApiProperty({ format: 'date', nullable: true }) expiresOn!: string | null;
  @ApiProperty({ enum: ['served', 'discharged'] }) status!: string;
  @ApiProperty({
    enum: STANDINGS,
    description:
      'Today: in force, expiring within the partnership window, ended, discharged, or issued (a one-off step).',
  })
  standing!: string;
  @ApiProperty({ description: 'How many breaches are recorded.' }) breaches!: number;
  @ApiProperty() version!: number;
}

export class LockedOrderResponse extends OrderSummaryResponse {
  @ApiProperty({ enum: [true] }) locked!: true;
}

class BreachResponse {
  @ApiProperty({ format: 'uuid' }) breachId!: string;
  @ApiProperty({ format: 'date' }) occurredOn!: string;
  @ApiProperty({ enum: BREACH_RESPONSES }) response!: string;
  @ApiProperty({ format: 'date', nullable: true }) respondedOn!: string | null;
  @ApiProperty({ format: 'uuid' }) recordedByAgencyId!: string;
  @ApiProperty({ format: 'date-time' }) recordedAt!: string;
  @ApiPropertyOptional({ description: 'What happened (incident_details), or { erased: true }.' })
  whatHappened?: string | { erased: true };
}

export class OrderResponse extends OrderSummaryResponse {
  @ApiProperty({ enum: [false] }) locked!: false;
  @ApiProperty({ type: Object, nullable: true, description: 'As the people directory shows the person to you.' })
  person!: object | null;
  @ApiProperty() agencyReference!: string;
  @ApiProperty({ format: 'uuid', nullable: true }) lagCaseId!: string | null;
  @ApiProperty({
    type: Object,
    description: 'Court, conviction, age, power of arrest, prior CPW, designation, PSPO and penalty.',
  })
  particulars!: object;
  @ApiPropertyOptional({
    nullable: true,
    description: 'The conditions as last varied (incident_details), { erased: true }, or null for a penalty notice.',
  })
  conditions?: string | { erased: true } | null;
  @ApiProperty({ format: 'date', nullable: true }) dischargedOn!: string | null;
  @ApiProperty({ enum: DISCHARGE_REASONS, nullable: true }) dischargeReason!: string | null;
  @ApiProperty({ format: 'uuid' }) servedByUserId!: string;
  @ApiProperty({ format: 'date-time' }) recordedAt!: string;
  @ApiProperty({ type: [Object], description: 'Variations and discharge, oldest first.' }) history!: object[];
  @ApiProperty({ type: [BreachResponse] }) breachList!: BreachResponse[];
  @ApiPropertyOptional({ type: [String], description: 'The data categories held back from you.' }) withheld?: string[];
}

export class ExpiringOrderResponse extends OrderSummaryResponse {
  @ApiProperty({ type: Object, nullable: true, description: 'As the people directory shows the person to you.' })
  person!: object | null;
  @ApiProperty({ type: [String], format: 'uuid', description: "The person's open LAG cases." })
  openLagCaseIds!: string[];
}

export class EnforcementSettingsResponse {
  @ApiProperty({ description: 'Days before its end an order counts as expiring.' }) expiryWindowDays!: number;
  @ApiProperty({
    nullable: true,
    description: 'Version of the settings (also the ETag); null while the defaults are in force.',
  })
  version!: number | null;
}
