import { Logger, Module } from '@nestjs/common';
import { generateKeyPairSync } from 'node:crypto';
import { DataSource } from 'typeorm';
import { HUBLINE_CONFIG, type HublineConfig } from '@hubline/config';
import { PartnershipDirectoryModule } from '@hubline/partnerships';
import { SharingBasisModule } from '@hubline/sharing';
import { AuditController } from './audit.controller';
import { AUDIT_SIGNING_KEY, AUDIT_SIGNING_KEY_OUTCOME, AuditService } from './audit.service';
import { AuditReportsController } from './reports/audit-reports.controller';
import { AuditReports } from './reports/audit-reports.service';
import { ConsultationsController } from './reports/consultations.controller';
import { openAuditSigningKey, type SigningKeyOutcome } from './signing-key-check';
import { describeSigningKey } from './signing-key';

function throwawayKey() {
  const { privateKey } = generateKeyPairSync('ed25519');
  return describeSigningKey(privateKey, 'generated');
}

/**
 * Signed checkpoints of the log (on demand and on a schedule), the public key, whole-log
 * verification, and the auditor's reports, which read disclosures through the sharing context's
 * published facade (SharingRecords).
 */
@Module({
  imports: [PartnershipDirectoryModule, SharingBasisModule],
  controllers: [AuditController, AuditReportsController, ConsultationsController],
  providers: [
    {
      provide: AUDIT_SIGNING_KEY_OUTCOME,
      inject: [HUBLINE_CONFIG, DataSource],
      useFactory: async (config: HublineConfig, db: DataSource): Promise<SigningKeyOutcome> => {
        const sql =
          config.eventStore.kind === 'postgres' ? (text: string, params?: unknown[]) => db.query(text, params) : null;
        const outcome = await openAuditSigningKey(sql, {
          fromEnvironment: config.audit.signingKey,
          dataDir: config.dataDir,
          allowGenerated: config.env !== 'production',
        });
        const key = outcome.key;
        if (key && key.source !== 'environment') {
          new Logger('Audit').warn(
            `checkpoint signing key ${key.source === 'generated' ? 'generated and ' : ''}kept in ${key.file}, beside the database it vouches for: ` +
              'suitable for trying Hubline only; set HUBLINE_AUDIT_SIGNING_KEY from a secret store, apart from the database credentials',
          );
        }
        return outcome;
      },
    },
    // When the key is refused, AuditService stops the start at initialisation; a throwaway key (never saved, never used) stands in until then.
    {
      provide: AUDIT_SIGNING_KEY,
      inject: [AUDIT_SIGNING_KEY_OUTCOME],
      useFactory: (outcome: SigningKeyOutcome) => outcome.key ?? throwawayKey(),
    },
    AuditService,
    AuditReports,
  ],
  exports: [AuditService],
})
export class AuditModule {}
