/**
 * Versioned schema migrations, applied at start-up. Several instances may start at once: each
 * takes the same transaction-level advisory lock, so exactly one applies a missing version while
 * the others wait and then find it recorded in schema_migrations. A migration is never edited
 * once released; a change is a new version appended to MIGRATIONS.
 */
import type { Pool } from 'pg';
import { inTransaction } from './transaction.ts';

export interface Migration {
  version: number;
  name: string;
  sql: string;
}

/** pg_advisory_xact_lock key of the migration step ("hookbridge" in ASCII). */
export const MIGRATION_LOCK_KEY = 0x686f6f6b;

export const MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    name: 'store, outbox, channel leases, hooks, monitors',
    sql: `
      CREATE TABLE subscriptions (
        seq bigserial UNIQUE,
        id text PRIMARY KEY,
        platform text NOT NULL,
        workspace text NOT NULL,
        channel text NOT NULL,
        source text NOT NULL,
        target text NOT NULL,
        data json NOT NULL
      );
      CREATE INDEX subscriptions_target ON subscriptions (source, target);
      CREATE INDEX subscriptions_channel ON subscriptions (platform, workspace, channel);

      -- Dedupe outlives the event log: a provider's retry of a pruned event is still a duplicate.
      CREATE TABLE dedupe_keys (
        source text NOT NULL,
        delivery_id text NOT NULL,
        seen_at timestamptz NOT NULL,
        PRIMARY KEY (source, delivery_id)
      );
      CREATE INDEX dedupe_keys_seen_at ON dedupe_keys (seen_at);

      -- json, not jsonb: provider text may hold \\u0000, which jsonb refuses.
      CREATE TABLE events (
        seq bigserial PRIMARY KEY,
        id text NOT NULL UNIQUE,
        source text NOT NULL,
        delivery_id text NOT NULL,
        received_at timestamptz NOT NULL,
        body json NOT NULL
      );
      CREATE INDEX events_source_seq ON events (source, seq);

      CREATE TABLE deliveries (
        seq bigserial UNIQUE,
        id text PRIMARY KEY,
        event_id text NOT NULL,
        subscription_id text NOT NULL,
        platform text NOT NULL,
        workspace text NOT NULL,
        channel text NOT NULL,
        status text NOT NULL CHECK (status IN ('pending', 'delivered', 'failed', 'dead')),
        attempts integer NOT NULL,
        next_attempt_at timestamptz NOT NULL,
        last_error text,
        created_at timestamptz NOT NULL,
        delivered_at timestamptz,
        message_id text,
        digest_key text
      );
      CREATE INDEX deliveries_due ON deliveries (next_attempt_at) WHERE status IN ('pending', 'failed');
      CREATE INDEX deliveries_channel_due ON deliveries (platform, workspace, channel, seq) WHERE status IN ('pending', 'failed');
      CREATE INDEX deliveries_channel_seq ON deliveries (platform, workspace, channel, seq);
      CREATE INDEX deliveries_status_seq ON deliveries (status, seq);
      CREATE INDEX deliveries_event ON deliveries (event_id);

      -- One row per channel ever delivered to: who holds it (owner, its process' instance id, until
      -- when) and the pacing history handed from owner to owner. owner NULL = released.
      CREATE TABLE channel_leases (
        platform text NOT NULL,
        workspace text NOT NULL,
        channel text NOT NULL,
        owner text,
        instance text,
        lease_until timestamptz,
        recent_sends jsonb NOT NULL DEFAULT '[]',
        PRIMARY KEY (platform, workspace, channel)
      );

      CREATE TABLE hooks (
        name text PRIMARY KEY,
        secret text NOT NULL,
        token_hash text NOT NULL,
        template text,
        created_at text NOT NULL,
        rotated_at text,
        last_error json
      );

      CREATE TABLE monitors (
        origin text NOT NULL,
        url text NOT NULL,
        record json NOT NULL,
        PRIMARY KEY (origin, url)
      );
      CREATE TABLE monitor_reports (
        seq bigserial UNIQUE,
        id text PRIMARY KEY
      );
    `,
  },
  {
    version: 2,
    name: 'deliveries.send_started_at (attempts with an unknown outcome on platforms without idempotency keys)',
    sql: `ALTER TABLE deliveries ADD COLUMN send_started_at timestamptz;`,
  },
  {
    version: 3,
    name: "bot_pacing (a bot's request slots shared by every instance)",
    sql: `CREATE TABLE bot_pacing (bot text PRIMARY KEY, next_at timestamptz NOT NULL);`,
  },
];

export interface MigrationResult {
  applied: number[];
  current: number;
}

/** Applies every missing migration in one transaction, serialized across instances. */
export async function runMigrations(pool: Pool, migrations: readonly Migration[] = MIGRATIONS): Promise<MigrationResult> {
  return inTransaction(pool, async (client) => {
    await client.query('SELECT pg_advisory_xact_lock($1)', [MIGRATION_LOCK_KEY]);
    await client.query(`CREATE TABLE IF NOT EXISTS schema_migrations (
      version integer PRIMARY KEY, name text NOT NULL, applied_at timestamptz NOT NULL DEFAULT now())`);
    const { rows } = await client.query<{ version: number }>('SELECT version FROM schema_migrations');
    const done = new Set(rows.map((r) => r.version));
    const newest = Math.max(0, ...migrations.map((m) => m.version));
    const unknown = [...done].filter((v) => v > newest);
    if (unknown.length > 0) {
      throw new Error(`the database schema is at version ${Math.max(...unknown)}, newer than this hookbridge knows (${newest}): upgrade hookbridge`);
    }
    const applied: number[] = [];
    for (const m of [...migrations].sort((a, b) => a.version - b.version)) {
      if (done.has(m.version)) continue;
      await client.query(m.sql);
      await client.query('INSERT INTO schema_migrations (version, name) VALUES ($1, $2)', [m.version, m.name]);
      applied.push(m.version);
    }
    return { applied, current: newest };
  });
}
