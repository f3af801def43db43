import { createHmac, randomUUID } from 'node:crypto';

/** Headers GitHub sends with a webhook, signed exactly as GitHub signs it. */
export function githubHeaders(secret: string, event: string, body: string | Buffer, deliveryId: string = randomUUID()) {
  return {
    'content-type': 'application/json',
    'user-agent': 'GitHub-Hookshot/abc123',
    'x-github-event': event,
    'x-github-delivery': deliveryId,
    'x-github-hook-id': '123456',
    'x-hub-signature-256': `sha256=${createHmac('sha256', secret).update(body).digest('hex')}`,
  };
}
