/** RenderedMessage → Discord message body: one embed, within every embed limit, no pings. */
import type { RenderedMessage } from './compile-template.ts';
import { escapeDiscordTitle, finalDiscordBody, neutraliseDiscordMentions } from './escape.ts';
import { limits } from './limits.ts';
import type { DiscordMessagePayload } from './message.ts';
import { truncateText } from './truncate.ts';

type EmbedField = { name: string; value: string; inline?: boolean };

/** Room kept for the footer's " · 24 more fields not shown". */
const DROPPED_NOTE_ROOM = 32;
/** Characters of the body kept before fields take the rest of the 6000 total. */
const BODY_KEPT = 1000;

/** Below this many characters a field value is dropped rather than shown as a stub. */
const MIN_FIELD_VALUE = 16;

/**
 * Fields first, then the description gets what is left of the 6000 total (so the description
 * shrinks first, then the last fields are cut or dropped).
 */
function fitFields(fields: EmbedField[], budget: number): { fields: EmbedField[]; left: number } {
  const kept: EmbedField[] = [];
  for (const field of fields) {
    const room = budget - field.name.length;
    if (room < Math.min(MIN_FIELD_VALUE, field.value.length)) break;
    const value = truncateText(field.value, room, 'discord');
    kept.push({ ...field, value });
    budget -= field.name.length + value.length;
  }
  return { fields: kept, left: budget };
}

export function buildDiscordPayload(message: RenderedMessage): DiscordMessagePayload {
  const L = limits.discord;
  // Titles render markdown (but no masked links or mentions): escape like provider text.
  const title = truncateText(escapeDiscordTitle(message.title), L.title, 'discord');
  const footerText = truncateText(neutraliseDiscordMentions(message.footer), L.footer - DROPPED_NOTE_ROOM);
  const shown = message.fields.filter((f) => f.value.trim() !== '');
  const candidates = shown
    .slice(0, L.fields)
    .map((f) => ({
      name: truncateText(neutraliseDiscordMentions(f.name), L.fieldName) || '\u200b',
      value: truncateText(f.value, L.fieldValue, 'discord'),
      inline: f.inline,
    }));
  // The body keeps up to BODY_KEPT characters however many fields there are; fields that don't
  // fit are said to be missing in the footer rather than dropped silently.
  const bodyKept = Math.min(message.body.length, BODY_KEPT);
  const fitted = fitFields(candidates, L.total - title.length - footerText.length - DROPPED_NOTE_ROOM - bodyKept);
  const { fields } = fitted;
  const left = fitted.left + bodyKept;
  const dropped = shown.length - fields.length;
  const footer = dropped > 0 ? `${footerText} · ${dropped} more field${dropped === 1 ? '' : 's'} not shown` : footerText;
  const description = truncateText(message.body, Math.min(L.description, left), 'discord');
  const embed: DiscordMessagePayload['embeds'][number] = { title, color: message.color };
  if (message.url) embed.url = message.url;
  if (description) embed.description = description;
  if (fields.length > 0) embed.fields = fields;
  if (footer) embed.footer = { text: footer };
  if (message.timestamp) embed.timestamp = message.timestamp;
  return finalDiscordBody({ embeds: [embed], allowed_mentions: { parse: [] } });
}
