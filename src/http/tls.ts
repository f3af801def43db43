/**
 * HTTPS served directly: TLS_CERT_FILE (PEM certificate chain) and TLS_KEY_FILE (PEM private key)
 * are read at start-up — a missing, unreadable or mismatched file stops start-up with the variable
 * named — and again on SIGHUP, so a renewed certificate (certbot, acme.sh) is picked up without a
 * restart. A reload that fails keeps the certificate in use and logs why.
 */
import { readFileSync } from 'node:fs';
import { createServer as createHttpsServer, type Server as HttpsServer } from 'node:https';
import { createSecureContext } from 'node:tls';
import { createServer as createHttpServer, type RequestListener, type Server as HttpServer } from 'node:http';
import { ConfigError } from '../config/config.ts';
import type { Logger } from '../logging/logger.ts';

export interface TlsFiles {
  certFile: string;
  keyFile: string;
}

export interface TlsMaterial {
  cert: Buffer;
  key: Buffer;
}

/** TLS files that cannot be used are configuration errors: the CLI prints them without a stack. */
function tlsError(problem: string): ConfigError {
  return new ConfigError([problem]);
}

function readPem(file: string, variable: string, what: string): Buffer {
  let data: Buffer;
  try {
    data = readFileSync(file);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    const reason = code === 'ENOENT' ? 'no such file' : code === 'EACCES' ? 'permission denied' : (err as Error).message;
    throw tlsError(`${variable}: cannot read ${what} ${file} (${reason})`);
  }
  if (!data.includes('-----BEGIN ')) throw tlsError(`${variable}: ${file} is not a PEM ${what} (no "-----BEGIN" line)`);
  return data;
}

/** Reads and checks the certificate and key; throws ConfigError naming the variable at fault. */
export function loadTlsMaterial(files: TlsFiles): TlsMaterial {
  const cert = readPem(files.certFile, 'TLS_CERT_FILE', 'certificate');
  const key = readPem(files.keyFile, 'TLS_KEY_FILE', 'private key');
  try {
    createSecureContext({ cert, key });
  } catch (err) {
    const reason = (err as Error).message;
    const variable = /key/i.test(reason) && !/values mismatch/i.test(reason) ? 'TLS_KEY_FILE' : 'TLS_CERT_FILE';
    throw tlsError(`${variable}: the certificate ${files.certFile} and key ${files.keyFile} cannot be used together (${reason})`);
  }
  return { cert, key };
}

export interface TlsServer {
  server: HttpsServer;
  /** Re-reads the files and swaps the certificate for new connections; false (and logged) when they are unusable. */
  reload(): boolean;
}

export function createTlsServer(files: TlsFiles, listener: RequestListener, logger: Logger): TlsServer {
  const server = createHttpsServer({ ...loadTlsMaterial(files) }, listener);
  const reload = (): boolean => {
    try {
      server.setSecureContext({ ...loadTlsMaterial(files) });
      logger.info({ certFile: files.certFile }, 'TLS certificate reloaded');
      return true;
    } catch (err) {
      logger.error({ err: (err as Error).message }, 'TLS certificate reload failed: still serving the previous certificate');
      return false;
    }
  };
  return { server, reload };
}

export interface ServerHandle {
  server: HttpServer | HttpsServer;
  scheme: 'http' | 'https';
  /** Reloads the TLS certificate (what SIGHUP does); false without TLS or when the files are unusable. */
  reloadTls(): boolean;
  /** Stops listening for SIGHUP (call when the server stops). */
  dispose(): void;
}

/**
 * The HTTP server, or the HTTPS server when TLS files are configured; with TLS, SIGHUP reloads
 * the certificate (the usual signal after a renewal: `systemctl reload`, `kill -HUP`).
 */
export function createServerFor(tls: TlsFiles | null, listener: RequestListener, logger: Logger): ServerHandle {
  if (!tls) {
    return { server: createHttpServer(listener), scheme: 'http', reloadTls: () => false, dispose: () => {} };
  }
  const { server, reload } = createTlsServer(tls, listener, logger);
  const onHangup = (): void => void reload();
  process.on('SIGHUP', onHangup);
  return { server, scheme: 'https', reloadTls: reload, dispose: () => process.off('SIGHUP', onHangup) };
}
