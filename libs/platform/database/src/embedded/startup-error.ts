/**
 * A reason the embedded PostgreSQL cannot start that the operator can act on: what went wrong and
 * what to do. Services print it as one line, without a stack trace.
 */
export class EmbeddedPostgresError extends Error {
  constructor(
    readonly reason: string,
    readonly fix: string,
  ) {
    super(`the embedded PostgreSQL cannot start: ${reason}. ${fix}`);
    this.name = 'EmbeddedPostgresError';
  }
}

/** Every failure of the embedded server ends with this way out. */
export const USE_YOUR_OWN = 'or set DATABASE_URL to use a PostgreSQL server of your own';
