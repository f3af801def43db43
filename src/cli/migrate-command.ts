/**
 * `hookbridge migrate [--from <lowdb file>]`: brings the Postgres schema (DATABASE_URL) up to
 * date, and with --from copies a lowdb store into it (idempotent: run it again, nothing doubles).
 */
import { stat } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import type { Config } from '../config/config.ts';
import { redactUrl } from '../storage/postgres/errors.ts';
import { openPool } from '../storage/postgres/open-postgres.ts';
import { copyLowdbToPostgres, type MigrationReport } from './migrate-from-lowdb.ts';

export const MIGRATE_USAGE = `Usage: DATABASE_URL=postgres://… hookbridge migrate [--from data/hookbridge.json]

Creates or upgrades the Postgres schema. With --from, also copies a lowdb store into Postgres:
subscriptions, generic hooks, uptime monitors, dedupe ids, events and deliveries (pending, failed
and dead ones included). Safe to run again: what is already there is left alone.
Stop the hookbridge that uses the lowdb file first, so nothing arrives there during the copy.`;

export interface MigrateIo {
  stdout: { write(s: string): unknown };
  stderr: { write(s: string): unknown };
}

function formatReport(file: string, url: string, r: MigrationReport): string {
  const rows: Array<[string, { found: number; copied: number }]> = [
    ['subscriptions', r.subscriptions], ['hooks', r.hooks], ['monitors', r.monitors], ['report ids', r.reportIds],
    ['dedupe ids', r.dedupeIds], ['events', r.events], ['deliveries', r.deliveries],
  ];
  const lines = rows.map(([name, c]) => `  ${name.padEnd(14)} ${String(c.copied).padStart(6)} copied, ${String(c.found - c.copied).padStart(6)} already there`);
  return `Copied ${file} into ${url}:\n${lines.join('\n')}\n` +
    `Open deliveries: ${r.open.pending} pending, ${r.open.failed} failed (delivered by the next hookbridge on Postgres), ${r.open.dead} dead (GET /api/deliveries?status=dead).\n`;
}

export async function migrateCommand(args: string[], config: Config, io: MigrateIo = { stdout: process.stdout, stderr: process.stderr }): Promise<number> {
  let from: string | undefined;
  try {
    const { values } = parseArgs({ args, options: { from: { type: 'string' }, help: { type: 'boolean', short: 'h' } } });
    if (values.help) {
      io.stdout.write(`${MIGRATE_USAGE}\n`);
      return 0;
    }
    from = values.from;
  } catch (err) {
    io.stderr.write(`${(err as Error).message}\n${MIGRATE_USAGE}\n`);
    return 2;
  }
  if (!config.databaseUrl) {
    io.stderr.write(`DATABASE_URL is not set: set it to the Postgres database to migrate (postgres://user@host:5432/db).\n${MIGRATE_USAGE}\n`);
    return 2;
  }
  if (from !== undefined && !(await stat(from).then((s) => s.isFile(), () => false))) {
    io.stderr.write(`--from ${from}: no such file (give the DATA_FILE of the lowdb store, e.g. data/hookbridge.json).\n`);
    return 2;
  }
  const url = redactUrl(config.databaseUrl);
  const pool = await openPool(config.databaseUrl, { applicationName: 'hookbridge-migrate' });
  try {
    const version = (await pool.query<{ v: number }>('SELECT max(version) AS v FROM schema_migrations')).rows[0]?.v;
    io.stdout.write(`Schema of ${url} is at version ${version}.\n`);
    if (from !== undefined) io.stdout.write(formatReport(from, url, await copyLowdbToPostgres(from, pool)));
    return 0;
  } finally {
    await pool.end();
  }
}
