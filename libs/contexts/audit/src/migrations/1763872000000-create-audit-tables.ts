import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Signed checkpoints: one row per checkpoint, and the stream states (leaves) it signed, kept to
 * locate a broken stream later. The signed event in the log is authoritative; these rows are an
 * index whose integrity the signed digest proves.
 */
export class CreateAuditTables1763872000000 implements MigrationInterface {
  name = 'CreateAuditTables1763872000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query('CREATE SCHEMA IF NOT EXISTS audit');
    // event_position stays NULL until the checkpoint's event is in the log: a row without it is a
    // signing that did not finish, not a checkpoint whose event went missing.
    await q.query(`CREATE TABLE audit.checkpoints (
      checkpoint_id  uuid PRIMARY KEY,
      position       text NOT NULL,
      digest         text NOT NULL,
      stream_count   bigint NOT NULL,
      event_count    bigint NOT NULL,
      created_at     timestamptz NOT NULL,
      event_position text
    )`);
    await q.query('CREATE INDEX checkpoints_created ON audit.checkpoints (created_at DESC)');
    await q.query(`CREATE TABLE audit.checkpoint_heads (
      checkpoint_id uuid NOT NULL REFERENCES audit.checkpoints (checkpoint_id),
      stream_id     text NOT NULL,
      revision      bigint NOT NULL,
      hash          bytea NOT NULL,
      PRIMARY KEY (checkpoint_id, stream_id)
    )`);
    // Written once, like the events: ordinary writes cannot change what a checkpoint signed.
    await q.query(`CREATE FUNCTION audit.refuse_change() RETURNS trigger LANGUAGE plpgsql AS $fn$
      BEGIN
        RAISE EXCEPTION 'audit.checkpoint_heads is append-only: % refused', TG_OP USING ERRCODE = 'HL001';
      END
      $fn$`);
    await q.query(`CREATE TRIGGER checkpoint_heads_append_only BEFORE UPDATE OR DELETE ON audit.checkpoint_heads
      FOR EACH ROW EXECUTE FUNCTION audit.refuse_change()`);
    await q.query(`CREATE TRIGGER checkpoint_heads_no_truncate BEFORE TRUNCATE ON audit.checkpoint_heads
      FOR EACH STATEMENT EXECUTE FUNCTION audit.refuse_change()`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP SCHEMA audit CASCADE');
  }
}
