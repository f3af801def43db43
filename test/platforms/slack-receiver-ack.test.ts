import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { App } from '@slack/bolt';
import Koa from 'koa';
import { errorMiddleware } from '../../src/http/error-middleware.ts';
import { silentLogger } from '../../src/logging/logger.ts';
import { boltLogger } from '../../src/platforms/slack/slack-receiver-body.ts';
import { KoaSlackReceiver } from '../../src/platforms/slack/slack-receiver.ts';
import { postSlashCommand, SLACK_SIGNING_SECRET } from '../helpers/sign-slack.ts';

/** KoaSlackReceiver with a hand-made Bolt App, to see how acks become HTTP responses. */
describe('KoaSlackReceiver acknowledgements', () => {
  let server: Server;
  let url: string;
  let lateAck: Promise<void> | undefined;

  before(async () => {
    const receiver = new KoaSlackReceiver({ signingSecret: SLACK_SIGNING_SECRET, logger: silentLogger, ackTimeoutMs: 150 });
    const app = new App({ receiver, authorize: async () => ({}), logger: boltLogger(silentLogger), ignoreSelf: false });
    app.command('/text', async ({ ack }) => ack('plain words'));
    app.command('/empty', async ({ ack }) => ack());
    app.command('/slow', async ({ ack }) => {
      lateAck = new Promise((resolve) => setTimeout(resolve, 300)).then(() => ack({ text: 'too late' }));
      await lateAck;
    });
    app.command('/boom', async () => {
      throw new Error('listener failed before acknowledging');
    });
    const koa = new Koa();
    koa.use(errorMiddleware(silentLogger));
    koa.use(receiver.router().routes());
    server = createServer(koa.callback());
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  after(() => new Promise<void>((resolve) => server.close(() => resolve())));

  it('a string ack is the response body', async () => {
    const res = await postSlashCommand(url, { command: '/text' });
    assert.equal(res.status, 200);
    assert.equal(await res.text(), 'plain words');
  });

  it('an empty ack is an empty 200', async () => {
    const res = await postSlashCommand(url, { command: '/empty' });
    assert.equal(res.status, 200);
    assert.equal(await res.text(), '');
  });

  it('no ack in time: an ephemeral note, and the late ack does not throw', async () => {
    const started = Date.now();
    const res = await postSlashCommand(url, { command: '/slow' });
    assert.ok(Date.now() - started < 290, 'answered at the ack timeout, not after the listener');
    assert.equal(res.status, 200);
    assert.match(((await res.json()) as { text: string }).text, /took too long/);
    await lateAck;
  });

  it('a listener that fails before acknowledging is a 500 without details', async () => {
    const res = await postSlashCommand(url, { command: '/boom' });
    assert.equal(res.status, 500);
    assert.doesNotMatch(await res.text(), /listener failed/);
  });
});
