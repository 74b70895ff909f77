/**
 * The one sealing of secrets (src/host/secrets): a Secret never shows its text; a sealed secret opens
 * to exactly the text with the key it was sealed to, and to nothing else: another key, a forged key
 * id or any altered byte is refused, each with its own reason.
 */
import * as assert from 'node:assert/strict';
import { inspect } from 'node:util';
import fc from 'fast-check';
import {
  MAX_SECRET_LENGTH,
  newSessionKeyPair,
  openSealed,
  seal,
  sessionKeyFrom,
  type SealedSecret,
} from '../../../src/host/secrets/sealedSecret';
import { Secret } from '../../../src/host/secrets/secret';

const TEXT = 'Pässwort-€-😀-"\'$(x)';

/** The sealed secret with one byte of its blob changed. */
function altered(sealed: SealedSecret, index: number): string {
  const [version, keyId, blob] = sealed.split(':');
  const bytes = Buffer.from(blob!, 'base64');
  bytes[index % bytes.length] ^= 0x01;
  return `${version}:${keyId}:${bytes.toString('base64')}`;
}

describe('sealed secrets', () => {
  const pair = newSessionKeyPair();

  it('a Secret shows no text: not in JSON (it throws), a string, a template or an inspection', () => {
    const secret = new Secret(TEXT);
    assert.throws(() => JSON.stringify({ Password: secret }), /never serialised in clear/);
    assert.equal(String(secret), '[secret]');
    assert.equal(`${secret}`, '[secret]');
    assert.equal(inspect({ secret }, { depth: 5 }).includes('Pässwort'), false);
    assert.deepEqual(Object.keys(secret), []);
    assert.equal(secret.length, TEXT.length);
  });

  it('opens to exactly the text sealed, for any text up to 1024 characters (non-BMP, quotes, empty)', function () {
    this.timeout(30_000);
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: MAX_SECRET_LENGTH }), (text) => {
        fc.pre(text.length <= MAX_SECRET_LENGTH && Buffer.from(text, 'utf8').toString('utf8') === text);
        const opened = openSealed(seal(new Secret(text), pair), pair);
        assert.deepEqual(opened, { text });
      }),
      { numRuns: 100, seed: 0x5ea1 },
    );
  });

  it('seals the same text differently every time (a fresh point and IV), never showing it', () => {
    const first = seal(new Secret(TEXT), pair);
    const second = seal(new Secret(TEXT), pair);
    assert.notEqual(first, second);
    assert.ok(first.startsWith(`gpupv-sealed-v1:${pair.keyId}:`));
    assert.ok(!first.includes('Pässwort') && !Buffer.from(first.split(':')[2]!, 'base64').includes(Buffer.from('Pässwort')));
  });

  it('refuses a secret sealed to another shell’s key as such, before decrypting anything', () => {
    const other = newSessionKeyPair();
    assert.deepEqual(openSealed(seal(new Secret(TEXT), other), pair), { failure: 'other-key' });
  });

  it('refuses a forged key id (sealed to another key, labelled with this one) and any altered byte as unreadable', () => {
    const other = newSessionKeyPair();
    const forged = seal(new Secret(TEXT), other).replace(other.keyId, pair.keyId);
    assert.deepEqual(openSealed(forged, pair), { failure: 'unreadable' });
    const sealed = seal(new Secret(TEXT), pair);
    const length = Buffer.from(sealed.split(':')[2]!, 'base64').length;
    // The point, the IV, the ciphertext and the MAC, first and last byte of each.
    for (const index of [0, 1, 64, 65, 80, 81, length - 33, length - 32, length - 1])
      assert.deepEqual(openSealed(altered(sealed, index), pair), { failure: 'unreadable' }, `byte ${index}`);
    assert.deepEqual(openSealed(sealed.slice(0, -8), pair), { failure: 'unreadable' }, 'cut short');
    assert.deepEqual(openSealed('not sealed at all', pair), { failure: 'unreadable' });
  });

  it('refuses to seal a password longer than the protocol takes, without echoing it', () => {
    const long = 'Lang-'.repeat(300);
    assert.throws(
      () => seal(new Secret(long), pair),
      (error: Error) => error instanceof RangeError && !error.message.includes('Lang-'),
    );
  });

  it('takes a shell’s key only when its id matches its point and the point is on the curve', () => {
    const x = pair.publicPoint.subarray(1, 33);
    const y = pair.publicPoint.subarray(33);
    assert.equal(typeof sessionKeyFrom(pair.keyId, x, y), 'object');
    assert.match(String(sessionKeyFrom('0123456789abcdef', x, y)), /id does not match/);
    const offCurve = Buffer.from(y);
    offCurve[31] ^= 1;
    const forgedId = newSessionKeyPair().keyId;
    assert.equal(typeof sessionKeyFrom(forgedId, x, offCurve), 'string');
  });
});
