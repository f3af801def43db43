import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { runCheckSites } from '../../src/cli/check-sites.ts';
import { makeTempDir } from '../helpers/temp-dir.ts';
import { capture } from './helpers/uptime-server.ts';
import { selfSignedCert } from './helpers/self-signed.ts';
import { startSiteServer, type SiteServer } from './helpers/site-server.ts';

const ENV = { LOG_LEVEL: 'silent' };

/** Runs a command without blocking this process (the site server lives here). */
function runProcess(command: string, args: string[], env: Record<string, string>): Promise<{ status: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { env, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.once('error', reject);
    child.once('close', (status) => resolve({ status, stdout, stderr }));
  });
}

async function run(args: string[], stdin: string | null = null, env: Record<string, string> = ENV) {
  const stdout = capture();
  const stderr = capture();
  const code = await runCheckSites(args, { stdout, stderr, env, readStdin: async () => stdin });
  return { code, out: stdout.text(), err: stderr.text() };
}

describe('hookbridge check-sites', () => {
  let site: SiteServer;
  let temp: { dir: string; cleanup: () => Promise<void> };
  const file = (name: string, text: string) => {
    const path = join(temp.dir, name);
    return writeFile(path, text).then(() => path);
  };

  beforeEach(async () => {
    site = await startSiteServer();
    site.routes.set('/down', { kind: 'status', status: 503 });
    site.routes.set('/slow', { kind: 'hang' });
    temp = await makeTempDir();
  });
  afterEach(async () => {
    await site.close();
    await temp.cleanup();
  });

  it('prints a table and exits 0 when every site is up (text file with comments)', async () => {
    const sites = await file('sites.txt', `# production\n${site.url}/\n\n   ${site.url}/health   # the health check\n`);
    const { code, out, err } = await run([sites]);
    assert.equal(code, 0, err);
    const lines = out.trimEnd().split('\n');
    assert.match(lines[0]!, /^SITE\s+STATUS\s+HTTP\s+LATENCY\s+TLS\s+REASON$/);
    assert.match(lines[1]!, new RegExp(`^${site.url}/\\s+UP\\s+200\\s+\\d+ ms\\s+–$`));
    assert.match(out, /2 sites: 2 up, 0 down/);
    assert.equal(err, '', 'no progress output when stderr is not a terminal');
  });

  it('exits 1 when any site is down, with the reason in the table', async () => {
    const sites = await file('sites.txt', `${site.url}/\n${site.url}/down\n${site.url}/slow\n`);
    const { code, out } = await run([sites, '--timeout', '0.3']);
    assert.equal(code, 1);
    assert.match(out, /\/down\s+DOWN\s+503\s+\d+ ms\s+–\s+HTTP 503/);
    assert.match(out, /\/slow\s+DOWN\s+–\s+–\s+–\s+timeout after 0\.3 s/);
    assert.match(out, /3 sites: 1 up, 2 down/);
  });

  it('--json prints {url, up, status, latencyMs, error, tlsDaysLeft} per site, in file order', async () => {
    const sites = await file('sites.txt', `${site.url}/down\n${site.url}/\n`);
    const { code, out } = await run([sites, '--json']);
    assert.equal(code, 1);
    const results = JSON.parse(out) as Array<Record<string, unknown>>;
    assert.deepEqual(results.map((r) => Object.keys(r).sort()), [0, 1].map(() => ['error', 'latencyMs', 'status', 'tlsDaysLeft', 'up', 'url']));
    assert.deepEqual(results.map((r) => [r.url, r.up, r.status, r.error, r.tlsDaysLeft]), [
      [`${site.url}/down`, false, 503, 'HTTP 503', null],
      [`${site.url}/`, true, 200, null, null],
    ]);
    assert.equal(typeof results[1]!.latencyMs, 'number');
  });

  it('reads JSON with per-site options: expected status, keywords, timeout, method', async () => {
    site.routes.set('/text', { kind: 'ok', body: 'Welcome to the shop' });
    const sites = await file('sites.json', JSON.stringify({
      defaults: { timeout: 2 },
      sites: [
        { url: `${site.url}/down`, expectedStatus: [503] },
        { url: `${site.url}/text`, keyword: 'Welcome' },
        { url: `${site.url}/text`, keywordAbsent: 'Welcome' },
        { url: `${site.url}/slow`, timeout: 0.2 },
        { url: `${site.url}/`, method: 'HEAD' },
      ],
    }));
    const { code, out } = await run([sites, '--json']);
    assert.equal(code, 1);
    const results = JSON.parse(out) as Array<{ up: boolean; error: string | null }>;
    assert.deepEqual(results.map((r) => [r.up, r.error]), [
      [true, null], [true, null], [false, 'keyword "Welcome" found'], [false, 'timeout after 0.2 s'], [true, null],
    ]);
    assert.ok(site.requests.some((r) => r.method === 'HEAD'));
  });

  it('shows the days left on TLS certificates (self-signed accepted with "insecure")', async () => {
    const secure = await startSiteServer({ tls: await selfSignedCert(30) });
    try {
      const sites = await file('tls.json', JSON.stringify([{ url: secure.url, insecure: true }, secure.url]));
      const { code, out } = await run([sites]);
      assert.equal(code, 1);
      assert.match(out, /https:\/\/127\.0\.0\.1:\d+\/\s+UP\s+200\s+\d+ ms\s+(29|30) d\n/);
      assert.match(out, /DOWN\s+–\s+–\s+(29|30) d\s+TLS: self-signed certificate/);
    } finally {
      await secure.close();
    }
  });

  it('checks sites concurrently with a bounded pool', async () => {
    site.mode = { kind: 'ok', delayMs: 200 };
    const sites = await file('sites.txt', Array.from({ length: 6 }, (_, i) => `${site.url}/p${i}`).join('\n'));
    const started = Date.now();
    const { code } = await run([sites, '--concurrency', '3']);
    const elapsed = Date.now() - started;
    assert.equal(code, 0);
    assert.ok(elapsed >= 390 && elapsed < 1100, `6 sites × 200 ms with 3 at a time took ${elapsed} ms`);
  });

  it('shows progress on a terminal (stderr) and clears it', async () => {
    const sites = await file('sites.txt', `${site.url}/\n${site.url}/down\n`);
    const stdout = capture();
    const stderr = capture(true);
    await runCheckSites([sites], { stdout, stderr, env: ENV });
    assert.match(stderr.text(), /Checking 2 sites…/);
    assert.match(stderr.text(), /\[2\/2\] /);
    assert.ok(stderr.text().endsWith('\r\u001b[2K'));
  });

  it('reads the list from stdin', async () => {
    const { code, out } = await run(['-'], `${site.url}/\n`);
    assert.equal(code, 0);
    assert.match(out, /1 site: 1 up, 0 down/);
  });

  it('exits 2 with a clear message for bad input', async () => {
    const cases: Array<[string[], string | null, RegExp]> = [
      [[join(temp.dir, 'missing.txt')], null, /cannot read .*missing\.txt: no such file/],
      [[await file('bad.txt', `${site.url}/\nnot a url\n`)], null, /bad\.txt: line 2: expected one URL per line/],
      [[await file('bad2.txt', 'example.com\n')], null, /line 1: "example\.com" is not a URL/],
      [[await file('ftp.txt', 'ftp://files.example.com/\n')], null, /not an http:\/\/ or https:\/\/ URL/],
      [[await file('empty.txt', '# nothing here\n')], null, /no sites to check/],
      [[await file('bad.json', '{"sites": [{"url": "https://x.example", "timeout": "soon"}]}')], null, /sites\.0\.timeout/],
      [[await file('broken.json', '[')], null, /not valid JSON/],
      [[await file('unknown.json', '[{"url": "https://x.example", "keywrd": "a"}]')], null, /keywrd/],
      [[], null, /which sites\?/],
      [[`${temp.dir}/a`, `${temp.dir}/b`], null, /one sites file at a time/],
      [['--concurrency', '0', '-'], `${site.url}/`, /--concurrency must be a positive whole number/],
      [['--bogus'], null, /Unknown option '--bogus'/],
      [['--report', 'http://127.0.0.1:1', '-'], `${site.url}/`, /UPTIME_WEBHOOK_SECRET is not set/],
    ];
    for (const [args, stdin, message] of cases) {
      const { code, err, out } = await run(args, stdin);
      assert.equal(code, 2, `${args.join(' ')}: ${err}`);
      assert.match(err, message);
      assert.match(err, /Usage: hookbridge check-sites/);
      assert.equal(out, '');
    }
    const badUrl = await run(['--report', 'not a url', '-'], `${site.url}/`, { ...ENV, UPTIME_WEBHOOK_SECRET: 's' });
    assert.equal(badUrl.code, 2);
    assert.match(badUrl.err, /--report: "not a url" is not a URL/);
  });

  it('runs as `npm run check-sites` / the hookbridge bin with real exit codes', async function () {
    this.timeout(60_000);
    const sites = await file('sites.txt', `${site.url}/\n${site.url}/down\n`);
    const env = { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', LOG_LEVEL: 'silent' };
    const bin = await runProcess(process.execPath, ['bin/hookbridge.js', 'check-sites', sites, '--json'], env);
    assert.equal(bin.status, 1, bin.stderr);
    assert.deepEqual((JSON.parse(bin.stdout) as Array<{ up: boolean; error: string | null }>).map((r) => [r.up, r.error]), [[true, null], [false, 'HTTP 503']]);
    const npm = await runProcess('npm', ['run', '--silent', 'check-sites', '--', join(temp.dir, 'nope.txt')], env);
    assert.equal(npm.status, 2, npm.stderr);
    assert.match(npm.stderr, /no such file/);
  });
});
