/** RenderedMessage → Slack chat.postMessage arguments: Block Kit within limits, text fallback. */
import type { RenderedMessage } from './compile-template.ts';
import { escapeSlack, finalSlackBody, urlFor } from './escape.ts';
import { ELLIPSIS, limits } from './limits.ts';
import type { MessageField } from './message.ts';
import type { SlackMessagePayload } from './message.ts';
import { splitText, truncateText } from './truncate.ts';

type Block = Record<string, unknown>;
const L = limits.slack;

function mrkdwn(text: string, max: number): { type: 'mrkdwn'; text: string } {
  return { type: 'mrkdwn', text: truncateText(text, max, 'slack') };
}

function section(text: string): Block {
  return { type: 'section', text: mrkdwn(text, L.sectionText) };
}

function titleBlock(message: RenderedMessage): Block {
  if (message.url) {
    const title = truncateText(escapeSlack(message.title), limits.title, 'slack');
    return section(`*<${urlFor('slack', message.url)}|${title}>*`);
  }
  const text = truncateText(message.title, L.headerText); // mentions: finalSlackBody
  return { type: 'header', text: { type: 'plain_text', text, emoji: true } };
}

function fieldText(field: MessageField): string {
  const name = field.name.trim() === '' ? '' : `*${escapeSlack(field.name)}*\n`;
  return name + field.value;
}

/** Runs of inline fields become `fields` sections (10 each); other fields their own section. */
function fieldBlocks(fields: MessageField[]): Block[] {
  const blocks: Block[] = [];
  let run: MessageField[] = [];
  const flush = (): void => {
    for (let i = 0; i < run.length; i += L.sectionFields) {
      const chunk = run.slice(i, i + L.sectionFields);
      blocks.push({ type: 'section', fields: chunk.map((f) => mrkdwn(fieldText(f), L.fieldText)) });
    }
    run = [];
  };
  for (const field of fields) {
    if (field.value.trim() === '') continue;
    if (field.inline) {
      run.push(field);
    } else {
      flush();
      blocks.push(section(fieldText(field)));
    }
  }
  flush();
  return blocks;
}

export function buildSlackPayload(message: RenderedMessage): SlackMessagePayload {
  const footer: Block = {
    type: 'context',
    elements: [mrkdwn(escapeSlack(message.footer) || 'hookbridge', L.contextText)],
  };
  let blocks: Block[] = [
    titleBlock(message),
    ...splitText(message.body, L.sectionText, 'slack').map(section),
    ...fieldBlocks(message.fields),
  ];
  if (blocks.length > L.blocks - 1) blocks = [...blocks.slice(0, L.blocks - 2), section(ELLIPSIS)];
  return finalSlackBody({
    text: truncateText(escapeSlack(message.title), L.text, 'slack'),
    blocks: [...blocks, footer],
    unfurl_links: false,
    unfurl_media: false,
  });
}
