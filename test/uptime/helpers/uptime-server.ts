/** Helpers for uptime integration tests: signed reports, the monitors API, captured CLI output. */
import { randomUUID } from 'node:crypto';
import { signSha256 } from '../../../src/security/hmac.ts';
import type { CheckResult } from '../../../src/uptime/probe.ts';
import type { TestServer } from '../../helpers/test-server.ts';

export const UPTIME_SECRET = 'uptime-test-secret';

/** One site's result in a report: what `check-sites --json` prints. */
export type ReportResult = CheckResult;

export const upResult = (url: string, latencyMs = 120): ReportResult => ({ url, up: true, status: 200, latencyMs, error: null, tlsDaysLeft: null });
export const downResult = (url: string, status = 503): ReportResult => ({ url, up: false, status, latencyMs: 30, error: `HTTP ${status}`, tlsDaysLeft: null });

/** POSTs a report signed with `secret` (default: the test secret). */
export function postReport(
  server: Pick<TestServer, 'url'>,
  results: ReportResult[],
  options: { id?: string; secret?: string; sentAt?: string; signature?: string | null; body?: string } = {},
): Promise<Response> {
  const body = options.body ?? JSON.stringify({ id: options.id ?? randomUUID(), sentAt: options.sentAt ?? new Date().toISOString(), results });
  const signature = options.signature === undefined ? signSha256(options.secret ?? UPTIME_SECRET, body) : options.signature;
  return fetch(`${server.url}/webhooks/uptime`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(signature === null ? {} : { 'x-hub-signature-256': signature }) },
    body,
  });
}

export interface MonitorView {
  url: string;
  origin: string;
  status: string;
  lastError: string | null;
}

export async function listMonitors(server: TestServer): Promise<MonitorView[]> {
  const res = await server.admin('GET', '/api/monitors');
  if (res.status !== 200) throw new Error(`GET /api/monitors: ${res.status} ${await res.text()}`);
  return (await res.json()) as MonitorView[];
}

/** A writable that keeps what was written (for runCheckSites). */
export function capture(isTTY = false): { write(text: string): boolean; isTTY: boolean; text: () => string } {
  let out = '';
  return { isTTY, write: (t: string) => ((out += t), true), text: () => out };
}

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
