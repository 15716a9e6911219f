import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Read models of the LAG context, owned by its projections. Narratives are kept sealed (as in the
 * events), never in clear; person ids are kept so that queries can find a victim's referrals.
 */
export class CreateLagTables1763871200000 implements MigrationInterface {
  name = 'CreateLagTables1763871200000';

  async up(q: QueryRunner): Promise<void> {
    await q.query('CREATE SCHEMA IF NOT EXISTS lag');

    // lag.settings projection: absent row or null column = the defaults are in force.
    await q.query(`CREATE TABLE lag.settings (
      partnership_id uuid PRIMARY KEY,
      risk_matrix    jsonb,
      review_cadence jsonb,
      version        bigint NOT NULL
    )`);

    // lag.referrals projection.
    await q.query(`CREATE TABLE lag.referrals (
      referral_id               uuid PRIMARY KEY,
      partnership_id            uuid NOT NULL,
      locality_id               uuid NOT NULL,
      ward_id                   uuid,
      category                  text NOT NULL,
      protected_characteristics text[] NOT NULL,
      vulnerabilities           text[] NOT NULL,
      victim_ids                uuid[] NOT NULL,
      perpetrator_ids           uuid[] NOT NULL,
      referring_agency_id       uuid NOT NULL,
      involved_agency_ids       uuid[] NOT NULL,
      status                    text NOT NULL,
      band                      text NOT NULL,
      repeat                    boolean NOT NULL,
      repeat_victim_ids         uuid[] NOT NULL,
      risk                      jsonb NOT NULL,
      incident_summary          jsonb NOT NULL,
      multi_agency_reason       jsonb NOT NULL,
      referred_at               timestamptz NOT NULL,
      accepted_at               timestamptz,
      accepting_agency_id       uuid,
      declined_at               timestamptz,
      closed_at                 timestamptz,
      next_review_date          date,
      last_reviewed_at          timestamptz,
      review_count              integer NOT NULL DEFAULT 0,
      history                   jsonb NOT NULL DEFAULT '[]',
      version                   bigint NOT NULL
    )`);
    await q.query('CREATE INDEX referrals_partnership_status ON lag.referrals (partnership_id, status, locality_id)');
    await q.query('CREATE INDEX referrals_victims ON lag.referrals USING gin (victim_ids)');

    await q.query(`CREATE TABLE lag.actions (
      action_id        uuid PRIMARY KEY,
      referral_id      uuid NOT NULL,
      partnership_id   uuid NOT NULL,
      owning_agency_id uuid NOT NULL,
      assignee_user_id uuid,
      kind             text NOT NULL,
      status           text NOT NULL,
      due_date         date NOT NULL,
      meeting_id       uuid,
      target_person_id uuid,
      description      jsonb NOT NULL,
      outcome          jsonb,
      agreed_at        timestamptz NOT NULL,
      updated_at       timestamptz NOT NULL,
      -- the order of agreement: actions agreed together share agreed_at
      agreed_order     bigint GENERATED ALWAYS AS IDENTITY
    )`);
    await q.query('CREATE INDEX actions_agency ON lag.actions (partnership_id, owning_agency_id, status, due_date)');
    await q.query('CREATE INDEX actions_referral ON lag.actions (referral_id)');

    // lag.meetings projection.
    await q.query(`CREATE TABLE lag.meetings (
      meeting_id                  uuid PRIMARY KEY,
      partnership_id              uuid NOT NULL,
      locality_id                 uuid NOT NULL,
      starts_at                   timestamptz NOT NULL,
      cut_off_at                  timestamptz NOT NULL,
      status                      text NOT NULL,
      urgent_referral_id          uuid,
      attendance                  jsonb NOT NULL DEFAULT '{}',
      confidentiality_confirmed_at timestamptz,
      closed_at                   timestamptz,
      cancelled_at                timestamptz,
      cancellation_reason         text,
      version                     bigint NOT NULL
    )`);
    await q.query('CREATE INDEX meetings_partnership ON lag.meetings (partnership_id, locality_id, starts_at)');
    await q.query(`CREATE TABLE lag.agenda_items (
      meeting_id         uuid NOT NULL,
      referral_id        uuid NOT NULL,
      partnership_id     uuid NOT NULL,
      item               text NOT NULL,
      band               text NOT NULL,
      position           integer NOT NULL,
      discussed          boolean NOT NULL DEFAULT false,
      carried_action_ids uuid[] NOT NULL DEFAULT '{}',
      PRIMARY KEY (meeting_id, referral_id)
    )`);
    await q.query('CREATE INDEX agenda_items_referral ON lag.agenda_items (referral_id)');
    await q.query(`CREATE TABLE lag.case_discussions (
      event_id       uuid PRIMARY KEY,
      meeting_id     uuid NOT NULL,
      referral_id    uuid NOT NULL,
      partnership_id uuid NOT NULL,
      notes          jsonb NOT NULL,
      decisions      text[] NOT NULL,
      recorded_at    timestamptz NOT NULL
    )`);
    await q.query('CREATE INDEX case_discussions_referral ON lag.case_discussions (referral_id, recorded_at)');
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP SCHEMA lag CASCADE');
  }
}
