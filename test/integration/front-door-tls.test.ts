import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { copyFileSync, readFileSync, writeFileSync } from 'node:fs';
import { request } from 'node:https';
import { join } from 'node:path';
import { ConfigError, loadConfig } from '../../src/config/config.ts';
import { silentLogger } from '../../src/logging/logger.ts';
import { startServer } from '../../src/server.ts';
import { startTestServer, type TestServer } from '../helpers/test-server.ts';
import { makeTempDir } from '../helpers/temp-dir.ts';

/** A self-signed certificate for 127.0.0.1/localhost, made with openssl for this test. */
function makeCertificate(dir: string, name: string): { cert: string; key: string } {
  const cert = join(dir, `${name}.crt`);
  const key = join(dir, `${name}.key`);
  execFileSync('openssl', ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-days', '2', '-subj', `/CN=${name}`,
    '-addext', 'subjectAltName=IP:127.0.0.1,DNS:localhost', '-keyout', key, '-out', cert], { stdio: 'ignore' });
  return { cert, key };
}

/** GET over HTTPS trusting only `ca`, on a fresh connection; returns status, body and the served certificate's CN. */
function httpsGet(url: string, ca: Buffer[]): Promise<{ status: number; body: string; cn: string }> {
  return new Promise((resolve, reject) => {
    const req = request(url, { ca, agent: false }, (res) => {
      const cn = String((res.socket as import('node:tls').TLSSocket).getPeerCertificate().subject.CN);
      let body = '';
      res.on('data', (d: Buffer) => (body += d.toString()));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body, cn }));
    });
    req.on('error', reject);
    req.end();
  });
}

describe('front door: HTTPS', () => {
  let temp: { dir: string; cleanup: () => Promise<void> };
  let server: TestServer | null = null;
  let first: { cert: string; key: string };
  let second: { cert: string; key: string };

  before(async () => {
    temp = await makeTempDir();
    first = makeCertificate(temp.dir, 'first');
    second = makeCertificate(temp.dir, 'second');
  });
  after(() => temp.cleanup());
  afterEach(async () => {
    await server?.cleanup();
    server = null;
  });

  it('serves HTTPS with TLS_CERT_FILE/TLS_KEY_FILE and reloads the certificate on SIGHUP', async () => {
    const certFile = join(temp.dir, 'live.crt');
    const keyFile = join(temp.dir, 'live.key');
    copyFileSync(first.cert, certFile);
    copyFileSync(first.key, keyFile);
    server = await startTestServer({ env: { TLS_CERT_FILE: certFile, TLS_KEY_FILE: keyFile } });
    assert.match(server.url, /^https:\/\/127\.0\.0\.1:\d+$/);
    const trust = [readFileSync(first.cert), readFileSync(second.cert)];

    const before = await httpsGet(`${server.url}/healthz`, trust);
    assert.deepEqual([before.status, JSON.parse(before.body), before.cn], [200, { status: 'ok' }, 'first']);
    await assert.rejects(fetch(`${server.url.replace('https:', 'http:')}/healthz`), 'no plain HTTP on the TLS port');

    // A renewal: new files in place, then SIGHUP.
    copyFileSync(second.cert, certFile);
    copyFileSync(second.key, keyFile);
    process.emit('SIGHUP');
    const after = await httpsGet(`${server.url}/healthz`, trust);
    assert.deepEqual([after.status, after.cn], [200, 'second']);

    // A broken renewal keeps the certificate in use.
    writeFileSync(keyFile, 'not a key');
    process.emit('SIGHUP');
    assert.equal((await httpsGet(`${server.url}/healthz`, trust)).cn, 'second');
  });

  it('stops start-up with the variable named when a file is missing, not PEM or does not match', async () => {
    const start = (cert: string, key: string) =>
      startServer(loadConfig({ PORT: '0', HOST: '127.0.0.1', DATA_FILE: join(temp.dir, 'never.json'), TLS_CERT_FILE: cert, TLS_KEY_FILE: key }), { logger: silentLogger });
    const notPem = join(temp.dir, 'not.pem');
    writeFileSync(notPem, 'hello');
    const cases: Array<[string, string, RegExp]> = [
      [join(temp.dir, 'missing.crt'), first.key, /TLS_CERT_FILE: cannot read certificate .*missing\.crt \(no such file\)/],
      [first.cert, join(temp.dir, 'missing.key'), /TLS_KEY_FILE: cannot read private key .*missing\.key/],
      [notPem, first.key, /TLS_CERT_FILE: .*not\.pem is not a PEM certificate/],
      [first.cert, second.key, /TLS_(CERT|KEY)_FILE: the certificate .* and key .* cannot be used together/],
    ];
    for (const [cert, key, message] of cases) {
      await assert.rejects(start(cert, key), (err: unknown) => {
        assert.ok(err instanceof ConfigError, String(err));
        assert.match(err.message, message);
        return true;
      });
    }
  });
});
