import { ConfigurationError, loadConfig } from './hubline-config';

describe('loadConfig', () => {
  it('defaults to the embedded PostgreSQL and the PostgreSQL event store', () => {
    const config = loadConfig({});
    expect(config.database.url).toBeUndefined();
    expect(config.eventStore).toEqual({ kind: 'postgres' });
    expect(config.http).toEqual({ host: '127.0.0.1', port: 3000 });
    expect(config.dataDir).toBe('.hubline');
    expect(config.projections.enabled).toBe(true);
    expect(config.audit).toEqual({
      signingKey: undefined,
      checkpointIntervalMinutes: 60,
      dailyViewThreshold: 25,
      checkpointOnDemandSeconds: 60,
    });
    expect(config.load).toEqual({
      maxReadsInFlight: 16,
      maxWritesInFlight: 8,
      minReadsInFlight: 4,
      readLatencyTargetMs: 0,
    });
  });

  it('reads every value it knows', () => {
    const config = loadConfig({
      PORT: '8080',
      HOST: '0.0.0.0',
      DATABASE_URL: 'postgres://u:p@db:5432/hubline',
      DATABASE_POOL_SIZE: '30',
      EVENTSTORE_URL: 'esdb://es:2113?tls=false',
      PROJECTIONS_ENABLED: 'false',
      LOG_LEVEL: 'debug',
      HUBLINE_DATA_DIR: '/var/lib/hubline',
    });
    expect(config).toMatchObject({
      http: { host: '0.0.0.0', port: 8080 },
      database: { url: 'postgres://u:p@db:5432/hubline', poolSize: 30 },
      eventStore: { kind: 'eventstoredb', url: 'esdb://es:2113?tls=false' },
      projections: { enabled: false },
      logLevel: 'debug',
      dataDir: '/var/lib/hubline',
    });
  });

  it('reads the checkpoint signing key and interval, and requires the key in production', () => {
    const key = 'MC4CAQAwBQYDK2VwBCIEIJ+DYvh6SEqVTm50DFtMDoQikTmiCqirVv9mWG9qfSnF';
    expect(loadConfig({ HUBLINE_AUDIT_SIGNING_KEY: key, HUBLINE_CHECKPOINT_INTERVAL_MINUTES: '0' }).audit).toEqual({
      signingKey: key,
      checkpointIntervalMinutes: 0,
      dailyViewThreshold: 25,
      checkpointOnDemandSeconds: 60,
    });
    expect(() => loadConfig({ HUBLINE_CHECKPOINT_INTERVAL_MINUTES: '-5' })).toThrow(
      /HUBLINE_CHECKPOINT_INTERVAL_MINUTES/,
    );
    expect(() => loadConfig({ HUBLINE_AUDIT_SIGNING_KEY: 'not a key!' })).toThrow(
      /HUBLINE_AUDIT_SIGNING_KEY must be an Ed25519 private key/,
    );
    expect(() => loadConfig({ NODE_ENV: 'production' })).toThrow(
      /HUBLINE_AUDIT_SIGNING_KEY is required when NODE_ENV=production/,
    );
  });

  it('reads the daily view threshold of the exceptions report, a positive whole number', () => {
    expect(loadConfig({ HUBLINE_AUDIT_DAILY_VIEW_THRESHOLD: '40' }).audit.dailyViewThreshold).toBe(40);
    expect(() => loadConfig({ HUBLINE_AUDIT_DAILY_VIEW_THRESHOLD: '0' })).toThrow(/HUBLINE_AUDIT_DAILY_VIEW_THRESHOLD/);
  });

  it('reads the limits on work in flight and on checkpoints signed on demand', () => {
    const config = loadConfig({
      HTTP_MAX_READS_IN_FLIGHT: '4',
      HTTP_MAX_WRITES_IN_FLIGHT: '2',
      HUBLINE_CHECKPOINT_ON_DEMAND_SECONDS: '0',
    });
    expect(config.load).toEqual({
      maxReadsInFlight: 4,
      maxWritesInFlight: 2,
      minReadsInFlight: 4,
      readLatencyTargetMs: 0,
    });
    expect(loadConfig({}).load).toEqual({
      maxReadsInFlight: 16,
      maxWritesInFlight: 8,
      minReadsInFlight: 4,
      readLatencyTargetMs: 0,
    });
    // A maximum under the default floor is the floor too: the limit cannot adapt below it.
    expect(loadConfig({ HTTP_MAX_READS_IN_FLIGHT: '2' }).load.minReadsInFlight).toBe(2);
    expect(loadConfig({ HTTP_MIN_READS_IN_FLIGHT: '6', HTTP_READ_LATENCY_TARGET_MS: '500' }).load).toMatchObject({
      minReadsInFlight: 6,
      readLatencyTargetMs: 500,
    });
    expect(() => loadConfig({ HTTP_MAX_READS_IN_FLIGHT: '8', HTTP_MIN_READS_IN_FLIGHT: '9' })).toThrow(
      /HTTP_MIN_READS_IN_FLIGHT must not be more than HTTP_MAX_READS_IN_FLIGHT/,
    );
    expect(() => loadConfig({ HTTP_MIN_READS_IN_FLIGHT: '0' })).toThrow(/HTTP_MIN_READS_IN_FLIGHT/);
    expect(() => loadConfig({ HTTP_READ_LATENCY_TARGET_MS: '-1' })).toThrow(/HTTP_READ_LATENCY_TARGET_MS/);
    expect(config.audit.checkpointOnDemandSeconds).toBe(0);
    expect(() => loadConfig({ HTTP_MAX_READS_IN_FLIGHT: '0' })).toThrow(/HTTP_MAX_READS_IN_FLIGHT/);
    expect(() => loadConfig({ HUBLINE_CHECKPOINT_ON_DEMAND_SECONDS: '-1' })).toThrow(
      /HUBLINE_CHECKPOINT_ON_DEMAND_SECONDS/,
    );
  });

  it('sweeps for retention daily by default, at the interval given, or never with 0', () => {
    expect(loadConfig({}).retention).toEqual({ sweepIntervalHours: 24 });
    expect(loadConfig({ RETENTION_SWEEP_INTERVAL_HOURS: '6' }).retention).toEqual({ sweepIntervalHours: 6 });
    expect(loadConfig({ RETENTION_SWEEP_INTERVAL_HOURS: '0' }).retention).toEqual({ sweepIntervalHours: 0 });
    expect(() => loadConfig({ RETENTION_SWEEP_INTERVAL_HOURS: '-1' })).toThrow(/RETENTION_SWEEP_INTERVAL_HOURS/);
    expect(() => loadConfig({ RETENTION_SWEEP_INTERVAL_HOURS: '1000' })).toThrow(/RETENTION_SWEEP_INTERVAL_HOURS/);
  });

  it("reads the web sign-in's OpenID Connect client, which needs an issuer and this hub's callback", () => {
    const issuer = {
      AUTH_JWKS_URL: 'https://idp.example/jwks',
      AUTH_ISSUER: 'https://idp.example',
      AUTH_AUDIENCE: 'hubline-api',
    };
    expect(loadConfig(issuer).auth).not.toHaveProperty('web');
    expect(
      loadConfig({
        ...issuer,
        OIDC_CLIENT_ID: 'hubline-web',
        OIDC_CLIENT_SECRET: 's3cret',
        OIDC_REDIRECT_URL: 'https://hubline.example/sign-in/callback',
      }).auth,
    ).toMatchObject({
      mode: 'oidc',
      web: {
        clientId: 'hubline-web',
        clientSecret: 's3cret',
        redirectUrl: 'https://hubline.example/sign-in/callback',
      },
    });
    expect(() =>
      loadConfig({ OIDC_CLIENT_ID: 'hubline-web', OIDC_REDIRECT_URL: 'https://hubline.example/sign-in/callback' }),
    ).toThrow(/need an OpenID Connect issuer/);
    expect(() => loadConfig({ ...issuer, OIDC_CLIENT_ID: 'hubline-web' })).toThrow(/go together/);
    expect(() =>
      loadConfig({ ...issuer, OIDC_CLIENT_ID: 'hubline-web', OIDC_REDIRECT_URL: 'https://hubline.example/home' }),
    ).toThrow(/sign-in\/callback/);
  });

  it('names every bad value in one error', () => {
    let error: unknown;
    try {
      loadConfig({
        PORT: 'eighty',
        DATABASE_URL: 'mysql://x',
        PROJECTIONS_ENABLED: 'maybe',
        EVENT_STORE: 'eventstoredb',
      });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ConfigurationError);
    const problems = (error as ConfigurationError).problems.join('\n');
    expect(problems).toMatch(/PORT/);
    expect(problems).toMatch(/DATABASE_URL must be a postgres/);
    expect(problems).toMatch(/PROJECTIONS_ENABLED must be true or false/);
    expect(problems).toMatch(/EVENT_STORE=eventstoredb needs EVENTSTORE_URL/);
  });
});
