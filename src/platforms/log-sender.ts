/**
 * The sender used when a platform has no credentials: it logs what it would have posted, so a
 * fresh install shows its work at once, and answers with a fake message id.
 */
import { createHash } from 'node:crypto';
import type { MessageSender, PlatformPayload, SendResult } from '../delivery/message-sender.ts';
import type { Logger } from '../logging/logger.ts';
import type { Platform } from '../subscriptions/subscription.ts';

const MAX_SUMMARY = 160;

function oneLine(text: string): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  return flat.length > MAX_SUMMARY ? `${flat.slice(0, MAX_SUMMARY - 1)}…` : flat;
}

/** A readable one-line summary of a payload: Discord's first embed title or content, Slack's text. */
export function summarizePayload(payload: PlatformPayload): string {
  if (payload.platform === 'slack') return oneLine(payload.body.text || `${payload.body.blocks.length} blocks`);
  const embed = payload.body.embeds[0];
  const text = [payload.body.content, embed?.title, embed?.description].find((part) => part && part.trim() !== '');
  const extra = payload.body.embeds.length > 1 ? ` (+${payload.body.embeds.length - 1} embeds)` : '';
  return `${oneLine(text ?? '(empty message)')}${extra}`;
}

/** The message as a few readable lines: title, link, body and fields (Discord) or text (Slack). */
export function previewPayload(payload: PlatformPayload): string {
  if (payload.platform === 'slack') {
    const sections = payload.body.blocks
      .map((b) => (b as { text?: { text?: string } }).text?.text)
      .filter((t): t is string => typeof t === 'string');
    return (sections.length > 0 ? sections : [payload.body.text]).join('\n').split('\n').slice(0, 20).join('\n');
  }
  const lines: string[] = [];
  for (const embed of payload.body.embeds) {
    if (embed.title) lines.push(`▌ ${embed.title}`);
    if (embed.url) lines.push(`  ${embed.url}`);
    if (embed.description) lines.push(...embed.description.split('\n').slice(0, 15).map((l) => `  ${l}`));
    for (const f of embed.fields ?? []) lines.push(`  ${f.name}: ${f.value.replace(/\s+/g, ' ')}`);
    if (embed.footer?.text) lines.push(`  — ${embed.footer.text}`);
  }
  if (payload.body.content) lines.unshift(payload.body.content);
  return lines.join('\n');
}

export function createLogSender(platform: Platform, logger: Logger): MessageSender {
  return {
    platform,
    async send(channel: string, payload: PlatformPayload, idempotencyKey: string): Promise<SendResult> {
      const digest = createHash('sha256').update(`${platform}\n${channel}\n${idempotencyKey}`).digest('hex');
      const messageId = `log-${digest.slice(0, 16)}`;
      logger.info(
        { platform, channel, messageId, preview: previewPayload(payload) },
        `[${platform} #${channel}] would send: ${summarizePayload(payload)}`,
      );
      logger.debug({ platform, channel, messageId, payload: payload.body }, 'payload that would have been sent');
      return { messageId };
    },
  };
}
