/**
 * Probing a site: SSRF-checked connect, manual redirects (each hop re-checked), expected status
 * codes, keyword checks, TLS expiry. Never throws: every problem is a DOWN result with a reason.
 */
import { HopError, requestHop, type HopResult } from './http-hop.ts';
import { ResolveError, SsrfError, resolveSafeAddress, type ResolveHost } from './ssrf-guard.ts';

/** One check of one site; what `check-sites --json` prints per site. */
export interface CheckResult {
  url: string;
  up: boolean;
  /** HTTP status of the final response, or null when there was none. */
  status: number | null;
  latencyMs: number | null;
  /** Why the site is down (null when up). */
  error: string | null;
  /** Whole days until the certificate of the first https hop expires (negative: expired). */
  tlsDaysLeft: number | null;
}

export interface SiteCheckOptions {
  method?: 'GET' | 'HEAD';
  /** Status codes that count as up; default any 2xx. */
  expectedStatus?: number[];
  /** Text that must appear in the body. */
  keyword?: string;
  /** Text that must not appear in the body. */
  keywordAbsent?: string;
  timeoutMs?: number;
  /** Accept TLS certificates that do not verify (self-signed…); the expiry is still reported. */
  insecureTls?: boolean;
}

export interface ProbeOptions extends SiteCheckOptions {
  /** UPTIME_ALLOW_PRIVATE: probe loopback/private addresses too. */
  allowPrivate: boolean;
  maxRedirects?: number;
  /** Exact addresses allowed although not public (see GuardOptions). */
  trustedAddresses?: readonly string[];
  resolve?: ResolveHost;
  now?: () => Date;
  userAgent?: string;
}

export const DEFAULT_TIMEOUT_MS = 10_000;
export const MAX_REDIRECTS = 5;
const MAX_BODY_BYTES = 1024 * 1024;
const REDIRECTS = new Set([301, 302, 303, 307, 308]);
const DAY_MS = 86_400_000;

export function isExpectedStatus(status: number, expected: readonly number[] | undefined): boolean {
  return expected && expected.length > 0 ? expected.includes(status) : status >= 200 && status < 300;
}

function formatSeconds(ms: number): string {
  const s = ms / 1000;
  return `${Number.isInteger(s) ? s : s.toFixed(1)} s`;
}

/** The reason a final response counts as down, or null when it is up. */
function judge(hop: HopResult, options: SiteCheckOptions): string | null {
  if (!isExpectedStatus(hop.status, options.expectedStatus)) {
    const wanted = options.expectedStatus?.length ? ` (expected ${options.expectedStatus.join(', ')})` : '';
    return `HTTP ${hop.status}${wanted}`;
  }
  if (options.keyword !== undefined && !hop.body.includes(options.keyword)) return `keyword "${options.keyword}" not found`;
  if (options.keywordAbsent !== undefined && hop.body.includes(options.keywordAbsent)) return `keyword "${options.keywordAbsent}" found`;
  return null;
}

interface Outcome {
  hop: HopResult | null;
  error: string | null;
  certValidTo: Date | null;
}

async function follow(url: string, options: ProbeOptions, signal: AbortSignal): Promise<Outcome> {
  let current = new URL(url);
  let firstCert: Date | null = null;
  const method = options.method ?? 'GET';
  const needsBody = options.keyword !== undefined || options.keywordAbsent !== undefined;
  for (let hop = 0; ; hop++) {
    try {
      const target = await resolveSafeAddress(current.hostname, {
        allowPrivate: options.allowPrivate,
        ...(options.trustedAddresses ? { trustedAddresses: options.trustedAddresses } : {}),
        ...(options.resolve ? { resolve: options.resolve } : {}),
      });
      const result = await requestHop(current, target, {
        method,
        insecureTls: options.insecureTls ?? false,
        maxBodyBytes: needsBody ? MAX_BODY_BYTES : 0,
        signal,
        userAgent: options.userAgent ?? 'hookbridge-uptime/1',
      });
      firstCert ??= result.certValidTo;
      const redirect = REDIRECTS.has(result.status) && result.location !== null && !options.expectedStatus?.includes(result.status);
      if (!redirect) return { hop: result, error: null, certValidTo: firstCert };
      if (hop >= (options.maxRedirects ?? MAX_REDIRECTS)) return { hop: null, error: `too many redirects (more than ${options.maxRedirects ?? MAX_REDIRECTS})`, certValidTo: firstCert };
      let next: URL;
      try {
        next = new URL(result.location!, current);
      } catch {
        return { hop: null, error: `invalid redirect Location "${result.location}"`, certValidTo: firstCert };
      }
      if (next.protocol !== 'http:' && next.protocol !== 'https:') {
        return { hop: null, error: `redirect to a non-HTTP URL (${next.protocol}) refused`, certValidTo: firstCert };
      }
      current = next;
    } catch (err) {
      if (err instanceof HopError) return { hop: null, error: err.message, certValidTo: firstCert ?? err.certValidTo };
      if (err instanceof SsrfError) return { hop: null, error: `refused: ${err.message}`, certValidTo: firstCert };
      if (err instanceof ResolveError) return { hop: null, error: `DNS: ${err.message}`, certValidTo: firstCert };
      return { hop: null, error: (err as Error).message, certValidTo: firstCert };
    }
  }
}

/** Checks one site. Always resolves. */
export async function probeSite(url: string, options: ProbeOptions): Promise<CheckResult> {
  const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const now = options.now ?? (() => new Date());
  const controller = new AbortController();
  const started = performance.now();
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<Outcome>((resolve) => {
    timer = setTimeout(() => {
      controller.abort();
      resolve({ hop: null, error: `timeout after ${formatSeconds(timeoutMs)}`, certValidTo: null });
    }, timeoutMs);
  });
  let outcome: Outcome;
  try {
    outcome = await Promise.race([follow(url, options, controller.signal), timeout]);
  } finally {
    clearTimeout(timer);
    controller.abort();
  }
  const latencyMs = Math.round(performance.now() - started);
  // Whole days left; once expired, whole days since (3 days and 16 s ago is -3, not -4), at least 1.
  const msLeft = outcome.certValidTo === null ? null : outcome.certValidTo.getTime() - now().getTime();
  const tlsDaysLeft = msLeft === null ? null : msLeft >= 0 ? Math.floor(msLeft / DAY_MS) : -Math.max(1, Math.trunc(-msLeft / DAY_MS));
  if (outcome.hop === null) return { url, up: false, status: null, latencyMs: null, error: outcome.error ?? 'no response', tlsDaysLeft };
  const reason = judge(outcome.hop, options);
  return { url, up: reason === null, status: outcome.hop.status, latencyMs, error: reason, tlsDaysLeft };
}
