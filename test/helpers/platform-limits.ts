/**
 * Assertions that a message body respects what the Discord and Slack APIs accept. The numbers
 * are written out here on purpose (not imported from src) so the check is independent of the
 * code under test. Usable by unit tests and by fake chat API servers on received bodies.
 */
import assert from 'node:assert/strict';

type Obj = Record<string, unknown>;

function isObj(value: unknown): value is Obj {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

/** Every string in the value is well-formed UTF-16 (no surrogate half left by a bad cut). */
function assertWellFormed(value: unknown, where: string): void {
  if (typeof value === 'string') {
    assert.ok(!/[\uD800-\uDFFF]/u.test(value), `${where}: lone surrogate in ${JSON.stringify(value.slice(-20))}`);
  } else if (Array.isArray(value)) {
    value.forEach((v, i) => assertWellFormed(v, `${where}[${i}]`));
  } else if (isObj(value)) {
    for (const [k, v] of Object.entries(value)) assertWellFormed(v, `${where}.${k}`);
  }
}

function assertText(value: unknown, max: number, where: string, required = true): number {
  if (value === undefined && !required) return 0;
  assert.equal(typeof value, 'string', `${where} must be a string`);
  const text = value as string;
  if (required) assert.ok(text.length > 0, `${where} must not be empty`);
  assert.ok(text.length <= max, `${where} is ${text.length} > ${max} UTF-16 code units`);
  return text.length;
}

export function assertDiscordLimits(payload: unknown): void {
  assert.ok(isObj(payload), 'Discord payload must be an object');
  assertWellFormed(payload, 'discord');
  assert.deepEqual((payload.allowed_mentions as Obj | undefined)?.parse, [], 'allowed_mentions.parse must be []');
  if (payload.content !== undefined) assertText(payload.content, 2000, 'content', false);
  const embeds = (payload.embeds ?? []) as unknown[];
  assert.ok(Array.isArray(embeds) && embeds.length <= 10, 'at most 10 embeds');
  let total = 0;
  embeds.forEach((embed, e) => {
    assert.ok(isObj(embed), `embeds[${e}] must be an object`);
    const at = `embeds[${e}]`;
    total += assertText(embed.title, 256, `${at}.title`, false);
    total += assertText(embed.description, 4096, `${at}.description`, false);
    if (embed.url !== undefined) assert.match(String(embed.url), /^https?:\/\/\S+$/, `${at}.url must be http(s)`);
    if (embed.color !== undefined) {
      assert.ok(Number.isInteger(embed.color) && (embed.color as number) >= 0 && (embed.color as number) <= 0xffffff, `${at}.color`);
    }
    const fields = (embed.fields ?? []) as unknown[];
    assert.ok(Array.isArray(fields) && fields.length <= 25, `${at}: at most 25 fields`);
    fields.forEach((field, f) => {
      assert.ok(isObj(field), `${at}.fields[${f}] must be an object`);
      total += assertText(field.name, 256, `${at}.fields[${f}].name`);
      total += assertText(field.value, 1024, `${at}.fields[${f}].value`);
    });
    if (embed.footer !== undefined) total += assertText((embed.footer as Obj).text, 2048, `${at}.footer.text`);
    if (isObj(embed.author)) total += assertText(embed.author.name, 256, `${at}.author.name`);
  });
  assert.ok(total <= 6000, `embeds total ${total} > 6000`);
}

function assertTextObject(value: unknown, max: number, where: string): void {
  assert.ok(isObj(value), `${where} must be a text object`);
  assert.ok(value.type === 'mrkdwn' || value.type === 'plain_text', `${where}.type`);
  assertText(value.text, max, `${where}.text`);
}

function assertBlock(block: unknown, where: string): void {
  assert.ok(isObj(block), `${where} must be an object`);
  if (block.type === 'header') {
    assert.ok(isObj(block.text) && block.text.type === 'plain_text', `${where}: header text must be plain_text`);
    assertTextObject(block.text, 150, `${where}.text`);
  } else if (block.type === 'section') {
    assert.ok(block.text !== undefined || block.fields !== undefined, `${where}: section needs text or fields`);
    if (block.text !== undefined) assertTextObject(block.text, 3000, `${where}.text`);
    if (block.fields !== undefined) {
      const fields = block.fields as unknown[];
      assert.ok(Array.isArray(fields) && fields.length >= 1 && fields.length <= 10, `${where}: 1..10 fields`);
      fields.forEach((f, i) => assertTextObject(f, 2000, `${where}.fields[${i}]`));
    }
  } else if (block.type === 'context') {
    const elements = block.elements as unknown[];
    assert.ok(Array.isArray(elements) && elements.length >= 1 && elements.length <= 10, `${where}: 1..10 elements`);
    elements.forEach((el, i) => {
      if (isObj(el) && el.type !== 'image') assertTextObject(el, 3000, `${where}.elements[${i}]`);
    });
  }
}

export function assertSlackLimits(payload: unknown): void {
  assert.ok(isObj(payload), 'Slack payload must be an object');
  assertWellFormed(payload, 'slack');
  assertText(payload.text, 3000, 'text');
  if (payload.blocks !== undefined) {
    const blocks = payload.blocks as unknown[];
    assert.ok(Array.isArray(blocks) && blocks.length <= 50, `at most 50 blocks (got ${blocks.length})`);
    blocks.forEach((b, i) => assertBlock(b, `blocks[${i}]`));
  }
}
