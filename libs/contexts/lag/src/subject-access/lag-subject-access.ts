import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { JsonValue } from '@hubline/event-store';
import { PersonalDataVault, type Sealed } from '@hubline/privacy';

/** In place of text sealed with another person's key: it is theirs, not the requester's. */
export const WITHHELD = Object.freeze({ withheld: 'sealed_with_another_persons_key' as const });
/** How everyone else named in a case appears. */
export const ANOTHER_PERSON = 'another person';

/** How the caller wants an agency shown (it fills in the names once, for the whole export). */
type AgencyRef<A> = (id: string | null) => A | null;

interface ReferralRow {
  referral_id: string;
  category: string;
  status: string;
  band: string;
  victim_ids: string[];
  perpetrator_ids: string[];
  referring_agency_id: string;
  involved_agency_ids: string[];
  accepting_agency_id: string | null;
  protected_characteristics: string[];
  vulnerabilities: string[];
  risk: { band: string; score: number };
  incident_summary: Sealed;
  multi_agency_reason: Sealed;
  referred_at: Date;
  accepted_at: Date | null;
  declined_at: Date | null;
  closed_at: Date | null;
  history: Array<Record<string, JsonValue>>;
}

const iso = (d: Date | string | null) => (d === null ? null : new Date(d).toISOString());

/**
 * What the LAG holds about a person, for a subject access request: every case naming them (or a
 * record merged into theirs, `ids`), with what the case records about them. Everyone else named in
 * a case appears only as "another person", without their id, and a case's narratives, sealed with
 * its first victim's key, are opened only when that victim is the requester.
 */
@Injectable()
export class LagSubjectAccess {
  constructor(
    private readonly db: DataSource,
    private readonly vault: PersonalDataVault,
  ) {}

  async cases<A>(partnershipId: string, ids: string[], agency: AgencyRef<A>) {
    const own = new Set(ids);
    const rows: ReferralRow[] = await this.db.query(
      `SELECT referral_id, category, status, band, victim_ids, perpetrator_ids, referring_agency_id, involved_agency_ids, accepting_agency_id, protected_characteristics,
              vulnerabilities, risk, incident_summary, multi_agency_reason, referred_at, accepted_at, declined_at, closed_at, history
         FROM lag.referrals WHERE partnership_id = $1 AND (victim_ids && $2::uuid[] OR perpetrator_ids && $2::uuid[]) ORDER BY referred_at`,
      [partnershipId, ids],
    );
    return Promise.all(
      rows.map(async (r) => {
        // Every narrative of a case is sealed with its first victim's key.
        const keyHolder = r.victim_ids[0];
        const ownKey = own.has(keyHolder);
        const open = async (sealed: unknown): Promise<unknown> =>
          sealed == null ? null : ownKey ? this.vault.open(keyHolder, sealed as Sealed) : WITHHELD;
        const who = (id: string | null) => (id === null ? null : own.has(id) ? 'you' : ANOTHER_PERSON);
        const actions: Array<{
          action_id: string;
          kind: string;
          status: string;
          due_date: string;
          owning_agency_id: string;
          target_person_id: string | null;
          description: Sealed;
          outcome: Sealed | null;
          agreed_at: Date;
        }> = await this.db.query(
          'SELECT action_id, kind, status, due_date::text, owning_agency_id, target_person_id, description, outcome, agreed_at FROM lag.actions WHERE referral_id = $1 ORDER BY agreed_order',
          [r.referral_id],
        );
        const discussions: Array<{ meeting_id: string; notes: Sealed; decisions: string[]; recorded_at: Date }> =
          await this.db.query(
            'SELECT meeting_id, notes, decisions, recorded_at FROM lag.case_discussions WHERE referral_id = $1 ORDER BY recorded_at',
            [r.referral_id],
          );
        return {
          referralId: r.referral_id,
          category: r.category,
          status: r.status,
          people: [
            ...r.victim_ids.map((id) => ({ role: 'victim', who: who(id) })),
            ...r.perpetrator_ids.map((id) => ({ role: 'perpetrator', who: who(id) })),
          ],
          referringAgency: agency(r.referring_agency_id),
          acceptingAgency: agency(r.accepting_agency_id),
          involvedAgencies: r.involved_agency_ids.map(agency),
          referredAt: iso(r.referred_at),
          acceptedAt: iso(r.accepted_at),
          declinedAt: iso(r.declined_at),
          closedAt: iso(r.closed_at),
          // What the referral records about its (first) victim: theirs to see, and no one else's.
          aboutTheVictim: ownKey
            ? {
                band: r.band,
                riskScore: r.risk.score,
                vulnerabilities: r.vulnerabilities,
                protectedCharacteristics: r.protected_characteristics,
                incidentSummary: await open(r.incident_summary),
                multiAgencyReason: await open(r.multi_agency_reason),
              }
            : WITHHELD,
          history: await Promise.all(
            r.history.map(async ({ band, from, score, ...h }) => ({
              ...h,
              ...(ownKey ? { band, from, score } : {}),
              ...('note' in h ? { note: await open(h.note) } : {}),
            })),
          ),
          actions: await Promise.all(
            actions.map(async (a) => ({
              actionId: a.action_id,
              kind: a.kind,
              status: a.status,
              dueDate: a.due_date,
              owningAgency: agency(a.owning_agency_id),
              about: who(a.target_person_id),
              description: await open(a.description),
              outcome: await open(a.outcome),
              agreedAt: iso(a.agreed_at),
            })),
          ),
          discussions: await Promise.all(
            discussions.map(async (d) => ({
              meetingId: d.meeting_id,
              recordedAt: iso(d.recorded_at),
              decisions: d.decisions,
              notes: await open(d.notes),
            })),
          ),
        };
      }),
    );
  }
}
