import * as assert from 'node:assert/strict';
import { decodeReply, encodeReply } from '../../../src/host/wire';
import type { GpuPvError, Result } from '../../../src/core/errors';
import type { Envelope } from '../../../src/host/protocol';

const b64 = (text: string) => Buffer.from(text, 'utf8').toString('base64');

function failure(result: Result<Envelope>): GpuPvError {
  assert.equal(
    result.ok,
    false,
    `expected a failure, got ${JSON.stringify(result, (_k, v: unknown) => (typeof v === 'bigint' ? `${v}n` : v))}`,
  );
  return (result as { ok: false; error: GpuPvError }).error;
}

/** A user can read it: one sentence, no stack, no raw base64 or JSON in the message itself. */
function assertReadable(error: GpuPvError): void {
  assert.equal(error.id, 'protocol-invalid');
  assert.match(error.message, /^The host/);
  assert.match(error.message, /\.$/);
  assert.doesNotMatch(error.message, /\n|\bat .*:\d+|[A-Za-z0-9+/]{24,}|[{}]/);
  assert.ok(error.message.length < 120);
}

describe('wire.decodeReply', () => {
  it('decodes a valid success envelope, keeping UInt64 values exact', () => {
    const reply = encodeReply({ ok: true, result: { TotalEncode: 18446744073709551615n, Name: 'GPU & co' } });
    const result = decodeReply(`${reply}\r\n`);
    assert.ok(result.ok);
    assert.deepEqual(result.value, { ok: true, result: { TotalEncode: 18446744073709551615n, Name: 'GPU & co' } });
  });

  it('decodes a valid error envelope', () => {
    const error = {
      id: 'vm-not-found',
      message: 'Hyper-V was unable to find a virtual machine with name "X".',
      category: 'ObjectNotFound',
      fullyQualifiedErrorId: null,
    };
    const result = decodeReply(b64(JSON.stringify({ ok: false, error })));
    assert.ok(result.ok);
    assert.deepEqual(result.value, { ok: false, error });
  });

  it('empty output: the host answered nothing', () => {
    for (const stdout of ['', '\r\n', '   \n\t']) {
      const error = failure(decodeReply(stdout));
      assertReadable(error);
      assert.equal(error.message, 'The host answered nothing.');
    }
  });

  it('non-base64 garbage: says so and previews what arrived', () => {
    for (const stdout of [
      'PS C:\\Users\\me> ',
      'WARNING: The Hyper-V module could not be loaded.\r\neyJvayI6dHJ1ZX0=',
      '{"ok":true,"result":1}',
    ]) {
      const error = failure(decodeReply(stdout));
      assertReadable(error);
      assert.match(error.message, /not a reply of the GPU-PV module/);
      assert.ok(error.detail?.startsWith('"'), 'detail is a quoted preview');
    }
    const long = failure(decodeReply(`Get-VM : ${'x'.repeat(500)}`));
    assert.ok(long.detail!.length < 130, 'the preview is cut');
    assert.ok(long.detail!.endsWith('…"'));
  });

  it("half an envelope (base64 cut off in transit): incomplete, with the parser's position", () => {
    const full = encodeReply({ ok: true, result: { Name: 'GPUPV', TotalEncode: 18446744073709551615n, List: [1, 2, 3] } });
    for (const cut of [1, 2, 3, 4, 8, Math.floor(full.length / 2), full.length - 4, full.length - 1]) {
      const error = failure(decodeReply(full.slice(0, cut)));
      assertReadable(error);
      assert.equal(error.message, 'The host’s reply is incomplete or not JSON.', `cut at ${cut}`);
      assert.match(error.detail!, /at position \d+; reply starts "/);
    }
  });

  it('base64 of something that is not JSON', () => {
    const error = failure(decodeReply(b64('Hello from PowerShell')));
    assertReadable(error);
    assert.match(error.message, /incomplete or not JSON/);
  });

  it('JSON that is not an envelope: an unexpected shape, with the offending fields', () => {
    const cases: Array<[unknown, RegExp]> = [
      [{ ok: 'yes' }, /ok/],
      [{ ok: false }, /error/],
      [{ ok: false, error: { id: 'x' } }, /error\.message/],
      [[1, 2], /object/],
      [42, /object/],
      [null, /object/],
      [{ result: {} }, /ok/],
    ];
    for (const [value, detail] of cases) {
      const error = failure(decodeReply(b64(JSON.stringify(value))));
      assertReadable(error);
      assert.equal(error.message, 'The host’s reply has an unexpected shape.', JSON.stringify(value));
      assert.match(error.detail!, detail, JSON.stringify(value));
    }
  });
});
