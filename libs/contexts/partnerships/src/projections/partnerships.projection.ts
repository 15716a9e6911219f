import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { RecordedEvent } from '@hubline/event-store';
import type { Projection } from '@hubline/projections';
import { defaultCaseReviewRole, type PartnershipEvent } from '../domain/partnership';

@Injectable()
export class PartnershipsProjection implements Projection {
  readonly name = 'partnerships.reference-data';
  readonly tables = [
    'partnerships.partnerships',
    'partnerships.agencies',
    'partnerships.localities',
    'partnerships.wards',
  ];
  readonly eventTypes = new Set([
    'PartnershipRegistered',
    'AgencyAdded',
    'AgencyRenamed',
    'AgencyDeactivated',
    'AgencyCaseReviewRoleSet',
    'LocalityAdded',
    'WardAdded',
  ]);

  async apply(recorded: RecordedEvent, m: EntityManager): Promise<void> {
    const event = { type: recorded.type, data: recorded.data } as PartnershipEvent;
    switch (event.type) {
      case 'PartnershipRegistered':
        await m.query(
          'INSERT INTO partnerships.partnerships (partnership_id, name, area, version, registered_at) VALUES ($1, $2, $3, $4, $5) ON CONFLICT DO NOTHING',
          [event.data.partnershipId, event.data.name, event.data.area, recorded.revision, event.data.registeredAt],
        );
        return;
      case 'AgencyAdded':
        await m.query(
          'INSERT INTO partnerships.agencies (agency_id, partnership_id, name, kind, active, case_review_role) VALUES ($1, $2, $3, $4, true, $5) ON CONFLICT DO NOTHING',
          [
            event.data.agencyId,
            event.data.partnershipId,
            event.data.name,
            event.data.kind,
            defaultCaseReviewRole(event.data.kind),
          ],
        );
        break;
      case 'AgencyRenamed':
        await m.query('UPDATE partnerships.agencies SET name = $2 WHERE agency_id = $1', [
          event.data.agencyId,
          event.data.name,
        ]);
        break;
      case 'AgencyDeactivated':
        await m.query('UPDATE partnerships.agencies SET active = false WHERE agency_id = $1', [event.data.agencyId]);
        break;
      case 'AgencyCaseReviewRoleSet':
        await m.query('UPDATE partnerships.agencies SET case_review_role = $2 WHERE agency_id = $1', [
          event.data.agencyId,
          event.data.caseReviewRole,
        ]);
        break;
      case 'LocalityAdded':
        await m.query(
          'INSERT INTO partnerships.localities (locality_id, partnership_id, name) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING',
          [event.data.localityId, event.data.partnershipId, event.data.name],
        );
        break;
      case 'WardAdded':
        await m.query(
          'INSERT INTO partnerships.wards (ward_id, partnership_id, locality_id, name) VALUES ($1, $2, $3, $4) ON CONFLICT DO NOTHING',
          [event.data.wardId, event.data.partnershipId, event.data.localityId, event.data.name],
        );
        break;
    }
    await m.query('UPDATE partnerships.partnerships SET version = $2 WHERE partnership_id = $1', [
      event.data.partnershipId,
      recorded.revision,
    ]);
  }

  async reset(m: EntityManager): Promise<void> {
    await m.query(
      'TRUNCATE partnerships.partnerships, partnerships.agencies, partnerships.localities, partnerships.wards',
    );
  }
}
