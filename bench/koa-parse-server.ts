/**
 * The ingest ceiling: the least any Koa webhook receiver that looks at the payload must do — the
 * same HMAC check as bench/bare-server.ts, through Koa and @koa/router, plus JSON.parse of the
 * body — and nothing else (no validation, no normalizing, nothing stored, no delivery).
 */
import { createHmac, timingSafeEqual } from 'node:crypto';
import Router from '@koa/router';
import Koa from 'koa';
import getRawBody from 'raw-body';

const secret = process.env.GITHUB_WEBHOOK_SECRET ?? 'bench-secret';
const app = new Koa();
const router = new Router();
router.get('/healthz', (ctx) => {
  ctx.body = { status: 'ok' };
});
router.post('/webhooks/github', async (ctx) => {
  const body = await getRawBody(ctx.req, { limit: '25mb' });
  const expected = Buffer.from(`sha256=${createHmac('sha256', secret).update(body).digest('hex')}`);
  const given = Buffer.from(ctx.get('x-hub-signature-256'));
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) {
    ctx.status = 401;
    ctx.body = { error: 'unauthorized' };
    return;
  }
  const payload = JSON.parse(body.toString('utf8')) as { after?: string };
  ctx.status = 202;
  ctx.body = { status: 'accepted', id: payload.after ?? null };
});
app.use(router.routes());
const server = app.listen(Number(process.env.PORT ?? 0), '127.0.0.1');
process.on('SIGTERM', () => server.close(() => process.exit(0)));
