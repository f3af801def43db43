/**
 * A local site whose behaviour tests switch at will: healthy, an HTTP error, hanging (timeout),
 * losing its keyword, redirecting, or closed (connection refused). HTTPS with a given cert.
 */
import { createServer as createHttpServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import type { AddressInfo } from 'node:net';

export type SiteMode =
  | { kind: 'ok'; body?: string; delayMs?: number }
  | { kind: 'status'; status: number; body?: string }
  | { kind: 'hang' }
  | { kind: 'redirect'; location: string; status?: number };

export interface SiteServer {
  url: string;
  port: number;
  mode: SiteMode;
  /** Requests received, newest last. */
  requests: Array<{ method: string; path: string; host: string | undefined }>;
  /** Per-path overrides of `mode`. */
  routes: Map<string, SiteMode>;
  close(): Promise<void>;
}

export async function startSiteServer(options: { tls?: { key: string; cert: string }; host?: string } = {}): Promise<SiteServer> {
  const hanging = new Set<ServerResponse>();
  const site: SiteServer = {
    url: '',
    port: 0,
    mode: { kind: 'ok', body: '<h1>Welcome to the shop</h1>' },
    requests: [],
    routes: new Map(),
    close: async () => {
      for (const res of hanging) res.destroy();
      server.closeAllConnections?.();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
  const handler = (req: IncomingMessage, res: ServerResponse): void => {
    const path = req.url ?? '/';
    site.requests.push({ method: req.method ?? 'GET', path, host: req.headers.host });
    const mode = site.routes.get(path) ?? site.mode;
    switch (mode.kind) {
      case 'ok': {
        const send = () => res.writeHead(200, { 'content-type': 'text/html' }).end(req.method === 'HEAD' ? undefined : (mode.body ?? 'ok'));
        if (mode.delayMs) setTimeout(send, mode.delayMs);
        else send();
        return;
      }
      case 'status':
        res.writeHead(mode.status, { 'content-type': 'text/plain' }).end(mode.body ?? `status ${mode.status}`);
        return;
      case 'hang':
        hanging.add(res);
        return;
      case 'redirect':
        res.writeHead(mode.status ?? 302, { location: mode.location }).end();
        return;
    }
  };
  const server: Server = options.tls ? createHttpsServer(options.tls, handler) : createHttpServer(handler);
  await new Promise<void>((resolve) => server.listen(0, options.host ?? '127.0.0.1', () => resolve()));
  site.port = (server.address() as AddressInfo).port;
  site.url = `${options.tls ? 'https' : 'http'}://${options.host ?? '127.0.0.1'}:${site.port}`;
  return site;
}
