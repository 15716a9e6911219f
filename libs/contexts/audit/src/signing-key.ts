import { createPrivateKey, createPublicKey, generateKeyPairSync, type KeyObject } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
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
    try {
      return describeSigningKey(parseAuditPrivateKey(options.fromEnvironment), 'environment');
    } catch (error) {
      throw new Error(
        `HUBLINE_AUDIT_SIGNING_KEY is not a usable Ed25519 PKCS#8 key: ${error instanceof Error ? error.message : String(error)}`,
      );
    }
  }
  if (!options.allowGenerated) throw new Error('HUBLINE_AUDIT_SIGNING_KEY is required in production');
  const file = auditSigningKeyFile(options.dataDir);
  if (existsSync(file)) return describeSigningKey(parseAuditPrivateKey(readFileSync(file, 'utf8')), 'file', file);
  const { privateKey } = generateKeyPairSync('ed25519');
  mkdirSync(path.dirname(file), { recursive: true, mode: 0o700 });
  try {
    writeFileSync(file, privateKey.export({ type: 'pkcs8', format: 'pem' }), { mode: 0o600, flag: 'wx' });
  } catch (error) {
    // Another process generated it first: use theirs.
    if ((error as NodeJS.ErrnoException).code === 'EEXIST')
      return describeSigningKey(parseAuditPrivateKey(readFileSync(file, 'utf8')), 'file', file);
    throw error;
  }
  return describeSigningKey(privateKey, 'generated', file);
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
  if (options.fromEnvironment) return publicPart(createPublicKey(parseAuditPrivateKey(options.fromEnvironment)));
  const file = auditSigningKeyFile(options.dataDir);
  return existsSync(file) ? publicPart(createPublicKey(parseAuditPrivateKey(readFileSync(file, 'utf8')))) : null;
}
