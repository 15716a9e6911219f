import { Controller, Get, Query } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiProperty, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsIn, IsInt, IsISO8601, IsUUID, Max, Min } from 'class-validator';
import { CurrentActor, Roles, type Actor } from '@hubline/access';
import { IsOptionalButNotNull } from '@hubline/http';
import {
  AuditReports,
  type ConsultationRecord as Consultation,
  type ConsultingUser as ConsultingUserRecord,
} from './audit-reports.service';

export class ConsultationsQuery {
  @ApiPropertyOptional({ format: 'uuid' }) @IsOptionalButNotNull() @IsUUID() personId?: string;
  @ApiPropertyOptional({ format: 'uuid' }) @IsOptionalButNotNull() @IsUUID() userId?: string;
  @ApiPropertyOptional({ format: 'uuid' }) @IsOptionalButNotNull() @IsUUID() agencyId?: string;
  @ApiPropertyOptional({ description: 'From this time (inclusive), ISO 8601' })
  @IsOptionalButNotNull()
  @IsISO8601({ strict: true })
  from?: string;
  @ApiPropertyOptional({ description: 'Before this time, ISO 8601' })
  @IsOptionalButNotNull()
  @IsISO8601({ strict: true })
  to?: string;
  @ApiPropertyOptional({ minimum: 1, maximum: 1000, default: 200 })
  @IsOptionalButNotNull()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(1000)
  limit?: number;
  @ApiPropertyOptional({ enum: ['asc', 'desc'], default: 'desc' })
  @IsOptionalButNotNull()
  @IsIn(['asc', 'desc'])
  order?: 'asc' | 'desc';
}

export class ConsultingUsersQuery {
  @ApiPropertyOptional({ description: 'From this time (inclusive), ISO 8601' })
  @IsOptionalButNotNull()
  @IsISO8601({ strict: true })
  from?: string;
  @ApiPropertyOptional({ description: 'Before this time, ISO 8601' })
  @IsOptionalButNotNull()
  @IsISO8601({ strict: true })
  to?: string;
}

class UserRefResponse {
  @ApiProperty({ format: 'uuid' }) userId!: string;
  @ApiProperty({ nullable: true, type: String, description: 'As the user is named now; null if unknown.' })
  name!: string | null;
}

class AgencyRefResponse {
  @ApiProperty({ format: 'uuid' }) agencyId!: string;
  @ApiProperty({ nullable: true, type: String, description: 'As the agency is named now; null if unknown.' })
  name!: string | null;
}

class ConsultationRecord {
  @ApiProperty() consultationId!: string;
  @ApiProperty() personId!: string;
  @ApiProperty() userId!: string;
  @ApiProperty() agencyId!: string;
  @ApiProperty({ type: UserRefResponse, description: 'Who consulted the record, by name as in the person trail.' })
  user!: UserRefResponse;
  @ApiProperty({ type: AgencyRefResponse, description: 'The agency they acted for, by name.' })
  agency!: AgencyRefResponse;
  @ApiProperty({ example: 'person_profile' }) view!: string;
  @ApiProperty({ example: 'case_management' }) purpose!: string;
  @ApiProperty({
    type: [String],
    nullable: true,
    example: ['identity', 'address'],
    description:
      'The data categories of the person the view showed (empty for a locked view or a withheld search result; null when recorded before categories were kept).',
  })
  categories!: string[] | null;
  @ApiProperty() consultedAt!: string;
}

class ConsultingUser {
  @ApiProperty({ format: 'uuid' }) userId!: string;
  @ApiProperty({ nullable: true, type: String, description: 'As the user is named now; null if unknown.' })
  name!: string | null;
  @ApiProperty({ type: AgencyRefResponse, description: 'The agency of their latest consultation in the period.' })
  agency!: AgencyRefResponse;
}

/** The consultation log for the auditor, with users and agencies named (the auditor may not read /users). */
@ApiTags('audit')
@Controller('audit/consultations')
export class ConsultationsController {
  constructor(private readonly reports: AuditReports) {}

  @Get()
  @Roles('auditor')
  @ApiOperation({
    summary:
      'The consultation log: who viewed whose personal data, when and why, with each user and agency named. Roles: auditor.',
  })
  @ApiOkResponse({ type: ConsultationRecord, isArray: true })
  list(@CurrentActor() actor: Actor, @Query() q: ConsultationsQuery): Promise<Consultation[]> {
    return this.reports.consultations(actor.partnershipId, q);
  }

  @Get('users')
  @Roles('auditor')
  @ApiOperation({
    summary:
      'Who consulted records in a period (all of them, however long the log), each named with the agency of their latest consultation in it: the choices for filtering the log by user. Roles: auditor.',
  })
  @ApiOkResponse({ type: ConsultingUser, isArray: true })
  users(@CurrentActor() actor: Actor, @Query() q: ConsultingUsersQuery): Promise<ConsultingUserRecord[]> {
    return this.reports.consultingUsers(actor.partnershipId, q);
  }
}
