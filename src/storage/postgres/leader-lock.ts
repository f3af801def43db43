/**
 * Leader election by a session-level advisory lock: the instance whose dedicated connection holds
 * the lock is the leader until that connection ends (clean stop, crash, network loss); then the
 * next instance that asks takes over. Used so that only one of several instances runs the uptime
 * monitor rounds (two would check every site twice and announce each change twice).
 */
import pg from 'pg';

export class LeaderLock {
  private client: pg.Client | null = null;
  private closed = false;
  private trying: Promise<boolean> | null = null;

  constructor(
    private readonly config: pg.ClientConfig,
    private readonly key: number,
  ) {}

  /** Whether this instance leads now (tries to become leader when nobody holds the lock). */
  isLeader(): Promise<boolean> {
    if (this.closed) return Promise.resolve(false);
    if (this.client) return Promise.resolve(true);
    this.trying ??= this.tryAcquire().finally(() => (this.trying = null));
    return this.trying;
  }

  private async tryAcquire(): Promise<boolean> {
    const client = new pg.Client(this.config);
    const drop = () => {
      if (this.client === client) this.client = null;
      void client.end().catch(() => {});
    };
    client.on('error', drop);
    try {
      await client.connect();
      const { rows } = await client.query<{ ok: boolean }>('SELECT pg_try_advisory_lock($1) AS ok', [this.key]);
      if (rows[0]?.ok && !this.closed) {
        client.on('end', drop);
        this.client = client;
        return true;
      }
    } catch {
      // Database unreachable: not the leader this time.
    }
    drop();
    return false;
  }

  async close(): Promise<void> {
    this.closed = true;
    await this.trying;
    const client = this.client;
    this.client = null;
    if (client) await client.end().catch(() => {});
  }
}
