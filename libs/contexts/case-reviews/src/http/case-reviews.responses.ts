import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { APPLICANT_KINDS, APPLICATION_ROUTES, REVIEW_STATUSES } from '../domain';

/** OpenAPI shapes of the case review responses. Nothing here is personal data unless it says so. */

export class ReviewChangedResponse {
  @ApiProperty({ format: 'uuid' }) reviewId!: string;
  @ApiProperty({ description: 'Version of the review after the change (also the ETag).' }) version!: number;
  @ApiProperty({ enum: REVIEW_STATUSES }) status!: string;
  @ApiPropertyOptional({ format: 'uuid', description: 'The meeting, recommendation or escalation the step created.' })
  createdId?: string;
}

class RequestedResponse {
  @ApiProperty({ format: 'uuid' }) requestId!: string;
  @ApiProperty({ format: 'uuid' }) agencyId!: string;
  @ApiProperty({ format: 'date' }) dueOn!: string;
}

export class InformationRequestsResponse {
  @ApiProperty({ format: 'uuid' }) reviewId!: string;
  @ApiProperty() version!: number;
  @ApiProperty({ type: [RequestedResponse], description: 'The requests sent now, one per agency.' })
  requests!: RequestedResponse[];
}

export class ThresholdDecisionResponse {
  @ApiProperty({ format: 'uuid' }) reviewId!: string;
  @ApiProperty() version!: number;
  @ApiProperty({ enum: REVIEW_STATUSES }) status!: string;
  @ApiProperty() met!: boolean;
  @ApiProperty({
    type: String,
    nullable: true,
    enum: ['statutory_number', 'local_number', 'hate_incident', 'community', 'discretion'],
  })
  basis!: string | null;
  @ApiProperty({ description: 'The version of the threshold rules judged by.' }) rulesVersion!: number;
  @ApiProperty({ type: [String], description: 'Why it was not met, in words ([] when met).' })
  notMetExplanation!: string[];
  @ApiProperty({
    type: String,
    nullable: true,
    enum: ['pfcc_review'],
    description: 'Where the applicant may query a decision not met.',
  })
  queryRoute!: string | null;
}

export class ReviewSummaryResponse {
  @ApiProperty({ format: 'uuid' }) reviewId!: string;
  @ApiProperty({ description: 'Version of the review (its ETag).' }) version!: number;
  @ApiProperty({ enum: REVIEW_STATUSES }) status!: string;
  @ApiProperty({ description: '1, plus one per referral back by the PFCC’s office.' }) round!: number;
  @ApiProperty({ enum: APPLICATION_ROUTES }) route!: string;
  @ApiProperty({ enum: APPLICANT_KINDS }) applicantKind!: string;
  @ApiProperty({ format: 'date' }) receivedOn!: string;
  @ApiProperty({ format: 'uuid' }) coordinatorAgencyId!: string;
  @ApiProperty({ type: String, format: 'date', nullable: true }) acknowledgedOn!: string | null;
  @ApiProperty({ type: String, format: 'date', nullable: true }) thresholdDecidedOn!: string | null;
  @ApiProperty({ type: Boolean, nullable: true }) thresholdMet!: boolean | null;
  @ApiProperty({ type: String, nullable: true }) thresholdBasis!: string | null;
  @ApiProperty({ type: String, format: 'date', nullable: true }) panelHeldOn!: string | null;
  @ApiProperty({ type: String, format: 'date', nullable: true }) outcomeSentOn!: string | null;
  @ApiProperty({ type: String, format: 'date', nullable: true }) closedOn!: string | null;
  @ApiProperty() escalatedToPfcc!: boolean;
  @ApiProperty() outstandingInformationRequests!: number;
  @ApiProperty() openRecommendations!: number;
}

class MilestoneResponse {
  @ApiProperty({ enum: ['acknowledgement', 'threshold_decision', 'panel_meeting', 'outcome', 'appeal_window'] })
  milestone!: string;
  @ApiProperty({ type: String, format: 'date', nullable: true }) dueOn!: string | null;
  @ApiProperty({ type: String, format: 'date', nullable: true }) doneOn!: string | null;
  @ApiProperty({ type: Number, nullable: true, description: 'Negative when overdue; null when done or not started.' })
  workingDaysLeft!: number | null;
  @ApiProperty() breached!: boolean;
}

export class ReviewResponse extends ReviewSummaryResponse {
  @ApiProperty({ description: 'false: shown whole; true: the locked view (summary and the agencies involved).' })
  locked!: boolean;
  @ApiPropertyOptional({
    type: 'object',
    additionalProperties: true,
    description:
      'The victim as the people directory shows them to your agency (null when a business or group applied). Personal data.',
  })
  victim?: unknown;
  @ApiPropertyOptional({ type: [String], format: 'uuid' }) involvedAgencyIds?: string[];
  @ApiPropertyOptional({ type: [MilestoneResponse], description: 'Each milestone of the current round.' })
  milestones?: MilestoneResponse[];
  @ApiPropertyOptional({ type: 'array', items: { type: 'object' } }) informationRequests?: unknown[];
  @ApiPropertyOptional({ type: 'array', items: { type: 'object' } }) recommendations?: unknown[];
  @ApiPropertyOptional({
    type: 'array',
    items: { type: 'object' },
    description:
      'Every step in order (type, revision, recordedAt, data), the threshold judgement whole. Free text (findings, what agencies supplied, recommendations, reasons) is personal data: shown as {"erased": true} once the victim is forgotten, left out when withheld.',
  })
  steps?: unknown[];
  @ApiPropertyOptional({ type: [String], description: 'Data categories of the text held back from your agency.' })
  withheld?: string[];
  @ApiPropertyOptional({ type: 'array', items: { type: 'object' }, description: 'Locked view: the agencies involved.' })
  agencies?: unknown[];
}

export class InformationRequestResponse {
  @ApiProperty({ format: 'uuid' }) requestId!: string;
  @ApiProperty({ format: 'uuid' }) reviewId!: string;
  @ApiProperty({ format: 'uuid' }) agencyId!: string;
  @ApiProperty() round!: number;
  @ApiProperty({ format: 'date' }) askedOn!: string;
  @ApiProperty({ format: 'date' }) dueOn!: string;
  @ApiProperty({ type: String, format: 'date', nullable: true }) answeredOn!: string | null;
  @ApiProperty({ type: String, nullable: true, enum: ['supplied', 'not_held'] }) answer!: string | null;
}

export class RecommendationResponse {
  @ApiProperty({ format: 'uuid' }) recommendationId!: string;
  @ApiProperty({ format: 'uuid' }) reviewId!: string;
  @ApiProperty({ format: 'uuid' }) owningAgencyId!: string;
  @ApiProperty() round!: number;
  @ApiProperty({ format: 'date' }) dueOn!: string;
  @ApiProperty({ enum: ['open', 'in_progress', 'done', 'cancelled'] }) status!: string;
  @ApiProperty({ format: 'date' }) madeOn!: string;
  @ApiProperty({ type: String, format: 'date', nullable: true }) finishedOn!: string | null;
  @ApiProperty() overdue!: boolean;
}

export class CaseReviewSettingsResponse {
  @ApiProperty({
    type: 'object',
    additionalProperties: true,
    description: 'The threshold rules in force (with their version).',
  })
  rules!: unknown;
  @ApiProperty({
    type: 'object',
    additionalProperties: true,
    description: 'The timescales in working days (with their version).',
  })
  timescales!: unknown;
  @ApiProperty({ minimum: 1, maximum: 12 }) reportingYearStartMonth!: number;
  @ApiProperty({
    type: Number,
    nullable: true,
    description: 'Version of the settings stream (the ETag); null: defaults.',
  })
  version!: number | null;
}

export class CaseReviewSettingsChangedResponse {
  @ApiProperty({ type: Number, nullable: true }) version!: number | null;
}

export class DueReviewResponse extends ReviewSummaryResponse {
  @ApiProperty({ type: [MilestoneResponse] }) milestones!: MilestoneResponse[];
  @ApiProperty({ description: 'A step of the coordinator’s is past its due day.' }) overdue!: boolean;
}

class FigureResponse {
  @ApiProperty({
    enum: ['applications_received', 'threshold_not_met', 'reviews_carried_out', 'reviews_with_recommendations'],
  })
  name!: string;
  @ApiProperty({ description: 'How it is counted.' }) description!: string;
  @ApiProperty() count!: number;
  @ApiProperty({ type: [String], format: 'uuid', description: 'The reviews behind the figure.' }) reviewIds!: string[];
}

class MedianResponse {
  @ApiProperty({ enum: ['acknowledgement', 'threshold_decision', 'panel_meeting', 'outcome', 'closure'] })
  milestone!: string;
  @ApiProperty({ type: Number, nullable: true, description: 'Median working days from receipt.' }) median!:
    number | null;
  @ApiProperty({ description: 'Applications received in the period that reached the step.' }) reviews!: number;
}

class AgencyBreachesResponse {
  @ApiProperty({ format: 'uuid' }) agencyId!: string;
  @ApiProperty({ description: 'Requests asked in the period answered after their due day, or unanswered past it.' })
  informationRequestsLate!: number;
  @ApiProperty({ description: 'Recommendations due in the period finished late or still open past their due day.' })
  recommendationsOverdue!: number;
}

export class CaseReviewFiguresResponse {
  @ApiProperty({ format: 'uuid' }) partnershipId!: string;
  @ApiProperty({ format: 'date' }) from!: string;
  @ApiProperty({ format: 'date', description: 'Exclusive: twelve months after from.' }) to!: string;
  @ApiProperty({ type: [FigureResponse] }) figures!: FigureResponse[];
  @ApiProperty({ type: [MedianResponse] }) medianWorkingDays!: MedianResponse[];
  @ApiProperty({ type: [AgencyBreachesResponse] }) breachesByAgency!: AgencyBreachesResponse[];
  @ApiProperty({ format: 'date' }) asOf!: string;
}
