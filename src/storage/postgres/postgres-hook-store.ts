/** HookStore on Postgres: one row per generic webhook. */
import type { Pool } from 'pg';
import type { Hook, HookCredentials, HookError, HookStore } from '../hook-store.ts';

interface HookRow {
  name: string;
  secret: string;
  token_hash: string;
  template: string | null;
  created_at: string;
  rotated_at: string | null;
  last_error: HookError | null;
}

const COLUMNS = 'name, secret, token_hash, template, created_at, rotated_at, last_error';

const toHook = (r: HookRow): Hook => ({
  name: r.name,
  secret: r.secret,
  tokenHash: r.token_hash,
  template: r.template,
  createdAt: r.created_at,
  rotatedAt: r.rotated_at,
  lastError: r.last_error,
});

const params = (h: Hook) => [h.name, h.secret, h.tokenHash, h.template, h.createdAt, h.rotatedAt, h.lastError === null ? null : JSON.stringify(h.lastError)];

const INSERT = `INSERT INTO hooks (${COLUMNS}) VALUES ($1, $2, $3, $4, $5, $6, $7::json)`;

export class PostgresHookStore implements HookStore {
  constructor(private readonly pool: Pool) {}

  async list(): Promise<Hook[]> {
    const { rows } = await this.pool.query<HookRow>(`SELECT ${COLUMNS} FROM hooks`);
    return rows.map(toHook).sort((a, b) => a.name.localeCompare(b.name));
  }

  async get(name: string): Promise<Hook | null> {
    const { rows } = await this.pool.query<HookRow>(`SELECT ${COLUMNS} FROM hooks WHERE name = $1`, [name]);
    return rows[0] ? toHook(rows[0]) : null;
  }

  async exists(name: string): Promise<boolean> {
    const { rowCount } = await this.pool.query('SELECT 1 FROM hooks WHERE name = $1', [name]);
    return (rowCount ?? 0) > 0;
  }

  async save(hook: Hook): Promise<Hook> {
    const { rows } = await this.pool.query<HookRow>(
      `${INSERT} ON CONFLICT (name) DO UPDATE SET secret = EXCLUDED.secret, token_hash = EXCLUDED.token_hash,
         template = EXCLUDED.template, created_at = EXCLUDED.created_at, rotated_at = EXCLUDED.rotated_at, last_error = EXCLUDED.last_error
       RETURNING ${COLUMNS}`,
      params(hook),
    );
    return toHook(rows[0]!);
  }

  /** Creates the hook unless one of that name exists; the unique key settles races between instances. */
  async create(hook: Hook): Promise<Hook | null> {
    const { rows } = await this.pool.query<HookRow>(`${INSERT} ON CONFLICT (name) DO NOTHING RETURNING ${COLUMNS}`, params(hook));
    return rows[0] ? toHook(rows[0]) : null;
  }

  async remove(name: string): Promise<boolean> {
    const { rowCount } = await this.pool.query('DELETE FROM hooks WHERE name = $1', [name]);
    return (rowCount ?? 0) > 0;
  }

  async rotate(name: string, credentials: HookCredentials, at: Date): Promise<Hook | null> {
    const { rows } = await this.pool.query<HookRow>(
      `UPDATE hooks SET secret = $2, token_hash = $3, rotated_at = $4 WHERE name = $1 RETURNING ${COLUMNS}`,
      [name, credentials.secret, credentials.tokenHash, at.toISOString()],
    );
    return rows[0] ? toHook(rows[0]) : null;
  }

  async setLastError(name: string, error: HookError | null): Promise<void> {
    await this.pool.query('UPDATE hooks SET last_error = $2::json WHERE name = $1', [name, error === null ? null : JSON.stringify(error)]);
  }
}
