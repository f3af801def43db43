import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { CertificateError, fetchCertificate } from '../../../src/sources/paypal/paypal-certificates.ts';

/** The default fetcher's own rules (the route only ever hands it vetted https PayPal URLs). */
describe('fetchCertificate (default fetcher)', () => {
  let server: Server;
  let base: string;
  before(async () => {
    server = createServer((req, res) => {
      if (req.url === '/ok') res.end('-----BEGIN CERTIFICATE-----\n...');
      else if (req.url === '/redirect') res.writeHead(302, { location: 'http://169.254.169.254/' }).end();
      else if (req.url === '/big') res.end('x'.repeat(70 * 1024));
      else if (req.url === '/down') res.writeHead(503).end();
      else res.writeHead(404).end();
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  after(() => new Promise<void>((resolve) => server.close(() => resolve())));

  const kind = (expected: 'invalid' | 'unavailable') => (err: unknown) => err instanceof CertificateError && err.kind === expected;

  it('returns the body text', async () => {
    assert.match(await fetchCertificate(new URL(`${base}/ok`)), /BEGIN CERTIFICATE/);
  });

  it('does not follow redirects (they could leave PayPal\'s hosts)', async () => {
    await assert.rejects(fetchCertificate(new URL(`${base}/redirect`)), CertificateError);
  });

  it('refuses bodies over 64 KB and 4xx answers; 5xx means "try again later"', async () => {
    await assert.rejects(fetchCertificate(new URL(`${base}/big`)), kind('invalid'));
    await assert.rejects(fetchCertificate(new URL(`${base}/missing`)), kind('invalid'));
    await assert.rejects(fetchCertificate(new URL(`${base}/down`)), kind('unavailable'));
  });
});
