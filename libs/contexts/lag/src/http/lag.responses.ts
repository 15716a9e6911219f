import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { DATA_CATEGORIES } from '@hubline/access';
import { ACTION_KINDS, ACTION_STATUSES, AGENDA_ITEMS, REFERRAL_CATEGORIES, RISK_BANDS } from '../domain';
import { MEETING_STATUSES, REFERRAL_STATUSES } from '../queries/lag-read-model';

/** OpenAPI shapes of the LAG responses. Nothing here is personal data unless it says so. */

const narrative = (description: string) => ({
  description: `${description} Personal data; shown as {"erased": true} once the first victim is forgotten.`,
  oneOf: [{ type: 'string' }, { type: 'object', properties: { erased: { type: 'boolean', enum: [true] } } }],
});
const personView = {
  type: 'object',
  description:
    'A person as the people directory shows them to your agency: summary, locked, erased or merged (see GET /people/{personId}).',
} as const;

export class ReferredResponse {
  @ApiProperty({ format: 'uuid' }) referralId!: string;
  @ApiProperty({ description: 'Version of the referral (also the ETag).' }) version!: number;
  @ApiProperty() score!: number;
  @ApiProperty({ enum: RISK_BANDS, description: 'The band the case is managed at.' }) band!: string;
  @ApiProperty({ description: 'A victim was referred to a LAG in the last 12 months.' }) repeat!: boolean;
  @ApiProperty({ type: [String], format: 'uuid' }) repeatVictimIds!: string[];
}

export class ReferralChangedResponse {
  @ApiProperty({ format: 'uuid' }) referralId!: string;
  @ApiProperty({ description: 'Version of the referral after the change (also the ETag).' }) version!: number;
  @ApiProperty({ enum: REFERRAL_STATUSES }) status!: string;
  @ApiProperty({ enum: RISK_BANDS }) band!: string;
  @ApiProperty({ type: String, format: 'date', nullable: true }) nextReviewDate!: string | null;
}

export class ActionAgreedResponse {
  @ApiProperty({ format: 'uuid' }) referralId!: string;
  @ApiProperty({ format: 'uuid' }) actionId!: string;
  @ApiProperty() version!: number;
}

export class ActionUpdatedResponse extends ActionAgreedResponse {
  @ApiProperty({ enum: ACTION_STATUSES }) status!: string;
}

export class ReferralSummaryResponse {
  @ApiProperty({ format: 'uuid' }) referralId!: string;
  @ApiProperty({ description: 'Version of the referral (its ETag).' }) version!: number;
  @ApiProperty({ format: 'uuid' }) localityId!: string;
  @ApiProperty({ type: String, format: 'uuid', nullable: true }) wardId!: string | null;
  @ApiProperty({ enum: REFERRAL_CATEGORIES }) category!: string;
  @ApiProperty({ enum: REFERRAL_STATUSES }) status!: string;
  @ApiProperty({ enum: RISK_BANDS }) band!: string;
  @ApiProperty() repeat!: boolean;
  @ApiProperty() victimCount!: number;
  @ApiProperty() perpetratorCount!: number;
  @ApiProperty({ format: 'uuid' }) referringAgencyId!: string;
  @ApiProperty({ type: [String], format: 'uuid' }) involvedAgencyIds!: string[];
  @ApiProperty() referredAt!: string;
  @ApiProperty({ type: String, nullable: true }) acceptedAt!: string | null;
  @ApiProperty({ type: String, nullable: true }) declinedAt!: string | null;
  @ApiProperty({ type: String, nullable: true }) closedAt!: string | null;
  @ApiProperty({ type: String, format: 'date', nullable: true }) nextReviewDate!: string | null;
  @ApiProperty({ type: String, nullable: true }) lastReviewedAt!: string | null;
  @ApiProperty() reviewCount!: number;
  @ApiProperty({ description: 'Accepted, and its next review is on or before the day asked about.' })
  dueForReview!: boolean;
  @ApiProperty({
    type: Number,
    nullable: true,
    description: "Awaiting the chair's decision: whole days since it was referred; otherwise null.",
  })
  daysWaiting!: number | null;
  @ApiProperty() openActions!: number;
  @ApiProperty() overdueActions!: number;
}

export class ReferralListItemResponse extends ReferralSummaryResponse {
  @ApiPropertyOptional({
    type: 'array',
    items: personView,
    description:
      'With ?purpose= only: each victim as your agency may see them (name and date of birth, or the locked view).',
  })
  victims?: unknown[];
}

class AgencyNameResponse {
  @ApiProperty({ format: 'uuid' }) agencyId!: string;
  @ApiProperty() name!: string;
}

export class LockedReferralResponse extends ReferralSummaryResponse {
  @ApiProperty({ enum: [true], description: "Your agency may not see this case's people or narratives." })
  locked!: true;
  @ApiProperty({ type: [AgencyNameResponse] }) agencies!: AgencyNameResponse[];
}

export class CaseActionResponse {
  @ApiProperty({ format: 'uuid' }) actionId!: string;
  @ApiProperty({ format: 'uuid' }) owningAgencyId!: string;
  @ApiProperty({ type: String, format: 'uuid', nullable: true }) assigneeUserId!: string | null;
  @ApiProperty({ enum: ACTION_KINDS }) kind!: string;
  @ApiProperty({ enum: ACTION_STATUSES }) status!: string;
  @ApiProperty({ format: 'date' }) dueDate!: string;
  @ApiProperty() overdue!: boolean;
  @ApiProperty({ type: String, format: 'uuid', nullable: true }) meetingId!: string | null;
  @ApiPropertyOptional(narrative('What will be done.')) description?: unknown;
}

export class ReferralCaseResponse extends ReferralSummaryResponse {
  @ApiProperty({ enum: [false] }) locked!: false;
  @ApiProperty({ type: 'array', items: personView }) victims!: unknown[];
  @ApiProperty({ type: 'array', items: personView }) perpetrators!: unknown[];
  @ApiPropertyOptional({
    type: [String],
    description:
      'Categories `health` (disability, pregnancy and maternity) and `special_category` (the others): only those your agency may read.',
  })
  protectedCharacteristics?: string[];
  @ApiPropertyOptional({ type: [String], description: 'Category `vulnerabilities`.' }) vulnerabilities?: string[];
  @ApiPropertyOptional(narrative('What happened. Category `incident_details`.')) incidentSummary?: unknown;
  @ApiPropertyOptional(narrative('Why a multi-agency response is needed. Category `incident_details`.'))
  multiAgencyReason?: unknown;
  @ApiPropertyOptional({
    type: 'object',
    additionalProperties: true,
    description:
      'Category `risk_assessment`. The current assessment: matrix id and version, answers, score, scored band, band, professional judgement (its reason a narrative).',
  })
  risk?: unknown;
  @ApiPropertyOptional({ type: [CaseActionResponse], description: 'Category `case_actions`.' })
  actions?: CaseActionResponse[];
  @ApiPropertyOptional({
    type: 'array',
    items: { type: 'object' },
    description:
      'Category `case_actions`. Referred, accepted, declined, reassessed, reviewed, closed, reopened: codes and dates, with any note (a narrative).',
  })
  history?: unknown[];
  @ApiPropertyOptional({
    type: 'array',
    items: { type: 'object' },
    description: 'Category `case_actions`. Meeting discussions: meeting, when, decisions and notes (a narrative).',
  })
  discussions?: unknown[];
  @ApiPropertyOptional({
    type: 'array',
    items: { type: 'object' },
    description:
      "Category `case_actions`. The enforcement orders taken in the case (orderId, kind, personId, agencyId, servedOn, expiresOn, status, breaches), `expiring` when in force and ending within the partnership's window; GET /enforcement/orders/{orderId} for the rest.",
  })
  enforcementOrders?: unknown[];
  @ApiPropertyOptional({
    enum: DATA_CATEGORIES,
    isArray: true,
    description:
      'The data categories of the fields left out: an agency that does not work the case reads only what was disclosed to it about the first victim.',
  })
  withheld?: string[];
}

export class AgencyActionResponse {
  @ApiProperty({ format: 'uuid' }) actionId!: string;
  @ApiProperty({ format: 'uuid' }) referralId!: string;
  @ApiProperty({ format: 'uuid' }) localityId!: string;
  @ApiProperty({ format: 'uuid' }) owningAgencyId!: string;
  @ApiProperty({ type: String, format: 'uuid', nullable: true }) assigneeUserId!: string | null;
  @ApiProperty({ enum: ACTION_KINDS }) kind!: string;
  @ApiProperty({ enum: ACTION_STATUSES }) status!: string;
  @ApiProperty({ format: 'date' }) dueDate!: string;
  @ApiProperty({ description: 'Due before the day asked about (default today) and not completed or cancelled.' })
  overdue!: boolean;
  @ApiProperty({ type: String, format: 'uuid', nullable: true }) meetingId!: string | null;
  @ApiProperty() agreedAt!: string;
}

export class MeetingChangedResponse {
  @ApiProperty({ format: 'uuid' }) meetingId!: string;
  @ApiProperty({ description: 'Version of the meeting after the change (also the ETag).' }) version!: number;
}

export class CaseDiscussedResponse extends MeetingChangedResponse {
  @ApiProperty({ format: 'uuid' }) referralId!: string;
  @ApiProperty({ description: 'Version of the referral after its actions and review.' }) referralVersion!: number;
  @ApiProperty({ type: [String], format: 'uuid' }) actionIds!: string[];
  @ApiProperty({ type: String, format: 'date', nullable: true }) nextReviewDate!: string | null;
}

class AgendaEntryResponse {
  @ApiProperty({ format: 'uuid' }) referralId!: string;
  @ApiProperty({ enum: AGENDA_ITEMS }) item!: string;
  @ApiProperty({ enum: RISK_BANDS, description: 'Band when added.' }) band!: string;
  @ApiProperty() discussed!: boolean;
  @ApiProperty({ type: [String], format: 'uuid' }) carriedActionIds!: string[];
}

class AttendanceResponse {
  @ApiProperty({ format: 'uuid' }) agencyId!: string;
  @ApiProperty({ type: String, format: 'uuid', nullable: true }) userId!: string | null;
  @ApiProperty() present!: boolean;
}

export class MeetingResponse {
  @ApiProperty({ format: 'uuid' }) meetingId!: string;
  @ApiProperty({ description: 'Version of the meeting (its ETag).' }) version!: number;
  @ApiProperty({ format: 'uuid' }) localityId!: string;
  @ApiProperty() startsAt!: string;
  @ApiProperty() cutOffAt!: string;
  @ApiProperty({ enum: MEETING_STATUSES }) status!: string;
  @ApiProperty({ type: String, format: 'uuid', nullable: true }) urgentReferralId!: string | null;
  @ApiProperty({ type: String, nullable: true }) confidentialityConfirmedAt!: string | null;
  @ApiProperty({ type: [AgendaEntryResponse] }) agenda!: AgendaEntryResponse[];
  @ApiProperty({ type: [AttendanceResponse] }) attendance!: AttendanceResponse[];
}

class PackCaseResponse {
  @ApiProperty({ format: 'uuid' }) referralId!: string;
  @ApiProperty({ enum: AGENDA_ITEMS }) item!: string;
  @ApiProperty({ enum: RISK_BANDS }) band!: string;
  @ApiProperty() repeat!: boolean;
  @ApiProperty({ type: String, format: 'date', nullable: true }) nextReviewDate!: string | null;
  @ApiProperty({ type: String, nullable: true }) lastReviewedAt!: string | null;
  @ApiProperty({ description: "True when your agency may not see this case's narratives." }) locked!: boolean;
  @ApiPropertyOptional({
    enum: ['incident_details', 'case_actions'],
    isArray: true,
    description: 'Of the summary and the descriptions of actions, the data categories held back from your agency.',
  })
  withheld?: string[];
  @ApiProperty({ type: 'array', items: personView }) victims!: unknown[];
  @ApiProperty({ type: 'array', items: personView }) perpetrators!: unknown[];
  @ApiProperty({ ...narrative('What happened; null when locked.'), nullable: true }) incidentSummary!: unknown;
  @ApiProperty({ type: [CaseActionResponse] }) openActions!: CaseActionResponse[];
  @ApiProperty() overdueActions!: number;
}

export class MeetingPackResponse extends MeetingResponse {
  @ApiProperty({ format: 'date', description: "Overdue actions and due reviews are as at this day, the meeting's." })
  asOf!: string;
  @ApiProperty({ type: [PackCaseResponse] }) cases!: PackCaseResponse[];
}

export class SettingsResponse {
  @ApiProperty({
    type: 'object',
    additionalProperties: true,
    description: 'The risk matrix referrals are scored with: questions, answers with scores, band thresholds.',
  })
  riskMatrix!: unknown;
  @ApiProperty({
    type: 'object',
    additionalProperties: true,
    description: 'Days between reviews per band (null: none).',
    example: { very_high: 7, high: 14, medium: 28, standard: 56 },
  })
  reviewCadence!: unknown;
  @ApiProperty({
    type: Number,
    nullable: true,
    description: 'Version of the settings (also the ETag); null while the defaults are in force.',
  })
  version!: number | null;
}

export class SettingsChangedResponse {
  @ApiProperty({
    type: Number,
    nullable: true,
    description: 'Version of the settings after the change (also the ETag).',
  })
  version!: number | null;
}

class NamedAgencyResponse {
  @ApiProperty({ format: 'uuid' }) agencyId!: string;
  @ApiProperty() name!: string;
}

class AttendeeResponse extends NamedAgencyResponse {
  @ApiProperty({ type: String, format: 'uuid', nullable: true }) userId!: string | null;
}

export class IssuedMeetingPackResponse extends MeetingPackResponse {
  @ApiProperty({ type: NamedAgencyResponse, description: 'The agency this pack was issued to: yours.' })
  issuedTo!: NamedAgencyResponse;
  @ApiProperty({ type: String, nullable: true }) localityName!: string | null;
  @ApiProperty({ type: [NamedAgencyResponse], description: 'Names of the agencies the pack mentions.' })
  agencies!: NamedAgencyResponse[];
}

class MinutesActionResponse {
  @ApiProperty({ format: 'uuid' }) actionId!: string;
  @ApiProperty({ format: 'uuid', description: 'The agency that owns the action.' }) owningAgencyId!: string;
  @ApiProperty({ enum: ACTION_KINDS }) kind!: string;
  @ApiProperty({ format: 'date' }) dueDate!: string;
  @ApiProperty({ enum: ACTION_STATUSES }) status!: string;
  @ApiProperty(narrative('What is to be done.')) description!: unknown;
}

class NotCoveredResponse {
  @ApiProperty({ type: [String], format: 'uuid' }) agencyIds!: string[];
  @ApiProperty({ enum: ['excluded', 'shared'] }) decision!: string;
}

class MinutesDiscussionResponse {
  @ApiProperty() recordedAt!: string;
  @ApiProperty({ type: [String] }) decisions!: string[];
  @ApiProperty(narrative('What was discussed.')) notes!: unknown;
  @ApiProperty({
    type: NotCoveredResponse,
    nullable: true,
    description: 'Agencies present that no agreement covered, and whether they were excluded or shared with.',
  })
  notCovered!: NotCoveredResponse | null;
}

class MinutesCaseResponse {
  @ApiProperty({ format: 'uuid' }) referralId!: string;
  @ApiProperty({ enum: AGENDA_ITEMS }) item!: string;
  @ApiProperty({ enum: RISK_BANDS }) band!: string;
  @ApiProperty({ enum: REFERRAL_CATEGORIES }) category!: string;
  @ApiProperty({ description: "True when your agency does not receive this case's part of the minutes." })
  locked!: boolean;
  @ApiProperty({ type: 'array', items: personView }) victims!: unknown[];
  @ApiProperty() discussed!: boolean;
  @ApiProperty({ type: [MinutesDiscussionResponse] }) discussions!: MinutesDiscussionResponse[];
  @ApiProperty({ type: [MinutesActionResponse], description: 'The actions agreed at this meeting.' })
  actions!: MinutesActionResponse[];
  @ApiProperty({ type: [String], format: 'uuid' }) carriedForwardActionIds!: string[];
  @ApiProperty({ enum: REFERRAL_STATUSES, description: 'As at issue (until issued, as now).' }) status!: string;
  @ApiProperty({ type: String, format: 'date', nullable: true }) nextReviewDate!: string | null;
}

class MinutesIssueResponse {
  @ApiProperty() issuedAt!: string;
  @ApiProperty({ format: 'uuid' }) issuedByUserId!: string;
  @ApiProperty({ type: [String], format: 'uuid' }) recipientAgencyIds!: string[];
}

class ConfidentialityResponse {
  @ApiProperty() statement!: string;
  @ApiProperty() confirmedAt!: string;
  @ApiProperty({ format: 'uuid' }) chairUserId!: string;
}

export class MinutesResponse {
  @ApiProperty({ format: 'uuid' }) meetingId!: string;
  @ApiProperty({ description: 'Version of the meeting (its ETag): If-Match for issuing the minutes.' })
  version!: number;
  @ApiProperty({ format: 'uuid' }) localityId!: string;
  @ApiProperty({ type: String, nullable: true }) localityName!: string | null;
  @ApiProperty() startsAt!: string;
  @ApiProperty({ format: 'date' }) meetingDay!: string;
  @ApiProperty({ enum: MEETING_STATUSES }) status!: string;
  @ApiProperty({ type: String, nullable: true }) closedAt!: string | null;
  @ApiProperty({ type: MinutesIssueResponse, nullable: true, description: 'Null while a draft.' })
  issued!: MinutesIssueResponse | null;
  @ApiProperty({ type: [AttendeeResponse] }) present!: AttendeeResponse[];
  @ApiProperty({ type: [AttendeeResponse] }) apologies!: AttendeeResponse[];
  @ApiProperty({ type: ConfidentialityResponse, nullable: true }) confidentiality!: ConfidentialityResponse | null;
  @ApiProperty({ type: [MinutesCaseResponse] }) cases!: MinutesCaseResponse[];
  @ApiProperty({ type: [NamedAgencyResponse] }) agencies!: NamedAgencyResponse[];
}

class MinutesRecipientResponse {
  @ApiProperty({ format: 'uuid' }) agencyId!: string;
  @ApiProperty({ type: [String], format: 'uuid', description: 'The cases whose part it received.' })
  referralIds!: string[];
}

export class MinutesIssuedResponse {
  @ApiProperty({ format: 'uuid' }) meetingId!: string;
  @ApiProperty({ description: 'Version of the meeting after the issue (also the ETag).' }) version!: number;
  @ApiProperty() issuedAt!: string;
  @ApiProperty({ type: [MinutesRecipientResponse] }) recipients!: MinutesRecipientResponse[];
}
