import assert from 'node:assert/strict';
import { HttpError } from '../../../src/http/http-error.ts';
import {
  allowedCertUrl, CertificateError, createCertificateCache, parseCertificate, PAYPAL_CERT_HOSTS,
} from '../../../src/sources/paypal/paypal-certificates.ts';
import { bodyCrc32, paypalSignedString, verifyPaypalSignature } from '../../../src/sources/paypal/verify-paypal-signature.ts';
import { certificateFetcher, makePaypalKeys, PAYPAL_CERT_URL, PAYPAL_WEBHOOK_ID, paypalHeaders } from '../../helpers/sign-paypal.ts';

describe('PayPal signature verification', () => {
  const keys = makePaypalKeys();

  it('CRC32 is the IEEE checksum as an unsigned decimal, and the signed string joins the four parts', () => {
    assert.equal(bodyCrc32(Buffer.from('The quick brown fox jumps over the lazy dog')), 0x414fa339);
    assert.equal(bodyCrc32(Buffer.from('{"id":"WH-1"}')) >= 0, true);
    assert.equal(bodyCrc32(Buffer.from('')), 0);
    assert.equal(paypalSignedString('tid', '2026-01-01T00:00:00Z', 'WHID', Buffer.from('The quick brown fox jumps over the lazy dog')),
      'tid|2026-01-01T00:00:00Z|WHID|1095738169');
  });

  describe('certificate URLs', () => {
    it('allows https on PayPal API hosts only', () => {
      for (const host of PAYPAL_CERT_HOSTS) assert.ok(allowedCertUrl(`https://${host}/v1/notifications/certs/CERT-1`), host);
      assert.ok(allowedCertUrl('https://API.PAYPAL.COM/v1/notifications/certs/CERT-1'), 'host case does not matter');
    });

    it('refuses everything an attacker could point it at', () => {
      for (const url of [
        'http://api.paypal.com/v1/notifications/certs/CERT-1',
        'https://api.paypal.com.evil.example/cert',
        'https://evil.example/api.paypal.com/cert',
        'https://api.paypal.com@evil.example/cert',
        'https://user:pass@api.paypal.com/cert',
        'https://api.paypal.com:8443/cert',
        'https://paypal.com/cert',
        'https://www.paypal.com/cert',
        'https://127.0.0.1/cert',
        'https://169.254.169.254/latest/meta-data',
        'file:///etc/passwd',
        'ftp://api.paypal.com/cert',
        'not a url',
        '',
      ]) assert.equal(allowedCertUrl(url), null, url);
    });
  });

  describe('certificate cache', () => {
    it('fetches a URL once, also for concurrent requests', async () => {
      const fetcher = certificateFetcher(keys.certPem);
      const cache = createCertificateCache(fetcher.fetch);
      const url = new URL(PAYPAL_CERT_URL);
      const now = new Date();
      const [a, b] = await Promise.all([cache.get(url, now), cache.get(url, now)]);
      await cache.get(url, now);
      assert.equal(a, b);
      assert.deepEqual(fetcher.calls, [PAYPAL_CERT_URL]);
    });

    it('does not cache failures, and refuses non-certificates and expired certificates', async () => {
      let calls = 0;
      const flaky = createCertificateCache(async () => {
        calls += 1;
        if (calls === 1) throw new CertificateError('unavailable', 'timeout');
        return keys.certPem;
      });
      const url = new URL(PAYPAL_CERT_URL);
      await assert.rejects(flaky.get(url, new Date()), (err: unknown) => err instanceof CertificateError && err.kind === 'unavailable');
      await flaky.get(url, new Date());
      assert.equal(calls, 2);
      assert.throws(() => parseCertificate('<html>not found</html>', new Date()), (err: unknown) => err instanceof CertificateError && err.kind === 'invalid');
      const inThreeDays = new Date(Date.now() + 3 * 86_400_000);
      assert.throws(() => parseCertificate(keys.certPem, inThreeDays), /not valid now/);
    });
  });

  describe('verifyPaypalSignature', () => {
    const body = Buffer.from(JSON.stringify({ id: 'WH-1', event_type: 'PAYMENT.CAPTURE.COMPLETED' }));
    const toHeaders = (h: Record<string, string>) => ({
      transmissionId: h['paypal-transmission-id'], transmissionTime: h['paypal-transmission-time'], transmissionSig: h['paypal-transmission-sig'],
      certUrl: h['paypal-cert-url'], authAlgo: h['paypal-auth-algo'],
    });
    const verify = (h: Record<string, string>, raw = body, fetcher = certificateFetcher(keys.certPem)) =>
      verifyPaypalSignature(raw, toHeaders(h), { webhookId: PAYPAL_WEBHOOK_ID, certificates: createCertificateCache(fetcher.fetch), now: new Date() });
    const status = (code: number, errorCode?: string) => (err: unknown) =>
      err instanceof HttpError && err.status === code && (errorCode === undefined || err.code === errorCode);

    it('accepts what PayPal signs and returns the certificate URL', async () => {
      const url = await verify(paypalHeaders(keys, body));
      assert.equal(url.href, PAYPAL_CERT_URL);
    });

    it('refuses a changed body, another webhook id, another key, and another algorithm', async () => {
      await assert.rejects(verify(paypalHeaders(keys, body), Buffer.from(body.toString().replace('WH-1', 'WH-2'))), status(401));
      await assert.rejects(verify(paypalHeaders(keys, body, { webhookId: 'OTHERWEBHOOK1' })), status(401));
      const other = makePaypalKeys();
      await assert.rejects(verify(paypalHeaders(other, body)), status(401), 'signed by a key that is not the certificate\'s');
      await assert.rejects(verify(paypalHeaders(keys, body, { authAlgo: 'SHA1withRSA' })), status(401));
      const h = paypalHeaders(keys, body);
      await assert.rejects(verify({ ...h, 'paypal-transmission-sig': 'not base64!' }), status(401));
      await assert.rejects(verify({ ...h, 'paypal-transmission-id': 'a|b' }), status(401));
    });

    it('refuses transmissions more than 5 minutes old or ahead', async () => {
      await assert.rejects(verify(paypalHeaders(keys, body, { time: new Date(Date.now() - 301_000) })), status(401, 'stale_transmission'));
      await assert.rejects(verify(paypalHeaders(keys, body, { time: new Date(Date.now() + 301_000) })), status(401, 'stale_transmission'));
      await assert.rejects(verify(paypalHeaders(keys, body, { time: 'yesterday' })), status(401));
      await verify(paypalHeaders(keys, body, { time: new Date(Date.now() - 290_000) }));
    });

    it('never fetches a certificate from a URL off PayPal\'s hosts', async () => {
      const fetcher = certificateFetcher(keys.certPem);
      for (const certUrl of ['http://api.paypal.com/v1/notifications/certs/CERT-1', 'https://attacker.example/cert.pem', 'https://api.paypal.com@attacker.example/x']) {
        await assert.rejects(verify(paypalHeaders(keys, body, { certUrl }), body, fetcher), status(401, 'untrusted_cert_url'), certUrl);
      }
      assert.deepEqual(fetcher.calls, []);
    });

    it('answers 503 when PayPal cannot be reached (PayPal retries), 401 when the URL holds no certificate', async () => {
      const down = { calls: [], fetch: async () => { throw new CertificateError('unavailable', 'ECONNRESET'); } };
      await assert.rejects(verify(paypalHeaders(keys, body), body, down), status(503, 'certificate_unavailable'));
      const junk = certificateFetcher('<html>404</html>');
      await assert.rejects(verify(paypalHeaders(keys, body), body, junk), status(401));
    });
  });
});
