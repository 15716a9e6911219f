import { Inject, Injectable } from '@nestjs/common';
import { EVENT_STORE, type EventStore } from '@hubline/event-store';
import { reportStream, type AsbCategory, type Reporter } from '../domain';
import { AsbReadModel, type ReportRow } from './asb-read-model';

/** One report as another context counts it: ids, codes and days only, never the narrative or a name of a person. */
export interface ComplaintRecord {
  reportId: string;
  /** Reports of one incident to several agencies share this id. */
  incidentId: string;
  partnershipId: string;
  /** The receiving agency and its own reference. */
  agencyId: string;
  agencyReference: string;
  /** The person the behaviour was against (null for a business or group with no person). */
  victimPersonId: string | null;
  reporter: Reporter;
  /** YYYY-MM-DD. */
  behaviourOn: string;
  reportedOn: string;
  category: AsbCategory;
  protectedCharacteristics: string[];
  /** The partnership's ward id (partnerships context). */
  ward: string;
  /** Alleged perpetrators' person ids ([] = unknown). */
  alleged: string[];
}

const complaintOf = (r: ReportRow): ComplaintRecord => ({
  reportId: r.report_id,
  incidentId: r.incident_id,
  partnershipId: r.partnership_id,
  agencyId: r.agency_id,
  agencyReference: r.agency_reference,
  victimPersonId: r.victim_person_id,
  reporter:
    r.reporter_kind === 'person'
      ? { kind: 'person', personId: r.reporter_person_id! }
      : { kind: r.reporter_kind, name: r.reporter_name ?? '' },
  behaviourOn: r.behaviour_on,
  reportedOn: r.reported_on,
  category: r.category,
  protectedCharacteristics: r.protected_characteristics,
  ward: r.ward,
  alleged: r.alleged,
});

/**
 * The ASB reports context's published facade, for the ASB Case Review: the complaints a person
 * made or suffered, and those of a ward, with their incidents, from the reports read model.
 * Withdrawn reports are left out everywhere except `complaint`, which answers null for them too.
 */
/** A report naming a person, for retention: a report is a record made once, kept from the day it was recorded. */
export interface ReportNaming {
  personId: string;
  reportId: string;
  recordedAt: string;
}

@Injectable()
export class AsbReportRecords {
  constructor(
    private readonly readModel: AsbReadModel,
    @Inject(EVENT_STORE) private readonly store: EventStore,
  ) {}

  /** Every report (not withdrawn) whose victim, or whose reporter, is this person. Ids and codes only. */
  async complaintsOf(partnershipId: string, personId: string): Promise<ComplaintRecord[]> {
    return (await this.readModel.complaintsOf(partnershipId, personId)).map(complaintOf);
  }

  /** Every report (not withdrawn) in a ward reported between two days inclusive (the community threshold). */
  async complaintsInWard(
    partnershipId: string,
    ward: string,
    fromDay: string,
    toDay: string,
  ): Promise<ComplaintRecord[]> {
    return (await this.readModel.complaintsInWard(partnershipId, ward, fromDay, toDay)).map(complaintOf);
  }

  /** The report, unless withdrawn or not of this partnership (then null). */
  async complaint(partnershipId: string, reportId: string): Promise<ComplaintRecord | null> {
    const row = await this.readModel.report(partnershipId, reportId);
    return row && row.status === 'recorded' ? complaintOf(row) : null;
  }

  /** Every person a report of the partnership names (victim, reporter or alleged), withdrawn reports too: they are still held. */
  async namings(partnershipId: string): Promise<ReportNaming[]> {
    return this.readModel.namings(partnershipId);
  }

  /**
   * When each report was recorded, read from its own stream (not the read model), for a decision
   * that must not act on a read model that lags (retention, just before it erases); null for an id
   * that is no report.
   */
  async recordedAtFromEvents(reportIds: string[]): Promise<Array<string | null>> {
    return Promise.all(
      reportIds.map(async (id) => {
        const [first] = await this.store.readStream(reportStream(id));
        return first?.type === 'AsbReportRecorded' ? String(first.data.recordedAt) : null;
      }),
    );
  }
}
