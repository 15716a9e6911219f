/**
 * Wakes subscribers when new events may be readable. A wake that arrives while a subscriber is
 * busy is remembered (the `dirty` flag), so no notification is lost between a read and a wait.
 */
export class Wakeup {
  private dirty = false;
  private resolve: (() => void) | null = null;

  notify(): void {
    this.dirty = true;
    const r = this.resolve;
    this.resolve = null;
    r?.();
  }

  /** Forget earlier wakes: call just before reading. */
  clear(): void {
    this.dirty = false;
  }

  /** Resolves on the next wake (or at once if one came since `clear`), after `timeoutMs`, or on abort. */
  wait(timeoutMs: number, signal?: AbortSignal): Promise<void> {
    if (this.dirty || signal?.aborted) return Promise.resolve();
    return new Promise<void>((resolve) => {
      const done = () => {
        clearTimeout(timer);
        signal?.removeEventListener('abort', done);
        if (this.resolve === done) this.resolve = null;
        resolve();
      };
      const timer = setTimeout(done, timeoutMs);
      signal?.addEventListener('abort', done, { once: true });
      this.resolve = done;
    });
  }
}

/** The set of live subscribers' wakeups in one process. */
export class WakeupHub {
  private readonly members = new Set<Wakeup>();

  register(): { wakeup: Wakeup; dispose: () => void } {
    const wakeup = new Wakeup();
    this.members.add(wakeup);
    return { wakeup, dispose: () => this.members.delete(wakeup) };
  }

  notifyAll(): void {
    for (const m of this.members) m.notify();
  }

  get size(): number {
    return this.members.size;
  }
}
