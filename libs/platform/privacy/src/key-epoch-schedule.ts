import { Inject, Injectable, Logger, type OnApplicationBootstrap, type OnModuleDestroy } from '@nestjs/common';
import { HUBLINE_CONFIG, type HublineConfig } from '@hubline/config';
import { errorForLog } from '@hubline/errors';
import { KeyEpochs, keyEpochTurnDue, type KeyEpochTurn } from './key-epochs';

/** How often an instance looks whether the key epoch is due to turn (one small query). */
export const KEY_EPOCH_CHECK_MS = 60_000;

/**
 * Turns the key epoch when it is due: every HUBLINE_KEY_EPOCH_DAYS, HUBLINE_KEY_EPOCH_AFTER_ERASURE_MINUTES
 * after the first erasure of an epoch (so an erasure becomes irreversible in the WAL and in backups
 * soon after it), and at once when a turn stopped half-way. Every instance looks; one turns (advisory lock).
 */
@Injectable()
export class KeyEpochSchedule implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger('KeyEpochs');
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<unknown> | null = null;

  constructor(
    private readonly epochs: KeyEpochs,
    @Inject(HUBLINE_CONFIG) private readonly config: HublineConfig,
  ) {}

  /** One look: turns the epoch if it is due at `now`; returns the turn, or null. */
  async tick(now = new Date()): Promise<KeyEpochTurn | null> {
    await this.epochs.dropDestroyed();
    const reason = keyEpochTurnDue(
      await this.epochs.state(),
      {
        epochDays: this.config.privacy.keyEpochDays,
        afterErasureMinutes: this.config.privacy.keyEpochAfterErasureMinutes,
      },
      now,
    );
    if (!reason) return null;
    const turn = await this.epochs.turn();
    if (turn) this.logger.log({ reason, ...turn }, 'key epoch turned');
    return turn;
  }

  onApplicationBootstrap(): void {
    this.timer = setInterval(() => {
      if (this.running) return;
      this.running = this.tick()
        .catch((error: unknown) =>
          this.logger.warn({ error: errorForLog(error) }, 'key epoch turn failed; the next look tries again'),
        )
        .finally(() => (this.running = null));
    }, KEY_EPOCH_CHECK_MS);
    this.timer.unref();
  }

  async onModuleDestroy(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    await this.running?.catch(() => undefined);
  }
}
