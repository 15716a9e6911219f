import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsUUID, ValidateIf } from 'class-validator';
import { IsCalendarDate, IsOptionalButNotNull } from '@hubline/http';
import { BREACH_RESPONSES, DISCHARGE_REASONS, type BreachResponse, type DischargeReason } from '../../domain';
import { Narrative, PlainText } from '../request-fields';

export class VaryOrderRequest {
  @ApiProperty({ format: 'date', description: 'The day of the variation: from service, not in the future.' })
  @IsCalendarDate()
  variedOn!: string;

  @ApiPropertyOptional({
    format: 'date',
    nullable: true,
    description: 'The new end date; null for none any more; left out, the end stays.',
  })
  @ValidateIf((o: VaryOrderRequest) => o.expiresOn !== null)
  @IsOptionalButNotNull()
  @IsCalendarDate()
  expiresOn?: string | null;

  @ApiPropertyOptional({
    minLength: 5,
    maxLength: 4000,
    description: "The conditions as varied, in full; left out, they stay. Sealed with the person's key.",
  })
  @IsOptionalButNotNull()
  @Narrative(5, 4000)
  conditions?: string;

  @ApiPropertyOptional({ maxLength: 200, description: 'A court order: the court that varied it.' })
  @IsOptionalButNotNull()
  @PlainText(1, 200)
  court?: string;
}

export class DischargeOrderRequest {
  @ApiProperty({ format: 'date', description: 'The day it ended: from service, not in the future.' })
  @IsCalendarDate()
  dischargedOn!: string;

  @ApiProperty({
    enum: DISCHARGE_REASONS,
    description: 'Why it ended early; a court order by discharged_by_court, appeal_allowed or served_in_error.',
  })
  @IsIn(DISCHARGE_REASONS)
  reason!: DischargeReason;
}

export class RecordBreachRequest {
  @ApiProperty({ format: 'date', description: 'The day of the breach: while the order had effect, not in the future.' })
  @IsCalendarDate()
  occurredOn!: string;

  @ApiProperty({
    minLength: 5,
    maxLength: 4000,
    description: 'What happened. Personal data: sealed with the key of the person the order was served on.',
    example: 'Seen in Seabrook Rise at 10pm, shouting at residents, in breach of condition 1.',
  })
  @Narrative(5, 4000)
  whatHappened!: string;

  @ApiProperty({
    enum: BREACH_RESPONSES,
    description:
      'The response, among those the law allows for the kind (decision 0030); under_investigation until decided.',
  })
  @IsIn(BREACH_RESPONSES)
  response!: BreachResponse;
}

export class RespondToBreachRequest {
  @ApiProperty({ format: 'uuid', description: 'A breach recorded as under_investigation.' })
  @IsUUID('all')
  breachId!: string;

  @ApiProperty({ enum: BREACH_RESPONSES, description: 'The response decided.' })
  @IsIn(BREACH_RESPONSES)
  response!: BreachResponse;

  @ApiProperty({ format: 'date', description: 'The day it was decided: after the breach, not in the future.' })
  @IsCalendarDate()
  respondedOn!: string;
}
