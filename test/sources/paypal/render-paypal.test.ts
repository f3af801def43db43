import assert from 'node:assert/strict';
import { readdirSync } from 'node:fs';
import { createRenderer } from '../../../src/rendering/create-renderer.ts';
import { normalizePaypalEvent, PAYPAL_HANDLERS } from '../../../src/sources/paypal/normalize-paypal.ts';
import { assertDiscordLimits, assertSlackLimits } from '../../helpers/platform-limits.ts';
import { capture, everyPostedPaypalEvent, order, paypalDispute, paypalEvent } from './paypal-fixtures.ts';

type Embed = { title: string; url?: string; description?: string; color: number; fields?: Array<{ name: string; value: string }>; footer: { text: string } };
const renderer = createRenderer({ templatesDir: 'templates' });

async function render(event: Record<string, unknown>) {
  const normalized = normalizePaypalEvent(event, new Date());
  const discord = await renderer.render(normalized, 'discord');
  const slack = await renderer.render(normalized, 'slack');
  assert.ok(discord && slack, `${String(event.event_type)} renders on both platforms`);
  assertDiscordLimits(discord.body);
  assertSlackLimits(slack.body);
  return { embed: (discord.body as { embeds: Embed[] }).embeds[0]!, discordText: JSON.stringify(discord.body), slackText: JSON.stringify(slack.body) };
}

describe('PayPal templates', () => {
  it('there is one template per posted event type, and nothing else', () => {
    const files = readdirSync('templates/paypal').filter((f) => f.endsWith('.liquid')).map((f) => f.replace(/\.liquid$/, '')).sort();
    assert.deepEqual(files, Object.keys(PAYPAL_HANDLERS).map((t) => t.toLowerCase()).sort());
  });

  it('every event renders within Discord and Slack limits, with amount and sandbox badge', async () => {
    for (const event of everyPostedPaypalEvent()) {
      const { embed, discordText } = await render(event);
      assert.match(embed.title, /^\[SANDBOX\] /, String(event.event_type));
      assert.equal(embed.footer.text, 'PayPal · SANDBOX');
      assert.match(discordText, /\$|€/, `${String(event.event_type)} shows an amount`);
    }
    const live = await render(paypalEvent('PAYMENT.CAPTURE.COMPLETED', 'capture', capture(), '', { sandbox: false }));
    assert.equal(live.embed.title, 'Payment received: $49.99 (invoice INV-2026-0042)');
    assert.equal(live.embed.url, 'https://www.paypal.com/activity/payment/2GG279541U471931P');
  });

  it('formats JPY without decimals', async () => {
    const { embed } = await render(paypalEvent('PAYMENT.CAPTURE.COMPLETED', 'capture', capture('1000', 'JPY'), ''));
    assert.match(embed.title, /Payment received: ¥1,000/);
  });

  it('shows the dispute response deadline, and colours by outcome', async () => {
    const { embed } = await render(paypalEvent('CUSTOMER.DISPUTE.CREATED', 'dispute', paypalDispute(10), ''));
    assert.match(embed.fields?.find((f) => f.name === 'Respond by')?.value ?? '', /^\d{4}-\d{2}-\d{2} \(in 10 days\)$/);
    assert.equal(embed.color, 0xcf222e);
    const denied = await render(paypalEvent('PAYMENT.CAPTURE.DENIED', 'capture', capture('5.00', 'USD', { status: 'DENIED' }), ''));
    assert.match(denied.embed.description ?? '', /Reason:\*\* denied/);
  });

  it('escapes buyer text', async () => {
    const hostile = { ...order(), payer: { name: { given_name: '@everyone', surname: '<!channel>' }, email_address: '<@1>@x.io' } };
    const { discordText, slackText } = await render(paypalEvent('CHECKOUT.ORDER.APPROVED', 'checkout-order', hostile, ''));
    assert.doesNotMatch(discordText, /@everyone/);
    assert.doesNotMatch(slackText, /<!channel>|<@1>/);
  });
});
