/**
 * Start-up errors of the Postgres store: they name DATABASE_URL (without its password) and say
 * what to check, so `hookbridge serve` prints one clear line and exits non-zero.
 */
export class PostgresStartError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'PostgresStartError';
  }
}

/** The URL with its password replaced by ***, for messages and logs. */
export function redactUrl(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password) parsed.password = '***';
    return parsed.toString();
  } catch {
    return '(unparseable URL)';
  }
}

const HINTS: Record<string, string> = {
  ECONNREFUSED: 'nothing listens there: is Postgres running, and are host and port right?',
  ENOTFOUND: 'the host name does not resolve',
  EAI_AGAIN: 'the host name does not resolve (DNS lookup failed)',
  ETIMEDOUT: 'the connection timed out: check host, port and firewalls',
  '3D000': 'the database does not exist: create it (createdb) or fix the database name',
  '28P01': 'password authentication failed: check user and password',
  '28000': 'the server refused this user or client address (pg_hba.conf)',
};

/** Wraps a connection failure in a message an operator can act on. */
export function startError(url: string, err: unknown): PostgresStartError {
  const e = err as { code?: string; message?: string };
  const hint = (e.code && HINTS[e.code]) ?? 'check the URL (postgres://user:password@host:5432/database)';
  const reason = e.message || e.code || String(err);
  return new PostgresStartError(`DATABASE_URL ${redactUrl(url)}: cannot use the Postgres store: ${reason} — ${hint}`, { cause: err });
}
