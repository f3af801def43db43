/** Wording that reads right in the channel: who did it, nothing dangling, nothing misleading. */
import assert from 'node:assert/strict';
import { createRenderer } from '../../src/rendering/create-renderer.ts';
import type { DiscordMessagePayload } from '../../src/rendering/message.ts';
import { normalizeStripeEvent } from '../../src/sources/stripe/normalize-stripe.ts';
import { normalizeUptimeTransition } from '../../src/sources/uptime/normalize-uptime.ts';
import { siteName } from '../../src/uptime/format.ts';
import { dueDate } from '../../src/sources/money/due-date.ts';
import { pushPayload } from '../helpers/github-payloads.ts';
import { example, normalize } from './github/github-fixtures.ts';
import { dispute, stripeEvent, subscription } from './stripe/stripe-fixtures.ts';

const renderer = createRenderer({ templatesDir: 'templates' });
async function embed(event: Parameters<typeof renderer.render>[0]) {
  const payload = await renderer.render(event, 'discord');
  assert.ok(payload?.platform === 'discord');
  return (payload.body as DiscordMessagePayload).embeds[0]!;
}

describe('message wording', () => {
  it('a closed issue says who closed it, and "as not planned" when it was', async () => {
    const payload = example('issues', (p) => p.action === 'closed' || p.action === 'opened');
    Object.assign(payload, { action: 'closed', sender: { login: 'maintainer', html_url: 'https://github.com/maintainer' } });
    Object.assign(payload.issue as object, { state: 'closed', state_reason: 'not_planned', user: { login: 'reporter', html_url: 'https://github.com/reporter' } });
    const event = normalize('issues', payload);
    assert.match(event.summary, /Issue #\d+ closed as not planned: /);
    const e = await embed(event);
    assert.match(e.title!, /Issue #\d+ closed as not planned: /);
    assert.deepEqual(e.fields?.filter((f) => /Author|Closed by/.test(f.name)).map((f) => [f.name, f.value.replace(/\]\(.*$/, '').replace('[', '')]), [['Author', 'reporter'], ['Closed by', 'maintainer']]);
  });

  it('a force-push that only rewinds the branch does not say "0 commits"; the overflow names commits', async () => {
    const rewind = normalize('push', { ...(pushPayload({ commits: 0 }) as object), forced: true });
    assert.match(rewind.summary, /force-pushed main$/);
    assert.doesNotMatch((await embed(rewind)).title!, /0 commits/);
    const many = await embed(normalize('push', pushPayload({ commits: 25 })));
    assert.match(many.description!, /and 15 more commits/);
  });

  it('a long release body is cut at a word, never inside a link', () => {
    const payload = example('release', (p) => p.action === 'published');
    const body = `${'Fixed the thing. '.repeat(22)}See https://github.com/acme/api/pull/12345/files#diff-0123456789abcdef for details.`;
    Object.assign(payload.release as object, { body });
    const release = (normalize('release', payload).data.release as { body: string }).body;
    assert.ok(release.endsWith('…'), release);
    assert.doesNotMatch(release, /https?:[^\s]*…$/, 'no half link');
    assert.match(release, /thing\.…$|thing\. See…$|See…$/);
  });

  it('a Stripe inquiry is not called a dispute that will be lost; "3 hours before" reads "in 3 hours"', async () => {
    const inquiry = normalizeStripeEvent(stripeEvent('charge.dispute.created', dispute({ status: 'warning_needs_response' })), new Date());
    assert.match(inquiry.summary, /^\[TEST\] Inquiry opened: .*, respond /);
    const e = await embed(inquiry);
    assert.match(e.title!, /Inquiry opened/);
    assert.match(e.description!, /An inquiry, not a chargeback yet: respond by/);
    assert.doesNotMatch(e.description!, /dispute is lost/);
    const now = new Date('2026-11-25T12:00:00Z');
    const almostThree = dueDate(Date.parse('2026-11-25T14:59:58Z') / 1000, now);
    assert.equal(almostThree?.countdown, 'in 3 hours');
    assert.equal(dueDate(Date.parse('2026-11-25T14:30:00Z') / 1000, now)?.countdown, 'in 2 hours');
  });

  it('a payout says its arrival as a date, not as midnight UTC', () => {
    const tomorrow = Math.floor(Date.UTC(new Date().getUTCFullYear(), new Date().getUTCMonth(), new Date().getUTCDate() + 1) / 1000);
    const event = normalizeStripeEvent(stripeEvent('payout.paid', { id: 'po_1', amount: 1000, currency: 'usd', arrival_date: tomorrow }), new Date());
    const day = new Date(tomorrow * 1000).toISOString().slice(0, 10);
    assert.match(event.summary, new RegExp(`arrival ${day}$`));
    assert.equal((event.data.payout as { arrival: string }).arrival, day);
  });

  it('a Stripe subscription without a plan name reads "New subscription: $20.00 / month"', () => {
    const sub = subscription();
    const items = sub.items as { data: Array<{ price: Record<string, unknown> }> };
    delete items.data[0]!.price.nickname;
    delete items.data[0]!.price.product;
    const event = normalizeStripeEvent(stripeEvent('customer.subscription.created', sub), new Date());
    assert.match(event.summary, /New subscription: \$20\.00 \/ month/);
    assert.doesNotMatch(event.summary, /\(\$/);
  });

  it('a dispute whose evidence deadline has passed says so instead of "submit by … (3 days ago)"', async () => {
    const e = await embed(normalizeStripeEvent(stripeEvent('charge.dispute.created', dispute({}, -3)), new Date()));
    assert.match(e.description!, /has passed \(3 days ago\)/);
    assert.doesNotMatch(e.description!, /Submit evidence by/);
  });

  it('uptime: UP without a latency has no dangling dash; a very long URL keeps "is DOWN" in the title', async () => {
    const now = new Date('2026-03-04T12:11:12.000Z');
    const up = normalizeUptimeTransition({
      url: 'https://shop.example.com', origin: 'monitor', deliveryId: 'd1', now,
      transition: { kind: 'up', downSince: null, downtimeMs: null, latencyMs: null, afterFlapping: false },
    });
    assert.equal(up.summary, '🟢 shop.example.com is UP again');
    const long = `https://grafana.example.com/d/${'x'.repeat(300)}/panel?orgId=1`;
    const name = siteName(long);
    assert.ok(name.length <= 80 && name.startsWith('grafana.example.com/d/xxx') && name.endsWith('/panel?orgId=1'), name);
    const down = normalizeUptimeTransition({
      url: long, origin: 'monitor', deliveryId: 'd2', now,
      transition: { kind: 'down', reason: 'HTTP 500', statusCode: 500, failures: 3, since: '2026-03-04T12:04:00.000Z', reminder: false, afterFlapping: false },
    });
    assert.match((await embed(down)).title!, /is DOWN — HTTP 500/);
  });
});
