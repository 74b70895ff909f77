/**
 * The search the no-secret tests rely on finds a secret in every form it claims, embedded anywhere
 * in a recording, and finds nothing where the secret is not: otherwise those tests would prove nothing.
 */
import * as assert from 'node:assert/strict';
import { seal } from '../../../src/host/secrets/sealedSecret';
import { Secret } from '../../../src/host/secrets/secret';
import { encodingsOf, findSecret } from '../../support/secretEncodings';
import { sessionKeyOf } from '../../support/sealing';
import { SimulatedSessionKey } from '../../../src/simulator/secrets/sessionKeys';

const SECRET = 'Kühl-Schrank 7"x\'$(y)&<z>';

describe('the secret search (every encoding derived from a secret)', () => {
  it('derives the forms a recording could hold: text, escapes, hex, decimal lists, UTF-16 and base64 in three alignments', () => {
    const names = encodingsOf(SECRET).map((e) => e.name);
    for (const expected of [
      'plain',
      'plain (UTF-16LE)',
      'plain (UTF-16BE)',
      'JSON string',
      'URL (encodeURIComponent)',
      'hex',
      'decimal bytes (module logging of a byte[])',
      'characters (module logging of a char[])',
      'base64 (plain, UTF-8, offset 0)',
      'base64 (plain, UTF-8, offset 1)',
      'base64 (plain, UTF-8, offset 2)',
      'base64 (plain, UTF-16LE, offset 1)',
      'base64 (JSON string, UTF-8, offset 2)',
    ])
      assert.ok(names.includes(expected), `derives ${expected}`);
  });

  it('finds each form wherever it sits in a larger recording', () => {
    const encodings = encodingsOf(SECRET);
    for (const form of encodings) {
      for (const before of ['', 'x', 'PS>Invoke-GpuPv -Payload ']) {
        const recording = Buffer.concat([Buffer.from(before), form.bytes, Buffer.from(' tail')]);
        assert.ok(findSecret(recording, SECRET, encodings).includes(form.name), `${form.name} after ${JSON.stringify(before)}`);
      }
    }
  });

  it('finds the secret inside the encodings that carried it before: a base64 JSON payload, -EncodedCommand, a query string', () => {
    for (const prefix of ['{"Password":"', '{"UserName":"a","Password":"', '{"x":1,"Password":"']) {
      const payload = Buffer.from(`${prefix}${SECRET.replace(/["\\]/g, '\\$&')}"}`).toString('base64');
      assert.notDeepEqual(findSecret(`Invoke-GpuPv -Operation 'X' -Payload '${payload}'`, SECRET), [], prefix);
    }
    const encodedCommand = Buffer.from(`New-Object PSCredential 'u', (ConvertTo-SecureString '${SECRET}' -AsPlainText -Force)`, 'utf16le');
    assert.notDeepEqual(findSecret(`pwsh -EncodedCommand ${encodedCommand.toString('base64')}`, SECRET), []);
    assert.notDeepEqual(findSecret(`GET /login?user=a&password=${encodeURIComponent(SECRET)}`, SECRET), []);
    assert.notDeepEqual(findSecret(`ParameterBinding(Inner): name="Bytes"; value="${[...Buffer.from(SECRET)].join(', ')}"`, SECRET), []);
  });

  it('finds nothing in a recording without the secret: the sealed secret, other text, random base64', () => {
    const key = sessionKeyOf(new SimulatedSessionKey().publicKey());
    const sealed = seal(new Secret(SECRET), key);
    assert.deepEqual(findSecret(sealed, SECRET), []);
    assert.deepEqual(findSecret(Buffer.from(sealed).toString('base64'), SECRET), []);
    assert.deepEqual(findSecret('Kühl-Schrank 8 and other words', SECRET), []);
    assert.deepEqual(findSecret(Buffer.from(Array.from({ length: 4096 }, (_, i) => (i * 7919) % 251)), SECRET), []);
  });
});
