import assert from 'node:assert/strict';
import { readdirSync } from 'node:fs';
import { createRenderer } from '../../../src/rendering/create-renderer.ts';
import { normalizeStripeEvent, STRIPE_HANDLERS } from '../../../src/sources/stripe/normalize-stripe.ts';
import { assertDiscordLimits, assertSlackLimits } from '../../helpers/platform-limits.ts';
import { dispute, everyPostedEvent, failedPaymentIntent, invoice, paymentIntent, stripeEvent } from './stripe-fixtures.ts';

type Embed = { title: string; url?: string; description?: string; color: number; fields?: Array<{ name: string; value: string }>; footer: { text: string } };
const renderer = createRenderer({ templatesDir: 'templates' });
const now = new Date();

async function render(event: Record<string, unknown>) {
  const normalized = normalizeStripeEvent(event, now);
  const discord = await renderer.render(normalized, 'discord');
  const slack = await renderer.render(normalized, 'slack');
  assert.ok(discord && slack, `${String(event.type)} renders on both platforms`);
  assertDiscordLimits(discord.body);
  assertSlackLimits(slack.body);
  const embed = (discord.body as { embeds: Embed[] }).embeds[0]!;
  return { embed, discordText: JSON.stringify(discord.body), slack: slack.body as { text: string; blocks: unknown[] }, slackText: JSON.stringify(slack.body) };
}

describe('Stripe templates', () => {
  it('there is one template per posted event type, and nothing else', () => {
    const files = readdirSync('templates/stripe').filter((f) => f.endsWith('.liquid')).map((f) => f.replace(/\.liquid$/, '')).sort();
    assert.deepEqual(files, Object.keys(STRIPE_HANDLERS).sort());
  });

  it('every event renders within Discord and Slack limits, with amount, TEST badge, dashboard link', async () => {
    for (const event of everyPostedEvent({ account: 'acct_1Nx2y3' })) {
      const { embed, discordText, slack, slackText } = await render(event);
      assert.match(embed.title, /^\[TEST\] /, String(event.type));
      assert.match(embed.url ?? '', /^https:\/\/dashboard\.stripe\.com\/acct_1Nx2y3\/test\//, String(event.type));
      assert.match(embed.footer.text, /Stripe · TEST MODE · acct_1Nx2y3/);
      assert.match(discordText, /\$|€/, `${String(event.type)} shows an amount`);
      assert.match(slack.text, /^\[TEST\] /);
      assert.match(slackText, /<https:\/\/dashboard\.stripe\.com\/acct_1Nx2y3\/test\/[^|]+\|/, 'Slack link to the dashboard');
    }
  });

  it('live events have no badge and link to the live dashboard', async () => {
    const { embed } = await render(stripeEvent('payment_intent.succeeded', paymentIntent(), { livemode: true }));
    assert.equal(embed.title, 'Payment received: $20.00 from Jenny Rosen');
    assert.equal(embed.url, 'https://dashboard.stripe.com/payments/pi_3MtwBwLkdIwHu7ix28a3tqPa');
    assert.equal(embed.footer.text, 'Stripe');
  });

  it('formats JPY, KWD and USD amounts for their currency', async () => {
    const jpy = await render(stripeEvent('payment_intent.succeeded', paymentIntent({ amount: 1000, amount_received: 1000, currency: 'jpy' }), { livemode: true }));
    assert.match(jpy.embed.title, /Payment received: ¥1,000 from/);
    assert.doesNotMatch(jpy.discordText, /¥10\.00/);
    const kwd = await render(stripeEvent('payment_intent.succeeded', paymentIntent({ amount: 12340, amount_received: 12340, currency: 'kwd' }), { livemode: true }));
    assert.match(kwd.embed.title, /Payment received: KWD\s12\.340 from/);
    const usd = await render(stripeEvent('invoice.paid', invoice({ amount_paid: 123456 }), { livemode: true }));
    assert.match(usd.embed.title, /paid: \$1,234\.56/);
  });

  it('shows the failure reason and colours by outcome', async () => {
    const failed = await render(stripeEvent('payment_intent.payment_failed', failedPaymentIntent()));
    assert.match(failed.embed.description ?? '', /Reason:\*\* Your card has insufficient funds\. \(insufficient funds\)/);
    const ok = await render(stripeEvent('payment_intent.succeeded', paymentIntent()));
    assert.notEqual(failed.embed.color, ok.embed.color);
    assert.equal(ok.embed.color, 0x1f883d);
    assert.equal(failed.embed.color, 0xcf222e);
  });

  it('shows the dispute evidence deadline as date and countdown', async () => {
    const { embed, slackText } = await render(stripeEvent('charge.dispute.created', dispute({}, 6)));
    const due = embed.fields?.find((f) => f.name === 'Evidence due');
    assert.match(due?.value ?? '', /^\d{4}-\d{2}-\d{2} \(in 6 days\)$/);
    assert.match(slackText, /Submit evidence by \*\d{4}-\d{2}-\d{2}\* \(in 6 days\)/);
  });

  it('escapes customer text and cannot ping anyone', async () => {
    const hostile = paymentIntent({
      shipping: { name: '@everyone <!channel> **bold** [x](https://evil.example)' },
      receipt_email: '<@123>@example.com',
      description: `> quote\n# heading <!here> ${'very long '.repeat(1000)}`,
    });
    const { discordText, slackText, slack } = await render(stripeEvent('payment_intent.succeeded', hostile));
    assert.doesNotMatch(discordText, /@everyone/);
    assert.doesNotMatch(discordText, /\[x\]\(https:\/\/evil/);
    assert.doesNotMatch(slackText, /<!channel>|<!here>|<@123>/);
    assert.ok(slack.text.length <= 3000);
  });
});
