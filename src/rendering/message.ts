/** Platform-neutral rendered message, built from a Liquid template, turned into platform payloads. */
export const COLORS = ['success', 'failure', 'warning', 'info', 'neutral', 'merged'] as const;
export type MessageColor = (typeof COLORS)[number];

export interface MessageField {
  name: string;
  value: string;
  inline: boolean;
}

/** Discord `POST /channels/{id}/messages` body (subset we send). */
export interface DiscordMessagePayload {
  content?: string;
  embeds: Array<{
    title?: string;
    url?: string;
    description?: string;
    color?: number;
    fields?: Array<{ name: string; value: string; inline?: boolean }>;
    footer?: { text: string };
    timestamp?: string;
  }>;
  allowed_mentions: { parse: [] };
}

/** Slack `chat.postMessage` arguments (without channel). */
export interface SlackMessagePayload {
  text: string;
  blocks: Array<Record<string, unknown>>;
  unfurl_links: boolean;
  unfurl_media: boolean;
}
