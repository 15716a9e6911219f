import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * `projections.checkpoint_moved(name)`: raises `CHECKPOINT_MOVED_STATE`, so that a statement that
 * writes a batch's rows and moves its checkpoint in one go, outside any transaction of its own,
 * writes nothing when another instance moved the checkpoint first (its compare-and-set matched no
 * row): the error rolls the whole statement back.
 */
export class CheckpointMovedFunction1765400100000 implements MigrationInterface {
  name = 'CheckpointMovedFunction1765400100000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE FUNCTION projections.checkpoint_moved(projection text) RETURNS integer LANGUAGE plpgsql AS $$
      BEGIN
        RAISE EXCEPTION 'checkpoint of projection % was moved by another instance', projection USING ERRCODE = 'HL409';
      END $$`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP FUNCTION projections.checkpoint_moved(text)');
  }
}
