import assert from 'node:assert/strict';
import type { Store } from '../../src/storage/store.ts';
import { makeEvent } from '../fakes/events.ts';
import { deliverTo, discordCtx, run, slackCtx, tempStore } from './helpers.ts';

describe('/subscriptions', () => {
  let store: Store;
  let cleanup: () => Promise<void>;
  beforeEach(async () => ({ store, cleanup } = await tempStore()));
  afterEach(() => cleanup());

  it('says how to start when the channel has none', async () => {
    const r = await run(slackCtx(), '/subscriptions', { store });
    assert.equal(r.text, 'No subscriptions in this channel yet. Try /subscribe github owner/repo');
    const d = await run(discordCtx(), '/subscriptions', { store });
    assert.equal(d.text, 'No subscriptions in this channel yet. Try /subscribe github repo:owner/repo');
  });

  it('lists only this channel\'s subscriptions with features and filters, even with no permission', async () => {
    const ctx = slackCtx();
    await run(ctx, '/subscribe stripe min:100USD', { store });
    await run(ctx, '/subscribe github acme/api reviews -author:*[bot]', { store });
    await run(slackCtx({ channel: 'C999' }), '/subscribe github other/repo', { store });
    const r = await run({ ...ctx, canManage: false }, '/subscriptions', { store });
    assert.equal(r.ok, true);
    assert.equal(
      r.text,
      'Subscriptions in #general (2):\n' +
        '• acme/api: issues, pulls, commits (default branch), releases, deployments, reviews · -author:*[bot]\n' +
        '• stripe (all accounts): payments, refunds, disputes, subscriptions, invoices · min:100USD',
    );
    assert.match(r.slack, /• \*acme\/api\*: .* · `-author:\*\[bot\]`/);
    const gh = await run(ctx, '/subscriptions github', { store });
    assert.doesNotMatch(gh.text, /stripe/);
  });

  it('a long list says up front how to see one source at a time', async () => {
    const ctx = slackCtx();
    for (let i = 0; i < 40; i++) await run(ctx, `/subscribe github acme/repo-${i} reviews comments -author:*[bot] +label:"needs review ${i}"`, { store });
    await run(ctx, '/subscribe stripe', { store });
    const r = await run(ctx, '/subscriptions', { store });
    assert.match(r.text.split('\n')[0]!, /^Subscriptions in #general \(41\) — one source at a time: \/subscriptions github:$/);
    assert.match(r.text, /more lines not shown/);
    assert.ok(r.slack.length <= 3900);
    assert.match(r.slack.split('\n')[0]!, /one source at a time: `\/subscriptions github`:$/);
  });
});

describe('/recent', () => {
  let store: Store;
  let cleanup: () => Promise<void>;
  beforeEach(async () => ({ store, cleanup } = await tempStore()));
  afterEach(() => cleanup());

  const ctx = slackCtx();
  const at = (minute: number) => new Date(Date.UTC(2024, 4, 1, 12, minute)).toISOString();

  async function seed(count: number): Promise<void> {
    for (let i = 0; i < count; i++) {
      await deliverTo(store, ctx, makeEvent({ summary: `event ${i}`, receivedAt: at(i), url: `https://github.com/acme/api/issues/${i}` }));
    }
  }

  it('says so when nothing was posted here', async () => {
    const r = await run(ctx, '/recent', { store });
    assert.equal(r.text, 'No events have been posted to #general yet.');
    assert.equal((await run(ctx, '/recent stripe', { store })).text, 'No stripe events have been posted to #general yet.');
  });

  it('shows the newest 10 by default, newest first, with UTC time, summary and link', async () => {
    await seed(12);
    const r = await run(ctx, '/recent', { store });
    const lines = r.text.split('\n');
    assert.equal(lines[0], 'The 10 latest events in #general, newest first (times in UTC):');
    assert.equal(lines.length, 11);
    assert.equal(lines[1], '2024-05-01 12:11 [github] event 11 https://github.com/acme/api/issues/11');
    assert.equal(lines[10], '2024-05-01 12:02 [github] event 2 https://github.com/acme/api/issues/2');
    assert.match(r.slack, /`2024-05-01 12:11` \[github\] event 11 <https:\/\/github\.com\/acme\/api\/issues\/11\|open>/);
    assert.match(r.discord, /`2024-05-01 12:11` \\\[github\\\] event 11 \[open\]\(<https:\/\/github\.com\/acme\/api\/issues\/11>\)/);
  });

  it('takes a count (max 25) and a source in any order', async () => {
    await seed(30);
    await deliverTo(store, ctx, makeEvent({ source: 'stripe', target: 'acct_1', summary: 'Payment $5.00', receivedAt: at(59), url: null }));
    assert.equal((await run(ctx, '/recent 3', { store })).text.split('\n').length, 4);
    const many = await run(ctx, '/recent 100', { store });
    assert.match(many.text, /^The 25 latest events in #general \(at most 25 are shown\), newest first \(times in UTC\):/);
    assert.equal(many.text.split('\n').length, 26);
    const stripe = await run(ctx, '/recent stripe 5', { store });
    assert.equal(stripe.text, 'The latest stripe event in #general, newest first (times in UTC):\n2024-05-01 12:59 Payment $5.00');
    assert.equal((await run(ctx, '/recent github 2', { store })).text.split('\n')[1], '2024-05-01 12:29 event 29 https://github.com/acme/api/issues/29');
  });

  it('says which events were not posted (yet), so "why didn\'t I get this?" has an answer', async () => {
    const ctx = slackCtx();
    const at = (m: number) => `2024-05-01T12:0${m}:00.000Z`;
    await deliverTo(store, ctx, makeEvent({ id: 'github:1', summary: 'posted fine', receivedAt: at(1), url: null }));
    await deliverTo(store, ctx, makeEvent({ id: 'github:2', summary: 'still queued', receivedAt: at(2), url: null }), 'pending');
    await deliverTo(store, ctx, makeEvent({ id: 'github:3', summary: 'retrying', receivedAt: at(3), url: null }), 'failed');
    await deliverTo(store, ctx, makeEvent({ id: 'github:4', summary: 'given up', receivedAt: at(4), url: null }), 'dead');
    const lines = (await run(ctx, '/recent', { store })).text.split('\n').slice(1);
    assert.deepEqual(lines, [
      '2024-05-01 12:04 [github] given up — could not be posted',
      '2024-05-01 12:03 [github] retrying — posting failed, retrying',
      '2024-05-01 12:02 [github] still queued — not posted yet',
      '2024-05-01 12:01 [github] posted fine',
    ]);
  });

  it('never shows another channel\'s events', async () => {
    await deliverTo(store, slackCtx({ channel: 'C999' }), makeEvent({ summary: 'secret' }));
    assert.equal((await run(ctx, '/recent', { store })).text, 'No events have been posted to #general yet.');
  });

  it('answers bad counts and words with usage help', async () => {
    for (const [line, pattern] of [
      ['/recent 0', /^The count must be a whole number from 1 to 25 \(got 0\)\.\nUsage: \/recent \[count\] \[source\]/],
      ['/recent -3', /The count must be a whole number from 1 to 25/],
      ['/recent 2.5', /"2\.5" is not a number of events/],
      ['/recent gihtub', /"gihtub" is not a count or a source\. Did you mean "github"\?/],
    ] as const) {
      const r = await run(ctx, line, { store });
      assert.equal(r.ok, false, line);
      assert.match(r.text, pattern, line);
    }
  });

  it('fits Discord\'s 2000-character limit with long summaries', async () => {
    for (let i = 0; i < 25; i++) {
      await deliverTo(store, discordCtx(), makeEvent({ summary: `${'very long summary '.repeat(20)}${i}`, receivedAt: at(i), url: `https://github.com/acme/api/pull/${i}?${'x'.repeat(80)}` }));
    }
    const r = await run(discordCtx(), '/recent 25', { store });
    assert.ok(r.discord.length <= 2000, `discord reply is ${r.discord.length} chars`);
    assert.equal(r.discord.split("\n").length, 26, "all 25 events are listed, shortened");
    assert.ok(r.slack.length <= 3900);
  });
});
