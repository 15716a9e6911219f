import { Injectable } from '@nestjs/common';
import { stableId, type JsonObject, type RecordedEvent } from '@hubline/event-store';
import type { Reaction, Reactor } from '@hubline/projections';
import { disclosureStream, type DataCategory, type DisclosureEvent, type StatutoryDuty } from '../domain';

/**
 * The case-reviews context's published event this reactor reads (a stored contract of that
 * context: only the fields used here). An agency answering an ASB Case Review's information
 * request supplies what it holds about the victim to the coordinator's agency, as the law requires.
 */
export const STATUTORY_SUPPLY_EVENT_TYPES = ['CaseReviewInformationSupplied'] as const;

interface InformationSuppliedFacts {
  reviewId: string;
  partnershipId: string;
  agencyId: string;
  recipientAgencyId: string;
  personIds: string[];
  dataCategories: DataCategory[];
  answeredByUserId: string;
  answeredAt: string;
  gateway: StatutoryDuty;
}

/**
 * Records, as a disclosure with the statutory duty as its basis, each supply of information a
 * relevant body makes under ASB, Crime and Policing Act 2014 Sch 4 para 7, so the auditor's trail
 * shows what was shared about the victim, by whom, with whom and why. A reactor (decision 0016):
 * the disclosure's id derives from the event that caused it, so a replay appends nothing new.
 * Nothing is recorded when no person is named (a business or group applied) or the coordinator's
 * own agency supplied it.
 */
@Injectable()
export class StatutorySupplyRecorder implements Reactor {
  readonly name = 'sharing.statutory-supply';
  readonly eventTypes = new Set<string>(STATUTORY_SUPPLY_EVENT_TYPES);

  async react(recorded: RecordedEvent): Promise<Reaction[]> {
    const d = recorded.data as unknown as InformationSuppliedFacts;
    if (d.personIds.length === 0 || d.recipientAgencyId === d.agencyId) return [];
    const disclosureId = stableId('statutory-supply', recorded.id);
    const event: DisclosureEvent = {
      type: 'InformationDisclosed',
      data: {
        disclosureId,
        partnershipId: d.partnershipId,
        fromAgencyId: d.agencyId,
        recipientAgencyIds: [d.recipientAgencyId],
        personIds: d.personIds,
        dataCategories: d.dataCategories,
        purpose: 'asb_case_review',
        case: { type: 'asb_case_review', id: d.reviewId },
        byUserId: d.answeredByUserId,
        disclosedAt: d.answeredAt,
        basis: { kind: 'statutory_duty', duty: d.gateway },
        flags: [],
      },
    };
    return [
      {
        stream: disclosureStream(disclosureId),
        id: stableId(disclosureId, 'event'),
        type: event.type,
        data: event.data as unknown as JsonObject,
      },
    ];
  }

  async reset(): Promise<void> {
    // No state of its own: every reaction follows from its event alone.
  }
}
