/**
 * Configuration of uptime monitoring and the check-sites reports. config.ts spreads `uptimeEnv`
 * into its schema and calls `uptimeConfig`, so this stays the only reader of these variables.
 */
import { z } from 'zod';
import { list, numberIn, optionalString, url } from './env-readers.ts';

export interface UptimeConfig {
  /** UPTIME_WEBHOOK_SECRET (comma-separated = rotation); empty = POST /webhooks/uptime is off. */
  webhookSecrets: string[];
  /** UPTIME_CHECK_INTERVAL in milliseconds (the variable is in seconds, decimals allowed). */
  checkIntervalMs: number;
  failuresBeforeDown: number;
  /** UPTIME_ALLOW_PRIVATE=1: monitors may target loopback/private addresses (SSRF guard off). */
  allowPrivate: boolean;
  /** Re-send DOWN every N failed checks while down; 0 = never. */
  realertEvery: number;
  /** Latency above this is "slow"; null = no slow alerts. */
  slowMs: number | null;
  /** Timeout of one check (UPTIME_CHECK_TIMEOUT, seconds). */
  timeoutMs: number;
  /** HOOKBRIDGE_REPORT_URL: where `check-sites` posts results when --report is not given. */
  reportUrl: string | undefined;
}

const flag = optionalString.transform((v, ctx) => {
  if (v === undefined || /^(0|false|no|off)$/i.test(v)) return false;
  if (/^(1|true|yes|on)$/i.test(v)) return true;
  ctx.addIssue({ code: 'custom', message: `expected 1 or 0, got "${v}"` });
  return z.NEVER;
});

const httpUrl = url(['http:', 'https:']);

export const uptimeEnv = {
  UPTIME_WEBHOOK_SECRET: optionalString,
  UPTIME_CHECK_INTERVAL: numberIn(0.05, 86_400, 60, false),
  UPTIME_FAILURES_BEFORE_DOWN: numberIn(1, 100, 3, true),
  UPTIME_ALLOW_PRIVATE: flag,
  UPTIME_REALERT_EVERY: numberIn(0, 100_000, 0, true),
  UPTIME_SLOW_MS: numberIn(0, 600_000, 5000, true),
  UPTIME_CHECK_TIMEOUT: numberIn(0.05, 120, 10, false),
  HOOKBRIDGE_REPORT_URL: httpUrl,
};

type UptimeEnv = { [K in keyof typeof uptimeEnv]: z.output<(typeof uptimeEnv)[K]> };

export function uptimeConfig(e: UptimeEnv): UptimeConfig {
  return {
    webhookSecrets: list(e.UPTIME_WEBHOOK_SECRET),
    checkIntervalMs: Math.round(e.UPTIME_CHECK_INTERVAL * 1000),
    failuresBeforeDown: e.UPTIME_FAILURES_BEFORE_DOWN,
    allowPrivate: e.UPTIME_ALLOW_PRIVATE,
    realertEvery: e.UPTIME_REALERT_EVERY,
    slowMs: e.UPTIME_SLOW_MS === 0 ? null : e.UPTIME_SLOW_MS,
    timeoutMs: Math.round(e.UPTIME_CHECK_TIMEOUT * 1000),
    reportUrl: e.HOOKBRIDGE_REPORT_URL,
  };
}
