import { z } from 'zod';
import { frontDoorConfig, frontDoorEnv, frontDoorProblems, type FrontDoorConfig } from './front-door-config.ts';
import { uptimeConfig, uptimeEnv, type UptimeConfig } from './uptime-config.ts';
import { intIn, list, optionalString, url } from './env-readers.ts';


const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;

const schema = z.object({
  PORT: intIn(0, 65535, 3000),
  HOST: optionalString.transform((v) => v ?? '0.0.0.0'),
  DATA_FILE: optionalString.transform((v) => v ?? './data/hookbridge.json'),
  DATABASE_URL: url(['postgres:', 'postgresql:']),
  PUBLIC_URL: url(['http:', 'https:']),
  ADMIN_TOKEN: optionalString.refine((v) => v === undefined || v.length >= 16, {
    message: 'must be at least 16 characters (use e.g. `openssl rand -hex 24`)',
  }),
  GITHUB_WEBHOOK_SECRET: optionalString,
  STRIPE_WEBHOOK_SECRET: optionalString.refine((v) => v === undefined || list(v).every((s) => /^whsec_\S+$/.test(s)), {
    message: 'must be the endpoint\'s signing secret(s), whsec_… (comma-separated for rotation), not an API key',
  }),
  // Letters and digits; `WEBHOOK_ID` is what PayPal's Webhooks simulator signs its mock events with.
  PAYPAL_WEBHOOK_ID: optionalString.refine((v) => v === undefined || /^[A-Za-z0-9_]{1,50}$/.test(v), {
    message: 'must be the Webhook ID shown for the webhook in the PayPal developer dashboard (letters and digits)',
  }),
  SLACK_SIGNING_SECRET: optionalString,
  SLACK_BOT_TOKEN: optionalString,
  SLACK_API_URL: url(['http:', 'https:']).transform((v) => v ?? 'https://slack.com/api/'),
  SLACK_ADMIN_USER_IDS: optionalString,
  DISCORD_PUBLIC_KEY: optionalString.refine((v) => v === undefined || /^[0-9a-fA-F]{64}$/.test(v), {
    message: 'must be the 64 hex characters shown as "Public Key" in the Discord developer portal',
  }),
  DISCORD_BOT_TOKEN: optionalString,
  DISCORD_APPLICATION_ID: optionalString.refine((v) => v === undefined || /^\d{5,25}$/.test(v), {
    message: 'must be the numeric application id',
  }),
  DISCORD_API_URL: url(['http:', 'https:']).transform((v) => v ?? 'https://discord.com/api'),
  LOG_LEVEL: z.enum(LOG_LEVELS).optional().transform((v) => v ?? 'info'),
  DELIVERY_CONCURRENCY: intIn(1, 200, 16),
  EVENT_LOG_LIMIT: intIn(10, 100_000, 1000),
  ...frontDoorEnv,
  ...uptimeEnv,
  STORM_THRESHOLD: intIn(0, 10_000, 10),
});

export interface Config {
  /** IP allowlists, trusted proxies, rate limit, TLS (front-door-config.ts). */
  frontDoor: FrontDoorConfig;
  /** Uptime monitors, the status page and check-sites reports (uptime-config.ts). */
  uptime: UptimeConfig;
  port: number;
  host: string;
  dataFile: string;
  databaseUrl: string | undefined;
  publicUrl: string | undefined;
  adminToken: string | undefined;
  github: { secrets: string[] };
  stripe: { secrets: string[] };
  paypal: { webhookId: string | undefined };
  slack: { signingSecret: string | undefined; botToken: string | undefined; apiUrl: string; adminUserIds: string[] };
  discord: {
    publicKey: string | undefined;
    botToken: string | undefined;
    applicationId: string | undefined;
    apiUrl: string;
  };
  logLevel: (typeof LOG_LEVELS)[number];
  deliveryConcurrency: number;
  eventLogLimit: number;
  /** More waiting messages than this for one channel are combined into digests; 0 = off. */
  stormThreshold: number;
}

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

/** Reads and validates configuration from an environment map. Throws ConfigError naming each bad variable. */
export function loadConfig(env: Record<string, string | undefined> = process.env): Config {
  const parsed = schema
    .superRefine((e, ctx) => {
      for (const p of frontDoorProblems(e)) ctx.addIssue({ code: 'custom', path: [p.path], message: p.message });
    })
    .safeParse(env);
  if (!parsed.success) {
    throw new ConfigError(parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`));
  }
  const e = parsed.data;
  return {
    frontDoor: frontDoorConfig(e),
    uptime: uptimeConfig(e),
    port: e.PORT,
    host: e.HOST,
    dataFile: e.DATA_FILE,
    databaseUrl: e.DATABASE_URL,
    publicUrl: e.PUBLIC_URL?.replace(/\/+$/, ''),
    adminToken: e.ADMIN_TOKEN,
    github: { secrets: list(e.GITHUB_WEBHOOK_SECRET) },
    stripe: { secrets: list(e.STRIPE_WEBHOOK_SECRET) },
    paypal: { webhookId: e.PAYPAL_WEBHOOK_ID },
    slack: {
      signingSecret: e.SLACK_SIGNING_SECRET,
      botToken: e.SLACK_BOT_TOKEN,
      apiUrl: e.SLACK_API_URL,
      adminUserIds: list(e.SLACK_ADMIN_USER_IDS),
    },
    discord: {
      publicKey: e.DISCORD_PUBLIC_KEY?.toLowerCase(),
      botToken: e.DISCORD_BOT_TOKEN,
      applicationId: e.DISCORD_APPLICATION_ID,
      apiUrl: e.DISCORD_API_URL.replace(/\/+$/, ''),
    },
    logLevel: e.LOG_LEVEL,
    deliveryConcurrency: e.DELIVERY_CONCURRENCY,
    eventLogLimit: e.EVENT_LOG_LIMIT,
    stormThreshold: e.STORM_THRESHOLD,
  };
}
