import { applyDecorators } from '@nestjs/common';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsArray,
  IsBoolean,
  IsIn,
  IsInt,
  IsString,
  IsUUID,
  Length,
  Matches,
  Max,
  Min,
  ValidateIf,
} from 'class-validator';
import { IsCalendarDate, IsOptionalButNotNull, NestedObject } from '@hubline/http';
import {
  APPLICANT_KINDS,
  APPLICATION_ROUTES,
  CLOSURE_REASONS,
  CONTACT_ROUTES,
  ESCALATION_GROUNDS,
  ON_BEHALF_RELATIONSHIPS,
  PFCC_DECISIONS,
  RECOMMENDATION_STATUSES,
  type ApplicantKind,
  type ApplicationRoute,
  type ContactRoute,
  type PfccDecision,
} from '../domain';

/** Visible text with line breaks and tabs allowed, but no other control characters. */
const NARRATIVE = /^(?=[\s\S]*\S)[^\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]*$/;
const NAME = /^[^\u0000-\u001f<>]*\S[^\u0000-\u001f<>]*$/;

function Text(min: number, max: number, description: string, optional = false): PropertyDecorator {
  return applyDecorators(
    (optional ? ApiPropertyOptional : ApiProperty)({
      minLength: min,
      maxLength: max,
      description: `${description} Personal data: sealed with the victim's key.`,
    }),
    ...(optional ? [IsOptionalButNotNull()] : []),
    IsString(),
    Length(min, max),
    Matches(NARRATIVE, {
      message: '$property must contain visible text and no control characters other than line breaks and tabs',
    }),
  );
}
const Day = (description: string, optional = false) =>
  applyDecorators(
    (optional ? ApiPropertyOptional : ApiProperty)({ format: 'date', description }),
    ...(optional ? [IsOptionalButNotNull()] : []),
    IsCalendarDate(),
  );

export class ApplicantRequest {
  @ApiProperty({
    enum: APPLICANT_KINDS,
    description:
      'victim: the victim themself; on_behalf: family, carer, councillor, MP or professional with the victim’s consent; business or community_group: named. Never anonymous.',
  })
  @IsIn(APPLICANT_KINDS)
  kind!: ApplicantKind;

  @ApiPropertyOptional({
    maxLength: 120,
    description:
      'on_behalf: the person applying (personal data, sealed with the victim’s key); business/community_group: the organisation’s name.',
  })
  @ValidateIf((o: ApplicantRequest) => o.kind !== 'victim')
  @IsString()
  @Length(2, 120)
  @Matches(NAME, { message: 'name contains characters that are not allowed' })
  name?: string;

  @ApiPropertyOptional({ enum: ON_BEHALF_RELATIONSHIPS, description: 'on_behalf: their relationship to the victim.' })
  @ValidateIf((o: ApplicantRequest) => o.kind === 'on_behalf')
  @IsIn(ON_BEHALF_RELATIONSHIPS)
  relationship?: string;

  @ApiPropertyOptional({
    format: 'uuid',
    description:
      'on_behalf: the victim’s consent in the consent ledger (POST /sharing/consents), covering the purpose asb_case_review.',
  })
  @IsOptionalButNotNull()
  @IsUUID('4')
  consentId?: string;
}

export class ApplyRequest {
  @ApiProperty({ enum: APPLICATION_ROUTES }) @IsIn(APPLICATION_ROUTES) route!: ApplicationRoute;
  @Day('The day the single point of contact received the application.') receivedOn!: string;
  @NestedObject(() => ApplicantRequest) applicant!: ApplicantRequest;
  @ApiPropertyOptional({
    format: 'uuid',
    description: 'The victim, a registered person (POST /people). Required unless a business or group applies.',
  })
  @IsOptionalButNotNull()
  @IsUUID('4')
  victimPersonId?: string;
  @ApiPropertyOptional({ format: 'uuid', description: 'The ward the problem is in (the community threshold).' })
  @IsOptionalButNotNull()
  @IsUUID('4')
  wardId?: string;
}

export class AcknowledgeRequest {
  @Day('The day the applicant was sent the acknowledgement.') acknowledgedOn!: string;
  @ApiProperty({ enum: CONTACT_ROUTES }) @IsIn(CONTACT_ROUTES) route!: ContactRoute;
}

export class InformationRequestsRequest {
  @Day('The day the requests are sent.') askedOn!: string;
  @Day('When the answers are due (default: 5 working days after askedOn).', true) dueOn?: string;
  @ApiPropertyOptional({
    format: 'uuid',
    description: 'Ask this one agency as well. Left out: one request to every relevant body of the partnership.',
  })
  @IsOptionalButNotNull()
  @IsUUID('4')
  agencyId?: string;
}

export class SuppliedRequest {
  @Text(1, 4000, 'What your agency supplied about the complaints and its response.') summary!: string;
  @ApiProperty({ type: [String], format: 'uuid', description: 'The ids of the ASB reports your agency holds.' })
  @IsArray()
  @ArrayMaxSize(200)
  @IsUUID('4', { each: true })
  reportIds!: string[];
}

export class AnswerRequest {
  @Day('The day the agency answered.') answeredOn!: string;
  @ApiPropertyOptional({ enum: [true], description: 'true: the agency holds nothing about the complaints.' })
  @IsOptionalButNotNull()
  @IsIn([true])
  nothingHeld?: true;
  @NestedObject(() => SuppliedRequest, { optional: true }) supplied?: SuppliedRequest;
}

export class ThresholdDecisionRequest {
  @Day('The day of the decision.') decidedOn!: string;
  @Text(
    1,
    2000,
    'A senior manager’s reason to accept the application below the threshold (discretion), if the procedure allows it.',
    true,
  )
  discretionReason?: string;
}

export class SchedulePanelRequest {
  @Day('The day of the panel meeting.') meetingOn!: string;
  @ApiProperty({ maxLength: 120, description: 'The chair (a professional, named).' })
  @IsString()
  @Length(2, 120)
  @Matches(NAME, { message: 'chairName contains characters that are not allowed' })
  chairName!: string;
  @ApiProperty({ description: 'The chair is independent of the agencies reviewed (recommended).' })
  @IsBoolean()
  independentChair!: boolean;
  @ApiProperty({ type: [String], format: 'uuid', description: 'Agencies attending.' })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(30)
  @IsUUID('4', { each: true })
  agencyIds!: string[];
  @ApiProperty({ description: 'The victim is invited to the meeting.' }) @IsBoolean() victimInvited!: boolean;
}

export class PanelHeldRequest {
  @Day('The day the panel met.') heldOn!: string;
  @ApiProperty({ type: [String], format: 'uuid' })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(30)
  @IsUUID('4', { each: true })
  agenciesAttended!: string[];
  @ApiProperty() @IsBoolean() victimAttended!: boolean;
  @ApiProperty({ description: 'The victim gave an impact statement (in person or written).' })
  @IsBoolean()
  impactStatementGiven!: boolean;
}

export class FindingsRequest {
  @Text(1, 8000, 'The panel’s findings on how the complaints were handled.') findings!: string;
}

export class RecommendationRequest {
  @ApiProperty({ format: 'uuid' }) @IsUUID('4') owningAgencyId!: string;
  @Text(1, 2000, 'What the agency is to do.') text!: string;
  @Day('When it is due.') dueOn!: string;
}

export class ProgressRequest {
  @ApiProperty({ enum: RECOMMENDATION_STATUSES.filter((s) => s !== 'open') })
  @IsIn(RECOMMENDATION_STATUSES.filter((s) => s !== 'open'))
  status!: string;
  @Text(1, 2000, 'Progress, what was done (required when done) or why it was cancelled.', true) note?: string;
  @Day('The day of the update (default today).', true) on?: string;
}

export class ConsultVictimRequest {
  @Day('The day the victim was consulted on the action plan.') consultedOn!: string;
  @ApiProperty({ enum: CONTACT_ROUTES }) @IsIn(CONTACT_ROUTES) route!: ContactRoute;
  @Text(1, 4000, 'What the victim said about the plan.', true) views?: string;
}

export class FinalisePlanRequest {
  @Day('The day the action plan was made final.') finalisedOn!: string;
}

export class OutcomeRequest {
  @Day('The day the applicant was told the outcome.') sentOn!: string;
  @ApiProperty({ enum: CONTACT_ROUTES }) @IsIn(CONTACT_ROUTES) route!: ContactRoute;
}

export class CloseRequest {
  @Day('The day the review closed.') closedOn!: string;
  @ApiProperty({ enum: CLOSURE_REASONS }) @IsIn(CLOSURE_REASONS) reason!: string;
  @Text(1, 4000, 'What the victim is told about why and when the review closes.') toldToVictim!: string;
}

export class EscalationRequest {
  @Day('The day the applicant asked the PFCC’s office to review.') requestedOn!: string;
  @ApiProperty({ enum: ESCALATION_GROUNDS, isArray: true })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(2)
  @IsIn(ESCALATION_GROUNDS, { each: true })
  grounds!: string[];
  @Text(1, 4000, 'What the applicant says.', true) detail?: string;
}

export class PfccDecisionRequest {
  @ApiProperty({ enum: PFCC_DECISIONS }) @IsIn(PFCC_DECISIONS) decision!: PfccDecision;
  @Text(1, 4000, 'The reasons for the decision.') reasons!: string;
  @Day('The day of the decision.') decidedOn!: string;
}

export class CommunityThresholdRequest {
  @ApiProperty() @IsBoolean() enabled!: boolean;
  @ApiProperty({ minimum: 1, maximum: 50 }) @IsInt() @Min(1) @Max(50) reports!: number;
  @ApiProperty({ minimum: 1, maximum: 24 }) @IsInt() @Min(1) @Max(24) windowMonths!: number;
  @ApiProperty({ minimum: 1, maximum: 20 }) @IsInt() @Min(1) @Max(20) minDistinctReporters!: number;
}

export class ThresholdRulesRequest {
  @ApiProperty({
    minimum: 1,
    description:
      'Qualifying complaints that meet the threshold; the law (ASB, Crime and Policing Act 2014 s.104) caps it at 3.',
  })
  @IsInt()
  @Min(1)
  qualifyingComplaints!: number;
  @ApiProperty({ minimum: 1, description: 'Months before the application the complaints are counted in (usually 6).' })
  @IsInt()
  @Min(1)
  windowMonths!: number;
  @ApiProperty({ description: 'One qualifying hate incident in the window meets the threshold.' })
  @IsBoolean()
  oneHateIncidentMeets!: boolean;
  @NestedObject(() => CommunityThresholdRequest) community!: CommunityThresholdRequest;
  @ApiProperty({ description: 'A senior manager may accept an application below the threshold, with a reason.' })
  @IsBoolean()
  discretionAllowed!: boolean;
}

export class TimescalesRequest {
  @ApiProperty() @Type(() => Number) @IsInt() acknowledgeWorkingDays!: number;
  @ApiProperty() @IsInt() thresholdDecisionWorkingDays!: number;
  @ApiProperty() @IsInt() panelMeetingWorkingDays!: number;
  @ApiProperty() @IsInt() outcomeWorkingDays!: number;
  @ApiProperty() @IsInt() appealWindowWorkingDays!: number;
}

export class ReportingYearRequest {
  @ApiProperty({ minimum: 1, maximum: 12, description: 'The month the reporting year starts (4: April).' })
  @IsInt()
  @Min(1)
  @Max(12)
  startMonth!: number;
}
