import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { RecordedEvent } from '@hubline/event-store';
import type { Projection } from '@hubline/projections';

/**
 * Published events other contexts emit, and the only ones this projection reads:
 * - people: PersonRegistered { personId, partnershipId, registeredByAgencyId },
 *   PersonAgencyReferenceAdded { personId, partnershipId, agencyId },
 *   PeopleMerged { partnershipId, survivorId, mergedId };
 * - case contexts: CaseInvolvementChanged { partnershipId, caseId, caseType, personIds, agencyIds, open }.
 */
export const PERSON_AGENCIES_EVENTS = new Set([
  'PersonRegistered',
  'PersonAgencyReferenceAdded',
  'PeopleMerged',
  'CaseInvolvementChanged',
]);

@Injectable()
export class PersonAgenciesProjection implements Projection {
  readonly name = 'access.person-agencies';
  readonly tables = ['access.person_agencies'];
  readonly eventTypes = PERSON_AGENCIES_EVENTS;

  async apply(event: RecordedEvent, m: EntityManager): Promise<void> {
    const d = event.data as Record<string, unknown>;
    switch (event.type) {
      case 'PersonRegistered':
        await this.recorded(m, d.partnershipId as string, d.personId as string, d.registeredByAgencyId as string);
        return;
      case 'PersonAgencyReferenceAdded':
        await this.recorded(m, d.partnershipId as string, d.personId as string, d.agencyId as string);
        return;
      case 'PeopleMerged':
        // The surviving record inherits every agency link of the merged one.
        await m.query(
          `INSERT INTO access.person_agencies (partnership_id, person_id, agency_id, source, case_id, case_type, open)
           SELECT partnership_id, $2, agency_id, source, case_id, case_type, open FROM access.person_agencies WHERE person_id = $1
           ON CONFLICT DO NOTHING`,
          [d.mergedId, d.survivorId],
        );
        return;
      case 'CaseInvolvementChanged': {
        await m.query('DELETE FROM access.person_agencies WHERE source = $1 AND case_id = $2', ['case', d.caseId]);
        await m.query(
          `INSERT INTO access.person_agencies (partnership_id, person_id, agency_id, source, case_id, case_type, open)
           SELECT $1, p, a, 'case', $2, $3, $4 FROM unnest($5::uuid[]) AS p, unnest($6::uuid[]) AS a
           ON CONFLICT DO NOTHING`,
          [d.partnershipId, d.caseId, d.caseType, d.open, d.personIds, d.agencyIds],
        );
        return;
      }
    }
  }

  async reset(m: EntityManager): Promise<void> {
    await m.query('TRUNCATE access.person_agencies');
  }

  private async recorded(m: EntityManager, partnershipId: string, personId: string, agencyId: string): Promise<void> {
    await m.query(
      `INSERT INTO access.person_agencies (partnership_id, person_id, agency_id, source, case_id, open)
       VALUES ($1, $2, $3, 'recorded', '', true) ON CONFLICT DO NOTHING`,
      [partnershipId, personId, agencyId],
    );
  }
}
