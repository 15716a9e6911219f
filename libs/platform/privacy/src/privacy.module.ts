import { DynamicModule, Global, Inject, Injectable, Logger, Module, type OnModuleInit } from '@nestjs/common';
import { randomBytes } from 'node:crypto';
import { DataSource } from 'typeorm';
import { HUBLINE_CONFIG, type HublineConfig } from '@hubline/config';
import { keyEpochDirectory } from './key-epoch-files';
import { KeyEpochSchedule } from './key-epoch-schedule';
import { KeyEpochs } from './key-epochs';
import { openMasterKey, type MasterKeyOutcome } from './master-key-check';
import { PersonalDataVault } from './personal-data-vault';
import { SearchTokenizer } from './search-tokens';

export const MASTER_KEY = Symbol('MASTER_KEY');
const MASTER_KEY_OUTCOME = Symbol('MASTER_KEY_OUTCOME');

type KeysOutcome = MasterKeyOutcome & { epochs?: KeyEpochs };

/**
 * Refuses to start when the master key does not open the data keys stored, or a key epoch's key is
 * missing from the key directory. The refusal is thrown
 * here, at module initialisation (before projections start and before anything is served), so the
 * service reports it as one line; a provider factory's error would be logged with a stack.
 */
@Injectable()
class MasterKeyStartUpCheck implements OnModuleInit {
  constructor(@Inject(MASTER_KEY_OUTCOME) private readonly outcome: KeysOutcome) {}

  onModuleInit(): void {
    if (this.outcome.refusal) throw this.outcome.refusal;
  }
}

/**
 * Provides the vault (crypto-shredding, its data keys wrapped under key epochs), the key epochs and
 * their schedule, and the search tokenizer keyed by the master key.
 */
@Global()
@Module({})
export class PrivacyModule {
  static forRoot(): DynamicModule {
    return {
      module: PrivacyModule,
      providers: [
        {
          provide: MASTER_KEY_OUTCOME,
          inject: [HUBLINE_CONFIG, DataSource],
          useFactory: async (config: HublineConfig, db: DataSource): Promise<KeysOutcome> => {
            const directory = keyEpochDirectory(config.dataDir, config.privacy.keyEpochDirectory);
            const outcome = await openMasterKey(db, {
              fromEnvironment: config.privacy.masterKey,
              dataDir: config.dataDir,
              allowGenerated: config.env !== 'production',
              keyEpochDirectory: directory,
            });
            const master = outcome.master;
            if (master && master.source !== 'environment') {
              new Logger('Privacy').warn(
                `master key ${master.source === 'generated' ? 'generated and ' : ''}kept in ${master.file}: suitable for trying Hubline only; set HUBLINE_MASTER_KEY from a secret store for real data`,
              );
            }
            if (!master) return outcome;
            const epochs = new KeyEpochs(db, master.key, directory);
            const refusal = await epochs.open();
            return refusal ? { refusal } : { master, epochs };
          },
        },
        // When the key is refused, a throwaway key stands in until MasterKeyStartUpCheck stops the start; it is never saved.
        {
          provide: MASTER_KEY,
          inject: [MASTER_KEY_OUTCOME],
          useFactory: (outcome: KeysOutcome) => outcome.master?.key ?? randomBytes(32),
        },
        MasterKeyStartUpCheck,
        // Likewise a stand-in whose directory cannot be created: it could never write a key.
        {
          provide: KeyEpochs,
          inject: [MASTER_KEY_OUTCOME, DataSource, MASTER_KEY],
          useFactory: (outcome: KeysOutcome, db: DataSource, key: Buffer) =>
            outcome.epochs ?? new KeyEpochs(db, key, '/dev/null/refused'),
        },
        KeyEpochSchedule,
        {
          provide: PersonalDataVault,
          inject: [DataSource, KeyEpochs],
          useFactory: (db: DataSource, epochs: KeyEpochs) => new PersonalDataVault(db, epochs),
        },
        { provide: SearchTokenizer, inject: [MASTER_KEY], useFactory: (key: Buffer) => new SearchTokenizer(key) },
      ],
      exports: [PersonalDataVault, KeyEpochs, KeyEpochSchedule, SearchTokenizer],
    };
  }
}
