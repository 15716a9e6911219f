import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import {
  AUTHORITIES,
  BASIS_KINDS,
  CASE_SHARING_OCCASIONS,
  CASE_TYPES,
  CONSENT_METHODS,
  DATA_CATEGORIES,
  DISCLOSURE_FLAGS,
  GATEWAYS,
  LAWFUL_BASES,
  RELATIONSHIPS,
  SCHEDULE_1_CONDITIONS,
  STATUTORY_DUTIES,
  SHARING_ERRORS,
  SHARING_PURPOSES,
} from '../domain';

const CODES = Object.keys(SHARING_ERRORS);

export class AgreementChangedResponse {
  @ApiProperty({ format: 'uuid' }) agreementId!: string;
  @ApiProperty({ description: 'Version of the agreement after the change (also the ETag).' }) version!: number;
}

export class AgreementResponse {
  @ApiProperty({ format: 'uuid' }) agreementId!: string;
  @ApiProperty() title!: string;
  @ApiProperty({ type: [String], format: 'uuid' }) parties!: string[];
  @ApiProperty({ enum: SHARING_PURPOSES, isArray: true }) purposes!: string[];
  @ApiProperty({ enum: DATA_CATEGORIES, isArray: true }) dataCategories!: string[];
  @ApiProperty({ enum: LAWFUL_BASES, isArray: true }) lawfulBases!: string[];
  @ApiProperty({ enum: SCHEDULE_1_CONDITIONS, isArray: true }) schedule1Conditions!: string[];
  @ApiProperty({ format: 'date' }) startDate!: string;
  @ApiProperty({ format: 'date' }) reviewDate!: string;
  @ApiProperty({ format: 'date', nullable: true }) endDate!: string | null;
  @ApiProperty({ format: 'date-time' }) agreedAt!: string;
  @ApiProperty({ format: 'date-time', nullable: true }) lastReviewedAt!: string | null;
  @ApiProperty({ format: 'date-time', nullable: true }) terminatedAt!: string | null;
  @ApiProperty() version!: number;
  @ApiProperty({ description: 'Started, not ended or terminated, and its review date not passed.' }) inForce!: boolean;
  @ApiPropertyOptional({ enum: ['not_started', 'ended', 'terminated', 'review_lapsed'] }) notInForceBecause?: string;
  @ApiProperty({ description: 'In force, with its review date within 30 days.' }) reviewDueSoon!: boolean;
}

export class ConsentChangedResponse {
  @ApiProperty({ format: 'uuid' }) consentId!: string;
  @ApiProperty({ description: 'Version of the consent record (also the ETag).' }) version!: number;
}

class ConsentGiverResponse {
  @ApiProperty({ enum: ['person', 'representative'] }) kind!: string;
  @ApiPropertyOptional({ enum: RELATIONSHIPS }) relationship?: string;
  @ApiPropertyOptional({ enum: AUTHORITIES }) authority?: string;
}

class ConsentRecipientsResponse {
  @ApiProperty({ enum: ['agencies', 'lag_partners'] }) kind!: string;
  @ApiPropertyOptional({ format: 'uuid' }) localityId?: string;
  @ApiProperty({
    type: [String],
    format: 'uuid',
    description: 'The agencies covered (for lag_partners, those of the partnership when consent was given).',
  })
  agencyIds!: string[];
}

export class ConsentResponse {
  @ApiProperty({ format: 'uuid' }) consentId!: string;
  @ApiProperty({ format: 'uuid' }) personId!: string;
  @ApiProperty({ type: ConsentGiverResponse }) givenBy!: ConsentGiverResponse;
  @ApiProperty({ type: ConsentRecipientsResponse }) recipients!: ConsentRecipientsResponse;
  @ApiProperty({ enum: SHARING_PURPOSES, isArray: true }) purposes!: string[];
  @ApiProperty({ enum: DATA_CATEGORIES, isArray: true }) dataCategories!: string[];
  @ApiProperty({ enum: CONSENT_METHODS }) obtained!: string;
  @ApiProperty({ format: 'uuid' }) recordedByUserId!: string;
  @ApiProperty({ format: 'uuid' }) recordedByAgencyId!: string;
  @ApiProperty({ format: 'date-time' }) givenAt!: string;
  @ApiProperty({ format: 'date-time', nullable: true }) expiresAt!: string | null;
  @ApiProperty({ format: 'date-time', nullable: true }) withdrawnAt!: string | null;
  @ApiProperty({ enum: CONSENT_METHODS, nullable: true }) withdrawalMethod!: string | null;
  @ApiProperty() version!: number;
  @ApiProperty({ description: 'Given, not withdrawn and not expired at the moment of this read.' }) validNow!: boolean;
  @ApiPropertyOptional({ enum: CODES }) notValidNowBecause?: string;
}

export class DisclosedResponse {
  @ApiProperty({ format: 'uuid' }) disclosureId!: string;
  @ApiProperty() version!: number;
  @ApiProperty({ format: 'date-time', description: 'The moment of disclosure, at which the basis was judged valid.' })
  disclosedAt!: string;
  @ApiProperty({ enum: DISCLOSURE_FLAGS, isArray: true, description: 'Why an auditor should look at it.' })
  flags!: string[];
}

class CaseReferenceResponse {
  @ApiProperty({ enum: CASE_TYPES }) type!: string;
  @ApiProperty() id!: string;
}

class DisclosureBasisResponse {
  @ApiProperty({
    enum: BASIS_KINDS,
    description:
      'case_involvement: recorded by Hubline when agencies joined a case (and could see what the referring agency put on it) or heard it discussed at a LAG meeting. statutory_duty: recorded by Hubline when a relevant body supplied information an ASB Case Review asked for (Sch 4 para 7).',
  })
  kind!: string;
  @ApiPropertyOptional({
    enum: STATUTORY_DUTIES,
    description: 'For statutory_duty: asbcpa_2014_sch4_para7, the ASB, Crime and Policing Act 2014 Sch 4 para 7.',
  })
  duty?: string;
  @ApiPropertyOptional({ format: 'uuid' }) consentId?: string;
  @ApiPropertyOptional({
    enum: GATEWAYS,
    nullable: true,
    description: 'For gateway; for case_involvement the gateway of the agreement that covered it (null: none did).',
  })
  gateway?: string | null;
  @ApiPropertyOptional({
    format: 'uuid',
    nullable: true,
    description: 'For gateway; for case_involvement the agreement that covered it (null: none did).',
  })
  agreementId?: string | null;
  @ApiPropertyOptional({
    enum: CODES,
    description:
      'For case_involvement with no agreement: why no agreement in force covered the sharing at that moment.',
  })
  notCoveredBecause?: string;
  @ApiPropertyOptional({
    enum: CASE_SHARING_OCCASIONS,
    description:
      "For case_involvement: the recipients joined the case, received a referral for the LAG chair's decision, heard it discussed at a LAG meeting, or were issued a LAG meeting's pack or minutes holding it.",
  })
  occasion?: string;
  @ApiPropertyOptional({
    format: 'uuid',
    nullable: true,
    description: 'For case_involvement at or for a LAG meeting (discussed, pack, minutes): the meeting.',
  })
  meetingId?: string | null;
}

export class DisclosureResponse {
  @ApiProperty({ format: 'uuid' }) disclosureId!: string;
  @ApiProperty({ format: 'uuid' }) fromAgencyId!: string;
  @ApiProperty({ type: [String], format: 'uuid' }) recipientAgencyIds!: string[];
  @ApiProperty({ type: [String], format: 'uuid' }) personIds!: string[];
  @ApiProperty({ enum: DATA_CATEGORIES, isArray: true }) dataCategories!: string[];
  @ApiProperty({ enum: SHARING_PURPOSES }) purpose!: string;
  @ApiProperty({ type: CaseReferenceResponse, nullable: true }) case!: CaseReferenceResponse | null;
  @ApiProperty({ format: 'uuid' }) byUserId!: string;
  @ApiProperty({ format: 'date-time' }) disclosedAt!: string;
  @ApiProperty({
    type: DisclosureBasisResponse,
    description:
      'The basis. A disclosure a user records is refused unless its basis is valid at that moment; one Hubline records for a case (case_involvement) is recorded either way, flagged no_agreement when nothing covered it. Justifications stay sealed.',
  })
  basis!: DisclosureBasisResponse;
  @ApiProperty({ enum: DISCLOSURE_FLAGS, isArray: true }) flags!: string[];
  @ApiProperty({
    description: 'Whether the basis still stands now (it then still gives the recipients access to the people).',
  })
  basisStandsNow!: boolean;
  @ApiPropertyOptional({ enum: CODES }) basisLapsedBecause?: string;
}
