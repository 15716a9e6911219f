import { CreatePersonKeys1763870500000 } from './migrations/1763870500000-create-person-keys';
import { CreateMasterKeyCheck1763873000000 } from './migrations/1763873000000-create-master-key-check';
import { CreateKeyEpochs1765000000000 } from './migrations/1765000000000-create-key-epochs';

export {
  PersonalDataVault,
  ERASED,
  isErased,
  PersonKeyMissingError,
  personKeyColumn,
  type Erased,
  type PersonKeyColumn,
} from './personal-data-vault';
export {
  SearchTokenizer,
  normaliseName,
  nameParts,
  normalisePostcode,
  soundex,
  type SearchToken,
  type TokenKind,
} from './search-tokens';
export { isSealed, type Sealed } from './crypto';
export { loadMasterKey, masterKeyFile, type MasterKey } from './master-key';
export { masterKeyCheckValue, openMasterKey, type MasterKeyOutcome } from './master-key-check';
export { PrivacyModule, MASTER_KEY } from './privacy.module';
export {
  KeyEpochs,
  KeyEpochGoneError,
  keyEpochTurnDue,
  wrappingKeyOf,
  type KeyEpochPolicy,
  type KeyEpochState,
  type KeyEpochTurn,
} from './key-epochs';
export { KeyEpochSchedule } from './key-epoch-schedule';
export { keyEpochDirectory, keyEpochFileIds, readKeyEpochFile } from './key-epoch-files';

export const PRIVACY_MIGRATIONS = [
  CreatePersonKeys1763870500000,
  CreateMasterKeyCheck1763873000000,
  CreateKeyEpochs1765000000000,
];
