/**
 * One HTTP(S) request to an already-validated address: node:http/https with a custom `lookup` that
 * answers with that address only, so the connection goes where the SSRF guard looked.
 */
import http from 'node:http';
import https from 'node:https';
import type { LookupFunction } from 'node:net';
import type { TLSSocket } from 'node:tls';
import type { ResolvedAddress } from './ssrf-guard.ts';

export interface HopOptions {
  method: 'GET' | 'HEAD';
  /** Accept certificates that do not verify (self-signed, wrong name, expired): curl -k. */
  insecureTls: boolean;
  /** Bytes of body kept for keyword checks; the rest is not read. */
  maxBodyBytes: number;
  signal: AbortSignal;
  userAgent: string;
}

export interface HopResult {
  status: number;
  location: string | null;
  body: string;
  /** Certificate expiry, for https hops. */
  certValidTo: Date | null;
}

/** A failed hop: a readable reason, plus the certificate expiry when the TLS handshake got that far. */
export class HopError extends Error {
  constructor(
    message: string,
    readonly certValidTo: Date | null = null,
  ) {
    super(message);
    this.name = 'HopError';
  }
}

const NET_REASONS: Record<string, string> = {
  ECONNREFUSED: 'connection refused',
  ECONNRESET: 'connection reset',
  EHOSTUNREACH: 'host unreachable',
  ENETUNREACH: 'network unreachable',
  ETIMEDOUT: 'connection timed out',
  EPIPE: 'connection closed',
  HPE_INVALID_CONSTANT: 'invalid HTTP response',
  HPE_INVALID_STATUS: 'invalid HTTP response',
};

const TLS_REASONS: Record<string, string> = {
  DEPTH_ZERO_SELF_SIGNED_CERT: 'self-signed certificate',
  SELF_SIGNED_CERT_IN_CHAIN: 'self-signed certificate in the chain',
  CERT_HAS_EXPIRED: 'certificate has expired',
  CERT_NOT_YET_VALID: 'certificate is not yet valid',
  UNABLE_TO_VERIFY_LEAF_SIGNATURE: 'certificate chain is incomplete or untrusted',
  UNABLE_TO_GET_ISSUER_CERT_LOCALLY: 'certificate issuer is unknown',
  ERR_TLS_CERT_ALTNAME_INVALID: 'certificate does not match the host name',
};

export function describeNetworkError(err: NodeJS.ErrnoException): string {
  const code = err.code ?? '';
  return NET_REASONS[code] ?? (code ? `${err.message} (${code})` : err.message);
}

function fixedLookup(target: ResolvedAddress): LookupFunction {
  return ((_hostname: string, options: { all?: boolean }, callback: (...args: unknown[]) => void) => {
    if (options?.all) callback(null, [{ address: target.address, family: target.family }]);
    else callback(null, target.address, target.family);
  }) as LookupFunction;
}

function certExpiry(socket: TLSSocket): Date | null {
  const validTo = socket.getPeerCertificate()?.valid_to;
  const date = validTo ? new Date(validTo) : null;
  return date && !Number.isNaN(date.getTime()) ? date : null;
}

/** Sends one request to `url`, connecting to `target`; resolves with status, Location and body prefix. */
export function requestHop(url: URL, target: ResolvedAddress, options: HopOptions): Promise<HopResult> {
  const isHttps = url.protocol === 'https:';
  const hostname = url.hostname.replace(/^\[|\]$/g, '');
  return new Promise<HopResult>((resolve, reject) => {
    let certValidTo: Date | null = null;
    let settled = false;
    const fail = (err: Error): void => {
      if (settled) return;
      settled = true;
      reject(err instanceof HopError ? err : new HopError(describeNetworkError(err as NodeJS.ErrnoException), certValidTo));
    };
    const requestOptions: https.RequestOptions = {
      protocol: url.protocol,
      hostname,
      port: url.port || (isHttps ? 443 : 80),
      path: `${url.pathname}${url.search}`,
      method: options.method,
      headers: { host: url.host, 'user-agent': options.userAgent, accept: '*/*', 'accept-encoding': 'identity' },
      lookup: fixedLookup(target),
      agent: false,
      signal: options.signal,
      // Verification is done below, so an invalid certificate still tells us its expiry.
      rejectUnauthorized: false,
    };
    const req = (isHttps ? https : http).request(requestOptions, (res) => {
      const socket = res.socket as TLSSocket;
      const chunks: Buffer[] = [];
      let size = 0;
      const finish = (): void => {
        if (settled) return;
        settled = true;
        res.destroy();
        const location = res.headers.location;
        resolve({ status: res.statusCode ?? 0, location: location ?? null, body: Buffer.concat(chunks).toString('utf8'), certValidTo });
      };
      if (isHttps) certValidTo = certExpiry(socket);
      if (options.method === 'HEAD' || options.maxBodyBytes === 0) return finish();
      res.on('data', (chunk: Buffer) => {
        chunks.push(chunk);
        size += chunk.length;
        if (size >= options.maxBodyBytes) finish();
      });
      res.once('end', finish);
      res.once('error', fail);
      res.once('aborted', () => fail(new HopError('connection closed while reading the body', certValidTo)));
    });
    req.once('socket', (socket) => {
      if (!isHttps) return;
      socket.once('secureConnect', () => {
        const tls = socket as TLSSocket;
        certValidTo = certExpiry(tls);
        if (!tls.authorized && !options.insecureTls) {
          const code = String(tls.authorizationError ?? 'unknown');
          fail(new HopError(`TLS: ${TLS_REASONS[code] ?? code}`, certValidTo));
          req.destroy();
        }
      });
    });
    req.once('error', (err: NodeJS.ErrnoException) => {
      if (err.name === 'AbortError') return fail(new HopError('aborted', certValidTo));
      fail(err);
    });
    req.end();
  });
}
