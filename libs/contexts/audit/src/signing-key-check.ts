import { existsSync } from 'node:fs';
import { StartUpRefusedError } from '@hubline/errors';
import { parseSignedCheckpoint, verifyCheckpointSignature } from './checkpoint-format';
import { latestCheckpointEvent, type SqlQuery } from './postgres-log-state';
import { auditSigningKeyFile, loadAuditSigningKey, type AuditSigningKey } from './signing-key';

export interface SigningKeyOptions {
  fromEnvironment?: string;
  dataDir: string;
  allowGenerated: boolean;
}

/** The key to sign with; when it must not be used, the reason (thrown at start-up, before anything is served). */
export type SigningKeyOutcome =
  { key: AuditSigningKey; refusal?: undefined } | { key?: undefined; refusal: StartUpRefusedError };

const RESTORE =
  'Restore the signing key that was in use (the file from a backup, or the value of HUBLINE_AUDIT_SIGNING_KEY from the secret store); Hubline never generates a new one while signed checkpoints exist. If that is the key in use, the checkpoint itself was altered: run npm run verify.';

/**
 * Opens the checkpoint-signing key against the log: when signed checkpoints exist, the key must be
 * the one that signed the latest (same fingerprint, and its signature verifies), else the service
 * refuses to start. A missing key file is generated only while the log holds no checkpoint: a new
 * key would sign checkpoints that auditors holding the old public key reject, and every old one
 * would read as `unknown_key`. `sql` is null when the store is not the PostgreSQL one (no checkpoints).
 */
export async function openAuditSigningKey(
  sql: SqlQuery | null,
  options: SigningKeyOptions,
): Promise<SigningKeyOutcome> {
  const { latest, count } = sql ? await latestCheckpointEvent(sql) : { latest: null, count: 0 };
  const name = options.fromEnvironment
    ? 'HUBLINE_AUDIT_SIGNING_KEY'
    : `the checkpoint signing key file ${auditSigningKeyFile(options.dataDir)}`;
  const signed = latest ? parseSignedCheckpoint(latest.data) : null;
  const latestText = signed
    ? `checkpoint ${signed.checkpointId}, signed ${signed.createdAt} by key ${signed.keyFingerprint.slice(0, 16)}`
    : `in stream ${latest?.streamId}`;
  if (
    latest &&
    !options.fromEnvironment &&
    options.allowGenerated &&
    !existsSync(auditSigningKeyFile(options.dataDir))
  ) {
    return {
      refusal: new StartUpRefusedError(
        `${name} is missing, but the log holds ${count} signed checkpoints (the latest: ${latestText}). ${RESTORE}`,
      ),
    };
  }
  let key: AuditSigningKey;
  try {
    key = loadAuditSigningKey(options);
  } catch (error) {
    // A key that cannot be used (a file that is not one, a variable that holds none): refused at initialisation, as one line.
    if (error instanceof StartUpRefusedError) return { refusal: error };
    throw error;
  }
  // A checkpoint that is not well-formed proves nothing about the key; verification reports it.
  if (!signed) return { key };
  if (signed.keyFingerprint !== key.fingerprint || !verifyCheckpointSignature(signed, key.publicKey)) {
    return {
      refusal: new StartUpRefusedError(
        `${name} (key ${key.fingerprint.slice(0, 16)}) does not verify the latest of the ${count} signed checkpoints in the log (${latestText}). ${RESTORE}`,
      ),
    };
  }
  return { key };
}
