// A real OpenID Connect provider (oidc-provider) for tests, run in its own process: the tests drive
// the hub's sign-in against it as a browser would. It prints its issuer on the first line of its
// output, then serves until stopped. Its configuration comes in OPENID_TEST_PROVIDER (JSON):
// { clients: [...], audience: "<API resource>", claims: { "<subject>": { ...extra access token claims } } }
// The login page is a plain form: POST /interaction/<uid> with login=<subject> signs that subject in.
import { createServer } from 'node:http';
import { URLSearchParams } from 'node:url';
import { generateKeyPairSync } from 'node:crypto';
import Provider, { errors } from 'oidc-provider';

const options = JSON.parse(process.env.OPENID_TEST_PROVIDER ?? '{}');
const server = createServer();
await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
const issuer = `http://127.0.0.1:${server.address().port}`;
const signing = generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey.export({ format: 'jwk' });

const provider = new Provider(issuer, {
  clients: options.clients,
  jwks: { keys: [{ ...signing, kid: 'test-provider-1', alg: 'RS256', use: 'sig' }] },
  cookies: { keys: ['a test provider cookie key that is long enough'] },
  pkce: { required: () => true },
  scopes: ['openid', 'offline_access'],
  ttl: { AccessToken: options.accessTokenSeconds ?? 600, IdToken: 600, Session: 3600, Grant: 3600, Interaction: 600 },
  features: {
    devInteractions: { enabled: false },
    rpInitiatedLogout: { enabled: true },
    resourceIndicators: {
      enabled: true,
      defaultResource: () => options.audience,
      useGrantedResource: () => true,
      getResourceServerInfo: (_ctx, resource) => {
        if (resource !== options.audience) throw new errors.InvalidTarget();
        return {
          scope: 'openid',
          audience: resource,
          accessTokenTTL: options.accessTokenSeconds ?? 600,
          accessTokenFormat: 'jwt',
          jwt: { sign: { alg: 'RS256' } },
        };
      },
    },
  },
  findAccount: (_ctx, sub) => ({ accountId: sub, claims: () => ({ sub }) }),
  extraTokenClaims: (_ctx, token) => options.claims?.[token.accountId] ?? undefined,
  // Consent is taken as given: every client here is the partnership's own.
  loadExistingGrant: async (ctx) => {
    const grant = new ctx.oidc.provider.Grant({
      clientId: ctx.oidc.client.clientId,
      accountId: ctx.oidc.session.accountId,
    });
    grant.addOIDCScope('openid offline_access');
    grant.addResourceScope(options.audience, 'openid');
    await grant.save();
    return grant;
  },
  interactions: { url: (_ctx, interaction) => `/interaction/${interaction.uid}` },
});
provider.on('server_error', (_ctx, error) => process.stderr.write(`provider error: ${error.stack}\n`));

const app = provider.callback();
server.on('request', async (req, res) => {
  const match = /^\/interaction\/([A-Za-z0-9_-]+)$/.exec(req.url ?? '');
  if (!match) return app(req, res);
  try {
    if (req.method === 'GET') {
      await provider.interactionDetails(req, res);
      res.writeHead(200, { 'content-type': 'text/html' });
      res.end(
        `<form method="post" action="/interaction/${match[1]}"><input name="login"><button>Sign in</button></form>`,
      );
      return;
    }
    let body = '';
    for await (const chunk of req) body += chunk;
    const login = new URLSearchParams(body).get('login');
    await provider.interactionFinished(req, res, { login: { accountId: login } }, { mergeWithLastSubmission: false });
  } catch (error) {
    res.writeHead(400, { 'content-type': 'text/plain' });
    res.end(String(error));
  }
});

process.stdout.write(`${JSON.stringify({ issuer })}\n`);
