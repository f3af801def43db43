import type { Middleware } from 'koa';
import type { Logger } from '../logging/logger.ts';
import { HttpError } from './http-error.ts';

/** Turns thrown errors into JSON `{error, message}`; unknown errors become a 500 without details. */
export function errorMiddleware(logger: Logger): Middleware {
  return async (ctx, next) => {
    try {
      await next();
      if (ctx.status === 404 && ctx.body === undefined) {
        ctx.status = 404;
        ctx.body = { error: 'not_found', message: `No route for ${ctx.method} ${ctx.path}` };
      } else if ((ctx.status === 405 || ctx.status === 501) && ctx.body === undefined) {
        // The routers' allowedMethods(): JSON like every other error. An unknown method is the
        // client's mistake (405, not 501) on a path that exists, and a 404 on one that doesn't.
        const allow = ctx.response.get('Allow');
        if (allow) {
          ctx.status = 405;
          ctx.body = { error: 'method_not_allowed', message: `${ctx.method} is not allowed on ${ctx.path}; use ${allow}` };
        } else {
          ctx.remove('Allow');
          ctx.status = 404;
          ctx.body = { error: 'not_found', message: `No route for ${ctx.method} ${ctx.path}` };
        }
      }
    } catch (err) {
      if (err instanceof HttpError) {
        ctx.status = err.status;
        ctx.set(err.headers);
        ctx.body = { error: err.code, message: err.expose ? err.message : 'Internal error' };
        if (err.status >= 500) logger.error({ err, path: ctx.path }, 'request failed');
        return;
      }
      const status = (err as { status?: unknown }).status;
      if (typeof status === 'number' && status >= 400 && status < 500) {
        ctx.status = status;
        ctx.body = { error: 'bad_request', message: (err as Error).message };
        return;
      }
      logger.error({ err, path: ctx.path }, 'request failed');
      ctx.status = 500;
      ctx.body = { error: 'internal', message: 'Internal error' };
    }
  };
}
