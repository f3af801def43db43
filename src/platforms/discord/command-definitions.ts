import {
  InteractionContextType,
  PermissionFlagsBits,
  SlashCommandBuilder,
  type RESTPostAPIChatInputApplicationCommandsJSONBody,
  type SlashCommandSubcommandBuilder,
} from 'discord.js';
import { RECENT_DEFAULT, RECENT_MAX } from '../../commands/index.ts';
import { SOURCES } from '../../events/normalized-event.ts';


type Verb = 'subscribe' | 'unsubscribe';

/** The optional `features` text option: the same words and filters as Slack's text after the target. */
function featuresOption(verb: Verb, sub: SlashCommandSubcommandBuilder, example: string): SlashCommandSubcommandBuilder {
  const description =
    verb === 'subscribe'
      ? `Feature words and filters, e.g. ${example} (default: the usual set)`
      : 'Only turn these features off (default: remove the whole subscription)';
  return sub.addStringOption((o) => o.setName('features').setDescription(description).setMaxLength(1000));
}

/** `subscribe` and `unsubscribe` share their subcommands and options (PRODUCT.md "Discord commands"). */
function subscriptionCommand(verb: Verb): SlashCommandBuilder {
  const builder = new SlashCommandBuilder()
    .setName(verb)
    .setDescription(verb === 'subscribe' ? 'Post events from a source to this channel' : 'Stop posting events from a source here')
    .setDefaultMemberPermissions(PermissionFlagsBits.ManageChannels)
    .setContexts(InteractionContextType.Guild); // subscriptions belong to a server channel
  builder.addSubcommand((sub) =>
    featuresOption(
      verb,
      sub
        .setName('github')
        .setDescription('A GitHub repository (owner/repo) or every repository of an owner (owner/*)')
        .addStringOption((o) => o.setName('repo').setDescription('owner/repo or owner/*').setRequired(true).setMaxLength(200)),
      '"reviews commits:* -author:*[bot]"',
    ),
  );
  builder.addSubcommand((sub) =>
    featuresOption(verb, sub.setName('stripe').setDescription('Stripe payments, refunds, disputes, …'), '"payouts min:100USD"'),
  );
  builder.addSubcommand((sub) =>
    featuresOption(verb, sub.setName('paypal').setDescription('PayPal payments, refunds, disputes, subscriptions'), '"payments min:50EUR"'),
  );
  builder.addSubcommand((sub) =>
    featuresOption(
      verb,
      sub
        .setName('uptime')
        .setDescription('Up/down alerts for a site (checked by the server, or reported by check-sites)')
        .addStringOption((o) => o.setName('url').setDescription('https://… or *').setRequired(true).setMaxLength(500)),
      '"slow"',
    ),
  );
  builder.addSubcommand((sub) =>
    sub
      .setName('custom')
      .setDescription('A generic webhook created by the operator')
      .addStringOption((o) => o.setName('name').setDescription('The hook name').setRequired(true).setMaxLength(100)),
  );
  return builder;
}

/** The application commands as JSON for `PUT /applications/{id}/commands`. */
export function buildDiscordCommands(): RESTPostAPIChatInputApplicationCommandsJSONBody[] {
  const subscriptions = new SlashCommandBuilder()
    .setName('subscriptions')
    .setDescription("This channel's subscriptions, with features and filters")
    .setContexts(InteractionContextType.Guild)
    .addStringOption((o) => o.setName('source').setDescription('Only this source').addChoices(...SOURCES.map((s) => ({ name: s, value: s }))));
  const recent = new SlashCommandBuilder()
    .setName('recent')
    .setDescription('The newest events for this channel, and whether each was posted')
    .setContexts(InteractionContextType.Guild)
    .addIntegerOption((o) =>
      o.setName('count').setDescription(`How many (1–${RECENT_MAX}, default ${RECENT_DEFAULT})`).setMinValue(1).setMaxValue(RECENT_MAX),
    )
    .addStringOption((o) =>
      o
        .setName('source')
        .setDescription('Only events from this source')
        .addChoices(...SOURCES.map((s) => ({ name: s, value: s }))),
    );
  return [subscriptionCommand('subscribe'), subscriptionCommand('unsubscribe'), subscriptions, recent].map((c) => c.toJSON());
}
