/** Slack's chat.postMessage / chat.update argument checks, with Slack's error names. */
import { isRecord } from './fake-http.ts';

export interface SlackValidationError {
  error: string;
  /** For invalid_blocks: Slack's messages with json-pointers. */
  errors?: string[];
}

const BLOCK_TYPES = new Set(['section', 'header', 'divider', 'context', 'actions', 'image', 'rich_text', 'input', 'file', 'video', 'markdown']);
const length = (value: string): number => [...value].length;

class BlockErrors {
  readonly list: string[] = [];
  add(message: string, pointer: string): void {
    this.list.push(`${message} [json-pointer:${pointer}]`);
  }
}

function checkText(errors: BlockErrors, value: unknown, pointer: string, max: number, plainOnly = false): void {
  if (!isRecord(value)) return errors.add('must provide an object', pointer);
  const allowed = plainOnly ? ['plain_text'] : ['plain_text', 'mrkdwn'];
  if (typeof value.type !== 'string' || !allowed.includes(value.type)) {
    errors.add(`must be one of: ${allowed.join(', ')}`, `${pointer}/type`);
  }
  if (typeof value.text !== 'string' || value.text.length === 0) {
    return errors.add('must be more than 0 characters', `${pointer}/text`);
  }
  if (length(value.text) > max) errors.add(`must be less than ${max + 1} characters`, `${pointer}/text`);
}

function checkList(errors: BlockErrors, value: unknown, pointer: string, min: number, max: number): unknown[] {
  if (!Array.isArray(value)) {
    errors.add('must provide an array', pointer);
    return [];
  }
  if (value.length < min) errors.add(`must provide at least ${min} items`, pointer);
  if (value.length > max) errors.add(`no more than ${max} items allowed`, pointer);
  return value as unknown[];
}

function checkBlock(errors: BlockErrors, block: unknown, pointer: string): void {
  if (!isRecord(block)) return errors.add('must provide an object', pointer);
  if (typeof block.type !== 'string' || !BLOCK_TYPES.has(block.type)) {
    return errors.add('unsupported type', `${pointer}/type`);
  }
  if (block.block_id !== undefined && (typeof block.block_id !== 'string' || length(block.block_id) > 255)) {
    errors.add('must be less than 256 characters', `${pointer}/block_id`);
  }
  switch (block.type) {
    case 'header':
      return checkText(errors, block.text, `${pointer}/text`, 150, true);
    case 'section':
      if (block.text === undefined && block.fields === undefined) {
        return errors.add('must contain either "text" or "fields"', pointer);
      }
      if (block.text !== undefined) checkText(errors, block.text, `${pointer}/text`, 3000);
      if (block.fields !== undefined) {
        checkList(errors, block.fields, `${pointer}/fields`, 1, 10).forEach((field, i) =>
          checkText(errors, field, `${pointer}/fields/${i}`, 2000),
        );
      }
      return;
    case 'context':
      return checkList(errors, block.elements, `${pointer}/elements`, 1, 10).forEach((element, i) => {
        if (isRecord(element) && element.type === 'image') return;
        checkText(errors, element, `${pointer}/elements/${i}`, 3000);
      });
    case 'actions':
      checkList(errors, block.elements, `${pointer}/elements`, 1, 25);
      return;
    case 'image':
      if (typeof block.image_url !== 'string' && !isRecord(block.slack_file)) {
        errors.add('must provide a string', `${pointer}/image_url`);
      }
      if (typeof block.alt_text !== 'string' || length(block.alt_text) > 2000) {
        errors.add('must be a string of at most 2000 characters', `${pointer}/alt_text`);
      }
      return;
    default:
      return;
  }
}

/** Validates the message arguments (channel already resolved); null when Slack would accept them. */
export function validateSlackMessage(params: Record<string, unknown>, isUpdate = false): SlackValidationError | null {
  const text = params.text;
  if (text !== undefined && typeof text !== 'string') return { error: 'invalid_arguments' };
  const blocks = params.blocks;
  if (blocks !== undefined && !Array.isArray(blocks)) return { error: 'invalid_blocks_format' };
  const attachments = params.attachments;
  if (attachments !== undefined && !Array.isArray(attachments)) return { error: 'invalid_attachments' };
  const hasText = typeof text === 'string' && text.trim() !== '';
  const hasBlocks = Array.isArray(blocks) && blocks.length > 0;
  const hasAttachments = Array.isArray(attachments) && attachments.length > 0;
  if (!isUpdate && !hasText && !hasBlocks && !hasAttachments) return { error: 'no_text' };
  if (typeof text === 'string' && length(text) > 40000) return { error: 'msg_too_long' };
  if (Array.isArray(attachments) && attachments.length > 100) return { error: 'too_many_attachments' };
  if (Array.isArray(blocks)) {
    const errors = new BlockErrors();
    if (blocks.length > 50) errors.add('no more than 50 items allowed', '/blocks');
    blocks.forEach((block: unknown, i: number) => checkBlock(errors, block, `/blocks/${i}`));
    if (errors.list.length > 0) return { error: 'invalid_blocks', errors: errors.list };
  }
  return null;
}
