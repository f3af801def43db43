import { COLORS, type MessageColor } from './message.ts';

/** Embed colour of each colour word (GitHub's palette). */
export const COLOR_VALUES: Record<MessageColor, number> = {
  success: 0x1f883d,
  failure: 0xcf222e,
  warning: 0xbf8700,
  info: 0x0969da,
  neutral: 0x6e7781,
  merged: 0x8250df,
};

export function isMessageColor(value: string): value is MessageColor {
  return (COLORS as readonly string[]).includes(value);
}

/** A colour word, or `#rrggbb`, from a rendered template line; anything else is neutral. */
export function parseColor(value: string): number {
  const word = value.trim().toLowerCase();
  if (isMessageColor(word)) return COLOR_VALUES[word];
  const hex = /^#([0-9a-f]{6})$/.exec(word);
  return hex?.[1] ? parseInt(hex[1], 16) : COLOR_VALUES.neutral;
}
