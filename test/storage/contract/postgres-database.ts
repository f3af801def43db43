/**
 * A throwaway Postgres database per test file (or benchmark): created on the server named by
 * TEST_DATABASE_URL (default postgres://postgres@127.0.0.1:5432/postgres, what .ci/run starts) and
 * dropped afterwards, so no test depends on what an earlier run left behind.
 *
 * Postgres tests never skip silently: an unreachable server fails them with instructions. Only
 * HOOKBRIDGE_SKIP_POSTGRES_TESTS=1 turns them off, and mocha then reports them as pending.
 */
import { randomBytes } from 'node:crypto';
import pg from 'pg';

export const ADMIN_DATABASE_URL = process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
export const SKIP_POSTGRES = process.env.HOOKBRIDGE_SKIP_POSTGRES_TESTS === '1';

/** `describe`, or `describe.skip` (reported as pending) when HOOKBRIDGE_SKIP_POSTGRES_TESTS=1. */
export function describePostgres(title: string, fn: (this: Mocha.Suite) => void): Mocha.Suite | void {
  return SKIP_POSTGRES ? describe.skip(title, fn) : describe(title, fn);
}

export interface ThrowawayDatabase {
  name: string;
  url: string;
  drop(): Promise<void>;
}

async function admin<T>(adminUrl: string, fn: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: adminUrl });
  try {
    await client.connect();
  } catch (err) {
    throw new Error(
      `Postgres is not reachable at ${adminUrl} (${(err as Error).message}). Start it ` +
        '(.ci/run does: pg_ctlcluster --skip-systemctl-redirect <version> main start) or set TEST_DATABASE_URL; ' +
        'HOOKBRIDGE_SKIP_POSTGRES_TESTS=1 skips the Postgres tests (reported as pending).',
    );
  }
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}

/** A new database on the server of `adminUrl` (default TEST_DATABASE_URL's). */
export async function createThrowawayDatabase(prefix = 'hookbridge_test', adminUrl = ADMIN_DATABASE_URL): Promise<ThrowawayDatabase> {
  const name = `${prefix}_${process.pid}_${randomBytes(4).toString('hex')}`;
  await admin(adminUrl, (c) => c.query(`CREATE DATABASE ${name}`));
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  return {
    name,
    url: url.toString(),
    drop: () =>
      admin(adminUrl, async (c) => {
        // pg's Pool.end() resolves before its connections are closed: give them a moment, so FORCE
        // does not terminate a connection whose client has no error listener any more (an
        // uncaught "terminating connection due to administrator command" in whatever test runs next).
        for (let waited = 0; waited < 2000; waited += 20) {
          const { rows } = await c.query<{ n: number }>('SELECT count(*)::int AS n FROM pg_stat_activity WHERE datname = $1', [name]);
          if (rows[0]!.n === 0) break;
          await new Promise((r) => setTimeout(r, 20));
        }
        await c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      }),
  };
}

/** Empties every hookbridge table (between tests of one file), keeping the migrated schema. */
export async function truncateAll(url: string): Promise<void> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const { rows } = await client.query<{ tablename: string }>(
      `SELECT tablename FROM pg_tables WHERE schemaname = 'public' AND tablename <> 'schema_migrations'`,
    );
    if (rows.length > 0) await client.query(`TRUNCATE ${rows.map((r) => r.tablename).join(', ')} RESTART IDENTITY`);
  } finally {
    await client.end();
  }
}
