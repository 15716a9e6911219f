import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Read models of the ASB reports context: the reports (ids, codes, days and the sealed narrative,
 * never opened here) and the Case Review explanations due, owned by the reports projection; and
 * the duty reactor's own state, one row per victim. Calendar days are text, so no driver shifts
 * them by a time zone.
 */
export class CreateAsbReportTables1765100000000 implements MigrationInterface {
  name = 'CreateAsbReportTables1765100000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query('CREATE SCHEMA IF NOT EXISTS asb_reports');
    await q.query(`CREATE TABLE asb_reports.reports (
      report_id                 uuid PRIMARY KEY,
      partnership_id            uuid NOT NULL,
      incident_id               uuid NOT NULL,
      agency_id                 uuid NOT NULL,
      agency_reference          text NOT NULL,
      reporter_kind             text NOT NULL CHECK (reporter_kind IN ('person', 'business', 'community_group')),
      reporter_person_id        uuid,
      reporter_name             text,
      victim_person_id          uuid,
      behaviour_on              text NOT NULL,
      behaviour_to              text,
      reported_on               text NOT NULL,
      category                  text NOT NULL,
      protected_characteristics text[] NOT NULL,
      ward                      text NOT NULL,
      alleged                   uuid[] NOT NULL,
      narrative                 jsonb NOT NULL,
      sealed_with               uuid NOT NULL,
      status                    text NOT NULL CHECK (status IN ('recorded', 'withdrawn')),
      withdrawal_reason         text,
      recorded_by_user_id       uuid NOT NULL,
      recorded_at               timestamptz NOT NULL,
      history                   jsonb NOT NULL DEFAULT '[]',
      version                   bigint NOT NULL
    )`);
    await q.query('CREATE INDEX reports_victim ON asb_reports.reports (partnership_id, victim_person_id)');
    await q.query('CREATE INDEX reports_reporter ON asb_reports.reports (partnership_id, reporter_person_id)');
    await q.query('CREATE INDEX reports_alleged ON asb_reports.reports USING gin (alleged)');
    await q.query('CREATE INDEX reports_ward ON asb_reports.reports (partnership_id, ward, reported_on)');
    await q.query('CREATE INDEX reports_incident ON asb_reports.reports (incident_id)');

    await q.query(`CREATE TABLE asb_reports.explanations (
      duty_id              uuid PRIMARY KEY,
      partnership_id       uuid NOT NULL,
      victim_person_id     uuid NOT NULL,
      agency_id            uuid NOT NULL,
      report_id            uuid NOT NULL,
      other_report_ids     uuid[] NOT NULL,
      arisen_on            text NOT NULL,
      arisen_at            timestamptz NOT NULL,
      status               text NOT NULL CHECK (status IN ('due', 'explained', 'withdrawn')),
      how                  text,
      explained_on         text,
      explained_by_user_id uuid,
      explained_at         timestamptz,
      withdrawal_reason    text,
      withdrawn_at         timestamptz,
      victim_version       bigint NOT NULL
    )`);
    await q.query(
      'CREATE INDEX explanations_agency ON asb_reports.explanations (partnership_id, agency_id, status, arisen_on)',
    );
    await q.query('CREATE INDEX explanations_victim ON asb_reports.explanations (partnership_id, victim_person_id)');

    // The duty reactor's own state (decision 0016): what it decides each victim's duty on.
    await q.query(`CREATE TABLE asb_reports.victim_duty_state (
      victim_person_id uuid PRIMARY KEY,
      partnership_id   uuid NOT NULL,
      state            jsonb NOT NULL
    )`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP SCHEMA asb_reports CASCADE');
  }
}
