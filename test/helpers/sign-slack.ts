import { signSlackRequest } from '../../src/platforms/slack/verify-slack-signature.ts';

export const SLACK_SIGNING_SECRET = 'slack-signing-secret-for-tests';

export interface SlashCommandFields {
  command: string;
  text?: string;
  team_id?: string;
  channel_id?: string;
  channel_name?: string;
  user_id?: string;
  [key: string]: string | undefined;
}

/** A slash-command body exactly as Slack sends it: form-encoded, with the usual fields. */
export function slashCommandBody(fields: SlashCommandFields): string {
  const all: Record<string, string> = {
    token: 'deprecated-verification-token',
    team_id: 'T1',
    team_domain: 'acme',
    channel_id: 'C1',
    channel_name: 'general',
    user_id: 'U1',
    user_name: 'alice',
    text: '',
    api_app_id: 'A1',
    is_enterprise_install: 'false',
    response_url: 'https://hooks.slack.com/commands/T1/1/abc',
    trigger_id: '1.2.abc',
  };
  for (const [k, v] of Object.entries(fields)) if (v !== undefined) all[k] = v;
  return new URLSearchParams(all).toString();
}

export interface SignOptions {
  secret?: string;
  /** Unix seconds; default now. */
  timestamp?: number;
}

/** Headers of a signed Slack request (`v0=` HMAC-SHA256 of `v0:<timestamp>:<body>`). */
export function slackHeaders(body: string, options: SignOptions = {}, contentType = 'application/x-www-form-urlencoded'): Record<string, string> {
  const timestamp = String(options.timestamp ?? Math.floor(Date.now() / 1000));
  return {
    'content-type': contentType,
    'x-slack-request-timestamp': timestamp,
    'x-slack-signature': signSlackRequest(options.secret ?? SLACK_SIGNING_SECRET, timestamp, body),
  };
}

/** POSTs a signed slash command to `<baseUrl>/slack/events`. */
export function postSlashCommand(baseUrl: string, fields: SlashCommandFields, options: SignOptions = {}): Promise<Response> {
  const body = slashCommandBody(fields);
  return fetch(`${baseUrl}/slack/events`, { method: 'POST', headers: slackHeaders(body, options), body });
}
