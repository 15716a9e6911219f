import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Read models of ASB Case Reviews, owned by the case-reviews projection. */
export class CreateCaseReviewTables1765200300000 implements MigrationInterface {
  name = 'CreateCaseReviewTables1765200300000';

  async up(q: QueryRunner): Promise<void> {
    await q.query('CREATE SCHEMA IF NOT EXISTS case_reviews');
    // One row per review: its folded state and its steps (sealed text stays sealed), for views and figures.
    await q.query(`CREATE TABLE case_reviews.reviews (
      review_id             uuid PRIMARY KEY,
      partnership_id        uuid NOT NULL,
      status                text NOT NULL,
      version               bigint NOT NULL,
      victim_person_id      uuid,
      coordinator_agency_id uuid NOT NULL,
      received_on           text NOT NULL,
      pfcc_agency_ids       uuid[] NOT NULL DEFAULT '{}',
      state                 jsonb NOT NULL,
      steps                 jsonb NOT NULL,
      updated_at            timestamptz NOT NULL
    )`);
    await q.query('CREATE INDEX reviews_partnership ON case_reviews.reviews (partnership_id, received_on)');
    await q.query('CREATE INDEX reviews_victim ON case_reviews.reviews (victim_person_id)');
    await q.query(`CREATE TABLE case_reviews.information_requests (
      request_id     uuid PRIMARY KEY,
      review_id      uuid NOT NULL,
      partnership_id uuid NOT NULL,
      agency_id      uuid NOT NULL,
      round          int NOT NULL,
      asked_on       text NOT NULL,
      due_on         text NOT NULL,
      answered_on    text,
      answer         text
    )`);
    await q.query(
      'CREATE INDEX information_requests_agency ON case_reviews.information_requests (partnership_id, agency_id)',
    );
    await q.query(`CREATE TABLE case_reviews.recommendations (
      recommendation_id uuid PRIMARY KEY,
      review_id         uuid NOT NULL,
      partnership_id    uuid NOT NULL,
      owning_agency_id  uuid NOT NULL,
      round             int NOT NULL,
      due_on            text NOT NULL,
      status            text NOT NULL,
      made_on           text NOT NULL,
      finished_on       text
    )`);
    await q.query(
      'CREATE INDEX recommendations_agency ON case_reviews.recommendations (partnership_id, owning_agency_id)',
    );
    await q.query(`CREATE TABLE case_reviews.settings (
      partnership_id uuid PRIMARY KEY,
      settings       jsonb NOT NULL,
      version        bigint NOT NULL
    )`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP SCHEMA case_reviews CASCADE');
  }
}
