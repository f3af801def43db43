/**
 * Admin API for generic webhooks (Bearer ADMIN_TOKEN, like the rest of /api):
 *   POST   /api/hooks {name, template?}     → 201 {name, url, signedUrl, secret}  (409 if it exists)
 *   GET    /api/hooks                       → hooks without secrets or tokens, with lastError
 *   GET    /api/hooks/:name                 → one of them
 *   PUT    /api/hooks/:name/template {template: string | null}   → the hook (lastError cleared)
 *   POST   /api/hooks/:name/rotate          → {name, url, signedUrl, secret}: the old ones stop working
 *   DELETE /api/hooks/:name                 → 204
 * The token URL and the secret are shown only in the answers of create and rotate.
 */
import Router from '@koa/router';
import type { Context } from 'koa';
import { z } from 'zod';
import { newCredentials } from '../../sources/custom/hook-credentials.ts';
import { HOOK_NAME, type Hook, type HookStore } from '../../storage/hook-store.ts';
import { HttpError, badRequest, notFound } from '../http-error.ts';
import { parseBody, parseJsonObject, readRawBody } from '../read-raw-body.ts';
import { requireAdmin } from './admin-api.ts';

export interface HooksApiDeps {
  hooks: HookStore;
  adminToken: string | undefined;
  /** PUBLIC_URL; without it, URLs are built from the request's Host. */
  publicUrl?: string;
  /** Null for a usable Liquid template, else the reason (400). */
  checkTemplate: (text: string) => string | null;
  now?: () => Date;
}

const MAX_TEMPLATE = 20_000;
const template = z.string().max(MAX_TEMPLATE, `template longer than ${MAX_TEMPLATE} characters`).nullable();
const createBody = z.object({
  name: z.string().trim().toLowerCase().regex(HOOK_NAME, 'name must be 1 to 64 letters, digits, "-" or "_"'),
  template: template.optional(),
});
const templateBody = z.object({ template });

export function hooksApiRouter(deps: HooksApiDeps): Router {
  const { hooks } = deps;
  const router = new Router({ prefix: '/api/hooks' });
  router.use(requireAdmin(deps.adminToken));

  const base = (ctx: Context) => deps.publicUrl ?? `${ctx.protocol}://${ctx.host}`;
  const signedUrl = (ctx: Context, name: string) => `${base(ctx)}/webhooks/custom/${name}`;
  const view = (ctx: Context, hook: Hook) => ({
    name: hook.name,
    signedUrl: signedUrl(ctx, hook.name),
    template: hook.template,
    createdAt: hook.createdAt,
    rotatedAt: hook.rotatedAt,
    lastError: hook.lastError,
  });
  const checked = (text: string | null | undefined): string | null => {
    if (text === undefined || text === null || text.trim() === '') return null;
    const problem = deps.checkTemplate(text);
    if (problem) throw badRequest('invalid_template', problem);
    return text;
  };
  const existing = async (name: string | undefined): Promise<Hook> => {
    const hook = await hooks.get(String(name ?? '').toLowerCase());
    if (!hook) throw notFound('not_found', `No hook named "${String(name).slice(0, 64)}"`);
    return hook;
  };
  const readBody = async (ctx: Context) => parseJsonObject(await readRawBody(ctx, 256 * 1024));

  router.post('/', async (ctx) => {
    const body = parseBody(createBody, await readBody(ctx), 'invalid_hook');
    const tmpl = checked(body.template);
    const { secret, token, tokenHash } = newCredentials();
    const created = await hooks.create({
      name: body.name, secret, tokenHash, template: tmpl,
      createdAt: (deps.now?.() ?? new Date()).toISOString(), rotatedAt: null, lastError: null,
    });
    if (!created) throw new HttpError(409, 'hook_exists', `A hook named "${body.name}" exists: rotate its secret or delete it first`);
    ctx.status = 201;
    ctx.body = { name: created.name, url: `${signedUrl(ctx, created.name)}/${token}`, signedUrl: signedUrl(ctx, created.name), secret };
  });

  router.get('/', async (ctx) => {
    ctx.body = (await hooks.list()).map((h) => view(ctx, h));
  });

  router.get('/:name', async (ctx) => {
    ctx.body = view(ctx, await existing(ctx.params.name));
  });

  router.put('/:name/template', async (ctx) => {
    const hook = await existing(ctx.params.name);
    const body = parseBody(templateBody, await readBody(ctx), 'invalid_template');
    ctx.body = view(ctx, await hooks.save({ ...hook, template: checked(body.template), lastError: null }));
  });

  router.post('/:name/rotate', async (ctx) => {
    const hook = await existing(ctx.params.name);
    const { secret, token, tokenHash } = newCredentials();
    const rotated = await hooks.rotate(hook.name, { secret, tokenHash }, deps.now?.() ?? new Date());
    if (!rotated) throw notFound('not_found', `No hook named "${hook.name}"`);
    ctx.body = { name: hook.name, url: `${signedUrl(ctx, hook.name)}/${token}`, signedUrl: signedUrl(ctx, hook.name), secret };
  });

  router.delete('/:name', async (ctx) => {
    const hook = await existing(ctx.params.name);
    await hooks.remove(hook.name);
    ctx.status = 204;
  });

  return router;
}
