import { join } from 'node:path';
import { loadConfig } from '../../src/config/config.ts';
import { silentLogger } from '../../src/logging/logger.ts';
import { startServer, type RunningServer, type StartOptions } from '../../src/server.ts';
import { githubHeaders } from './sign-github.ts';
import { makeTempDir } from './temp-dir.ts';

export const GITHUB_SECRET = 'gh-test-secret';
export const ADMIN_TOKEN = 'admin-token-for-tests-0123456789';
export const DISCORD_TOKEN = 'discord-test-token';
export const SLACK_TOKEN = 'xoxb-slack-test-token';

export interface TestServer extends RunningServer {
  dataFile: string;
  /** Sends a signed GitHub webhook. */
  postGithub(event: string, payload: unknown, deliveryId?: string): Promise<Response>;
  admin(method: string, path: string, body?: unknown): Promise<Response>;
  /** What is on disk: the lowdb file followed by its journal (what a restart would read). */
  readStoreFiles(): Promise<string>;
  cleanup(): Promise<void>;
}

export interface TestServerOptions {
  discordApiUrl?: string;
  slackApiUrl?: string;
  env?: Record<string, string>;
  dataDir?: string;
  templatesDir?: string;
  delivery?: StartOptions['delivery'];
  paypalCertificateFetcher?: StartOptions['paypalCertificateFetcher'];
}

/** Starts the real server in-process on an ephemeral port with a temporary data file. */
export async function startTestServer(options: TestServerOptions = {}): Promise<TestServer> {
  const temp = options.dataDir ? null : await makeTempDir();
  const dataFile = join(options.dataDir ?? temp!.dir, 'hookbridge.json');
  const env: Record<string, string> = {
    PORT: '0',
    HOST: '127.0.0.1',
    DATA_FILE: dataFile,
    GITHUB_WEBHOOK_SECRET: GITHUB_SECRET,
    ADMIN_TOKEN,
    LOG_LEVEL: 'silent',
    ...(options.discordApiUrl ? { DISCORD_BOT_TOKEN: DISCORD_TOKEN, DISCORD_API_URL: options.discordApiUrl } : {}),
    ...(options.slackApiUrl ? { SLACK_BOT_TOKEN: SLACK_TOKEN, SLACK_API_URL: options.slackApiUrl } : {}),
    ...options.env,
  };
  const running = await startServer(loadConfig(env), {
    logger: silentLogger,
    templatesDir: options.templatesDir,
    delivery: options.delivery,
    paypalCertificateFetcher: options.paypalCertificateFetcher,
  });
  const postGithub = (event: string, payload: unknown, deliveryId?: string) => {
    const body = JSON.stringify(payload);
    return fetch(`${running.url}/webhooks/github`, {
      method: 'POST',
      headers: githubHeaders(GITHUB_SECRET, event, body, deliveryId),
      body,
    });
  };
  const admin = (method: string, path: string, body?: unknown) =>
    fetch(`${running.url}${path}`, {
      method,
      headers: { authorization: `Bearer ${ADMIN_TOKEN}`, 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
  return {
    ...running,
    dataFile,
    postGithub,
    admin,
    readStoreFiles: async () => {
      const { readFile } = await import('node:fs/promises');
      const journal = await readFile(`${dataFile}.journal`, 'utf8').catch(() => '');
      return `${await readFile(dataFile, 'utf8')}\n${journal}`;
    },
    cleanup: async () => {
      await running.stop();
      await temp?.cleanup();
    },
  };
}

/** Polls until `check` returns a truthy value or the timeout passes. */
export async function waitFor<T>(check: () => T | Promise<T>, timeoutMs = 5000, what = 'condition'): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`Timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}
