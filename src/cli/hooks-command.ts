import { readFile } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import type { Config } from '../config/config.ts';
import { type AdminResponse, createAdminClient } from './admin-client.ts';

export const HOOKS_USAGE = `Usage: hookbridge hooks create <name> [--template-file <file.liquid>] [--url URL]
       hookbridge hooks list [--url URL]
       hookbridge hooks rotate <name> [--url URL]
       hookbridge hooks delete <name> [--url URL]
Generic webhooks, through the admin API of a running server (needs ADMIN_TOKEN; --url defaults
to http://127.0.0.1:$PORT). create and rotate print the hook's URL and secret: they are shown once.`;

export interface CliOutput {
  log(line: string): void;
  error(line: string): void;
}

type HookAnswer = { name: string; url: string; signedUrl: string; secret: string };
type HookRow = { name: string; signedUrl: string; template: string | null; createdAt: string; rotatedAt: string | null; lastError: { message: string; at: string } | null };

function printCredentials(out: CliOutput, hook: HookAnswer, verb: string): void {
  out.log(`Hook ${hook.name} ${verb}.`);
  out.log(`  URL (token, keep it secret):  ${hook.url}`);
  out.log(`  Signed URL:                   ${hook.signedUrl}`);
  out.log(`  Secret (Standard Webhooks / X-Hub-Signature-256): ${hook.secret}`);
  out.log(verb === 'created'
    ? `These are shown only now. Subscribe a channel with: /subscribe custom ${hook.name}`
    : 'These are shown only now: give the sender the new URL or secret. Subscriptions stay as they are.');
}

/** `hookbridge hooks create|list|rotate|delete`. */
export async function hooksCommand(args: string[], config: Pick<Config, 'adminToken' | 'port'>, out: CliOutput = console): Promise<number> {
  if (args.includes('--help') || args.includes('-h')) {
    out.log(HOOKS_USAGE);
    return 0;
  }
  let parsed;
  try {
    parsed = parseArgs({ args, allowPositionals: true, options: { url: { type: 'string' }, 'template-file': { type: 'string' } } });
  } catch (err) {
    out.error(`${(err as Error).message}\n${HOOKS_USAGE}`);
    return 2;
  }
  const { values, positionals } = parsed;
  const [action, name] = positionals;
  const needsName = action === 'create' || action === 'rotate' || action === 'delete';
  if (!action || !['create', 'list', 'rotate', 'delete'].includes(action) || (needsName && !name)) {
    out.error(HOOKS_USAGE);
    return 2;
  }
  if (!config.adminToken) {
    out.error('ADMIN_TOKEN is not set: the hooks command uses the admin API of the running server (set the same ADMIN_TOKEN as the server).');
    return 2;
  }
  const admin = createAdminClient(config, values.url);
  const { base, call } = admin;
  const fail = (res: AdminResponse): number => admin.fail(res, (line) => out.error(line));
  const path = `/api/hooks/${encodeURIComponent(name ?? '')}`;
  try {
    if (action === 'create') {
      let template: string | undefined;
      if (values['template-file']) {
        try {
          template = await readFile(values['template-file'], 'utf8');
        } catch (err) {
          out.error(`Cannot read --template-file: ${(err as Error).message}`);
          return 2;
        }
      }
      const res = await call('POST', '/api/hooks', template === undefined ? { name } : { name, template });
      if (res.status !== 201) return fail(res);
      printCredentials(out, res.json as HookAnswer, 'created');
      return 0;
    }
    if (action === 'rotate') {
      const res = await call('POST', `${path}/rotate`);
      if (res.status !== 200) return fail(res);
      printCredentials(out, res.json as HookAnswer, 'rotated: the old URL and secret no longer work');
      return 0;
    }
    if (action === 'delete') {
      const res = await call('DELETE', path);
      if (res.status !== 204) return fail(res);
      out.log(`Hook ${name} deleted.`);
      return 0;
    }
    const res = await call('GET', '/api/hooks');
    if (res.status !== 200) return fail(res);
    const rows = res.json as HookRow[];
    for (const h of rows) {
      const template = h.template ? 'own template' : 'file or default template';
      const error = h.lastError ? `  last template error ${h.lastError.at}: ${h.lastError.message}` : '';
      out.log(`${h.name}  ${h.signedUrl}  ${template}  created ${h.createdAt}${h.rotatedAt ? `, rotated ${h.rotatedAt}` : ''}${error}`);
    }
    out.log(`${rows.length} hook${rows.length === 1 ? '' : 's'}`);
    return 0;
  } catch (err) {
    out.error(`Could not reach ${base}: ${(err as Error).message}. Is the server running?`);
    return 1;
  }
}
