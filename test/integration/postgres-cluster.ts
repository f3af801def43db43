/** Helpers of the Postgres integration tests: child servers sharing one throwaway database. */
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { pushPayload } from '../helpers/github-payloads.ts';
import { githubHeaders } from '../helpers/sign-github.ts';
import { ADMIN_TOKEN, DISCORD_TOKEN, GITHUB_SECRET } from '../helpers/test-server.ts';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));

/** Environment of a hookbridge instance on `databaseUrl` posting to a fake Discord. */
export function instanceEnv(databaseUrl: string, discordApiUrl: string, extra: Record<string, string> = {}): Record<string, string> {
  return {
    DATABASE_URL: databaseUrl,
    GITHUB_WEBHOOK_SECRET: GITHUB_SECRET,
    ADMIN_TOKEN,
    DISCORD_BOT_TOKEN: DISCORD_TOKEN,
    DISCORD_API_URL: discordApiUrl,
    RATE_LIMIT_PER_MINUTE: '0',
    ...extra,
  };
}

export async function subscribe(url: string, channel: string, extra: Record<string, unknown> = {}): Promise<void> {
  const res = await fetch(`${url}/api/subscriptions`, {
    method: 'POST',
    headers: { authorization: `Bearer ${ADMIN_TOKEN}`, 'content-type': 'application/json' },
    body: JSON.stringify({ platform: 'discord', workspace: 'g', channel, source: 'github', target: 'acme/api', ...extra }),
  });
  assert.equal(res.status, 201, await res.text());
}

/** Posts push number `i` (unique compare link `compare/<prefix>-n<i>x`); expects 202. */
export async function push(url: string, prefix: string, i: number): Promise<void> {
  const body = JSON.stringify(pushPayload({ message: `${prefix} commit n${i}x`, compare: `https://github.com/Acme/API/compare/${prefix}-n${i}x` }));
  const res = await fetch(`${url}/webhooks/github`, { method: 'POST', headers: githubHeaders(GITHUB_SECRET, 'push', body), body });
  assert.equal(res.status, 202, await res.text());
}

/** How often each push appears in a channel's messages (digests may carry several). */
export function appearances(messages: Array<{ channel: string; body: unknown }>, channel: string, prefix: string, count: number): number[] {
  const texts = messages.filter((m) => m.channel === channel).map((m) => JSON.stringify(m.body));
  return Array.from({ length: count }, (_, i) => texts.filter((t) => t.includes(`compare/${prefix}-n${i}x`)).length);
}

/** Runs `hookbridge <args>` to completion; resolves with its exit code and output. */
export function runHookbridge(args: string[], env: Record<string, string>, timeoutMs = 30_000): Promise<{ code: number | null; output: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'src/cli/main.ts', ...args], {
      cwd: ROOT,
      env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', PORT: '0', HOST: '127.0.0.1', LOG_LEVEL: 'warn', ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout.on('data', (d: Buffer) => (output += d.toString()));
    child.stderr.on('data', (d: Buffer) => (output += d.toString()));
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`hookbridge ${args.join(' ')} did not finish in ${timeoutMs} ms:\n${output}`));
    }, timeoutMs);
    child.once('exit', (code) => {
      clearTimeout(timer);
      resolve({ code, output });
    });
  });
}
