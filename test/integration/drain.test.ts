import assert from 'node:assert/strict';
import { join } from 'node:path';
import { startChildServer } from '../helpers/child-server.ts';
import { pushPayload } from '../helpers/github-payloads.ts';
import { githubHeaders } from '../helpers/sign-github.ts';
import { makeTempDir } from '../helpers/temp-dir.ts';
import { ADMIN_TOKEN, DISCORD_TOKEN, GITHUB_SECRET, waitFor } from '../helpers/test-server.ts';
import { startFakeDiscord, type FakeDiscord } from '../fakes/fake-discord.ts';

describe('SIGTERM drains', function () {
  this.timeout(60_000);
  let discord: FakeDiscord;
  let temp: { dir: string; cleanup: () => Promise<void> };

  beforeEach(async () => {
    temp = await makeTempDir();
    discord = await startFakeDiscord({ token: DISCORD_TOKEN, latencyMs: 150 });
  });
  afterEach(async () => {
    await discord.close();
    await temp.cleanup();
  });

  it('finishes in-flight deliveries, exits 0, and the rest is delivered after restart', async () => {
    const env = {
      DATA_FILE: join(temp.dir, 'hookbridge.json'),
      GITHUB_WEBHOOK_SECRET: GITHUB_SECRET,
      ADMIN_TOKEN,
      DISCORD_BOT_TOKEN: DISCORD_TOKEN,
      DISCORD_API_URL: discord.apiUrl,
      STORM_THRESHOLD: '0',
    };
    const first = await startChildServer(env);
    for (const channel of ['111', '222']) {
      const res = await fetch(`${first.url}/api/subscriptions`, {
        method: 'POST',
        headers: { authorization: `Bearer ${ADMIN_TOKEN}`, 'content-type': 'application/json' },
        body: JSON.stringify({ platform: 'discord', channel, source: 'github', target: 'acme/api' }),
      });
      assert.equal(res.status, 201);
    }
    for (let i = 0; i < 8; i++) {
      const body = JSON.stringify(pushPayload({ compare: `https://github.com/Acme/API/compare/d-${i}x` }));
      const res = await fetch(`${first.url}/webhooks/github`, { method: 'POST', headers: githubHeaders(GITHUB_SECRET, 'push', body), body });
      assert.equal(res.status, 202);
    }
    await waitFor(() => discord.messages.length >= 2, 10_000, 'first messages');
    const started = Date.now();
    const code = await first.kill('SIGTERM');
    assert.equal(code, 0, first.output());
    assert.ok(Date.now() - started < 10_000, 'drained promptly (pacing waits are cut short)');
    assert.match(first.output(), /SIGTERM received/);
    const afterStop = discord.messages.length;
    assert.ok(afterStop < 16, 'paced deliveries were left for the next start, not rushed');

    const second = await startChildServer(env);
    try {
      const count = (channel: string) =>
        Array.from({ length: 8 }, (_, i) => discord.messages.filter((m) => m.channel === channel && JSON.stringify(m.body).includes(`compare/d-${i}x`)).length);
      await waitFor(() => count('111').every((n) => n >= 1) && count('222').every((n) => n >= 1), 30_000, 'all messages');
      await new Promise((r) => setTimeout(r, 500));
      assert.deepEqual(count('111'), Array(8).fill(1));
      assert.deepEqual(count('222'), Array(8).fill(1));
    } finally {
      await second.kill('SIGKILL');
    }
  });
});
