import assert from 'node:assert/strict';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { runCheckSites } from '../../src/cli/check-sites.ts';
import { startFakeDiscord, type FakeDiscord } from '../fakes/fake-discord.ts';
import { startFakeSlack, type FakeSlack } from '../fakes/fake-slack.ts';
import { makeTempDir } from '../helpers/temp-dir.ts';
import { DISCORD_TOKEN, SLACK_TOKEN, startTestServer, waitFor, type TestServer } from '../helpers/test-server.ts';
import { startSiteServer, type SiteServer } from '../uptime/helpers/site-server.ts';
import { capture, sleep, UPTIME_SECRET } from '../uptime/helpers/uptime-server.ts';

type Embed = { title?: string };

describe('check-sites --report → POST /webhooks/uptime → Discord and Slack', () => {
  let discord: FakeDiscord;
  let slack: FakeSlack;
  let site: SiteServer;
  let server: TestServer;
  let temp: { dir: string; cleanup: () => Promise<void> };
  let sitesFile: string;

  beforeEach(async () => {
    discord = await startFakeDiscord({ token: DISCORD_TOKEN, rateLimit: { limit: 50, windowMs: 1000 } });
    slack = await startFakeSlack({ token: SLACK_TOKEN, rateLimit: { limit: 50, windowMs: 1000 } });
    // The server's own scheduler stays out of it: it only watches URL subscriptions (these are "*").
    server = await startTestServer({ discordApiUrl: discord.apiUrl, slackApiUrl: slack.apiUrl, env: { UPTIME_WEBHOOK_SECRET: UPTIME_SECRET } });
    site = await startSiteServer();
    temp = await makeTempDir();
    sitesFile = join(temp.dir, 'sites.txt');
    await writeFile(sitesFile, `# checked from cron\n${site.url}/shop\n${site.url}/blog\n`);
    for (const [platform, channel] of [['discord', '111'], ['slack', 'C111']] as const) {
      const res = await server.admin('POST', '/api/subscriptions', { platform, channel, source: 'uptime', target: '*' });
      assert.equal(res.status, 201);
    }
  });
  afterEach(async () => {
    await server.cleanup();
    await discord.close();
    await slack.close();
    await site.close();
    await temp.cleanup();
  });

  async function check(env: Record<string, string> = {}, extra: string[] = ['--report', server.url]) {
    const stdout = capture();
    const stderr = capture();
    const code = await runCheckSites([sitesFile, ...extra], { stdout, stderr, env: { LOG_LEVEL: 'silent', UPTIME_WEBHOOK_SECRET: UPTIME_SECRET, ...env } });
    return { code, out: stdout.text(), err: stderr.text() };
  }

  const discordTitles = () => discord.messages.map((m) => (m.body as { embeds: Embed[] }).embeds[0]!.title ?? '');

  it('posts a state change once: the first run is silent, a repeat posts nothing, recovery posts UP', async () => {
    const first = await check();
    assert.equal(first.code, 0, first.err);
    assert.match(first.out, /Reported 2 results to http:\/\/127\.0\.0\.1:\d+\/webhooks\/uptime: no state changes/);

    site.routes.set('/blog', { kind: 'status', status: 503 });
    const down = await check();
    assert.equal(down.code, 1, 'a site is down');
    assert.match(down.out, /1 state change posted:\n {2}🔴 127\.0\.0\.1:\d+\/blog is DOWN — HTTP 503 \(1 check, since \d\d:\d\d UTC\)/);
    await waitFor(() => discord.messages.length === 1 && slack.messages.length === 1, 5000, 'the DOWN messages');
    assert.match(discordTitles()[0]!, /^🔴 127\.0\.0\.1:\d+\/blog is DOWN — HTTP 503 \(1 check, since \d\d:\d\d UTC\)$/);
    assert.match((slack.messages[0]!.body as { text: string }).text, /is DOWN — HTTP 503/);

    const again = await check();
    assert.equal(again.code, 1);
    assert.match(again.out, /no state changes/);
    await sleep(400);
    assert.equal(discord.messages.length, 1, 'the same state posts nothing new');

    site.routes.delete('/blog');
    const up = await check();
    assert.equal(up.code, 0);
    await waitFor(() => discord.messages.length === 2, 5000, 'the UP message');
    assert.match(discordTitles()[1]!, /^🟢 127\.0\.0\.1:\d+\/blog is UP after \d+ s — \d+ ms$/);
    const page = await (await fetch(`${server.url}/status`)).text();
    assert.equal((page.match(/reported by check-sites/g) ?? []).length, 2);
  });

  it('a report signed with the wrong secret is refused (401): exit 1, nothing posted', async () => {
    await check();
    site.routes.set('/blog', { kind: 'status', status: 503 });
    const forged = await check({ UPTIME_WEBHOOK_SECRET: 'not-the-secret' });
    assert.equal(forged.code, 1);
    assert.match(forged.err, /Report refused by .*: HTTP 401 \(UPTIME_WEBHOOK_SECRET differs from the server's\)/);
    await sleep(300);
    assert.equal(discord.messages.length, 0);
  });

  it('uses HOOKBRIDGE_REPORT_URL when --report is not given, and says when the server cannot be reached', async () => {
    const viaEnv = await check({ HOOKBRIDGE_REPORT_URL: `${server.url}/webhooks/uptime` }, []);
    assert.equal(viaEnv.code, 0, viaEnv.err);
    assert.match(viaEnv.out, /Reported 2 results/);
    const closed = await startSiteServer();
    await closed.close();
    const unreachable = await check({}, ['--report', closed.url]);
    assert.equal(unreachable.code, 1);
    assert.match(unreachable.err, /Could not report to http:\/\/127\.0\.0\.1:\d+\/webhooks\/uptime: ECONNREFUSED\. Is the hookbridge server running\?/);
    const wrongPath = await check({}, ['--report', `${server.url}/foo`]);
    assert.equal(wrongPath.code, 1);
    assert.match(wrongPath.err, /HTTP 404 \(no such endpoint: check the --report URL/);
    assert.doesNotMatch(wrongPath.err, /UPTIME_WEBHOOK_SECRET/);
  });
});
