import { createPrivateKey, createPublicKey, generateKeyPairSync, type KeyObject } from 'node:crypto';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { readKeyFile, StartUpRefusedError, unusableKey, writeNewKeyFile } from '@hubline/errors';
import { keyFingerprint } from './checkpoint-format';

export interface AuditSigningKey {
  privateKey: KeyObject;
  publicKey: KeyObject;
  /** SubjectPublicKeyInfo PEM: what auditors are given. */
  publicKeyPem: string;
  fingerprint: string;
  /** Where it came from, for the start-up message. */
  source: 'environment' | 'generated' | 'file';
  file?: string;
}

export interface AuditPublicKey {
  publicKey: KeyObject;
  publicKeyPem: string;
  fingerprint: string;
}

/** Where the embedded default keeps its checkpoint-signing key (PKCS#8 PEM, readable by its owner only). */
export function auditSigningKeyFile(dataDir: string): string {
  return path.resolve(dataDir, 'keys', 'audit-signing.pem');
}

/** A PKCS#8 PEM, or the DER bytes base64-encoded (easier to keep in one environment variable). */
export function parseAuditPrivateKey(text: string): KeyObject {
  const trimmed = text.trim();
  const key = trimmed.startsWith('-----BEGIN')
    ? createPrivateKey({ key: trimmed, format: 'pem' })
    : createPrivateKey({ key: Buffer.from(trimmed, 'base64'), format: 'der', type: 'pkcs8' });
  if (key.asymmetricKeyType !== 'ed25519')
    throw new Error(`the audit signing key must be an Ed25519 key, not ${key.asymmetricKeyType}`);
  return key;
}

export function describeSigningKey(
  privateKey: KeyObject,
  source: AuditSigningKey['source'],
  file?: string,
): AuditSigningKey {
  return { privateKey, ...publicPart(createPublicKey(privateKey)), source, ...(file ? { file } : {}) };
}

function publicPart(publicKey: KeyObject): AuditPublicKey {
  return {
    publicKey,
    publicKeyPem: publicKey.export({ type: 'spki', format: 'pem' }).toString(),
    fingerprint: keyFingerprint(publicKey),
  };
}

/**
 * The key that signs log checkpoints. It must be kept apart from the database credentials: whoever
 * holds both can forge a checkpoint. In production it comes from HUBLINE_AUDIT_SIGNING_KEY (a secret
 * store). On the embedded default it is generated on first start into `<dataDir>/keys`, beside the
 * database it vouches for: fine for trying Hubline, no protection against its administrator, and the
 * start-up log says so.
 */
export function loadAuditSigningKey(options: {
  fromEnvironment?: string;
  dataDir: string;
  allowGenerated: boolean;
}): AuditSigningKey {
  if (options.fromEnvironment) {
    return describeSigningKey(
      usableKey(
        'HUBLINE_AUDIT_SIGNING_KEY',
        options.fromEnvironment,
        'Set it to the signing key in use, from the secret store.',
      ),
      'environment',
    );
  }
  if (!options.allowGenerated)
    throw new StartUpRefusedError(
      'HUBLINE_AUDIT_SIGNING_KEY is required in production: set it to the checkpoint signing key in use, from the secret store.',
    );
  const file = auditSigningKeyFile(options.dataDir);
  if (existsSync(file)) return describeSigningKey(keyFromFile(file), 'file', file);
  const { privateKey } = generateKeyPairSync('ed25519');
  const pem = privateKey.export({ type: 'pkcs8', format: 'pem' });
  // Another process generated it first: use theirs.
  if (!writeNewKeyFile(`the checkpoint signing key file ${file}`, file, pem))
    return describeSigningKey(keyFromFile(file), 'file', file);
  return describeSigningKey(privateKey, 'generated', file);
}

const FILE_FIX =
  'Restore the file from a backup of the key directory; only while the log holds no signed checkpoint may it be deleted, and a new key is then made.';

/** The key in a variable or a file's text; a StartUpRefusedError naming it when it holds none. */
function usableKey(name: string, text: string, fix: string): KeyObject {
  try {
    return parseAuditPrivateKey(text);
  } catch (error) {
    // The parser's own message is left out: it can quote the text.
    const problem =
      error instanceof Error && /must be an Ed25519 key/.test(error.message)
        ? error.message.replace(/^the audit signing key /, 'it ')
        : 'it does not hold an Ed25519 private key (PKCS#8, as PEM or base64)';
    throw unusableKey(name, problem, fix);
  }
}

function keyFromFile(file: string): KeyObject {
  const name = `the checkpoint signing key file ${file}`;
  return usableKey(name, readKeyFile(name, file, FILE_FIX), FILE_FIX);
}

/**
 * The public key to check checkpoints with, without generating anything: from a PEM given by the
 * auditor (public or private), else from the configured key or the embedded default's file.
 * Null when there is none yet.
 */
export function readAuditPublicKey(options: {
  pem?: string;
  fromEnvironment?: string;
  dataDir: string;
}): AuditPublicKey | null {
  if (options.pem) {
    const key = options.pem.includes('PRIVATE KEY')
      ? createPublicKey(parseAuditPrivateKey(options.pem))
      : createPublicKey({ key: options.pem.trim(), format: 'pem' });
    if (key.asymmetricKeyType !== 'ed25519')
      throw new Error(`the audit public key must be an Ed25519 key, not ${key.asymmetricKeyType}`);
    return publicPart(key);
  }
  if (options.fromEnvironment)
    return publicPart(
      createPublicKey(
        usableKey(
          'HUBLINE_AUDIT_SIGNING_KEY',
          options.fromEnvironment,
          'Set it to the signing key in use, from the secret store.',
        ),
      ),
    );
  const file = auditSigningKeyFile(options.dataDir);
  return existsSync(file) ? publicPart(createPublicKey(keyFromFile(file))) : null;
}
