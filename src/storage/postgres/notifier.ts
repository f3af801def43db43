/**
 * Wakes this instance's delivery worker when another instance queued deliveries (LISTEN/NOTIFY,
 * sent after the insert has committed; the payload names the sender), with a slow poll as a safety net for
 * what NOTIFY does not announce (a retry time coming due, a lease freed by a crashed instance).
 *
 * Its connection is permanent, so it also marks this instance as alive: channel leases held by an
 * instance without a connection are free (see pg-leases.ts). It reconnects after errors.
 */
import pg from 'pg';
import type { Logger } from '../../logging/logger.ts';
import { DELIVERIES_CHANNEL } from './pg-events.ts';

export interface NotifierOptions {
  connectionString: string;
  applicationName: string;
  logger: Logger;
  /** Safety-net poll interval (ms); 0 = none. */
  pollMs: number;
}

export class DeliveryNotifier {
  private client: pg.Client | null = null;
  private readonly listeners = new Set<() => void>();
  private poll: NodeJS.Timeout | null = null;
  private retry: NodeJS.Timeout | null = null;
  private closed = false;
  private failures = 0;

  constructor(private readonly options: NotifierOptions) {}

  /** Connects and listens; the first connection's failure is the caller's (start-up) error. */
  async start(): Promise<void> {
    await this.connect();
    if (this.options.pollMs > 0) {
      this.poll = setInterval(() => this.emit(), this.options.pollMs);
      this.poll.unref();
    }
  }

  /** Calls `listener` whenever deliveries may be due; returns an unsubscribe function. */
  subscribe(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  private emit(): void {
    for (const l of this.listeners) l();
  }

  private async connect(): Promise<void> {
    const client = new pg.Client({ connectionString: this.options.connectionString, application_name: this.options.applicationName, keepAlive: true });
    client.on('notification', (msg) => {
      // Our own NOTIFYs come back too: this instance's worker was already poked directly.
      if (msg.channel === DELIVERIES_CHANNEL && msg.payload !== this.options.applicationName) this.emit();
    });
    client.on('error', (err) => this.lost(client, err));
    client.on('end', () => this.lost(client, null));
    try {
      await client.connect();
      await client.query(`LISTEN ${DELIVERIES_CHANNEL}`);
    } catch (err) {
      client.removeAllListeners('end');
      await client.end().catch(() => {});
      throw err;
    }
    this.client = client;
    this.failures = 0;
  }

  private lost(client: pg.Client, err: Error | null): void {
    if (this.client !== client || this.closed) return;
    this.client = null;
    client.removeAllListeners('end');
    void client.end().catch(() => {});
    this.options.logger.warn({ err: err?.message }, 'Postgres LISTEN connection lost; reconnecting');
    this.scheduleReconnect();
  }

  private scheduleReconnect(): void {
    if (this.closed) return;
    const delay = Math.min(10_000, 250 * 2 ** this.failures++);
    this.retry = setTimeout(() => {
      this.connect().then(
        () => this.emit(), // notifications may have been missed meanwhile
        (err: unknown) => {
          this.options.logger.warn({ err: (err as Error).message, retryInMs: delay }, 'Postgres LISTEN reconnect failed');
          this.scheduleReconnect();
        },
      );
    }, delay);
    this.retry.unref();
  }

  async close(): Promise<void> {
    this.closed = true;
    if (this.poll) clearInterval(this.poll);
    if (this.retry) clearTimeout(this.retry);
    this.listeners.clear();
    const client = this.client;
    this.client = null;
    if (client) {
      client.removeAllListeners('end');
      await client.end().catch(() => {});
    }
  }
}
