/**
 * The protocol refuses a password in clear, in its types and in its schema; a call that carries a
 * secret becomes a line built when it is sent (sealed to that shell's key), refused before anything
 * is queued when the secret is one the protocol does not take.
 */
import * as assert from 'node:assert/strict';
import { callLine } from '../../../src/host/callLine';
import { OPERATIONS, type CallArgs } from '../../../src/host/protocol';
import { MAX_SECRET_LENGTH } from '../../../src/host/secrets/sealedSecret';
import { Secret } from '../../../src/host/secrets/secret';

const VM = '22222222-2222-4222-8222-222222222222';
const TEXT = 'Pässwort-€-😀-"\'$(x)';

describe('secrets in the protocol', () => {
  it('the protocol refuses a password in clear: its schema, and its types (a plain string is not a Secret)', () => {
    const plain = { VMId: VM, Credential: { UserName: 'tester', Password: TEXT } };
    assert.equal(OPERATIONS['Get-GuestDisplayDevices'].args.safeParse(plain).success, false);
    // @ts-expect-error a password in clear does not type-check where the protocol holds a secret
    const typed: CallArgs<'Get-GuestDisplayDevices'> = plain;
    const line = callLine('Get-GuestDisplayDevices', typed);
    assert.equal(!line.ok && line.error.id, 'invalid-argument');
    assert.ok(!line.ok && !line.error.message.includes('Pässwort'));
  });

  it('a call with a secret becomes a line built at send time; a call without one stays a plain line', () => {
    const sealedCall = callLine('Get-GuestDisplayDevices', { VMId: VM, Credential: { UserName: 'tester', Password: new Secret(TEXT) } });
    assert.ok(sealedCall.ok && typeof sealedCall.value === 'function');
    const plainCall = callLine('Get-VmInventory', { VMId: VM });
    assert.ok(plainCall.ok && typeof plainCall.value === 'string');
    const tooLong = callLine('Get-GuestDisplayDevices', {
      VMId: VM,
      Credential: { UserName: 'tester', Password: new Secret('x'.repeat(MAX_SECRET_LENGTH + 1)) },
    });
    assert.equal(!tooLong.ok && tooLong.error.id, 'invalid-argument', 'refused before any key is asked for');
  });
});
