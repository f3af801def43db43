import assert from 'node:assert/strict';
import { safeEqual, signSha256, verifySha256Signature } from '../../src/security/hmac.ts';

describe('HMAC signatures', () => {
  const body = Buffer.from('{"hello":"world"}');
  it('verifies GitHub-style signatures against any secret in the list', () => {
    assert.equal(verifySha256Signature(['a', 'b'], body, signSha256('b', body)), true);
    assert.equal(verifySha256Signature(['a'], body, signSha256('b', body)), false);
    assert.equal(verifySha256Signature([], body, signSha256('b', body)), false);
  });
  it('treats malformed headers as invalid without throwing', () => {
    for (const header of [undefined, '', 'sha256=', 'sha256=zz', 'sha1=abc', `sha256=${'a'.repeat(63)}`]) {
      assert.equal(verifySha256Signature(['a'], body, header), false);
    }
  });
  it('compares different lengths safely', () => {
    assert.equal(safeEqual('abc', 'abcd'), false);
    assert.equal(safeEqual('abc', 'abc'), true);
  });
});
