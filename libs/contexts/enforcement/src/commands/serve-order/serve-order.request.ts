import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsBoolean, IsIn, IsInt, IsUUID, Max, Min } from 'class-validator';
import { IsCalendarDate, IsOptionalButNotNull, NestedObject } from '@hubline/http';
import { MAX_PENALTY_POUNDS, ORDER_KINDS, type OrderKind } from '../../domain';
import { Narrative, PlainText } from '../request-fields';

export class ParticularsRequest {
  @ApiPropertyOptional({ maxLength: 200, description: 'Injunction, CBO, closure order: the court that made it.' })
  @IsOptionalButNotNull()
  @PlainText(1, 200)
  court?: string;

  @ApiPropertyOptional({ format: 'date', description: 'CBO: the day of the conviction it was made on.' })
  @IsOptionalButNotNull()
  @IsCalendarDate()
  convictionOn?: string;

  @ApiPropertyOptional({ description: 'Injunction, CBO: whether the person was under 18 when it was made.' })
  @IsOptionalButNotNull()
  @IsBoolean()
  subjectUnder18?: boolean;

  @ApiPropertyOptional({ description: 'Injunction: whether a power of arrest is attached (s.4).' })
  @IsOptionalButNotNull()
  @IsBoolean()
  powerOfArrest?: boolean;

  @ApiPropertyOptional({ format: 'uuid', description: 'CPN: the CPW served on the person first (s.43(5)).' })
  @IsOptionalButNotNull()
  @IsUUID('all')
  warningOrderId?: string;

  @ApiPropertyOptional({
    maxLength: 64,
    description: "CPW or CPN served by a social landlord: the council's designation under s.53.",
  })
  @IsOptionalButNotNull()
  @PlainText(1, 64)
  designationReference?: string;

  @ApiPropertyOptional({ maxLength: 200, description: 'PSPO fixed penalty: the PSPO it enforces.' })
  @IsOptionalButNotNull()
  @PlainText(1, 200)
  pspoReference?: string;

  @ApiPropertyOptional({
    minimum: 1,
    maximum: MAX_PENALTY_POUNDS,
    description: 'PSPO fixed penalty: the amount in pounds.',
  })
  @IsOptionalButNotNull()
  @IsInt()
  @Min(1)
  @Max(MAX_PENALTY_POUNDS)
  penaltyPounds?: number;
}

export class ServeOrderRequest {
  @ApiProperty({ enum: ORDER_KINDS, description: 'The kind of order (decision 0030 says who may serve each).' })
  @IsIn(ORDER_KINDS)
  kind!: OrderKind;

  @ApiProperty({ format: 'uuid', description: 'The registered person it was served on (POST /people).' })
  @IsUUID('all')
  personId!: string;

  @ApiProperty({ minLength: 1, maxLength: 64, description: "Your agency's own reference for the order." })
  @PlainText(1, 64)
  agencyReference!: string;

  @ApiProperty({ format: 'date', description: 'The day it was served (or made): not in the future.' })
  @IsCalendarDate()
  servedOn!: string;

  @ApiPropertyOptional({
    format: 'date',
    description:
      'The last day it has effect. Required for an ABC, a closure notice or order, and an injunction or CBO on someone under 18; none for a warning letter or penalty notice.',
  })
  @IsOptionalButNotNull()
  @IsCalendarDate()
  expiresOn?: string;

  @ApiPropertyOptional({ format: 'uuid', description: 'The LAG case it was taken in; it must name the person.' })
  @IsOptionalButNotNull()
  @IsUUID('all')
  lagCaseId?: string;

  @ApiPropertyOptional({ type: ParticularsRequest, description: 'What the kind needs; nothing it does not.' })
  @IsOptionalButNotNull()
  @NestedObject(() => ParticularsRequest)
  particulars?: ParticularsRequest;

  @ApiPropertyOptional({
    minLength: 5,
    maxLength: 4000,
    description:
      "The conditions or requirements, as served (every kind but a penalty notice). Personal data: sealed with the person's key.",
    example: 'Not to enter Seabrook Rise; not to play amplified music audible outside the flat after 11pm.',
  })
  @IsOptionalButNotNull()
  @Narrative(5, 4000)
  conditions?: string;
}
