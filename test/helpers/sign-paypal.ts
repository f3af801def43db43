/**
 * Signs webhooks as PayPal does, with our own RSA key and self-signed certificate (made by
 * openssl at test time, so it is always within its validity dates), and serves that certificate
 * through an injectable fetcher that records every URL it was asked for.
 */
import { execFileSync } from 'node:child_process';
import { randomUUID, sign } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { crc32 } from 'node:zlib';
import type { CertificateFetcher } from '../../src/sources/paypal/paypal-certificates.ts';

export const PAYPAL_WEBHOOK_ID = '4JH86294D6297924G';
export const PAYPAL_CERT_URL = 'https://api.paypal.com/v1/notifications/certs/CERT-360caa42-fca2a594-7a8abba8';

export interface PaypalKeys {
  certPem: string;
  keyPem: string;
}

/** A fresh RSA-2048 key and a self-signed certificate valid for the next two days. */
export function makePaypalKeys(commonName = 'messageverificationcerts.paypal.com'): PaypalKeys {
  const dir = mkdtempSync(path.join(tmpdir(), 'hookbridge-paypal-'));
  try {
    const key = path.join(dir, 'key.pem');
    const cert = path.join(dir, 'cert.pem');
    execFileSync('openssl', ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', key, '-out', cert, '-days', '2', '-subj', `/CN=${commonName}`], { stdio: 'pipe' });
    return { certPem: readFileSync(cert, 'utf8'), keyPem: readFileSync(key, 'utf8') };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

export interface PaypalSignOptions {
  webhookId?: string;
  transmissionId?: string;
  /** PAYPAL-TRANSMISSION-TIME; default now. */
  time?: Date | string;
  certUrl?: string;
  authAlgo?: string;
}

/** The five headers PayPal sends, with a SHA256withRSA signature over id|time|webhook id|crc32(body). */
export function paypalHeaders(keys: PaypalKeys, body: string | Buffer, options: PaypalSignOptions = {}): Record<string, string> {
  const transmissionId = options.transmissionId ?? randomUUID();
  const time = options.time instanceof Date || options.time === undefined
    ? (options.time ?? new Date()).toISOString().replace(/\.\d{3}Z$/, 'Z')
    : options.time;
  const message = `${transmissionId}|${time}|${options.webhookId ?? PAYPAL_WEBHOOK_ID}|${crc32(Buffer.from(body)) >>> 0}`;
  return {
    'content-type': 'application/json',
    'user-agent': 'PayPal/AUHD-214.0-58543225',
    'paypal-transmission-id': transmissionId,
    'paypal-transmission-time': time,
    'paypal-transmission-sig': sign('sha256', Buffer.from(message), keys.keyPem).toString('base64'),
    'paypal-cert-url': options.certUrl ?? PAYPAL_CERT_URL,
    'paypal-auth-algo': options.authAlgo ?? 'SHA256withRSA',
  };
}

export interface RecordingFetcher {
  fetch: CertificateFetcher;
  /** Every URL asked for, in order. */
  calls: string[];
}

/** Serves `pem` for any URL (the route has already vetted it) and records the calls. */
export function certificateFetcher(pem: string): RecordingFetcher {
  const calls: string[] = [];
  return {
    calls,
    fetch: async (url) => {
      calls.push(url.href);
      return pem;
    },
  };
}

export function postPaypal(baseUrl: string, keys: PaypalKeys, event: unknown, options: PaypalSignOptions = {}): Promise<Response> {
  const body = typeof event === 'string' ? event : JSON.stringify(event);
  return fetch(`${baseUrl}/webhooks/paypal`, { method: 'POST', headers: paypalHeaders(keys, body, options), body });
}
