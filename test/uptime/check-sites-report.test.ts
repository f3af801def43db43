import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { postReport } from '../../src/cli/check-sites-report.ts';
import { signSha256 } from '../../src/security/hmac.ts';
import { MAX_REPORT_RESULTS } from '../../src/sources/uptime/uptime-report.ts';
import { upResult } from './helpers/uptime-server.ts';

describe('check-sites --report with more sites than one report may hold', () => {
  let server: Server;
  let endpoint: string;
  const received: Array<{ id: string; results: unknown[]; signed: boolean }> = [];

  before(async () => {
    server = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        const body = Buffer.concat(chunks).toString('utf8');
        const report = JSON.parse(body) as { id: string; results: unknown[] };
        received.push({ ...report, signed: req.headers['x-hub-signature-256'] === signSha256('s3cret', body) });
        res.writeHead(202, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ changes: [`change in report ${received.length}`] }));
      });
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    endpoint = `http://127.0.0.1:${(server.address() as AddressInfo).port}/webhooks/uptime`;
  });
  after(() => new Promise((r) => server.close(r)));

  it('sends one signed report per server limit, each with its own id, and sums up the changes', async () => {
    const results = Array.from({ length: 2 * MAX_REPORT_RESULTS + 500 }, (_, i) => upResult(`https://site-${i}.example`));
    const outcome = await postReport(endpoint, 's3cret', results);
    assert.equal(outcome.ok, true, outcome.message);
    assert.deepEqual(received.map((r) => r.results.length), [MAX_REPORT_RESULTS, MAX_REPORT_RESULTS, 500]);
    assert.ok(received.every((r) => r.signed), 'each report signed');
    assert.equal(new Set(received.map((r) => r.id)).size, 3, 'distinct report ids');
    assert.match(outcome.message, /Reported 2500 results .*3 state changes posted/s);
  });
});
