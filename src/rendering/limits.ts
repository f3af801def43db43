/**
 * Platform limits, counted in UTF-16 code units as the APIs count them.
 * Discord: https://discord.com/developers/docs/resources/message#embed-object-embed-limits
 * Slack: https://docs.slack.dev/reference/block-kit/blocks
 */
export const limits = {
  discord: {
    content: 2000,
    title: 256,
    description: 4096,
    fieldName: 256,
    fieldValue: 1024,
    fields: 25,
    footer: 2048,
    /** title + description + field names/values + footer text, per message. */
    total: 6000,
  },
  slack: {
    /** Our own cap on the top-level `text` fallback. */
    text: 3000,
    blocks: 50,
    headerText: 150,
    sectionText: 3000,
    sectionFields: 10,
    fieldText: 2000,
    contextElements: 10,
    contextText: 3000,
  },
  /** Caps on template-facing text, applied before platform limits. */
  title: 256,
} as const;

/** The ellipsis appended by every truncation (one UTF-16 code unit). */
export const ELLIPSIS = '…';
