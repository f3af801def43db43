import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { makeTempDir } from '../../helpers/temp-dir.ts';

/** A self-signed certificate for 127.0.0.1/localhost valid for `days` days, made by openssl. */
export async function selfSignedCert(days: number): Promise<{ key: string; cert: string }> {
  const temp = await makeTempDir('hookbridge-cert-');
  try {
    const key = join(temp.dir, 'key.pem');
    const cert = join(temp.dir, 'cert.pem');
    execFileSync('openssl', [
      'req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', key, '-out', cert, '-days', String(days),
      '-subj', '/CN=localhost', '-addext', 'subjectAltName=IP:127.0.0.1,DNS:localhost',
    ], { stdio: 'ignore' });
    return { key: readFileSync(key, 'utf8'), cert: readFileSync(cert, 'utf8') };
  } finally {
    await temp.cleanup();
  }
}
