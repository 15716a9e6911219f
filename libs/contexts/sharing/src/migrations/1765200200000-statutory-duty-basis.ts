import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Disclosures made under a statutory duty to supply (basis `statutory_duty`, recorded by Hubline
 * when a relevant body answers an ASB Case Review's information request, Sch 4 para 7).
 */
export class StatutoryDutyBasis1765200200000 implements MigrationInterface {
  name = 'StatutoryDutyBasis1765200200000';

  async up(q: QueryRunner): Promise<void> {
    await q.query('ALTER TABLE sharing.disclosures DROP CONSTRAINT disclosures_basis_kind_check');
    await q.query(`ALTER TABLE sharing.disclosures ADD CONSTRAINT disclosures_basis_kind_check
      CHECK (basis_kind IN ('consent', 'gateway', 'vital_interests', 'case_involvement', 'statutory_duty'))`);
    await q.query('ALTER TABLE sharing.disclosures ADD COLUMN statutory_duty text');
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DELETE FROM sharing.disclosures WHERE basis_kind = 'statutory_duty'`);
    await q.query('ALTER TABLE sharing.disclosures DROP COLUMN statutory_duty');
    await q.query('ALTER TABLE sharing.disclosures DROP CONSTRAINT disclosures_basis_kind_check');
    await q.query(`ALTER TABLE sharing.disclosures ADD CONSTRAINT disclosures_basis_kind_check
      CHECK (basis_kind IN ('consent', 'gateway', 'vital_interests', 'case_involvement'))`);
  }
}
