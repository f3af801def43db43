import assert from 'node:assert/strict';
import { hashToken, newCredentials, secretKey, tokenMatches } from '../../../src/sources/custom/hook-credentials.ts';
import { signStandardWebhook, verifySignedRequest, verifyStandardWebhook } from '../../../src/sources/custom/verify-custom.ts';

// The example of the Standard Webhooks specification (standardwebhooks.com, as used by Svix).
const SECRET = 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw';
const ID = 'msg_p5jXN8AQM9LWM0D4loKWxJek';
const TS = 1614265330;
const BODY = '{"test": 2432232314}';
const SIGNATURE = 'v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=';
const at = (seconds: number) => new Date(seconds * 1000);

describe('generic hook verification', () => {
  it('signs like the Standard Webhooks reference', () => {
    assert.equal(signStandardWebhook(SECRET, ID, TS, BODY), SIGNATURE);
  });

  it('verifies within five minutes either way, not beyond', () => {
    const headers = { webhookId: ID, webhookTimestamp: String(TS), webhookSignature: SIGNATURE };
    assert.deepEqual(verifyStandardWebhook(SECRET, headers, Buffer.from(BODY), at(TS + 300)), { ok: true, webhookId: ID });
    assert.equal(verifyStandardWebhook(SECRET, headers, Buffer.from(BODY), at(TS - 300)).ok, true);
    const late = verifyStandardWebhook(SECRET, headers, Buffer.from(BODY), at(TS + 301));
    assert.deepEqual(late, { ok: false, reason: 'webhook-timestamp is 301 s away from now (tolerance 300 s)' });
  });

  it('accepts one matching entry among several, and nothing else', () => {
    const base = { webhookId: ID, webhookTimestamp: String(TS) };
    const verify = (webhookSignature: string, body = BODY) => verifyStandardWebhook(SECRET, { ...base, webhookSignature }, Buffer.from(body), at(TS)).ok;
    assert.ok(verify(`v1,${'A'.repeat(43)}= ${SIGNATURE}`));
    assert.ok(!verify(SIGNATURE, `${BODY} `));
    assert.ok(!verify(SIGNATURE.replace('v1,', 'v2,')));
    assert.ok(!verify(SIGNATURE.slice(0, -2)));
    assert.ok(!verifyStandardWebhook(SECRET, { ...base, webhookId: 'msg_other', webhookSignature: SIGNATURE }, Buffer.from(BODY), at(TS)).ok);
  });

  it('falls back to X-Hub-Signature-256 and explains a missing signature', () => {
    const none = verifySignedRequest(SECRET, {}, Buffer.from(BODY), at(TS));
    assert.equal(none.ok, false);
    assert.equal(verifySignedRequest(SECRET, { hubSignature256: 'sha256=00' }, Buffer.from(BODY), at(TS)).ok, false);
  });

  it('makes whsec_ secrets of 32 random bytes and 192-bit tokens kept as hashes', () => {
    const a = newCredentials();
    const b = newCredentials();
    assert.notEqual(a.secret, b.secret);
    assert.equal(secretKey(a.secret).length, 32);
    assert.equal(Buffer.from(a.token, 'base64url').length, 24);
    assert.equal(a.tokenHash, hashToken(a.token));
    assert.ok(tokenMatches(a.token, a.tokenHash));
    assert.ok(!tokenMatches(b.token, a.tokenHash));
    assert.ok(!tokenMatches('', a.tokenHash));
  });
});
