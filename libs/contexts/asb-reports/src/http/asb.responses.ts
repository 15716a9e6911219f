import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { ASB_CATEGORIES, DUTY_WITHDRAWAL_REASONS, EXPLANATION_METHODS, REPORTER_KINDS } from '../domain';

export class ReportRecordedResponse {
  @ApiProperty({ format: 'uuid' }) reportId!: string;
  @ApiProperty({ format: 'uuid', description: 'The incident: the report’s own id, or the linked report’s incident.' })
  incidentId!: string;
  @ApiProperty({ description: 'Version of the report (also the ETag).' }) version!: number;
}

export class ReportChangedResponse extends ReportRecordedResponse {}

export class ReportWithdrawnResponse {
  @ApiProperty({ format: 'uuid' }) reportId!: string;
  @ApiProperty({ description: 'Version of the report (also the ETag).' }) version!: number;
}

export class ExplainedResponse {
  @ApiProperty({ format: 'uuid' }) dutyId!: string;
  @ApiProperty({ description: "Version of the victim's explanations (also the ETag)." }) version!: number;
}

export class ReportSummaryResponse {
  @ApiProperty({ format: 'uuid' }) reportId!: string;
  @ApiProperty({ format: 'uuid' }) incidentId!: string;
  @ApiProperty({ format: 'uuid', description: 'The receiving agency.' }) agencyId!: string;
  @ApiProperty({ nullable: true }) agencyName!: string | null;
  @ApiProperty({ format: 'date' }) reportedOn!: string;
  @ApiProperty({ format: 'date' }) behaviourOn!: string;
  @ApiProperty({ format: 'date', nullable: true }) behaviourTo!: string | null;
  @ApiProperty({ enum: ASB_CATEGORIES }) category!: string;
  @ApiProperty({ format: 'uuid', description: 'The ward (partnership ward id).' }) ward!: string;
  @ApiProperty({ nullable: true }) wardName!: string | null;
  @ApiProperty({ enum: ['recorded', 'withdrawn'] }) status!: string;
  @ApiProperty() version!: number;
}

export class PersonReportResponse extends ReportSummaryResponse {
  @ApiProperty({ enum: ['victim', 'reporter', 'alleged'], isArray: true }) roles!: string[];
}

export class LockedReportResponse extends ReportSummaryResponse {
  @ApiProperty({ enum: [true] }) locked!: true;
}

class ReporterResponse {
  @ApiProperty({ enum: REPORTER_KINDS }) kind!: string;
  @ApiPropertyOptional({ description: 'For a person: as the people directory shows them to you (maybe locked).' })
  person?: object | null;
  @ApiPropertyOptional() name?: string;
}

class SameIncidentResponse {
  @ApiProperty({ format: 'uuid' }) reportId!: string;
  @ApiProperty({ format: 'uuid' }) agencyId!: string;
  @ApiProperty({ format: 'date' }) reportedOn!: string;
  @ApiProperty({ enum: ['recorded', 'withdrawn'] }) status!: string;
}

export class ReportResponse extends ReportSummaryResponse {
  @ApiProperty({ enum: [false] }) locked!: false;
  @ApiProperty() agencyReference!: string;
  @ApiProperty({ type: ReporterResponse }) reporter!: ReporterResponse;
  @ApiProperty({ nullable: true, type: Object, description: 'As the people directory shows the victim to you.' })
  victim!: object | null;
  @ApiProperty({ type: [Object] }) alleged!: object[];
  @ApiPropertyOptional({
    type: [String],
    description: 'Shown when your agency may read the victim’s health or special category data.',
  })
  protectedCharacteristics?: string[];
  @ApiPropertyOptional({
    description: 'What happened (incident_details), or { erased: true } once its subject was forgotten.',
    oneOf: [{ type: 'string' }, { type: 'object', properties: { erased: { type: 'boolean' } } }],
  })
  narrative?: string | { erased: true };
  @ApiProperty({ nullable: true }) withdrawalReason!: string | null;
  @ApiProperty({ format: 'uuid' }) recordedByUserId!: string;
  @ApiProperty({ format: 'date-time' }) recordedAt!: string;
  @ApiProperty({ type: [Object], description: 'Links, unlinks and withdrawal, oldest first.' })
  history!: object[];
  @ApiProperty({ type: [SameIncidentResponse], description: 'The other reports of this incident.' })
  sameIncident!: SameIncidentResponse[];
  @ApiPropertyOptional({ type: [String], description: 'The data categories held back from you.' }) withheld?: string[];
}

export class WorkListItemResponse {
  @ApiProperty({ format: 'uuid' }) dutyId!: string;
  @ApiProperty({ format: 'uuid' }) victimPersonId!: string;
  @ApiProperty({ nullable: true, type: Object, description: 'As the people directory shows the victim to you.' })
  victim!: object | null;
  @ApiProperty({ format: 'uuid', description: 'Your agency, which owes the explanation.' }) agencyId!: string;
  @ApiProperty({ format: 'uuid', description: 'The report that made it due.' }) reportId!: string;
  @ApiProperty({ type: [String], format: 'uuid' }) otherReportIds!: string[];
  @ApiProperty({ format: 'date' }) arisenOn!: string;
  @ApiProperty({ format: 'date-time' }) arisenAt!: string;
  @ApiProperty({
    enum: ['due', 'explained', 'withdrawn'],
    description: 'withdrawn: no longer due, because its reports were linked as one incident or one was withdrawn.',
  })
  status!: string;
  @ApiProperty({ enum: EXPLANATION_METHODS, nullable: true }) how!: string | null;
  @ApiProperty({ format: 'date', nullable: true }) explainedOn!: string | null;
  @ApiProperty({ format: 'uuid', nullable: true }) explainedByUserId!: string | null;
  @ApiProperty({ format: 'date-time', nullable: true }) explainedAt!: string | null;
  @ApiProperty({ enum: DUTY_WITHDRAWAL_REASONS, nullable: true }) withdrawalReason!: string | null;
  @ApiProperty({ format: 'date-time', nullable: true }) withdrawnAt!: string | null;
  @ApiProperty({ description: 'The If-Match version for recording the explanation.' }) version!: number;
}
