/**
 * The status page in a real browser: Debian's chromium driven by playwright-core. Skipped (with
 * the reason printed) only when /usr/bin/chromium is missing; .ci/run installs it.
 */
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type Browser } from 'playwright-core';
import { startTestServer, waitFor, type TestServer } from '../helpers/test-server.ts';
import { startSiteServer, type SiteServer } from '../uptime/helpers/site-server.ts';
import { listMonitors } from '../uptime/helpers/uptime-server.ts';

const CHROMIUM = '/usr/bin/chromium';
export const SCREENSHOT = join(tmpdir(), 'hookbridge-status-page.png');

describe('status page in Chromium', function () {
  this.timeout(60_000);
  let browser: Browser | undefined;
  let server: TestServer | undefined;
  let site: SiteServer | undefined;

  before(async function () {
    if (!existsSync(CHROMIUM)) {
      console.warn(`      (skipped: ${CHROMIUM} is missing; install it with apt-get install -y chromium, as .ci/run does)`);
      this.skip();
    }
    site = await startSiteServer();
    site.routes.set('/api', { kind: 'status', status: 503 });
    server = await startTestServer({ env: { UPTIME_ALLOW_PRIVATE: '1', UPTIME_CHECK_INTERVAL: '0.1', UPTIME_FAILURES_BEFORE_DOWN: '2' } });
    for (const path of ['/shop', '/api']) {
      const res = await server.admin('POST', '/api/monitors', { url: `${site.url}${path}` });
      assert.equal(res.status, 201, await res.clone().text());
    }
    // A few checks each, so the chart has a line to draw.
    await waitFor(async () => {
      const monitors = await listMonitors(server!);
      return monitors.length === 2 && monitors.some((m) => m.status === 'down') && site!.requests.filter((r) => r.path === '/shop').length >= 6;
    }, 10_000, 'an up and a down monitor with some history');
    browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'] });
  });

  after(async () => {
    await browser?.close();
    await server?.cleanup();
    await site?.close();
  });

  it('shows a down and an up monitor, each with a rendered latency chart, under its CSP', async () => {
    const page = await browser!.newPage({ viewport: { width: 1000, height: 900 } });
    const problems: string[] = [];
    page.on('console', (msg) => {
      if (msg.type() === 'error') problems.push(msg.text());
    });
    page.on('pageerror', (err) => problems.push(err.message));
    const response = await page.goto(`${server!.url}/status`);
    assert.equal(response?.status(), 200);
    assert.match((await response!.headerValue('content-security-policy')) ?? '', /default-src 'none'/);

    const down = page.locator('section.monitor[data-state="down"]');
    const up = page.locator('section.monitor[data-state="up"]');
    assert.equal(await down.count(), 1);
    assert.equal(await up.count(), 1);
    assert.match((await down.locator('.name').innerText()).trim(), /127\.0\.0\.1:\d+\/api$/);
    assert.equal((await down.locator('.badge').innerText()).trim(), 'DOWN');
    assert.equal((await up.locator('.badge').innerText()).trim(), 'UP');
    assert.match(await down.locator('.reason').innerText(), /HTTP 503/);
    assert.match(await page.locator('.banner').innerText(), /1 of 2 sites down/);
    assert.match(await up.locator('.stats').innerText(), /24 h\s+100 %/);

    // The charts render: an SVG with a visible size, a latency line for the up site, failure marks for the down one.
    for (const monitor of [up, down]) {
      const box = await monitor.locator('svg.chart').boundingBox();
      assert.ok(box && box.width > 300 && box.height > 30, `chart size ${JSON.stringify(box)}`);
    }
    assert.equal(await up.locator('svg.chart polyline').count(), 1);
    const lineBox = await up.locator('svg.chart polyline').boundingBox();
    assert.ok(lineBox && lineBox.width > 100, 'the latency line spans the chart');
    assert.ok((await down.locator('svg.chart rect.fail').count()) >= 2);

    // The inline stylesheet is allowed by the CSP hash: styles apply, and nothing was blocked.
    const badgeColour = await down.locator('.badge').evaluate((el) => getComputedStyle(el).backgroundColor);
    assert.equal(badgeColour, 'rgb(224, 49, 49)');
    assert.deepEqual(problems, [], 'no console errors (CSP violations would show here)');

    await page.screenshot({ path: SCREENSHOT, fullPage: true });
    assert.ok((await stat(SCREENSHOT)).size > 5000, 'a non-empty screenshot');
    console.log(`      screenshot: ${SCREENSHOT}`);
    await page.close();
  });

  it('renders an empty status page cleanly', async () => {
    const empty = await startTestServer();
    try {
      const page = await browser!.newPage();
      await page.goto(`${empty.url}/status`);
      assert.match(await page.locator('.banner').innerText(), /No monitors yet/);
      await page.close();
    } finally {
      await empty.cleanup();
    }
  });
});
