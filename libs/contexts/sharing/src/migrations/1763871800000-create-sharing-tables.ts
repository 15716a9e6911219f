import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Read models of the sharing context, owned by its projection: agreements, consents and
 * disclosures, ids and codes only (justifications stay sealed in the events). Calendar days are
 * kept as text so that no driver shifts them by a time zone.
 */
export class CreateSharingTables1763871800000 implements MigrationInterface {
  name = 'CreateSharingTables1763871800000';

  async up(q: QueryRunner): Promise<void> {
    await q.query('CREATE SCHEMA IF NOT EXISTS sharing');
    await q.query(`CREATE TABLE sharing.agreements (
      agreement_id         uuid PRIMARY KEY,
      partnership_id       uuid NOT NULL,
      title                text NOT NULL,
      parties              uuid[] NOT NULL,
      purposes             text[] NOT NULL,
      data_categories      text[] NOT NULL,
      lawful_bases         text[] NOT NULL,
      schedule1_conditions text[] NOT NULL,
      start_date           text NOT NULL,
      review_date          text NOT NULL,
      end_date             text,
      last_reviewed_at     timestamptz,
      terminated_at        timestamptz,
      agreed_at            timestamptz NOT NULL,
      version              bigint NOT NULL
    )`);
    await q.query('CREATE INDEX agreements_partnership ON sharing.agreements (partnership_id)');
    await q.query(`CREATE TABLE sharing.consents (
      consent_id            uuid PRIMARY KEY,
      partnership_id        uuid NOT NULL,
      person_id             uuid NOT NULL,
      given_by              jsonb NOT NULL,
      recipients_kind       text NOT NULL,
      locality_id           uuid,
      recipient_agency_ids  uuid[] NOT NULL,
      purposes              text[] NOT NULL,
      data_categories       text[] NOT NULL,
      obtained              text NOT NULL,
      recorded_by_user_id   uuid NOT NULL,
      recorded_by_agency_id uuid NOT NULL,
      given_at              timestamptz NOT NULL,
      expires_at            timestamptz,
      withdrawn_at          timestamptz,
      withdrawal_method     text,
      version               bigint NOT NULL
    )`);
    await q.query('CREATE INDEX consents_person ON sharing.consents (partnership_id, person_id)');
    await q.query(`CREATE TABLE sharing.disclosures (
      disclosure_id        uuid PRIMARY KEY,
      partnership_id       uuid NOT NULL,
      from_agency_id       uuid NOT NULL,
      recipient_agency_ids uuid[] NOT NULL,
      person_ids           uuid[] NOT NULL,
      data_categories      text[] NOT NULL,
      purpose              text NOT NULL,
      case_type            text,
      case_id              text,
      by_user_id           uuid NOT NULL,
      disclosed_at         timestamptz NOT NULL,
      basis_kind           text NOT NULL CHECK (basis_kind IN ('consent', 'gateway', 'vital_interests')),
      consent_id           uuid,
      agreement_id         uuid,
      gateway              text,
      flags                text[] NOT NULL
    )`);
    await q.query('CREATE INDEX disclosures_people ON sharing.disclosures USING gin (person_ids)');
    await q.query('CREATE INDEX disclosures_recipients ON sharing.disclosures USING gin (recipient_agency_ids)');
    await q.query('CREATE INDEX disclosures_time ON sharing.disclosures (partnership_id, disclosed_at)');
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP SCHEMA sharing CASCADE');
  }
}
