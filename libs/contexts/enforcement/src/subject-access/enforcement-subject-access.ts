import { Injectable } from '@nestjs/common';
import { PersonalDataVault } from '@hubline/privacy';
import type { Sealed } from '../domain';
import { OrdersReadModel } from '../queries/orders-read-model';

/** How the caller wants an agency shown (it fills in the names once, for the whole export). */
type AgencyRef<A> = (id: string | null) => A | null;

/**
 * What the enforcement context holds about a person, for a subject access request: every order
 * served on them (or on a record merged into theirs, `ids`), its conditions as last varied, its
 * variations and discharge, and its breaches with what happened and the response. The texts are
 * sealed with the requester's own key, so they are opened; the officers who acted are left out,
 * as the other exports do, and agencies are named.
 */
@Injectable()
export class EnforcementSubjectAccess {
  constructor(
    private readonly readModel: OrdersReadModel,
    private readonly vault: PersonalDataVault,
  ) {}

  async orders<A>(partnershipId: string, ids: string[], agency: AgencyRef<A>) {
    const rows = await this.readModel.ordersOf(partnershipId, ids);
    const breaches = await this.readModel.breachesOf(rows.map((r) => r.order_id));
    const open = async (personId: string, sealed: Sealed | null) =>
      sealed === null ? null : ((await this.vault.open<string>(personId, sealed)) as unknown);
    return Promise.all(
      rows.map(async (r) => ({
        orderId: r.order_id,
        kind: r.kind,
        servingAgency: agency(r.agency_id),
        agencyReference: r.agency_reference,
        servedOn: r.served_on,
        expiresOn: r.expires_on,
        lagCaseId: r.lag_case_id,
        particulars: r.particulars,
        conditions: await open(r.person_id, r.conditions),
        status: r.status,
        dischargedOn: r.discharged_on,
        dischargeReason: r.discharge_reason,
        recordedAt: new Date(r.recorded_at).toISOString(),
        history: r.history.map(({ byAgencyId, ...h }) => ({ ...h, byAgency: agency(String(byAgencyId)) })),
        breaches: await Promise.all(
          breaches
            .filter((b) => b.order_id === r.order_id)
            .map(async (b) => ({
              breachId: b.breach_id,
              occurredOn: b.occurred_on,
              whatHappened: await open(b.person_id, b.what_happened),
              response: b.response,
              respondedOn: b.responded_on,
              recordedBy: agency(b.recorded_by_agency_id),
            })),
        ),
      })),
    );
  }
}
