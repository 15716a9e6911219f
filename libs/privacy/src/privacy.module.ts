import { DynamicModule, Global, Logger, Module } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { HUBLINE_CONFIG, type HublineConfig } from '@hubline/config';
import { loadMasterKey } from './master-key';
import { PersonalDataVault } from './personal-data-vault';
import { SearchTokenizer } from './search-tokens';

export const MASTER_KEY = Symbol('MASTER_KEY');

/** Provides the vault (crypto-shredding) and the search tokenizer, both keyed by the master key. */
@Global()
@Module({})
export class PrivacyModule {
  static forRoot(): DynamicModule {
    return {
      module: PrivacyModule,
      providers: [
        {
          provide: MASTER_KEY,
          inject: [HUBLINE_CONFIG],
          useFactory: (config: HublineConfig) => {
            const master = loadMasterKey({ fromEnvironment: config.privacy.masterKey, dataDir: config.dataDir, allowGenerated: config.env !== 'production' });
            if (master.source !== 'environment') {
              new Logger('Privacy').warn(
                `master key ${master.source === 'generated' ? 'generated and ' : ''}kept in ${master.file}: suitable for trying Hubline only; set HUBLINE_MASTER_KEY from a secret store for real data`,
              );
            }
            return master.key;
          },
        },
        { provide: PersonalDataVault, inject: [DataSource, MASTER_KEY], useFactory: (db: DataSource, key: Buffer) => new PersonalDataVault(db, key) },
        { provide: SearchTokenizer, inject: [MASTER_KEY], useFactory: (key: Buffer) => new SearchTokenizer(key) },
      ],
      exports: [PersonalDataVault, SearchTokenizer],
    };
  }
}

