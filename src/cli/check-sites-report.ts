/** `check-sites --report`: posts the results, signed with UPTIME_WEBHOOK_SECRET, to POST /webhooks/uptime. */
import { randomUUID } from 'node:crypto';
import { signSha256 } from '../security/hmac.ts';
import { buildReport, MAX_REPORT_RESULTS } from '../sources/uptime/uptime-report.ts';
import type { CheckResult } from '../uptime/probe.ts';
import { InputError } from './check-sites-input.ts';

/** A server base URL gets /webhooks/uptime appended; a URL with a path is used as given. */
export function reportEndpoint(raw: string): string {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new InputError(`--report: "${raw}" is not a URL (e.g. https://hooks.example.com)`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new InputError(`--report: "${raw}" is not an http(s) URL`);
  if (url.pathname === '/' || url.pathname === '') url.pathname = '/webhooks/uptime';
  return url.href;
}

export interface ReportOutcome {
  ok: boolean;
  message: string;
}

/**
 * Posts the results as signed reports — one per MAX_REPORT_RESULTS sites (the server's limit per
 * report), each with its own id — and says what the server changed.
 */
export async function postReport(endpoint: string, secret: string, results: CheckResult[], timeoutMs = 15_000): Promise<ReportOutcome> {
  const changes: string[] = [];
  for (let i = 0; i < results.length || i === 0; i += MAX_REPORT_RESULTS) {
    const sent = await postOne(endpoint, secret, results.slice(i, i + MAX_REPORT_RESULTS), timeoutMs);
    if (!sent.ok) return sent;
    changes.push(...sent.changes);
  }
  const what = changes.length === 0 ? 'no state changes' : `${changes.length} state change${changes.length === 1 ? '' : 's'} posted:\n  ${changes.join('\n  ')}`;
  return { ok: true, message: `Reported ${results.length} result${results.length === 1 ? '' : 's'} to ${endpoint}: ${what}` };
}

async function postOne(endpoint: string, secret: string, results: CheckResult[], timeoutMs: number): Promise<{ ok: false; message: string } | { ok: true; changes: string[] }> {
  const body = JSON.stringify(buildReport(randomUUID(), results, new Date()));
  let res: Response;
  try {
    res = await fetch(endpoint, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'user-agent': 'hookbridge-check-sites', 'x-hub-signature-256': signSha256(secret, body) },
      body,
      signal: AbortSignal.timeout(timeoutMs),
    });
  } catch (err) {
    const cause = (err as { cause?: { code?: string; message?: string } }).cause;
    const why = cause?.code ?? cause?.message ?? (err as Error).message;
    return { ok: false, message: `Could not report to ${endpoint}: ${why}. Is the hookbridge server running?` };
  }
  const text = await res.text();
  if (!res.ok) {
    // A 404 is either the server's "uptime reports are off" (its secret is unset) or no such route.
    const disabled = res.status === 404 && /source_disabled|UPTIME_WEBHOOK_SECRET/.test(text);
    const hint =
      res.status === 401 ? ' (UPTIME_WEBHOOK_SECRET differs from the server\'s)'
      : disabled ? ' (UPTIME_WEBHOOK_SECRET is not set on the server)'
      : res.status === 404 ? ' (no such endpoint: check the --report URL — the server\'s base URL such as https://hooks.example.com, or its full …/webhooks/uptime behind a path prefix)'
      : '';
    return { ok: false, message: `Report refused by ${endpoint}: HTTP ${res.status}${hint} ${text.slice(0, 300)}` };
  }
  try {
    const parsed = JSON.parse(text) as { changes?: unknown };
    if (Array.isArray(parsed.changes)) return { ok: true, changes: parsed.changes.filter((c): c is string => typeof c === 'string') };
  } catch {
    // a 2xx without JSON still counts as delivered
  }
  return { ok: true, changes: [] };
}
