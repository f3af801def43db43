/**
 * `hookbridge check-sites [file] [--json] [--report <url>] [--concurrency N] [--timeout S]`:
 * probes a list of sites with a bounded pool and prints a table (or JSON).
 * Exit codes: 0 all up, 1 any down (or the report failed), 2 bad input.
 */
import { readFile } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import { ConfigError, loadConfig } from '../config/config.ts';
import { probeSite, type CheckResult } from '../uptime/probe.ts';
import { runPool } from '../uptime/run-pool.ts';
import { InputError, parseSites, type SiteEntry } from './check-sites-input.ts';
import { Progress, formatTable, type Writable } from './check-sites-output.ts';
import { postReport, reportEndpoint } from './check-sites-report.ts';

export const CHECK_SITES_USAGE = `Usage: hookbridge check-sites <file> [--json] [--report <url>] [--concurrency N] [--timeout S]

  <file>           one URL per line (# comments), or JSON with per-site options; "-" or a pipe: stdin
  --json           print [{url, up, status, latencyMs, error, tlsDaysLeft}] instead of a table
  --report <url>   post the results to a hookbridge server (its base URL or .../webhooks/uptime),
                   signed with UPTIME_WEBHOOK_SECRET; default HOOKBRIDGE_REPORT_URL when set
  --concurrency N  sites checked at once (default 8)
  --timeout S      seconds per site unless the file says otherwise (default 10)

Exit code: 0 all up, 1 any down or the report failed, 2 bad input.`;

export interface CheckSitesIo {
  stdout: Writable;
  stderr: Writable;
  env?: Record<string, string | undefined>;
  /** Reads stdin (file "-", or no file and stdin is not a TTY). */
  readStdin?: () => Promise<string | null>;
}

interface Plan {
  sites: SiteEntry[];
  json: boolean;
  concurrency: number;
  timeoutMs: number;
  report: { endpoint: string; secret: string } | null;
}

function positiveNumber(value: string | undefined, name: string, fallback: number, whole: boolean): number {
  if (value === undefined) return fallback;
  const n = Number(value);
  if (!Number.isFinite(n) || n <= 0 || (whole && !Number.isInteger(n)) || n > 1000) throw new InputError(`${name} must be a positive ${whole ? 'whole ' : ''}number up to 1000 (got "${value}")`);
  return n;
}

async function readSites(file: string | undefined, io: CheckSitesIo): Promise<SiteEntry[]> {
  if (file === undefined || file === '-') {
    const text = (await io.readStdin?.()) ?? null;
    if (text === null) throw new InputError('which sites? Give a file of URLs (one per line) or JSON with per-site options');
    return parseSites(text, 'stdin');
  }
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    throw new InputError(`cannot read ${file}: ${code === 'ENOENT' ? 'no such file' : code === 'EISDIR' ? 'it is a directory' : (err as Error).message}`);
  }
  try {
    return parseSites(text, file);
  } catch (err) {
    if (err instanceof InputError) throw new InputError(`${file}: ${err.message}`);
    throw err;
  }
}

async function plan(args: string[], io: CheckSitesIo): Promise<Plan | 'help'> {
  let parsed;
  try {
    parsed = parseArgs({
      args,
      allowPositionals: true,
      options: { json: { type: 'boolean' }, report: { type: 'string' }, concurrency: { type: 'string' }, timeout: { type: 'string' }, help: { type: 'boolean', short: 'h' } },
    });
  } catch (err) {
    throw new InputError((err as Error).message);
  }
  const { values, positionals } = parsed;
  if (values.help) return 'help';
  if (positionals.length > 1) throw new InputError(`one sites file at a time (got ${positionals.length})`);
  const concurrency = positiveNumber(values.concurrency, '--concurrency', 8, true);
  const timeoutMs = Math.round(positiveNumber(values.timeout, '--timeout', 10, false) * 1000);
  let config;
  try {
    config = loadConfig(io.env ?? process.env);
  } catch (err) {
    if (err instanceof ConfigError) throw new InputError(err.message);
    throw err;
  }
  const reportUrl = values.report ?? config.uptime.reportUrl;
  let report: Plan['report'] = null;
  if (reportUrl !== undefined) {
    const secret = config.uptime.webhookSecrets[0];
    if (!secret) throw new InputError('UPTIME_WEBHOOK_SECRET is not set: it signs the report (set it to the same value as on the server)');
    report = { endpoint: reportEndpoint(reportUrl), secret };
  }
  return { sites: await readSites(positionals[0], io), json: values.json === true, concurrency, timeoutMs, report };
}

export async function runCheckSites(args: string[], io: CheckSitesIo): Promise<number> {
  let p: Plan | 'help';
  try {
    p = await plan(args, io);
  } catch (err) {
    if (!(err instanceof InputError)) throw err;
    io.stderr.write(`check-sites: ${err.message}\n\n${CHECK_SITES_USAGE}\n`);
    return 2;
  }
  if (p === 'help') {
    io.stdout.write(`${CHECK_SITES_USAGE}\n`);
    return 0;
  }
  const { sites, timeoutMs } = p;
  const progress = new Progress(io.stderr, sites.length);
  progress.start();
  const results: CheckResult[] = new Array(sites.length);
  // The operator's own tool: internal hosts are fair game (the SSRF guard protects the server).
  await runPool(sites, p.concurrency, async (site, i) => {
    results[i] = await probeSite(site.url, { allowPrivate: true, timeoutMs, ...site.options });
    progress.tick(results[i]!);
  });
  progress.finish();
  io.stdout.write(p.json ? `${JSON.stringify(results, null, 2)}\n` : formatTable(results, io.stdout.isTTY === true && !(io.env ?? process.env).NO_COLOR));
  let code = results.every((r) => r.up) ? 0 : 1;
  if (p.report) {
    const outcome = await postReport(p.report.endpoint, p.report.secret, results);
    // Success goes with the table (cron with >/dev/null mails only failures); stdout stays JSON with --json.
    (outcome.ok && !p.json ? io.stdout : io.stderr).write(`${outcome.message}\n`);
    if (!outcome.ok) code = 1;
  }
  return code;
}

/** stdin as text, or null when it is a terminal (nothing piped). */
export async function readProcessStdin(): Promise<string | null> {
  if (process.stdin.isTTY) return null;
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}
