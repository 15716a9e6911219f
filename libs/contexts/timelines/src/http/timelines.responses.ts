import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { TIMELINE_ROLES } from '../domain/summarise';

class AgencyRef {
  @ApiProperty({ format: 'uuid' }) agencyId!: string;
  @ApiProperty() name!: string;
}

class CaseRef {
  @ApiProperty({ example: 'lag_referral' }) type!: string;
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ example: '/lag/referrals/0b8f0c1e-6a55-4d0c-9d1e-2b6f4f0e9a11' }) link!: string;
}

export class TimelineEntryResponse {
  @ApiProperty({ format: 'uuid' }) eventId!: string;
  @ApiProperty({ example: 'VictimReferred' }) type!: string;
  @ApiProperty() occurredAt!: string;
  @ApiProperty({
    enum: TIMELINE_ROLES,
    description: 'How the person figures in the event: subject means the record itself.',
  })
  role!: string;
  @ApiPropertyOptional({ type: AgencyRef, nullable: true, description: 'The agency that acted.' })
  agency!: AgencyRef | null;
  @ApiProperty({ example: 'Referred to the Grays LAG for anti-social behaviour; risk high (repeat referral)' })
  summary!: string;
  @ApiPropertyOptional({ type: CaseRef, nullable: true }) case!: CaseRef | null;
}

class OutstandingActionResponse {
  @ApiProperty({ format: 'uuid' }) actionId!: string;
  @ApiProperty({ format: 'uuid' }) referralId!: string;
  @ApiProperty({ example: 'acceptable_behaviour_contract' }) kind!: string;
  @ApiProperty({ enum: ['open', 'in_progress'] }) status!: string;
  @ApiProperty({ type: AgencyRef }) owningAgency!: AgencyRef;
  @ApiProperty({ format: 'date' }) dueDate!: string;
  @ApiProperty({ description: 'Past its due date today (UK calendar).' }) overdue!: boolean;
}

export class VictimHeaderResponse {
  @ApiPropertyOptional({
    enum: ['standard', 'medium', 'high', 'very_high'],
    nullable: true,
    description: 'Band of the latest open referral.',
  })
  currentBand!: string | null;
  @ApiProperty() referrals!: number;
  @ApiProperty() openReferrals!: number;
  @ApiProperty({ description: 'A repeat victim on any of their referrals (referred again within 12 months).' })
  repeat!: boolean;
  @ApiProperty() openActions!: number;
  @ApiProperty() overdueActions!: number;
  @ApiProperty({ type: [OutstandingActionResponse] }) outstandingActions!: OutstandingActionResponse[];
}

class ActionCountResponse {
  @ApiProperty() kind!: string;
  @ApiProperty() status!: string;
  @ApiProperty() count!: number;
}

class HeaderAgencyResponse {
  @ApiProperty({ format: 'uuid' }) agencyId!: string;
  @ApiProperty() name!: string;
}

class HeaderOrderResponse {
  @ApiProperty({ format: 'uuid', description: 'GET /enforcement/orders/{orderId}.' }) orderId!: string;
  @ApiProperty({ description: 'warning_letter, acceptable_behaviour_contract, civil_injunction, ...' }) kind!: string;
  @ApiProperty({ type: HeaderAgencyResponse, nullable: true, description: 'The serving (applying) agency.' })
  agency!: HeaderAgencyResponse | null;
  @ApiProperty({ format: 'date' }) servedOn!: string;
  @ApiProperty({ format: 'date', nullable: true }) expiresOn!: string | null;
  @ApiProperty() breaches!: number;
  @ApiProperty({ format: 'date', nullable: true }) lastBreachOn!: string | null;
}

class OrdersHeaderResponse {
  @ApiProperty({ description: "The partnership's expiry warning window (GET /enforcement/settings)." })
  expiryWindowDays!: number;
  @ApiProperty({ type: [HeaderOrderResponse], description: 'Orders in force today, expiring ones included.' })
  inForce!: HeaderOrderResponse[];
  @ApiProperty({ type: [HeaderOrderResponse], description: 'Orders in force ending within the window.' })
  expiring!: HeaderOrderResponse[];
  @ApiProperty({ type: [HeaderOrderResponse], description: 'Orders with a breach recorded, whatever their standing.' })
  breached!: HeaderOrderResponse[];
}

export class OffenderHeaderResponse {
  @ApiProperty({ description: 'Referrals naming them as a perpetrator.' }) referrals!: number;
  @ApiProperty() openReferrals!: number;
  @ApiProperty() overdueActions!: number;
  @ApiProperty({ type: [ActionCountResponse], description: 'Actions about them, by kind and status.' })
  actionsTargeting!: ActionCountResponse[];
  @ApiProperty({ type: OrdersHeaderResponse, description: 'Enforcement orders served on them.' })
  orders!: OrdersHeaderResponse;
}

const PERSON_DESCRIPTION =
  'From the people register: `{personId, givenName, familyName, dateOfBirth?, postcode?}` when your agency may see the person; ' +
  '`{personId, locked: true, agencies}` when it may not; `{personId, erased: true, forgottenAt}`; or `{personId, mergedInto}`.';

class TimelineResponse {
  @ApiProperty({ format: 'uuid' }) personId!: string;
  @ApiProperty({ type: 'object', additionalProperties: true, description: PERSON_DESCRIPTION }) person!: Record<
    string,
    unknown
  >;
  @ApiPropertyOptional({ enum: [true], description: 'Your agency may not see this person: no header, no entries.' })
  locked?: true;
  @ApiPropertyOptional({
    enum: [true],
    description:
      'The person was forgotten. Agencies that held the record or worked its cases still see the entries, which carry no personal data.',
  })
  erased?: true;
  @ApiPropertyOptional({
    type: [String],
    description:
      'Your agency may see the person only under disclosures that do not cover the case history (incident_details, risk_assessment and case_actions; for an offender also criminal_offence): the categories missing. No header, no entries.',
  })
  withheld?: string[];
  @ApiPropertyOptional({
    format: 'uuid',
    description: 'This record was merged into another: read that one, which shows these entries too.',
  })
  mergedInto?: string;
  @ApiProperty({ type: [TimelineEntryResponse], description: 'Newest first.' }) entries!: TimelineEntryResponse[];
  @ApiProperty({
    type: String,
    nullable: true,
    description: 'Pass as `before` for the next, older page; null on the last page.',
  })
  nextBefore!: string | null;
}

export class VictimTimelineResponse extends TimelineResponse {
  @ApiProperty({ enum: ['victim'] }) kind!: 'victim';
  @ApiProperty({
    type: VictimHeaderResponse,
    nullable: true,
    description: 'Null when your agency may not see the person, and for a merged duplicate.',
  })
  header!: VictimHeaderResponse | null;
}

export class OffenderTimelineResponse extends TimelineResponse {
  @ApiProperty({ enum: ['offender'] }) kind!: 'offender';
  @ApiProperty({
    type: OffenderHeaderResponse,
    nullable: true,
    description: 'Null when your agency may not see the person, and for a merged duplicate.',
  })
  header!: OffenderHeaderResponse | null;
}
