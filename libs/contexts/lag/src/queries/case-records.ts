import { Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { EVENT_STORE, type EventStore } from '@hubline/event-store';
import { referralStream } from '../domain';

/** How a LAG case stands: open, or ended (closed or declined) at an instant. */
export type CaseEnd = {
  caseId: string;
  open: boolean;
  /** The instant the case last ended (null while open). */ endedAt: string | null;
};

/** A person named in a LAG case (as victim or perpetrator), with how that case stands. */
export type CaseNaming = CaseEnd & { personId: string };

/**
 * The LAG context's published facade for retention and other record-keeping: which cases name
 * which people and when they ended. Ids and instants only, no personal data. The LAG's events are
 * interpreted here, by the context that owns them, never by the caller.
 */
@Injectable()
export class LagCaseRecords {
  constructor(
    private readonly db: DataSource,
    @Inject(EVENT_STORE) private readonly store: EventStore,
  ) {}

  /** Everyone named in a LAG case of the partnership, one entry per person and case, from the read model. */
  async namings(partnershipId: string): Promise<CaseNaming[]> {
    const rows: Array<{ referral_id: string; person_id: string; status: string; ended_at: Date | null }> =
      await this.db.query(
        `SELECT DISTINCT r.referral_id, p AS person_id, r.status, COALESCE(r.closed_at, r.declined_at) AS ended_at
         FROM lag.referrals r CROSS JOIN LATERAL unnest(r.victim_ids || r.perpetrator_ids) AS p
        WHERE r.partnership_id = $1`,
        [partnershipId],
      );
    return rows.map((row) => {
      const ended = row.status === 'closed' || row.status === 'declined';
      return {
        personId: row.person_id,
        caseId: row.referral_id,
        open: !ended,
        endedAt: ended && row.ended_at ? new Date(row.ended_at).toISOString() : null,
      };
    });
  }

  /**
   * How each case stands, read from its own stream rather than the read model: for a decision that
   * must not act on a read model that lags (retention, just before it erases).
   */
  async endsFromEvents(caseIds: string[]): Promise<CaseEnd[]> {
    return Promise.all(caseIds.map((caseId) => this.endFromEvents(caseId)));
  }

  private async endFromEvents(caseId: string): Promise<CaseEnd> {
    let end: CaseEnd = { caseId, open: true, endedAt: null };
    for (const e of await this.store.readStream(referralStream(caseId))) {
      if (e.type === 'ReferralClosed') end = { caseId, open: false, endedAt: String(e.data.closedAt) };
      else if (e.type === 'ReferralDeclined') end = { caseId, open: false, endedAt: String(e.data.declinedAt) };
      else if (e.type === 'ReferralReopened') end = { caseId, open: true, endedAt: null };
    }
    return end;
  }
}
