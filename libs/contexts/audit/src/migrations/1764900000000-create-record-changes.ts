import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The auditor's record of what was done to people's records themselves (erasures, merges, legal
 * holds, retention sweeps): who, when, on what ground, one row per person and event. Ids, codes,
 * instants and reasons kept in clear for auditors only; never a person's personal data.
 */
export class CreateRecordChanges1764900000000 implements MigrationInterface {
  name = 'CreateRecordChanges1764900000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query('CREATE SCHEMA IF NOT EXISTS audit');
    await q.query(`CREATE TABLE audit.record_changes (
      event_id        uuid NOT NULL,
      person_id       uuid NOT NULL,
      partnership_id  uuid NOT NULL,
      action          text NOT NULL,
      at              timestamptz NOT NULL,
      by_user_id      text,
      legal_ground    text,
      reason          text,
      other_person_id uuid,
      sweep_id        text,
      sweep_outcome   text,
      manual          boolean,
      open_cases      jsonb NOT NULL DEFAULT '[]',
      PRIMARY KEY (event_id, person_id)
    )`);
    await q.query('CREATE INDEX record_changes_person ON audit.record_changes (partnership_id, person_id, at)');
    await q.query('CREATE INDEX record_changes_at ON audit.record_changes (partnership_id, at)');
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP TABLE audit.record_changes');
  }
}
