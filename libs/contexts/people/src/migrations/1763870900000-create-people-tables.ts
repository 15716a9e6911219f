import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Read model of the people register, owned by the people projection. Personal data is kept only
 * as the sealed ciphertext (NULL once the person is forgotten); searching uses keyed tokens.
 */
export class CreatePeopleTables1763870900000 implements MigrationInterface {
  name = 'CreatePeopleTables1763870900000';

  async up(q: QueryRunner): Promise<void> {
    await q.query('CREATE SCHEMA IF NOT EXISTS people');
    await q.query(`CREATE TABLE people.people (
      person_id               uuid PRIMARY KEY,
      partnership_id          uuid NOT NULL,
      status                  text NOT NULL CHECK (status IN ('active', 'merged', 'erased')),
      merged_into             uuid,
      registered_by_agency_id uuid NOT NULL,
      personal                jsonb,
      version                 bigint NOT NULL,
      registered_at           timestamptz NOT NULL,
      updated_at              timestamptz NOT NULL,
      forgotten_at            timestamptz,
      CONSTRAINT people_merged_check CHECK ((status = 'merged') = (merged_into IS NOT NULL)),
      CONSTRAINT people_erased_check CHECK (status <> 'erased' OR personal IS NULL)
    )`);
    await q.query('CREATE INDEX people_partnership ON people.people (partnership_id)');
    await q.query('CREATE INDEX people_merged_into ON people.people (merged_into) WHERE merged_into IS NOT NULL');
    await q.query(`CREATE TABLE people.agency_references (
      person_id uuid NOT NULL,
      agency_id uuid NOT NULL,
      reference jsonb,
      PRIMARY KEY (person_id, agency_id)
    )`);
    await q.query(`CREATE TABLE people.search_tokens (
      partnership_id uuid NOT NULL,
      person_id      uuid NOT NULL,
      kind           text NOT NULL,
      token          text NOT NULL,
      PRIMARY KEY (person_id, kind, token)
    )`);
    await q.query('CREATE INDEX search_tokens_lookup ON people.search_tokens (partnership_id, token)');
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP SCHEMA people CASCADE');
  }
}
