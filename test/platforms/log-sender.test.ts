import assert from 'node:assert/strict';
import type { Logger } from '../../src/logging/logger.ts';
import { createLogSender } from '../../src/platforms/log-sender.ts';

function recordingLogger() {
  const lines: Array<{ level: string; obj: object; msg?: string }> = [];
  const at = (level: string) => (obj: object, msg?: string) => void lines.push({ level, obj, msg });
  const logger: Logger = { debug: at('debug'), info: at('info'), warn: at('warn'), error: at('error') };
  return { logger, lines };
}

describe('log sender (no chat credentials)', () => {
  it('logs a one-line summary at info and the payload at debug, and returns a stable fake id', async () => {
    const { logger, lines } = recordingLogger();
    const sender = createLogSender('discord', logger);
    const body = { embeds: [{ title: 'acme/api:\n2 new commits' }], allowed_mentions: { parse: [] as [] } };
    const first = await sender.send('111', { platform: 'discord', body }, 'evt-1');
    const again = await sender.send('111', { platform: 'discord', body }, 'evt-1');
    const other = await sender.send('111', { platform: 'discord', body }, 'evt-2');
    assert.equal(sender.platform, 'discord');
    assert.equal(first.messageId, again.messageId);
    assert.notEqual(first.messageId, other.messageId);
    const info = lines.find((l) => l.level === 'info');
    assert.match(info?.msg ?? '', /\[discord #111\] would send: acme\/api: 2 new commits$/);
    const debug = lines.find((l) => l.level === 'debug');
    assert.deepEqual((debug?.obj as { payload: unknown }).payload, body);
  });

  it('summarizes Slack messages by their text fallback', async () => {
    const { logger, lines } = recordingLogger();
    const sender = createLogSender('slack', logger);
    const body = { text: 'Payment of $12.00 succeeded', blocks: [], unfurl_links: false, unfurl_media: false };
    await sender.send('C1', { platform: 'slack', body }, 'k');
    assert.match(lines[0]?.msg ?? '', /\[slack #C1\] would send: Payment of \$12\.00 succeeded/);
  });
});
