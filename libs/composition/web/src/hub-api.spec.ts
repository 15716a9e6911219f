import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { decodeJwt } from 'jose';
import { createTokenVerifier, type Actor } from '@hubline/access';
import { loadConfig, type HublineConfig } from '@hubline/config';
import { LOCAL_TOKEN_RENEW_MARGIN_SECONDS, LOCAL_TOKEN_SECONDS, LocalApiCredentials } from './hub-api';

const officer = (subject: string): Actor => ({
  userId: `user-${subject}`,
  subject,
  displayName: subject,
  partnershipId: 'partnership',
  agencyId: 'agency',
  roles: ['practitioner'],
});

describe('the local API credentials of the pages', () => {
  let dataDir: string;
  let config: HublineConfig;

  beforeAll(() => {
    dataDir = mkdtempSync(path.join(os.tmpdir(), 'hubline-web-credentials-'));
    config = loadConfig({ HUBLINE_DATA_DIR: dataDir, LOG_LEVEL: 'silent' });
  });
  afterAll(() => rmSync(dataDir, { recursive: true, force: true }));
  afterEach(() => jest.useRealTimers());

  it('signs a token the API accepts, naming the officer, for one minute', async () => {
    const token = await new LocalApiCredentials(config).tokenFor(officer('pc.okafor@essex-police.demo'));
    const verified = await (await createTokenVerifier(config)).verify(token);
    expect(verified.subject).toBe('pc.okafor@essex-police.demo');
    expect(verified.claims.exp! - verified.claims.iat!).toBe(LOCAL_TOKEN_SECONDS);
  });

  it('uses the same token again for the same officer, even as another actor object of theirs', async () => {
    const credentials = new LocalApiCredentials(config);
    const first = await credentials.tokenFor(officer('a@thurrock.demo'));
    expect(await credentials.tokenFor(officer('a@thurrock.demo'))).toBe(first);
  });

  it('never gives one officer the token of another', async () => {
    const credentials = new LocalApiCredentials(config);
    const [a, b] = await Promise.all([
      credentials.tokenFor(officer('a@thurrock.demo')),
      credentials.tokenFor(officer('b@thurrock.demo')),
    ]);
    expect(a).not.toBe(b);
    expect(decodeJwt(a).sub).toBe('a@thurrock.demo');
    expect(decodeJwt(b).sub).toBe('b@thurrock.demo');
    expect(decodeJwt(await credentials.tokenFor(officer('b@thurrock.demo'))).sub).toBe('b@thurrock.demo');
  });

  it('signs a new token shortly before the old one expires, never using it to its end', async () => {
    jest.useFakeTimers({ doNotFake: ['nextTick', 'setImmediate', 'queueMicrotask'] });
    const start = new Date('2026-12-05T10:00:00Z');
    jest.setSystemTime(start);
    const credentials = new LocalApiCredentials(config);
    const first = await credentials.tokenFor(officer('a@thurrock.demo'));

    jest.setSystemTime(start.getTime() + (LOCAL_TOKEN_SECONDS - LOCAL_TOKEN_RENEW_MARGIN_SECONDS) * 1000 - 1);
    expect(await credentials.tokenFor(officer('a@thurrock.demo'))).toBe(first);

    jest.setSystemTime(start.getTime() + (LOCAL_TOKEN_SECONDS - LOCAL_TOKEN_RENEW_MARGIN_SECONDS) * 1000);
    const second = await credentials.tokenFor(officer('a@thurrock.demo'));
    expect(second).not.toBe(first);
    expect(decodeJwt(second).exp).toBe(decodeJwt(first).exp! + LOCAL_TOKEN_SECONDS - LOCAL_TOKEN_RENEW_MARGIN_SECONDS);
    expect(await credentials.tokenFor(officer('a@thurrock.demo'))).toBe(second);
  });

  it('with OpenID Connect, hands over the provider’s token of the request’s officer and signs none', async () => {
    const oidc = loadConfig({
      HUBLINE_DATA_DIR: dataDir,
      LOG_LEVEL: 'silent',
      AUTH_JWKS_URL: 'https://idp.thurrock.test/jwks.json',
      AUTH_ISSUER: 'https://idp.thurrock.test',
      AUTH_AUDIENCE: 'hubline',
    });
    const credentials = new LocalApiCredentials(oidc);
    const a = officer('a@thurrock.demo');
    credentials.useProviderToken(a, 'provider-token-of-a');
    expect(await credentials.tokenFor(a)).toBe('provider-token-of-a');
    // Another request of the same officer without the provider's token gets nothing kept from before.
    await expect(credentials.tokenFor(officer('a@thurrock.demo'))).rejects.toThrow(/OpenID Connect/);
  });
});
