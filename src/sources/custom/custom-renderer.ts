/**
 * Rendering of generic-hook events, wrapped around the main renderer (which keeps every other
 * source). The template of a hook is, in order: the text given to `POST /api/hooks` (stored with
 * the hook), `templates/custom/<name>.liquid`, `templates/custom/default.liquid` (or a built-in
 * copy of it). A template that fails at render time is reported — `lastError` in
 * `GET /api/hooks` and a log line — and the event is posted with the default template instead:
 * it is never lost to a template mistake.
 */
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import type { PlatformPayload } from '../../delivery/message-sender.ts';
import type { NormalizedEvent } from '../../events/normalized-event.ts';
import type { Logger } from '../../logging/logger.ts';
import { COLOR_VALUES } from '../../rendering/colors.ts';
import {
  compileTemplate, createEngines, renderCompiled, type CompiledTemplate, type RenderedMessage,
} from '../../rendering/compile-template.ts';
import { toPlatformPayload } from '../../rendering/create-renderer.ts';
import type { Renderer } from '../../rendering/renderer.ts';
import type { HookStore } from '../../storage/hook-store.ts';
import type { Platform } from '../../subscriptions/subscription.ts';

/** Used when templates/custom/default.liquid is missing. */
export const BUILTIN_DEFAULT_TEMPLATE = `title: [{{ hook.name }}] {{ title }}
url: {{ url }}
color: {{ color }}
footer: hookbridge · webhook {{ hook.name }}
---
{% if text %}{{ text }}

{% endif %}{% for f in fields %}{{ f.name | bold }}: {{ f.value }}
{% endfor %}
{%- if more_fields > 0 %}… and {{ more_fields }} more fields{% endif %}`;

export interface CustomRendererOptions {
  /** Renders every other source. */
  base: Renderer;
  templatesDir: string;
  hooks: HookStore;
  logger: Logger;
  publicUrl?: string | null;
  now?: () => Date;
}

export interface CustomRenderer extends Renderer {
  /** Null when `text` is a usable template, else why not (for a 400 at hook creation). */
  checkTemplate(text: string): string | null;
}

export function createCustomRenderer(options: CustomRendererOptions): CustomRenderer {
  const dir = path.resolve(options.templatesDir);
  const engines = createEngines(dir);
  const customDir = path.join(dir, 'custom');
  const files = new Map<string, CompiledTemplate>();
  if (existsSync(customDir)) {
    for (const name of readdirSync(customDir).filter((n) => n.endsWith('.liquid') && !n.startsWith('_'))) {
      const file = path.join(customDir, name);
      files.set(name.slice(0, -'.liquid'.length), compileTemplate(engines, readFileSync(file, 'utf8'), file));
    }
  }
  const fallback = files.get('default') ?? compileTemplate(engines, BUILTIN_DEFAULT_TEMPLATE, 'built-in default template');
  /** Compiled operator templates, by hook name, recompiled when the text changes. */
  const stored = new Map<string, { digest: string; compiled: CompiledTemplate }>();

  const compileStored = (name: string, text: string): CompiledTemplate => {
    const digest = createHash('sha256').update(text).digest('hex');
    const cached = stored.get(name);
    if (cached?.digest === digest) return cached.compiled;
    const compiled = compileTemplate(engines, text, `template of hook ${name}`);
    stored.set(name, { digest, compiled });
    return compiled;
  };

  const render = (compiled: CompiledTemplate, event: NormalizedEvent, platform: Platform): Promise<RenderedMessage | null> =>
    renderCompiled(engines, compiled, event, platform, {
      publicUrl: options.publicUrl ?? null,
      defaultFooter: `hookbridge · webhook ${event.target}`,
    });

  const report = async (name: string, error: unknown): Promise<void> => {
    const message = (error as Error).message?.slice(0, 500) || String(error);
    options.logger.warn({ hook: name, error: message }, 'custom hook template failed: posted with the default template');
    await options.hooks.setLastError(name, { message, at: (options.now?.() ?? new Date()).toISOString() }).catch(() => {});
  };

  return {
    checkTemplate(text: string): string | null {
      try {
        compileTemplate(engines, text, 'template');
        return null;
      } catch (error) {
        return (error as Error).message;
      }
    },

    async render(event: NormalizedEvent, platform: Platform): Promise<PlatformPayload | null> {
      if (event.source !== 'custom') return options.base.render(event, platform);
      const name = event.target;
      const hook = await options.hooks.get(name);
      let message: RenderedMessage | null;
      try {
        const own = hook?.template ? compileStored(name, hook.template) : files.get(event.type);
        message = await render(own ?? fallback, event, platform);
      } catch (error) {
        await report(name, error);
        try {
          message = await render(fallback, event, platform);
        } catch {
          message = { title: event.summary, url: event.url, color: COLOR_VALUES.info, footer: 'hookbridge', fields: [], body: '', timestamp: event.receivedAt };
        }
      }
      return message === null ? null : toPlatformPayload(message, platform);
    },
  };
}
