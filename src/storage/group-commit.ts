/**
 * Group commit: callers mutate in-memory state synchronously, then await commit(). One write is
 * in flight at a time; every caller of the same event-loop turn, and every caller that arrives
 * while a write runs, joins the next write. Each caller resolves only after a write that started
 * after its mutation has completed.
 */
export class GroupCommit {
  private waiters: Array<{ resolve: () => void; reject: (err: unknown) => void }> = [];
  private running = false;
  writes = 0;

  constructor(private readonly write: () => Promise<void>) {}

  commit(): Promise<void> {
    return new Promise((resolve, reject) => {
      this.waiters.push({ resolve, reject });
      if (!this.running) void this.loop();
    });
  }

  /** Resolves when no write is pending or in flight. */
  async idle(): Promise<void> {
    while (this.running) await new Promise((r) => setImmediate(r));
  }

  private async loop(): Promise<void> {
    this.running = true;
    try {
      while (this.waiters.length > 0) {
        // Let every request of this event-loop turn join the batch: one write for all of them.
        await new Promise<void>((resolve) => setImmediate(resolve));
        const batch = this.waiters.splice(0);
        try {
          await this.write();
          this.writes += 1;
          for (const w of batch) w.resolve();
        } catch (err) {
          for (const w of batch) w.reject(err);
        }
      }
    } finally {
      this.running = false;
    }
  }
}
