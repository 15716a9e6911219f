import { plainToInstance, Transform } from 'class-transformer';
import { IsBoolean, IsIn, IsInt, IsOptional, IsString, Matches, Max, Min, validateSync } from 'class-validator';

const toInt = ({ value }: { value: unknown }) => (value === undefined || value === '' ? undefined : Number(value));
const toBool = ({ value }: { value: unknown }) =>
  value === undefined || value === ''
    ? undefined
    : value === true || value === 'true' || value === '1'
      ? true
      : value === false || value === 'false' || value === '0'
        ? false
        : value;
const POSTGRES_URL = /^postgres(ql)?:\/\/.+/;

/** The environment variables Hubline reads, each validated at boot (docs/configuration.md). */
class EnvironmentVariables {
  @IsOptional()
  @IsIn(['development', 'production', 'test'])
  NODE_ENV?: string;

  @IsOptional()
  @IsString()
  HOST?: string;

  @IsOptional()
  @Transform(toInt)
  @IsInt()
  @Min(0)
  @Max(65535)
  PORT?: number;

  @IsOptional()
  @IsIn(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'])
  LOG_LEVEL?: string;

  @IsOptional()
  @IsIn(['json', 'pretty'])
  LOG_FORMAT?: string;

  @IsOptional()
  @Matches(POSTGRES_URL, { message: 'DATABASE_URL must be a postgres:// connection URL' })
  DATABASE_URL?: string;

  @IsOptional()
  @Transform(toInt)
  @IsInt()
  @Min(2)
  @Max(500)
  DATABASE_POOL_SIZE?: number;

  @IsOptional()
  @IsString()
  HUBLINE_DATA_DIR?: string;

  @IsOptional()
  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(65535)
  EMBEDDED_POSTGRES_PORT?: number;

  @IsOptional()
  @IsIn(['postgres', 'eventstoredb'])
  EVENT_STORE?: string;

  @IsOptional()
  @Matches(/^(esdb|esdb\+discover|kurrentdb|kurrent):\/\/.+/, {
    message: 'EVENTSTORE_URL must be an esdb:// connection string',
  })
  EVENTSTORE_URL?: string;

  @IsOptional()
  @Transform(toBool)
  @IsBoolean({ message: 'PROJECTIONS_ENABLED must be true or false' })
  PROJECTIONS_ENABLED?: boolean;

  @IsOptional()
  @Matches(/^[A-Za-z0-9+/]{43}=$/, { message: 'HUBLINE_MASTER_KEY must be 32 bytes, base64-encoded (44 characters)' })
  HUBLINE_MASTER_KEY?: string;

  @IsOptional()
  @IsString()
  HUBLINE_KEY_EPOCH_DIR?: string;

  @IsOptional()
  @Transform(toInt)
  @IsInt()
  @Min(0)
  @Max(366)
  HUBLINE_KEY_EPOCH_DAYS?: number;

  @IsOptional()
  @Transform(toInt)
  @IsInt()
  @Min(0)
  @Max(10080)
  HUBLINE_KEY_EPOCH_AFTER_ERASURE_MINUTES?: number;

  @IsOptional()
  @Matches(/^(-----BEGIN PRIVATE KEY-----[A-Za-z0-9+/=\s]+-----END PRIVATE KEY-----\s*|[A-Za-z0-9+/]+={0,2})$/, {
    message: 'HUBLINE_AUDIT_SIGNING_KEY must be an Ed25519 private key: PKCS#8 PEM, or its DER bytes base64-encoded',
  })
  HUBLINE_AUDIT_SIGNING_KEY?: string;

  @IsOptional()
  @Transform(toInt)
  @IsInt()
  @Min(0)
  @Max(10080)
  HUBLINE_CHECKPOINT_INTERVAL_MINUTES?: number;

  @IsOptional()
  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(100000)
  HUBLINE_AUDIT_DAILY_VIEW_THRESHOLD?: number;

  // setInterval cannot wait longer than about 24.8 days.
  @IsOptional()
  @Transform(toInt)
  @IsInt()
  @Min(0)
  @Max(576)
  RETENTION_SWEEP_INTERVAL_HOURS?: number;

  @IsOptional()
  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(10000)
  HTTP_MAX_READS_IN_FLIGHT?: number;

  @IsOptional()
  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(10000)
  HTTP_MAX_WRITES_IN_FLIGHT?: number;

  @IsOptional()
  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(10000)
  HTTP_MIN_READS_IN_FLIGHT?: number;

  @IsOptional()
  @Transform(toInt)
  @IsInt()
  @Min(0)
  @Max(600000)
  HTTP_READ_LATENCY_TARGET_MS?: number;

  @IsOptional()
  @Transform(toInt)
  @IsInt()
  @Min(0)
  @Max(86400)
  HUBLINE_CHECKPOINT_ON_DEMAND_SECONDS?: number;

  @IsOptional()
  @Matches(/^https?:\/\/.+/, { message: 'AUTH_JWKS_URL must be an http(s) URL' })
  AUTH_JWKS_URL?: string;

  @IsOptional()
  @IsString()
  AUTH_ISSUER?: string;

  @IsOptional()
  @IsString()
  AUTH_AUDIENCE?: string;

  @IsOptional()
  @Matches(/^[A-Za-z0-9_:./-]{1,100}$/, { message: 'AUTH_AGENCY_CLAIM must be a claim name' })
  AUTH_AGENCY_CLAIM?: string;

  @IsOptional()
  @Matches(/^[A-Za-z0-9_:./-]{1,100}$/, { message: 'AUTH_ROLES_CLAIM must be a claim name' })
  AUTH_ROLES_CLAIM?: string;

  @IsOptional()
  @Matches(/^[\x21-\x7e]{1,255}$/, { message: 'OIDC_CLIENT_ID must be printable ASCII without spaces' })
  OIDC_CLIENT_ID?: string;

  @IsOptional()
  @IsString()
  OIDC_CLIENT_SECRET?: string;

  @IsOptional()
  @Matches(/^https?:\/\/[^\s#]+$/, { message: 'OIDC_REDIRECT_URL must be an http(s) URL' })
  OIDC_REDIRECT_URL?: string;

  @IsOptional()
  @Matches(/^https?:\/\/[^\s#]+$/, { message: 'OIDC_POST_LOGOUT_REDIRECT_URL must be an http(s) URL' })
  OIDC_POST_LOGOUT_REDIRECT_URL?: string;
}

export interface HublineConfig {
  env: 'development' | 'production' | 'test';
  http: { host: string; port: number };
  /**
   * Requests worked on at once, per class (reads: GET and HEAD; writes: the rest); more are refused
   * at once with 503 and Retry-After rather than queued. Health checks are never counted or refused.
   * The reads' limit adapts between `minReadsInFlight` and `maxReadsInFlight` to hold the served
   * reads' latency (90th percentile) to `readLatencyTargetMs`; 0 keeps it at the maximum.
   */
  load: { maxReadsInFlight: number; maxWritesInFlight: number; minReadsInFlight: number; readLatencyTargetMs: number };
  logLevel: string;
  /** `json` or `pretty`; absent means readable in development at a terminal, JSON lines otherwise. */
  logFormat?: 'json' | 'pretty';
  database: {
    /** External server; absent means the embedded PostgreSQL. */
    url?: string;
    poolSize: number;
  };
  /** Where the embedded default keeps its data (PostgreSQL cluster, generated keys). */
  dataDir: string;
  embeddedPostgresPort: number;
  eventStore: { kind: 'postgres' } | { kind: 'eventstoredb'; url: string };
  projections: { enabled: boolean };
  privacy: {
    /** Base64 master key; absent on the embedded default, which generates one in `<dataDir>/keys`. */
    masterKey?: string;
    /** Where the key epochs' keys are kept; absent means `<dataDir>/keys/epochs`. */
    keyEpochDirectory?: string;
    /** Days a key epoch lasts before it turns on schedule; 0 turns the schedule off. */
    keyEpochDays: number;
    /** Minutes from an erasure until the key epoch turns, making it irreversible in backups and the WAL. */
    keyEpochAfterErasureMinutes: number;
  };
  audit: {
    /** Ed25519 PKCS#8 key (PEM or base64 DER) that signs log checkpoints; absent on the embedded default, which generates one in `<dataDir>/keys`. */
    signingKey?: string;
    /** Minutes between scheduled checkpoints; 0 turns the schedule off. */
    checkpointIntervalMinutes: number;
    /** The exceptions report flags a user who viewed more distinct people than this in one day. */
    dailyViewThreshold: number;
    /** Seconds that must pass between checkpoints signed on demand (`POST /audit/checkpoints`); 0 = no limit. */
    checkpointOnDemandSeconds: number;
  };
  retention: {
    /** Hours between scheduled retention sweeps; 0 turns the schedule off. */
    sweepIntervalHours: number;
  };
  auth:
    | {
        /** Tokens signed by a key generated on first start and kept in `<dataDir>/keys`; `npm run token` mints them. */
        mode: 'local';
        issuer: string;
        audience: string;
      }
    | {
        /** Tokens from an OpenID Connect issuer, verified against its published keys. */
        mode: 'oidc';
        issuer: string;
        audience: string;
        jwksUrl: string;
        /** Claims that, when configured, must agree with the registered user. */
        agencyClaim?: string;
        rolesClaim?: string;
        /**
         * The web pages' sign-in (authorization code + PKCE) as a client of the same issuer;
         * absent: the pages offer no sign-in and the API alone is served.
         */
        web?: {
          clientId: string;
          /** Absent: a public client (PKCE alone). */
          clientSecret?: string;
          /** This hub's `/sign-in/callback`, exactly as registered with the issuer. */
          redirectUrl: string;
          /** Where the issuer sends the officer after signing out there; absent: this hub's `/signed-out`. */
          postLogoutRedirectUrl?: string;
        };
      };
}

export class ConfigurationError extends Error {
  constructor(readonly problems: string[]) {
    super(`invalid configuration:\n  - ${problems.join('\n  - ')}`);
  }
}

/**
 * Reads and validates the environment: the only place Hubline reads `process.env`.
 * Throws a ConfigurationError listing every bad value.
 */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): HublineConfig {
  const vars = plainToInstance(EnvironmentVariables, { ...env }, { excludeExtraneousValues: false });
  const errors = validateSync(vars, { skipMissingProperties: false, whitelist: false });
  const problems = errors.flatMap((e) =>
    Object.values(e.constraints ?? {}).map((m) => (m.startsWith(e.property) ? m : `${e.property}: ${m}`)),
  );
  const kind = vars.EVENT_STORE ?? (vars.EVENTSTORE_URL ? 'eventstoredb' : 'postgres');
  if (kind === 'eventstoredb' && !vars.EVENTSTORE_URL) problems.push('EVENT_STORE=eventstoredb needs EVENTSTORE_URL');
  if (vars.AUTH_JWKS_URL && (!vars.AUTH_ISSUER || !vars.AUTH_AUDIENCE))
    problems.push('AUTH_JWKS_URL needs AUTH_ISSUER and AUTH_AUDIENCE');
  if ((vars.OIDC_CLIENT_ID || vars.OIDC_REDIRECT_URL) && !vars.AUTH_JWKS_URL)
    problems.push('OIDC_CLIENT_ID and OIDC_REDIRECT_URL need an OpenID Connect issuer (AUTH_JWKS_URL, AUTH_ISSUER)');
  if (Boolean(vars.OIDC_CLIENT_ID) !== Boolean(vars.OIDC_REDIRECT_URL))
    problems.push('OIDC_CLIENT_ID and OIDC_REDIRECT_URL go together');
  if (vars.OIDC_REDIRECT_URL && !vars.OIDC_REDIRECT_URL.replace(/\?.*$/, '').endsWith('/sign-in/callback'))
    problems.push("OIDC_REDIRECT_URL must be this hub's /sign-in/callback address");
  if (vars.NODE_ENV === 'production' && vars.OIDC_REDIRECT_URL?.startsWith('http:'))
    problems.push('OIDC_REDIRECT_URL must be https when NODE_ENV=production');
  if (vars.NODE_ENV === 'production' && !vars.HUBLINE_MASTER_KEY)
    problems.push('HUBLINE_MASTER_KEY is required when NODE_ENV=production');
  if (vars.NODE_ENV === 'production' && !vars.HUBLINE_AUDIT_SIGNING_KEY)
    problems.push('HUBLINE_AUDIT_SIGNING_KEY is required when NODE_ENV=production');
  if (vars.NODE_ENV === 'production' && !vars.AUTH_JWKS_URL)
    problems.push('AUTH_JWKS_URL (an OpenID Connect issuer) is required when NODE_ENV=production');
  if ((vars.HTTP_MIN_READS_IN_FLIGHT ?? 0) > (vars.HTTP_MAX_READS_IN_FLIGHT ?? 16))
    problems.push('HTTP_MIN_READS_IN_FLIGHT must not be more than HTTP_MAX_READS_IN_FLIGHT');
  if (problems.length) throw new ConfigurationError(problems);
  return {
    env: (vars.NODE_ENV as HublineConfig['env']) ?? 'development',
    http: { host: vars.HOST ?? '127.0.0.1', port: vars.PORT ?? 3000 },
    load: {
      maxReadsInFlight: vars.HTTP_MAX_READS_IN_FLIGHT ?? 16,
      maxWritesInFlight: vars.HTTP_MAX_WRITES_IN_FLIGHT ?? 8,
      minReadsInFlight: vars.HTTP_MIN_READS_IN_FLIGHT ?? Math.min(4, vars.HTTP_MAX_READS_IN_FLIGHT ?? 16),
      readLatencyTargetMs: vars.HTTP_READ_LATENCY_TARGET_MS ?? 0,
    },
    logLevel: vars.LOG_LEVEL ?? 'info',
    logFormat: vars.LOG_FORMAT as HublineConfig['logFormat'],
    database: { url: vars.DATABASE_URL, poolSize: vars.DATABASE_POOL_SIZE ?? 20 },
    dataDir: vars.HUBLINE_DATA_DIR ?? '.hubline',
    embeddedPostgresPort: vars.EMBEDDED_POSTGRES_PORT ?? 54329,
    eventStore: kind === 'eventstoredb' ? { kind, url: vars.EVENTSTORE_URL! } : { kind: 'postgres' },
    projections: { enabled: vars.PROJECTIONS_ENABLED ?? true },
    privacy: {
      masterKey: vars.HUBLINE_MASTER_KEY,
      keyEpochDirectory: vars.HUBLINE_KEY_EPOCH_DIR || undefined,
      keyEpochDays: vars.HUBLINE_KEY_EPOCH_DAYS ?? 7,
      keyEpochAfterErasureMinutes: vars.HUBLINE_KEY_EPOCH_AFTER_ERASURE_MINUTES ?? 60,
    },
    audit: {
      signingKey: vars.HUBLINE_AUDIT_SIGNING_KEY,
      checkpointIntervalMinutes: vars.HUBLINE_CHECKPOINT_INTERVAL_MINUTES ?? 60,
      dailyViewThreshold: vars.HUBLINE_AUDIT_DAILY_VIEW_THRESHOLD ?? 25,
      checkpointOnDemandSeconds: vars.HUBLINE_CHECKPOINT_ON_DEMAND_SECONDS ?? 60,
    },
    retention: { sweepIntervalHours: vars.RETENTION_SWEEP_INTERVAL_HOURS ?? 24 },
    auth: vars.AUTH_JWKS_URL
      ? {
          mode: 'oidc',
          issuer: vars.AUTH_ISSUER!,
          audience: vars.AUTH_AUDIENCE!,
          jwksUrl: vars.AUTH_JWKS_URL,
          agencyClaim: vars.AUTH_AGENCY_CLAIM,
          rolesClaim: vars.AUTH_ROLES_CLAIM,
          ...(vars.OIDC_CLIENT_ID && vars.OIDC_REDIRECT_URL
            ? {
                web: {
                  clientId: vars.OIDC_CLIENT_ID,
                  ...(vars.OIDC_CLIENT_SECRET ? { clientSecret: vars.OIDC_CLIENT_SECRET } : {}),
                  redirectUrl: vars.OIDC_REDIRECT_URL,
                  ...(vars.OIDC_POST_LOGOUT_REDIRECT_URL
                    ? { postLogoutRedirectUrl: vars.OIDC_POST_LOGOUT_REDIRECT_URL }
                    : {}),
                },
              }
            : {}),
        }
      : { mode: 'local', issuer: vars.AUTH_ISSUER ?? 'urn:hubline:local', audience: vars.AUTH_AUDIENCE ?? 'hubline' },
  };
}
