import { Inject, Injectable, Logger, OnApplicationBootstrap, OnModuleDestroy, OnModuleInit } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { HUBLINE_CONFIG, type HublineConfig } from '@hubline/config';
import { DomainError, errorForLog } from '@hubline/errors';
import { EVENT_STORE, type EventMetadata, type EventStore } from '@hubline/event-store';
import { CheckpointSigner, type ScheduledOutcome, type SignedCheckpointReceipt } from './checkpoint-signer';
import { verifyLog, type LogVerifyReport } from './log-verifier';
import type { SigningKeyOutcome } from './signing-key-check';
import type { AuditSigningKey } from './signing-key';

export const AUDIT_SIGNING_KEY = Symbol('AUDIT_SIGNING_KEY');
export const AUDIT_SIGNING_KEY_OUTCOME = Symbol('AUDIT_SIGNING_KEY_OUTCOME');

export class CheckpointsNotSupportedError extends DomainError {
  readonly code = 'AUDIT.CHECKPOINTS_NOT_SUPPORTED';
  readonly kind = 'conflict';
}

/**
 * Signed checkpoints and the whole-log verification, on the PostgreSQL store. With EventStoreDB
 * the chains are still verified; checkpoints are not built (they would be computed from `$all`).
 */
@Injectable()
export class AuditService implements OnModuleInit, OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger('Audit');
  private readonly signer: CheckpointSigner | null;
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<ScheduledOutcome | null> | null = null;

  constructor(
    private readonly db: DataSource,
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(AUDIT_SIGNING_KEY) private readonly key: AuditSigningKey,
    @Inject(HUBLINE_CONFIG) private readonly config: HublineConfig,
    @Inject(AUDIT_SIGNING_KEY_OUTCOME) private readonly keyOutcome: SigningKeyOutcome,
  ) {
    this.signer = config.eventStore.kind === 'postgres' ? new CheckpointSigner(db, store, key) : null;
  }

  get publicKey(): { publicKeyPem: string; fingerprint: string } {
    return { publicKeyPem: this.key.publicKeyPem, fingerprint: this.key.fingerprint };
  }

  signNow(metadata: EventMetadata): Promise<SignedCheckpointReceipt> {
    if (!this.signer)
      throw new CheckpointsNotSupportedError('Signed checkpoints are built on the PostgreSQL event store only.');
    return this.signer.signNow(metadata);
  }

  /** A checkpoint asked for over HTTP: at most one per HUBLINE_CHECKPOINT_ON_DEMAND_SECONDS, since signing reads the whole log's state. */
  signOnDemand(metadata: EventMetadata): Promise<SignedCheckpointReceipt> {
    if (!this.signer)
      throw new CheckpointsNotSupportedError('Signed checkpoints are built on the PostgreSQL event store only.');
    return this.signer.signNow(metadata, this.config.audit.checkpointOnDemandSeconds * 1000);
  }

  verify(): Promise<LogVerifyReport> {
    return verifyLog(this.store, this.signer ? (text, params) => this.db.query(text, params) : null, this.key);
  }

  /** One scheduled run (also what the timer calls); failures are logged, and the next run tries again. */
  async tick(now: Date = new Date()): Promise<ScheduledOutcome | null> {
    if (!this.signer) return null;
    const run = this.signer.signIfDue(this.config.audit.checkpointIntervalMinutes * 60_000, now).then(
      (outcome) => {
        if (outcome.status === 'signed')
          this.logger.log(
            { checkpointId: outcome.checkpoint.checkpointId, position: outcome.checkpoint.position },
            'log checkpoint signed',
          );
        return outcome;
      },
      (error) => {
        this.logger.warn({ error: errorForLog(error) }, 'scheduled log checkpoint failed; the next run tries again');
        return null;
      },
    );
    this.running = run;
    try {
      return await run;
    } finally {
      if (this.running === run) this.running = null;
    }
  }

  /** A signing key that does not verify the checkpoints already signed stops the start here, as one line (a provider factory's error would come with a stack). */
  onModuleInit(): void {
    if (this.keyOutcome.refusal) throw this.keyOutcome.refusal;
  }

  onApplicationBootstrap(): void {
    const minutes = this.config.audit.checkpointIntervalMinutes;
    if (!this.signer || minutes === 0) return;
    this.timer = setInterval(() => {
      // A run still going (a very large log) is not doubled up.
      if (!this.running) void this.tick();
    }, minutes * 60_000);
    this.timer.unref();
  }

  async onModuleDestroy(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    // Let a signing in progress finish before the store and the database close.
    await this.running?.catch(() => undefined);
  }
}
