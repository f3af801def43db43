/**
 * Configuration of the front door: IP allowlists, trusted proxies, rate limit and TLS.
 * config.ts spreads `frontDoorEnv` into its schema and calls `checkFrontDoorEnv` and
 * `frontDoorConfig`, so this stays the only reader of these variables.
 */
import { z } from 'zod';
import { SOURCES, type Source } from '../events/normalized-event.ts';
import { IpRangeList } from '../security/ip-ranges.ts';
import { optionalString } from './env-readers.ts';

export type TrustProxySetting =
  | { kind: 'none' }
  | { kind: 'hops'; hops: number }
  | { kind: 'ranges'; ranges: string };

export interface FrontDoorConfig {
  allowedIps: { all: string | null; bySource: Partial<Record<Source, string>> };
  trustProxy: TrustProxySetting;
  /** 0 = no rate limit. */
  rateLimitPerMinute: number;
  tls: { certFile: string; keyFile: string } | null;
}

const ipList = optionalString.superRefine((v, ctx) => {
  const problem = v === undefined ? null : IpRangeList.problem(v);
  if (problem) ctx.addIssue({ code: 'custom', message: problem });
});

const trustProxy = optionalString.transform((v, ctx): TrustProxySetting => {
  if (v === undefined || /^(0|false|no|off)$/i.test(v)) return { kind: 'none' };
  if (/^(true|yes|on)$/i.test(v)) return { kind: 'hops', hops: 1 };
  if (/^\d+$/.test(v)) {
    const hops = Number(v);
    if (hops >= 1 && hops <= 10) return { kind: 'hops', hops };
  }
  // `*` would make every hop a trusted proxy, so the client's own X-Forwarded-For entry would be
  // believed and the IP allowlists defeated: the proxies must be named.
  const problem = /^\d+$/.test(v)
    ? 'a number of proxies must be 0 to 10'
    : v.split(',').some((r) => r.trim() === '*')
      ? '"*" would trust any client\'s X-Forwarded-For; list your proxies\' addresses or ranges'
      : IpRangeList.problem(v);
  if (problem) {
    ctx.addIssue({ code: 'custom', message: `expected 0, 1 (one proxy in front), a number of proxies or a list of proxy CIDR ranges: ${problem}` });
    return z.NEVER;
  }
  return { kind: 'ranges', ranges: v };
});

const rateLimit = optionalString.transform((v, ctx) => {
  if (v === undefined) return 600;
  const n = Number(v);
  if (!Number.isInteger(n) || n < 0 || n > 1_000_000) {
    ctx.addIssue({ code: 'custom', message: `expected a whole number from 0 (no limit) to 1000000, got "${v}"` });
    return z.NEVER;
  }
  return n;
});

const perSource = Object.fromEntries(SOURCES.map((s) => [`${s.toUpperCase()}_ALLOWED_IPS`, ipList])) as Record<
  `${Uppercase<Source>}_ALLOWED_IPS`,
  typeof ipList
>;

/** Spread into config.ts's z.object. */
export const frontDoorEnv = {
  WEBHOOK_ALLOWED_IPS: ipList,
  ...perSource,
  TRUST_PROXY: trustProxy,
  RATE_LIMIT_PER_MINUTE: rateLimit,
  TLS_CERT_FILE: optionalString,
  TLS_KEY_FILE: optionalString,
};

type FrontDoorEnv = { [K in keyof typeof frontDoorEnv]: z.output<(typeof frontDoorEnv)[K]> };

/** Cross-variable problems (for a superRefine on the whole schema). */
export function frontDoorProblems(env: FrontDoorEnv): Array<{ path: string; message: string }> {
  if ((env.TLS_CERT_FILE === undefined) === (env.TLS_KEY_FILE === undefined)) return [];
  const missing = env.TLS_CERT_FILE === undefined ? 'TLS_CERT_FILE' : 'TLS_KEY_FILE';
  return [{ path: missing, message: 'TLS_CERT_FILE and TLS_KEY_FILE must be set together (HTTPS needs both the certificate and its key)' }];
}

export function frontDoorConfig(env: FrontDoorEnv): FrontDoorConfig {
  const bySource: Partial<Record<Source, string>> = {};
  for (const source of SOURCES) {
    const value = env[`${source.toUpperCase() as Uppercase<Source>}_ALLOWED_IPS`];
    if (value !== undefined) bySource[source] = value;
  }
  return {
    allowedIps: { all: env.WEBHOOK_ALLOWED_IPS ?? null, bySource },
    trustProxy: env.TRUST_PROXY,
    rateLimitPerMinute: env.RATE_LIMIT_PER_MINUTE,
    tls: env.TLS_CERT_FILE && env.TLS_KEY_FILE ? { certFile: env.TLS_CERT_FILE, keyFile: env.TLS_KEY_FILE } : null,
  };
}
