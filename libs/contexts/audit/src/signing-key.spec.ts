import { generateKeyPairSync } from 'node:crypto';
import { mkdtempSync, readFileSync, statSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { auditSigningKeyFile, loadAuditSigningKey, readAuditPublicKey } from './signing-key';

const tempDir = () => mkdtempSync(path.join(os.tmpdir(), 'hubline-audit-key-'));

describe('the checkpoint signing key', () => {
  it('is generated on first start into <dataDir>/keys/audit-signing.pem, readable by its owner only, and reused after', () => {
    const dataDir = tempDir();
    const first = loadAuditSigningKey({ dataDir, allowGenerated: true });
    expect(first).toMatchObject({ source: 'generated', file: auditSigningKeyFile(dataDir) });
    expect(first.privateKey.asymmetricKeyType).toBe('ed25519');
    expect(statSync(auditSigningKeyFile(dataDir)).mode & 0o777).toBe(0o600);
    expect(readFileSync(auditSigningKeyFile(dataDir), 'utf8')).toMatch(/^-----BEGIN PRIVATE KEY-----/);

    const again = loadAuditSigningKey({ dataDir, allowGenerated: true });
    expect(again.source).toBe('file');
    expect(again.fingerprint).toBe(first.fingerprint);
    expect(again.publicKeyPem).toMatch(/^-----BEGIN PUBLIC KEY-----/);
  });

  it('comes from the environment as PKCS#8 PEM or base64 DER, and then no file is written', () => {
    const { privateKey } = generateKeyPairSync('ed25519');
    const dataDir = tempDir();
    const pem = loadAuditSigningKey({
      fromEnvironment: privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
      dataDir,
      allowGenerated: false,
    });
    const der = loadAuditSigningKey({
      fromEnvironment: privateKey.export({ type: 'pkcs8', format: 'der' }).toString('base64'),
      dataDir,
      allowGenerated: false,
    });
    expect(pem.source).toBe('environment');
    expect(der.fingerprint).toBe(pem.fingerprint);
    expect(readAuditPublicKey({ dataDir })).toBeNull();
  });

  it('is required in production, and must be Ed25519', () => {
    expect(() => loadAuditSigningKey({ dataDir: tempDir(), allowGenerated: false })).toThrow(
      /HUBLINE_AUDIT_SIGNING_KEY is required/,
    );
    const ec = generateKeyPairSync('ec', { namedCurve: 'P-256' })
      .privateKey.export({ type: 'pkcs8', format: 'pem' })
      .toString();
    expect(() => loadAuditSigningKey({ fromEnvironment: ec, dataDir: tempDir(), allowGenerated: false })).toThrow(
      /must be an Ed25519 key/,
    );
    expect(() =>
      loadAuditSigningKey({ fromEnvironment: 'bm90IGEga2V5', dataDir: tempDir(), allowGenerated: false }),
    ).toThrow(/^HUBLINE_AUDIT_SIGNING_KEY cannot be used: it does not hold an Ed25519 private key/);
  });

  it('gives auditors the same public key from the published PEM as the signer uses', () => {
    const dataDir = tempDir();
    const signer = loadAuditSigningKey({ dataDir, allowGenerated: true });
    expect(readAuditPublicKey({ pem: signer.publicKeyPem, dataDir: tempDir() })?.fingerprint).toBe(signer.fingerprint);
    expect(readAuditPublicKey({ dataDir })?.fingerprint).toBe(signer.fingerprint);
  });
});
