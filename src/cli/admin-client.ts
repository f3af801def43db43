import type { Config } from '../config/config.ts';

export interface AdminResponse {
  status: number;
  json: unknown;
}

/** The running server the CLI talks to: `--url`, else this machine's PORT. */
export function serverBase(config: Pick<Config, 'port'>, url: string | undefined): string {
  return (url ?? `http://127.0.0.1:${config.port}`).replace(/\/+$/, '');
}

/** The admin API of a running server, as the CLI commands use it (Bearer ADMIN_TOKEN). */
export function createAdminClient(config: Pick<Config, 'adminToken' | 'port'>, url: string | undefined) {
  const base = serverBase(config, url);
  return {
    base,
    async call(method: string, path: string, body?: unknown): Promise<AdminResponse> {
      const res = await fetch(`${base}${path}`, {
        method,
        headers: { authorization: `Bearer ${config.adminToken}`, 'content-type': 'application/json' },
        body: body === undefined ? undefined : JSON.stringify(body),
      });
      return { status: res.status, json: (await res.json().catch(() => null)) as unknown };
    },
    /** Prints the server's refusal and returns exit code 1. */
    fail(res: AdminResponse, printError: (line: string) => void): number {
      const message = (res.json as { message?: string } | null)?.message ?? '';
      printError(`The server answered ${res.status}${message ? `: ${message}` : ''}`);
      return 1;
    },
  };
}
