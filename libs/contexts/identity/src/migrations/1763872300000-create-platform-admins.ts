import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Platform administrators: registered users of no partnership, owned by the platform-admins projection. */
export class CreatePlatformAdmins1763872300000 implements MigrationInterface {
  name = 'CreatePlatformAdmins1763872300000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE identity.platform_admins (
      platform_admin_id uuid PRIMARY KEY,
      subject           text NOT NULL UNIQUE,
      display_name      text NOT NULL,
      active            boolean NOT NULL,
      version           bigint NOT NULL,
      registered_at     timestamptz NOT NULL
    )`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP TABLE identity.platform_admins');
  }
}
