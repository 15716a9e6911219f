import { Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { ConsultationLog, type Actor } from '@hubline/access';
import { EVENT_STORE, type EventStore, type JsonValue } from '@hubline/event-store';
import { PartnershipDirectory } from '@hubline/partnerships';
import { personStream } from '@hubline/people';
import { isSealed, PersonalDataVault, type Sealed } from '@hubline/privacy';

/** In place of text sealed with another person's key: it is theirs, not the requester's. */
export const WITHHELD = Object.freeze({ withheld: 'sealed_with_another_persons_key' as const });
/** How everyone else named in a case appears. */
export const ANOTHER_PERSON = 'another person';

type Agency = { agencyId: string; name: string };

export interface SubjectAccessExport {
  personId: string;
  generatedAt: string;
  generatedBy: { userId: string; agencyId: string };
  /** The person's own record and any records merged into it (the same human being), event by event, decrypted. */
  records: Array<{
    personId: string;
    status: string;
    events: Array<{ type: string; recordedAt: string; data: Record<string, JsonValue> }>;
  }>;
  lagCases: Array<Record<string, unknown>>;
  consents: Array<Record<string, unknown>>;
  disclosures: Array<Record<string, unknown>>;
  consultations: Array<Record<string, unknown>>;
}

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
 * Everything the partnership holds about one person, for a subject access request (UK GDPR Art 15,
 * DPA 2018 s.45). It is built for the partnership's data-protection lead, so the agency-level
 * personal-data policy does not narrow it; but no one else's personal data goes in: other people
 * named in a case appear only as "another person", without their id, and a case's narratives,
 * sealed with its first victim's key, are opened only when that victim is the requester.
 */
@Injectable()
export class SubjectAccessExporter {
  constructor(
    private readonly db: DataSource,
    @Inject(EVENT_STORE) private readonly store: EventStore,
    private readonly vault: PersonalDataVault,
    private readonly partnerships: PartnershipDirectory,
    private readonly consultations: ConsultationLog,
  ) {}

  /** Null: no such person in the caller's partnership. */
  async export(
    actor: Actor,
    personId: string,
    options: { correlationId?: string } = {},
  ): Promise<SubjectAccessExport | null> {
    const records: Array<{ person_id: string; status: string }> = await this.db.query(
      `WITH RECURSIVE record AS (
         SELECT person_id, status FROM people.people WHERE partnership_id = $1 AND person_id = $2
         UNION SELECT p.person_id, p.status FROM people.people p JOIN record r ON p.merged_into = r.person_id WHERE p.partnership_id = $1
       ) SELECT person_id, status FROM record`,
      [actor.partnershipId, personId],
    );
    if (records.length === 0) return null;
    const ids = records.map((r) => r.person_id);
    const own = new Set(ids);
    const agencyIds = new Set<string>();
    const agency = (id: string | null): Agency | null => {
      if (!id) return null;
      agencyIds.add(id);
      return { agencyId: id, name: id };
    };

    const result: SubjectAccessExport = {
      personId,
      generatedAt: new Date().toISOString(),
      generatedBy: { userId: actor.userId, agencyId: actor.agencyId },
      records: await Promise.all(
        records.map(async (r) => ({
          personId: r.person_id,
          status: r.status,
          events: await this.personEvents(r.person_id),
        })),
      ),
      lagCases: await this.lagCases(actor.partnershipId, ids, own, agency),
      consents: await this.consents(actor.partnershipId, ids, agency),
      disclosures: await this.disclosures(actor.partnershipId, ids, agency),
      consultations: await this.consulted(actor.partnershipId, ids, agency),
    };

    // Agency names are filled in last, in one look-up, into the objects already placed.
    const names = new Map(
      (await this.partnerships.agencyNames(actor.partnershipId, [...agencyIds])).map((a) => [a.agencyId, a.name]),
    );
    const fill = (value: unknown): void => {
      if (Array.isArray(value)) value.forEach(fill);
      else if (value && typeof value === 'object') {
        const o = value as Record<string, unknown>;
        if (typeof o.agencyId === 'string' && o.name === o.agencyId) o.name = names.get(o.agencyId) ?? '';
        Object.values(o).forEach(fill);
      }
    };
    fill([result.lagCases, result.consents, result.disclosures, result.consultations]);

    await this.consultations.record(actor, {
      personIds: ids,
      view: 'subject_access_export',
      purpose: 'subject_access_request',
      correlationId: options.correlationId,
    });
    return result;
  }

  /** The person's own stream, with what was sealed with their key opened (or shown as erased). */
  private async personEvents(personId: string) {
    const events = await this.store.readStream(personStream(personId));
    return Promise.all(
      events.map(async (e) => {
        const data: Record<string, JsonValue> = {};
        for (const [key, value] of Object.entries(e.data))
          data[key] = isSealed(value) ? ((await this.vault.open(personId, value as Sealed)) as JsonValue) : value;
        return { type: e.type, recordedAt: e.recordedAt, data };
      }),
    );
  }

  private async lagCases(
    partnershipId: string,
    ids: string[],
    own: Set<string>,
    agency: (id: string | null) => Agency | null,
  ) {
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

  private async consents(partnershipId: string, ids: string[], agency: (id: string | null) => Agency | null) {
    const rows: Array<Record<string, never>> = await this.db.query(
      `SELECT consent_id, given_by, recipients_kind, locality_id, recipient_agency_ids, purposes, data_categories, obtained, recorded_by_agency_id, given_at, expires_at, withdrawn_at, withdrawal_method
         FROM sharing.consents WHERE partnership_id = $1 AND person_id = ANY($2::uuid[]) ORDER BY given_at`,
      [partnershipId, ids],
    );
    return rows.map((c) => ({
      consentId: c.consent_id,
      givenBy: c.given_by,
      recipients: { kind: c.recipients_kind, agencies: (c.recipient_agency_ids as string[]).map(agency) },
      purposes: c.purposes,
      dataCategories: c.data_categories,
      obtained: c.obtained,
      recordedBy: agency(c.recorded_by_agency_id),
      givenAt: iso(c.given_at),
      expiresAt: iso(c.expires_at),
      withdrawnAt: iso(c.withdrawn_at),
      withdrawalMethod: c.withdrawal_method,
    }));
  }

  /** Disclosures naming the person; whether others were named too is said, but not who. */
  private async disclosures(partnershipId: string, ids: string[], agency: (id: string | null) => Agency | null) {
    const rows: Array<Record<string, never>> = await this.db.query(
      `SELECT disclosure_id, from_agency_id, recipient_agency_ids, person_ids, data_categories, purpose, case_type, case_id, disclosed_at, basis_kind, consent_id, agreement_id, gateway
         FROM sharing.disclosures WHERE partnership_id = $1 AND person_ids && $2::uuid[] ORDER BY disclosed_at`,
      [partnershipId, ids],
    );
    return rows.map((d) => ({
      disclosureId: d.disclosure_id,
      from: agency(d.from_agency_id),
      to: (d.recipient_agency_ids as string[]).map(agency),
      alsoAboutOthers: (d.person_ids as string[]).some((id) => !ids.includes(id)),
      dataCategories: d.data_categories,
      purpose: d.purpose,
      case: d.case_id ? { type: d.case_type, id: d.case_id } : null,
      disclosedAt: iso(d.disclosed_at),
      basis: { kind: d.basis_kind, consentId: d.consent_id, agreementId: d.agreement_id, gateway: d.gateway },
    }));
  }

  /** Who (which agency) viewed the person's data, when, what and why. */
  private async consulted(partnershipId: string, ids: string[], agency: (id: string | null) => Agency | null) {
    const rows: Array<{
      event_id: string;
      user_id: string;
      agency_id: string;
      view: string;
      purpose: string;
      consulted_at: Date;
    }> = await this.db.query(
      `SELECT DISTINCT event_id, user_id, agency_id, view, purpose, consulted_at FROM access.consultations
        WHERE partnership_id = $1 AND person_id = ANY($2::uuid[]) ORDER BY consulted_at, event_id`,
      [partnershipId, ids],
    );
    return rows.map((c) => ({
      consultationId: c.event_id,
      userId: c.user_id,
      agency: agency(c.agency_id),
      view: c.view,
      purpose: c.purpose,
      consultedAt: iso(c.consulted_at),
    }));
  }
}
