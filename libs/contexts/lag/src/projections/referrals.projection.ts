import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { RecordedEvent } from '@hubline/event-store';
import { Parameters, sendWrites, type Projection, type Writes } from '@hubline/projections';
import type { ReferralEvent } from '../domain';

const STREAM_PREFIX = 'lag-referral-';

/** The columns a referral's `VictimReferred` gives; with `CHANGING_COLUMNS`, every column of lag.referrals. */
const REFERRED_COLUMNS = [
  'referral_id',
  'partnership_id',
  'locality_id',
  'ward_id',
  'category',
  'protected_characteristics',
  'vulnerabilities',
  'victim_ids',
  'perpetrator_ids',
  'referring_agency_id',
  'involved_agency_ids',
  'status',
  'band',
  'repeat',
  'repeat_victim_ids',
  'risk',
  'incident_summary',
  'multi_agency_reason',
  'referred_at',
  'history',
  'version',
];

/** The columns the referral's later events change. */
const CHANGING_COLUMNS = [
  'involved_agency_ids',
  'status',
  'band',
  'risk',
  'accepted_at',
  'accepting_agency_id',
  'declined_at',
  'closed_at',
  'next_review_date',
  'last_reviewed_at',
  'review_count',
  'history',
  'version',
];

/** A row of lag.referrals as `to_jsonb` gives it (and `jsonb_populate_recordset` takes it back). */
type ReferralRow = Record<string, unknown> & {
  referral_id: string;
  status: string;
  next_review_date: string | null;
  review_count: number;
  history: Array<Record<string, unknown>>;
  version: number;
};

/**
 * Referrals and their action plans (lag.referrals, lag.actions). Narratives are copied sealed, as
 * they are in the events; the history column keeps the case's decisions in order for the case view.
 */
@Injectable()
export class ReferralsProjection implements Projection {
  readonly name = 'lag.referrals';
  readonly tables = ['lag.referrals', 'lag.actions'];
  readonly eventTypes = new Set([
    'VictimReferred',
    'CaseInvolvementChanged',
    'ReferralOpenedForDecision',
    'ReferralAccepted',
    'ReferralDeclined',
    'RiskReassessed',
    'ActionAgreed',
    'ActionStatusChanged',
    'ReferralReviewed',
    'ReferralClosed',
    'ReferralReopened',
  ]);

  /**
   * One event, statement by statement: the reference `applyBatch` must match (its tests compare
   * the two on the same log).
   */
  async apply(recorded: RecordedEvent, m: EntityManager): Promise<void> {
    // CaseInvolvementChanged (and possibly other names) are published by other case contexts too.
    if (!recorded.streamId.startsWith(STREAM_PREFIX)) return;
    const event = { type: recorded.type, data: recorded.data } as ReferralEvent;
    // The event's line of the case's history, as a one-line array to append.
    const history = () => {
      const line = historyLine(event);
      if (!line) throw new Error(`${event.type} adds no line to a referral's history`);
      return JSON.stringify([line]);
    };
    switch (event.type) {
      case 'VictimReferred': {
        const d = event.data;
        await m.query(
          `INSERT INTO lag.referrals (referral_id, partnership_id, locality_id, ward_id, category, protected_characteristics, vulnerabilities, victim_ids,
             perpetrator_ids, referring_agency_id, involved_agency_ids, status, band, repeat, repeat_victim_ids, risk, incident_summary, multi_agency_reason,
             referred_at, history, version)
           VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, ARRAY[$10]::uuid[], 'referred', $11, $12, $13, $14, $15, $16, $17, $18, $19)
           ON CONFLICT (referral_id) DO NOTHING`,
          [
            d.referralId,
            d.partnershipId,
            d.localityId,
            d.wardId,
            d.category,
            d.protectedCharacteristics,
            d.vulnerabilities,
            d.victimIds,
            d.perpetratorIds,
            d.referringAgencyId,
            d.riskAssessment.band,
            d.repeat,
            d.repeatVictimIds,
            JSON.stringify(d.riskAssessment),
            JSON.stringify(d.incidentSummary),
            JSON.stringify(d.multiAgencyReason),
            d.referredAt,
            history(),
            recorded.revision,
          ],
        );
        return;
      }
      case 'CaseInvolvementChanged':
        await this.update(m, recorded, 'involved_agency_ids = $3', [event.data.agencyIds]);
        return;
      case 'ReferralAccepted': {
        const d = event.data;
        await this.update(
          m,
          recorded,
          `status = 'accepted', accepted_at = $3, accepting_agency_id = $4, next_review_date = $5, history = history || $6::jsonb`,
          [d.acceptedAt, d.acceptedByAgencyId, d.nextReviewDate, history()],
        );
        return;
      }
      case 'ReferralOpenedForDecision':
        await this.update(m, recorded, 'history = history || $3::jsonb', [history()]);
        return;
      case 'ReferralDeclined': {
        const d = event.data;
        await this.update(m, recorded, `status = 'declined', declined_at = $3, history = history || $4::jsonb`, [
          d.declinedAt,
          history(),
        ]);
        return;
      }
      case 'RiskReassessed': {
        const d = event.data;
        // Before acceptance there is no review date to move.
        await this.update(
          m,
          recorded,
          `band = $3, risk = $4, next_review_date = CASE WHEN status = 'accepted' THEN $5::date ELSE next_review_date END, history = history || $6::jsonb`,
          [d.riskAssessment.band, JSON.stringify(d.riskAssessment), d.nextReviewDate, history()],
        );
        return;
      }
      case 'ActionAgreed': {
        const d = event.data;
        await m.query(
          `INSERT INTO lag.actions (action_id, referral_id, partnership_id, owning_agency_id, assignee_user_id, kind, status, due_date, meeting_id, target_person_id, description, agreed_at, updated_at)
           VALUES ($1, $2, $3, $4, $5, $6, 'open', $7, $8, $9, $10, $11, $11) ON CONFLICT (action_id) DO NOTHING`,
          [
            d.actionId,
            d.referralId,
            d.partnershipId,
            d.owningAgencyId,
            d.assigneeUserId,
            d.kind,
            d.dueDate,
            d.meetingId,
            d.targetPersonId,
            JSON.stringify(d.description),
            d.agreedAt,
          ],
        );
        await this.update(m, recorded, '', []);
        return;
      }
      case 'ActionStatusChanged': {
        const d = event.data;
        // Like the referral's row, the action changes only for an event after the row's version.
        await m.query(
          `UPDATE lag.actions SET status = $2, outcome = COALESCE($3::jsonb, outcome), updated_at = $4 WHERE action_id = $1
             AND NOT EXISTS (SELECT 1 FROM lag.referrals WHERE referral_id = $5 AND version >= $6)`,
          [
            d.actionId,
            d.to,
            d.outcome === null ? null : JSON.stringify(d.outcome),
            d.changedAt,
            recorded.streamId.slice(STREAM_PREFIX.length),
            recorded.revision,
          ],
        );
        await this.update(m, recorded, '', []);
        return;
      }
      case 'ReferralReviewed': {
        const d = event.data;
        await this.update(
          m,
          recorded,
          'last_reviewed_at = $3, next_review_date = $4, review_count = review_count + 1, history = history || $5::jsonb',
          [d.reviewedAt, d.nextReviewDate, history()],
        );
        return;
      }
      case 'ReferralClosed': {
        const d = event.data;
        await this.update(
          m,
          recorded,
          `status = 'closed', closed_at = $3, next_review_date = NULL, history = history || $4::jsonb`,
          [d.closedAt, history()],
        );
        return;
      }
      case 'ReferralReopened': {
        const d = event.data;
        await this.update(
          m,
          recorded,
          `status = 'accepted', closed_at = NULL, next_review_date = $3, history = history || $4::jsonb`,
          [d.nextReviewDate, history()],
        );
        return;
      }
      default: {
        const unexpected: never = event;
        return unexpected;
      }
    }
  }

  /**
   * A batch as the rebuild and the projection's tests apply it: the writes `writesOfBatch` hands
   * back, sent as one statement.
   */
  async applyBatch(events: RecordedEvent[], m: EntityManager): Promise<void> {
    await sendWrites(m, await this.writesOfBatch(events, m));
  }

  /**
   * A batch in two round trips, whatever its size (`Projection.writesOfBatch`): one read, of the
   * rows of the referrals the batch names and of which of its agreed actions exist already; the
   * events folded into those rows in memory, in log order, as `apply` would change them (an event
   * at or before a row's version skipped); then the writes handed back, a statement per kind of
   * change, which the runner sends with its checkpoint's move as one statement.
   *
   * The parts of one statement do not see each other's rows, so nothing is inserted and then
   * changed: a referral referred in the batch is built in memory from its `VictimReferred`, its
   * later events in the batch folded in, and inserted as it ends; an action agreed in the batch
   * likewise, with its status changes. Rows there before the batch are updated. A referral's row
   * follows its own stream only, so the order between referrals does not matter.
   */
  async writesOfBatch(events: RecordedEvent[], m: EntityManager): Promise<Writes | null> {
    const ours = events.filter((e) => e.streamId.startsWith(STREAM_PREFIX));
    if (ours.length === 0) return null;
    const agreedIds = new Set<string>();
    for (const recorded of ours)
      if (recorded.type === 'ActionAgreed') agreedIds.add((recorded.data as { actionId: string }).actionId);

    const found: Array<{ row: ReferralRow | null; action_id: string | null }> = await m.query(
      `SELECT to_jsonb(r) AS row, NULL::uuid AS action_id FROM lag.referrals r WHERE referral_id = ANY($1::uuid[])
       UNION ALL
       SELECT NULL, action_id FROM lag.actions WHERE action_id = ANY($2::uuid[])`,
      [[...new Set(ours.map(referralIdOf))], [...agreedIds]],
    );
    /** Rows there before the batch (`inserted` false) and rows the batch brings (true). */
    const referrals = new Map<string, { row: ReferralRow; inserted: boolean; dirty: boolean }>();
    const existingActions = new Set<string>();
    for (const { row, action_id } of found) {
      if (row) referrals.set(row.referral_id, { row, inserted: false, dirty: false });
      if (action_id) existingActions.add(action_id);
    }
    /** Actions the batch agrees that are not there yet, in the order agreed (`agreed_order`). */
    const agreed = new Map<string, ActionRow>();
    /** Status changes of actions there before the batch (or absent altogether, as `apply` leaves them). */
    const changes = new Map<string, ActionChange>();

    for (const recorded of ours) {
      const event = { type: recorded.type, data: recorded.data } as ReferralEvent;
      const id = referralIdOf(recorded);
      if (event.type === 'VictimReferred') {
        // There already (a replay): the insert would change nothing.
        if (!referrals.has(id))
          referrals.set(id, { row: referredRow(event.data, recorded.revision), inserted: true, dirty: true });
        continue;
      }
      if (event.type === 'ActionAgreed') {
        const d = event.data;
        // As `apply`'s insert, whatever the referral's version: an action there already is left as it is.
        if (!existingActions.has(d.actionId) && !agreed.has(d.actionId))
          agreed.set(d.actionId, {
            action_id: d.actionId,
            referral_id: d.referralId,
            partnership_id: d.partnershipId,
            owning_agency_id: d.owningAgencyId,
            assignee_user_id: d.assigneeUserId,
            kind: d.kind,
            status: 'open',
            due_date: d.dueDate,
            meeting_id: d.meetingId,
            target_person_id: d.targetPersonId,
            description: d.description,
            outcome: null,
            agreed_at: d.agreedAt,
            updated_at: d.agreedAt,
          });
      }
      const referral = referrals.get(id);
      // Applied already (a replay): the row's version is at or after this event.
      if (referral && Number(referral.row.version) >= recorded.revision) continue;
      if (event.type === 'ActionStatusChanged') {
        const d = event.data;
        // As `apply`'s update: a null outcome keeps the one before.
        const keep = d.outcome === null || d.outcome === undefined;
        const fresh = agreed.get(d.actionId);
        if (fresh) Object.assign(fresh, { status: d.to, updated_at: d.changedAt }, keep ? {} : { outcome: d.outcome });
        else {
          const outcome = keep ? changes.get(d.actionId)?.outcome : d.outcome;
          changes.set(d.actionId, {
            status: d.to,
            updated_at: d.changedAt,
            ...(outcome !== undefined ? { outcome } : {}),
          });
        }
      }
      if (!referral) continue;
      referral.dirty = true;
      fold(referral.row, event, recorded.revision);
    }

    const { list: values, add: param } = new Parameters();
    const statements: string[] = [];
    const rows = [...referrals.values()];
    const inserted = rows.filter((r) => r.inserted).map((r) => r.row);
    if (inserted.length > 0)
      statements.push(
        `INSERT INTO lag.referrals (${REFERRAL_COLUMNS.join(', ')})
         SELECT ${REFERRAL_COLUMNS.join(', ')} FROM jsonb_populate_recordset(NULL::lag.referrals, ${param(JSON.stringify(inserted))}::jsonb)
         ON CONFLICT (referral_id) DO NOTHING`,
      );
    const changed = rows.filter((r) => !r.inserted && r.dirty).map((r) => r.row);
    if (changed.length > 0)
      statements.push(
        `UPDATE lag.referrals r SET ${CHANGING_COLUMNS.map((c) => `${c} = x.${c}`).join(', ')}
           FROM jsonb_populate_recordset(NULL::lag.referrals, ${param(JSON.stringify(changed))}::jsonb) x
          WHERE r.referral_id = x.referral_id`,
      );
    if (agreed.size > 0)
      // In log order: agreed_order numbers the actions in the order they were agreed.
      statements.push(
        `INSERT INTO lag.actions (${ACTION_COLUMNS.join(', ')})
         SELECT ${ACTION_COLUMNS.map((c) => `a.${c}`).join(', ')}
           FROM jsonb_array_elements(${param(JSON.stringify([...agreed.values()]))}::jsonb) WITH ORDINALITY AS t(action, n),
                LATERAL jsonb_populate_record(NULL::lag.actions, t.action) AS a
          ORDER BY t.n
         ON CONFLICT (action_id) DO NOTHING`,
      );
    if (changes.size > 0)
      statements.push(
        `UPDATE lag.actions a SET status = x.status, outcome = COALESCE(x.outcome, a.outcome), updated_at = x.updated_at
           FROM jsonb_to_recordset(${param(JSON.stringify([...changes].map(([action_id, change]) => ({ action_id, ...change }))))}::jsonb)
                AS x(action_id uuid, status text, outcome jsonb, updated_at timestamptz)
          WHERE a.action_id = x.action_id`,
      );
    return statements.length > 0 ? { statements, values } : null;
  }

  async reset(m: EntityManager): Promise<void> {
    await m.query('TRUNCATE lag.referrals, lag.actions');
  }

  /**
   * Applies `set` (parameters from $3) and moves the row's version to the event's revision. The
   * version is the revision of the last event of the referral's stream applied to the row, so an
   * event at or before it was applied already and changes nothing: a replayed event does not count
   * a review twice or repeat a line of the history.
   */
  private async update(m: EntityManager, recorded: RecordedEvent, set: string, params: unknown[]): Promise<void> {
    await m.query(
      `UPDATE lag.referrals SET ${set ? `${set}, ` : ''}version = $2 WHERE referral_id = $1 AND version < $2`,
      [referralIdOf(recorded), recorded.revision, ...params],
    );
  }
}

/** The columns of lag.referrals, every one of them: a referral the batch brings is inserted whole. */
const REFERRAL_COLUMNS = [...REFERRED_COLUMNS, ...CHANGING_COLUMNS.filter((c) => !REFERRED_COLUMNS.includes(c))];

/** The columns of lag.actions a batch inserts (agreed_order is numbered by the table). */
const ACTION_COLUMNS = [
  'action_id',
  'referral_id',
  'partnership_id',
  'owning_agency_id',
  'assignee_user_id',
  'kind',
  'status',
  'due_date',
  'meeting_id',
  'target_person_id',
  'description',
  'outcome',
  'agreed_at',
  'updated_at',
] as const;

type ActionRow = Record<(typeof ACTION_COLUMNS)[number], unknown>;
type ActionChange = { status: string; outcome?: unknown; updated_at: string };

const referralIdOf = (recorded: RecordedEvent) => recorded.streamId.slice(STREAM_PREFIX.length);

/** A referral's row as its `VictimReferred` inserts it, every column given, as `to_jsonb` would show it. */
function referredRow(d: Extract<ReferralEvent, { type: 'VictimReferred' }>['data'], revision: number): ReferralRow {
  return {
    referral_id: d.referralId,
    partnership_id: d.partnershipId,
    locality_id: d.localityId,
    ward_id: d.wardId,
    category: d.category,
    protected_characteristics: d.protectedCharacteristics,
    vulnerabilities: d.vulnerabilities,
    victim_ids: d.victimIds,
    perpetrator_ids: d.perpetratorIds,
    referring_agency_id: d.referringAgencyId,
    involved_agency_ids: [d.referringAgencyId],
    status: 'referred',
    band: d.riskAssessment.band,
    repeat: d.repeat,
    repeat_victim_ids: d.repeatVictimIds,
    risk: d.riskAssessment,
    incident_summary: d.incidentSummary,
    multi_agency_reason: d.multiAgencyReason,
    referred_at: d.referredAt,
    accepted_at: null,
    accepting_agency_id: null,
    declined_at: null,
    closed_at: null,
    next_review_date: null,
    last_reviewed_at: null,
    review_count: 0,
    history: [historyLine({ type: 'VictimReferred', data: d })],
    version: revision,
  };
}

/** One later event of the referral's stream applied to its row in memory, as `apply`'s statement changes it. */
function fold(r: ReferralRow, event: Exclude<ReferralEvent, { type: 'VictimReferred' }>, revision: number): void {
  r.version = revision;
  switch (event.type) {
    case 'CaseInvolvementChanged':
      r.involved_agency_ids = event.data.agencyIds;
      break;
    case 'ReferralAccepted': {
      const d = event.data;
      Object.assign(r, {
        status: 'accepted',
        accepted_at: d.acceptedAt,
        accepting_agency_id: d.acceptedByAgencyId,
        next_review_date: d.nextReviewDate,
      });
      break;
    }
    case 'ReferralDeclined':
      Object.assign(r, { status: 'declined', declined_at: event.data.declinedAt });
      break;
    case 'RiskReassessed': {
      const d = event.data;
      Object.assign(r, {
        band: d.riskAssessment.band,
        risk: d.riskAssessment,
        next_review_date: r.status === 'accepted' ? (d.nextReviewDate ?? null) : r.next_review_date,
      });
      break;
    }
    case 'ReferralReviewed': {
      const d = event.data;
      Object.assign(r, {
        last_reviewed_at: d.reviewedAt,
        next_review_date: d.nextReviewDate,
        review_count: Number(r.review_count) + 1,
      });
      break;
    }
    case 'ReferralClosed':
      Object.assign(r, { status: 'closed', closed_at: event.data.closedAt, next_review_date: null });
      break;
    case 'ReferralReopened':
      Object.assign(r, { status: 'accepted', closed_at: null, next_review_date: event.data.nextReviewDate });
      break;
    case 'ReferralOpenedForDecision':
    case 'ActionAgreed':
    case 'ActionStatusChanged':
      break;
    default: {
      const unexpected: never = event;
      return unexpected;
    }
  }
  const line = historyLine(event);
  if (line) r.history.push(line);
}

/** The events of a referral's stream that add no line to its history. */
type NoLineEvent = 'CaseInvolvementChanged' | 'ActionAgreed' | 'ActionStatusChanged';

/**
 * The line an event adds to its referral's history (the case view's list of decisions), or null
 * for one that adds none (involvement, actions): `apply` and `fold` both add it.
 */
function historyLine(event: Exclude<ReferralEvent, { type: NoLineEvent }>): Record<string, unknown>;
function historyLine(event: ReferralEvent): Record<string, unknown> | null;
function historyLine(event: ReferralEvent): Record<string, unknown> | null {
  switch (event.type) {
    case 'VictimReferred': {
      const d = event.data;
      return { type: 'referred', at: d.referredAt, agencyId: d.referringAgencyId, band: d.riskAssessment.band };
    }
    case 'ReferralAccepted': {
      const d = event.data;
      return { type: 'accepted', at: d.acceptedAt, agencyId: d.acceptedByAgencyId, nextReviewDate: d.nextReviewDate };
    }
    case 'ReferralOpenedForDecision':
      return { type: 'opened_for_decision', at: event.data.openedAt, agencyId: event.data.chairAgencyId };
    case 'ReferralDeclined': {
      const d = event.data;
      return { type: 'declined', at: d.declinedAt, reason: d.reason, note: d.note };
    }
    case 'RiskReassessed': {
      const d = event.data;
      return {
        type: 'risk_reassessed',
        at: d.assessedAt,
        from: d.previousBand,
        band: d.riskAssessment.band,
        score: d.riskAssessment.score,
        nextReviewDate: d.nextReviewDate,
      };
    }
    case 'ReferralReviewed': {
      const d = event.data;
      return {
        type: 'reviewed',
        at: d.reviewedAt,
        meetingId: d.meetingId,
        band: d.band,
        nextReviewDate: d.nextReviewDate,
      };
    }
    case 'ReferralClosed': {
      const d = event.data;
      return { type: 'closed', at: d.closedAt, reason: d.reason, outcomes: d.outcomes, note: d.outcomeNarrative };
    }
    case 'ReferralReopened': {
      const d = event.data;
      return { type: 'reopened', at: d.reopenedAt, note: d.reason, nextReviewDate: d.nextReviewDate };
    }
    case 'CaseInvolvementChanged':
    case 'ActionAgreed':
    case 'ActionStatusChanged':
      return null;
    default: {
      const unexpected: never = event;
      return unexpected;
    }
  }
}
