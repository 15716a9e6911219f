import { Logger, Module } from '@nestjs/common';
import { HUBLINE_CONFIG, type HublineConfig } from '@hubline/config';
import { PartnershipDirectoryModule } from '@hubline/partnerships';
import { SharingBasisModule } from '@hubline/sharing';
import { AuditController } from './audit.controller';
import { AUDIT_SIGNING_KEY, AuditService } from './audit.service';
import { AuditReportsController } from './reports/audit-reports.controller';
import { AuditReports } from './reports/audit-reports.service';
import { loadAuditSigningKey } from './signing-key';

/**
 * Signed checkpoints of the log (on demand and on a schedule), the public key, whole-log
 * verification, and the auditor's reports, which read disclosures through the sharing context's
 * published facade (SharingRecords).
 */
@Module({
  imports: [PartnershipDirectoryModule, SharingBasisModule],
  controllers: [AuditController, AuditReportsController],
  providers: [
    {
      provide: AUDIT_SIGNING_KEY,
      inject: [HUBLINE_CONFIG],
      useFactory: (config: HublineConfig) => {
        const key = loadAuditSigningKey({ fromEnvironment: config.audit.signingKey, dataDir: config.dataDir, allowGenerated: config.env !== 'production' });
        if (key.source !== 'environment') {
          new Logger('Audit').warn(
            `checkpoint signing key ${key.source === 'generated' ? 'generated and ' : ''}kept in ${key.file}, beside the database it vouches for: ` +
              'suitable for trying Hubline only; set HUBLINE_AUDIT_SIGNING_KEY from a secret store, apart from the database credentials',
          );
        }
        return key;
      },
    },
    AuditService,
    AuditReports,
  ],
  exports: [AuditService],
})
export class AuditModule {}
