import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Read model of the timelines projection: entries per person, and what the headers and later events need. */
export class CreateTimelineTables1763871500000 implements MigrationInterface {
  name = 'CreateTimelineTables1763871500000';

  async up(q: QueryRunner): Promise<void> {
    await q.query('CREATE SCHEMA IF NOT EXISTS timelines');
    // One row per (person, event). `facts` holds codes, bands, dates and ids only: never personal
    // data and never sealed text. `seq` is the event's place in the global log, so events recorded
    // at the same instant keep their order.
    await q.query(`CREATE TABLE timelines.entries (
      partnership_id uuid NOT NULL,
      person_id      uuid NOT NULL,
      event_id       uuid NOT NULL,
      role           text NOT NULL CHECK (role IN ('victim', 'offender', 'subject')),
      event_type     text NOT NULL,
      occurred_at    timestamptz NOT NULL,
      seq            numeric(40, 0) NOT NULL,
      agency_id      uuid,
      case_type      text,
      case_id        uuid,
      facts          jsonb NOT NULL DEFAULT '{}',
      PRIMARY KEY (person_id, event_id)
    )`);
    await q.query(
      'CREATE INDEX entries_timeline ON timelines.entries (partnership_id, person_id, occurred_at DESC, seq DESC)',
    );

    // Who a case is about, so later events of the case reach the same people.
    await q.query(`CREATE TABLE timelines.case_people (
      case_type      text NOT NULL,
      case_id        uuid NOT NULL,
      person_id      uuid NOT NULL,
      partnership_id uuid NOT NULL,
      role           text NOT NULL CHECK (role IN ('victim', 'offender')),
      repeat         boolean NOT NULL DEFAULT false,
      PRIMARY KEY (case_id, person_id)
    )`);
    await q.query('CREATE INDEX case_people_person ON timelines.case_people (partnership_id, person_id)');

    // Header facts: kept current by the projection, aggregated per person at read time.
    await q.query(`CREATE TABLE timelines.referrals (
      referral_id      uuid PRIMARY KEY,
      partnership_id   uuid NOT NULL,
      locality_id      uuid NOT NULL,
      category         text NOT NULL,
      band             text NOT NULL,
      status           text NOT NULL CHECK (status IN ('referred', 'accepted', 'declined', 'closed')),
      referred_at      timestamptz NOT NULL,
      next_review_date date
    )`);
    await q.query(`CREATE TABLE timelines.actions (
      action_id        uuid PRIMARY KEY,
      referral_id      uuid NOT NULL,
      partnership_id   uuid NOT NULL,
      kind             text NOT NULL,
      status           text NOT NULL,
      owning_agency_id uuid NOT NULL,
      due_date         date NOT NULL,
      target_person_id uuid
    )`);
    await q.query('CREATE INDEX actions_referral ON timelines.actions (referral_id)');
    await q.query(
      'CREATE INDEX actions_target ON timelines.actions (partnership_id, target_person_id) WHERE target_person_id IS NOT NULL',
    );
    await q.query(`CREATE TABLE timelines.meetings (
      meeting_id     uuid PRIMARY KEY,
      partnership_id uuid NOT NULL,
      locality_id    uuid NOT NULL,
      starts_at      timestamptz NOT NULL
    )`);
    // A merged record's entries show on its survivor's timeline.
    await q.query(`CREATE TABLE timelines.merges (
      merged_id      uuid PRIMARY KEY,
      survivor_id    uuid NOT NULL,
      partnership_id uuid NOT NULL,
      merged_at      timestamptz NOT NULL
    )`);
    await q.query('CREATE INDEX merges_survivor ON timelines.merges (survivor_id)');
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP SCHEMA timelines CASCADE');
  }
}
