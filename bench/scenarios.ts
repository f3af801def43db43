import { createHmac, randomUUID } from 'node:crypto';
import { join } from 'node:path';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { startFakeDiscord } from '../test/fakes/fake-discord.ts';
import { pushPayload } from '../test/helpers/github-payloads.ts';
import { ADMIN, type Child, fmt, loadGithub, percentile, SECRET, startChild } from './lib.ts';

export interface Row {
  name: string;
  result: string;
  target: string;
}

const sign = (body: string) => `sha256=${createHmac('sha256', SECRET).update(body).digest('hex')}`;
const DISCORD_TOKEN = 'bench-discord-token';

async function withHookbridge<T>(env: Record<string, string>, fn: (child: Child) => Promise<T>): Promise<T> {
  const dir = await mkdtemp(join(tmpdir(), 'hookbridge-bench-'));
  const child = await startChild(['src/cli/main.ts', 'serve'], {
    DATA_FILE: join(dir, 'hookbridge.json'),
    GITHUB_WEBHOOK_SECRET: SECRET,
    ADMIN_TOKEN: ADMIN,
    RATE_LIMIT_PER_MINUTE: '0', // the load comes from one address on purpose
    ...env,
  });
  try {
    return await fn(child);
  } finally {
    await child.stop();
    await rm(dir, { recursive: true, force: true });
  }
}

async function subscribe(url: string, channels: string[], extra: Record<string, unknown> = {}): Promise<void> {
  for (let i = 0; i < channels.length; i += 50) {
    await Promise.all(
      channels.slice(i, i + 50).map(async (channel) => {
        const res = await fetch(`${url}/api/subscriptions`, {
          method: 'POST',
          headers: { authorization: `Bearer ${ADMIN}`, 'content-type': 'application/json' },
          body: JSON.stringify({ platform: 'discord', workspace: 'g', channel, source: 'github', target: 'acme/api', ...extra }),
        });
        if (res.status !== 201 && res.status !== 200) throw new Error(`subscribe failed: ${res.status} ${await res.text()}`);
      }),
    );
  }
}

async function post(url: string, payload: unknown): Promise<number> {
  const body = JSON.stringify(payload);
  const res = await fetch(`${url}/webhooks/github`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-github-event': 'push', 'x-github-delivery': randomUUID(), 'x-hub-signature-256': sign(body) },
    body,
  });
  return res.status;
}

async function until(check: () => boolean, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error('benchmark timed out');
    await new Promise((r) => setTimeout(r, 5));
  }
}

async function loadServer(script: string, body: string, signature: string, options: { seconds: number; rate?: number }) {
  const server = await startChild([script], { GITHUB_WEBHOOK_SECRET: SECRET });
  try {
    if (options.rate === undefined) await loadGithub(server.url, body, signature, { seconds: 2, connections: 10 }); // warm-up
    return await loadGithub(server.url, body, signature, { seconds: options.seconds, connections: 10, rate: options.rate });
  } finally {
    await server.stop();
  }
}

/**
 * Ingest: hookbridge vs a bare node:http HMAC check, same client, same run. The ceiling row is a
 * Koa app that checks the HMAC and JSON.parses the body, nothing more: the most any Koa receiver
 * that reads the payload can reach, measured against the same baseline.
 */
export async function benchIngest(seconds: number, extraEnv: Record<string, string> = {}, label = 'lowdb', ceiling = true): Promise<Row[]> {
  const body = JSON.stringify(pushPayload({ commits: 3 }));
  const signature = sign(body);
  const baseMax = await loadServer('bench/bare-server.ts', body, signature, { seconds });
  const koaParse = ceiling ? await loadServer('bench/koa-parse-server.ts', body, signature, { seconds }) : null;
  const { hbMax, hbHalf, rate } = await withHookbridge({ LOG_LEVEL: 'warn', ...extraEnv }, async (hb) => {
    await subscribe(hb.url, ['100']); // matching + an outbox record per event (log sender)
    await loadGithub(hb.url, body, signature, { seconds: 2, connections: 10 });
    const max = await loadGithub(hb.url, body, signature, { seconds, connections: 10 });
    const r = Math.max(1, Math.round(max.rps / 2));
    const half = await loadGithub(hb.url, body, signature, { seconds, connections: 10, rate: r });
    return { hbMax: max, hbHalf: half, rate: r };
  });
  const baseHalf = await loadServer('bench/bare-server.ts', body, signature, { seconds, rate });
  const ratio = hbMax.rps / baseMax.rps;
  const rows: Row[] = [
    {
      name: `ingest throughput (${label})`,
      result: `${fmt(hbMax.rps, 0)} req/s vs bare ${fmt(baseMax.rps, 0)} req/s → ratio ${fmt(ratio, 2)} (p50 ${hbMax.p50} ms / ${baseMax.p50} ms, p99 ${hbMax.p99} ms / ${baseMax.p99} ms; non-2xx ${hbMax.non2xx})`,
      target: 'ratio ≥ 0.6',
    },
    {
      name: `ingest latency at half load (${label}, ${rate} req/s)`,
      result: `p50 ${hbHalf.p50} ms, p99 ${hbHalf.p99} ms (bare: p50 ${baseHalf.p50} ms, p99 ${baseHalf.p99} ms)`,
      target: 'p99 < 25 ms',
    },
  ];
  if (koaParse) {
    rows.push({
      name: 'ingest ceiling: Koa + HMAC + JSON.parse only (bench/koa-parse-server.ts)',
      result: `${fmt(koaParse.rps, 0)} req/s vs bare ${fmt(baseMax.rps, 0)} req/s → ratio ${fmt(koaParse.rps / baseMax.rps, 2)}; hookbridge reaches ${fmt(hbMax.rps / koaParse.rps, 2)} of it`,
      target: '(reference)',
    });
  }
  return rows;
}

/** End to end: webhook in → message at the fake Discord, one channel per event (no rate-limit waits). */
export async function benchEndToEnd(count: number, extraEnv: Record<string, string> = {}, label = 'lowdb'): Promise<Row[]> {
  const discord = await startFakeDiscord({ token: DISCORD_TOKEN, globalRateLimit: { limit: 1000, windowMs: 1000 } });
  try {
    return await withHookbridge({ LOG_LEVEL: 'warn', DISCORD_BOT_TOKEN: DISCORD_TOKEN, DISCORD_API_URL: discord.apiUrl, ...extraEnv }, async (hb) => {
      const channels = Array.from({ length: count }, (_, i) => String(1000 + i));
      await subscribe(hb.url, channels.slice(0, 1));
      await post(hb.url, pushPayload()); // warm-up
      await until(() => discord.messages.length >= 1, 10_000);
      const latencies: number[] = [];
      let lastSend = 0;
      for (let i = 0; i < count; i++) {
        // Each event goes to a fresh channel (re-subscribe) so no per-channel pacing applies.
        await subscribe(hb.url, [channels[i]!]);
        // Stay under Discord's 50 requests/s per bot, so no event waits for the global limit.
        await new Promise((r) => setTimeout(r, Math.max(0, lastSend + 25 - Date.now())));
        lastSend = Date.now();
        const before = discord.messages.length;
        const started = Date.now();
        await post(hb.url, pushPayload({ branch: 'main', compare: `https://github.com/Acme/API/compare/e2e-${i}x` }));
        await until(() => discord.messages.slice(before).some((m) => JSON.stringify(m.body).includes(`e2e-${i}x`) && m.channel === channels[i]), 10_000);
        const arrival = discord.messages.slice(before).find((m) => m.channel === channels[i])!.receivedAt;
        latencies.push(arrival - started);
        if (process.env.BENCH_DEBUG && arrival - started > 50) console.error(`slow event ${i}: ${arrival - started} ms`);
        const res = await fetch(`${hb.url}/api/subscriptions?channel=${channels[i]}`, { headers: { authorization: `Bearer ${ADMIN}` } });
        for (const s of (await res.json()) as Array<{ id: string }>) {
          await fetch(`${hb.url}/api/subscriptions/${s.id}`, { method: 'DELETE', headers: { authorization: `Bearer ${ADMIN}` } });
        }
      }
      return [
        {
          name: `end-to-end webhook → fake Discord (${label}, ${count} events)`,
          result: `p50 ${fmt(percentile(latencies, 50), 0)} ms, p99 ${fmt(percentile(latencies, 99), 0)} ms`,
          target: 'p50 < 15 ms, p99 < 50 ms',
        },
      ];
    });
  } finally {
    await discord.close();
  }
}

/** Fan-out: one event to N Discord channels, against the 50 requests/s per-bot limit. */
export async function benchFanOut(channels: number): Promise<Row[]> {
  const discord = await startFakeDiscord({ token: DISCORD_TOKEN });
  try {
    return await withHookbridge({ LOG_LEVEL: 'warn', DISCORD_BOT_TOKEN: DISCORD_TOKEN, DISCORD_API_URL: discord.apiUrl, DELIVERY_CONCURRENCY: '64' }, async (hb) => {
      await subscribe(hb.url, Array.from({ length: channels }, (_, i) => String(5000 + i)));
      const started = Date.now();
      await post(hb.url, pushPayload());
      await until(() => discord.messages.length >= channels, 120_000);
      const seconds = (Date.now() - started) / 1000;
      const floor = channels / 50;
      return [
        {
          name: `fan-out: 1 event → ${channels} Discord channels`,
          result: `${fmt(seconds, 1)} s vs ${fmt(floor, 1)} s floor at 50 req/s → ${fmt(seconds / floor, 2)}× (429s received: ${discord.rateLimited})`,
          target: '≤ 1.1×',
        },
      ];
    });
  } finally {
    await discord.close();
  }
}

/**
 * Fan-out from two instances on one Postgres database: both deliver the event's channels, sharing
 * the bot's request budget (45/s in all, PgBotPacer) under Discord's global 50/s.
 */
export async function benchFanOutTwoInstances(channels: number, env: Record<string, string>): Promise<Row[]> {
  const discord = await startFakeDiscord({ token: DISCORD_TOKEN });
  const dir = await mkdtemp(join(tmpdir(), 'hookbridge-bench-'));
  const children: Child[] = [];
  try {
    const instanceEnv = {
      GITHUB_WEBHOOK_SECRET: SECRET, ADMIN_TOKEN: ADMIN, RATE_LIMIT_PER_MINUTE: '0', LOG_LEVEL: 'warn',
      DISCORD_BOT_TOKEN: DISCORD_TOKEN, DISCORD_API_URL: discord.apiUrl, DELIVERY_CONCURRENCY: '64', ...env,
    };
    children.push(...(await Promise.all([0, 1].map((i) => startChild(['src/cli/main.ts', 'serve'], { ...instanceEnv, DATA_FILE: join(dir, `unused-${i}.json`) })))));
    const [a, b] = children as [Child, Child];
    await subscribe(a.url, Array.from({ length: channels }, (_, i) => String(5000 + i)));
    const started = Date.now();
    await post(a.url, pushPayload());
    await until(() => discord.messages.length >= channels, 120_000);
    const seconds = (Date.now() - started) / 1000;
    const perInstance = await Promise.all([a, b].map(async (c) => {
      const res = await fetch(`${c.url}/api/stats`, { headers: { authorization: `Bearer ${ADMIN}` } });
      return ((await res.json()) as { delivery: { platforms: { discord: { messages: number } } } }).delivery.platforms.discord.messages;
    }));
    const floor = channels / 45;
    return [
      {
        name: `fan-out, Postgres, 2 instances: 1 event → ${channels} Discord channels`,
        result: `${fmt(seconds, 1)} s vs ${fmt(floor, 1)} s floor at the shared 45 req/s → ${fmt(seconds / floor, 2)}× (sent ${perInstance.join(' + ')}; 429s received: ${discord.rateLimited})`,
        target: '≤ 1.1×, 0 × 429',
      },
    ];
  } finally {
    await Promise.all(children.map((c) => c.stop()));
    await discord.close();
    await rm(dir, { recursive: true, force: true });
  }
}

/** Storm: N pushes in S seconds for one Discord channel with real limits (5 messages / 5 s). */
export async function benchStorm(events: number, seconds: number): Promise<Row[]> {
  const discord = await startFakeDiscord({ token: DISCORD_TOKEN });
  try {
    return await withHookbridge({ LOG_LEVEL: 'warn', DISCORD_BOT_TOKEN: DISCORD_TOKEN, DISCORD_API_URL: discord.apiUrl }, async (hb) => {
      await subscribe(hb.url, ['7000']);
      const started = Date.now();
      for (let i = 0; i < events; i++) {
        const due = started + (i * seconds * 1000) / events;
        if (due > Date.now()) await new Promise((r) => setTimeout(r, due - Date.now()));
        void post(hb.url, pushPayload({ compare: `https://github.com/Acme/API/compare/storm-${i}x` }));
      }
      const seen = () => {
        const all = discord.messages.map((m) => JSON.stringify(m.body)).join('\n');
        let n = 0;
        for (let i = 0; i < events; i++) if (all.includes(`storm-${i}x`)) n++;
        return n;
      };
      await until(() => seen() >= events, 120_000);
      const total = (Date.now() - started) / 1000;
      return [
        {
          name: `storm: ${events} pushes in ${seconds} s to one Discord channel`,
          result: `every event visible after ${fmt(total, 1)} s in ${discord.messages.length} messages; 429s received: ${discord.rateLimited}`,
          target: '< 15 s, 0 × 429',
        },
      ];
    });
  } finally {
    await discord.close();
  }
}
