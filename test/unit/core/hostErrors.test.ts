import * as assert from 'node:assert/strict';
import { ERROR_IDS, type ErrorId } from '../../../src/core/errors';
import { classifyHostError } from '../../../src/core/hostErrors';
import { asRecord, FIXTURE, fixture } from '../../support/fixtures';

interface CatalogEntry {
  readonly id: string;
  readonly message: string;
  readonly fullyQualifiedErrorId?: string;
}

function catalog(): CatalogEntry[] {
  const entries = fixture(FIXTURE.errors);
  assert.ok(Array.isArray(entries));
  return entries.map((e) => {
    const r = asRecord(e);
    return {
      id: r.id as string,
      message: r.message as string,
      ...(typeof r.fullyQualifiedErrorId === 'string' ? { fullyQualifiedErrorId: r.fullyQualifiedErrorId } : {}),
    };
  });
}

/** What each catalogued text must classify as. A new catalog entry fails the test until it is added here. */
const EXPECTED: Record<string, ErrorId> = {
  'mmio-above-physical-range': 'mmio-above-physical-range',
  'gpu-partition-insufficient-resources': 'gpu-partition-insufficient-resources',
  'group-policy-not-compliant': 'group-policy-not-compliant',
  'gpup-blocks-operation': 'gpup-blocks-operation',
  'no-instancepath-on-win10': 'no-instancepath-on-win10',
  'adapter-not-found': 'adapter-not-found',
  'vm-not-found': 'vm-not-found',
  'hyperv-module-not-loaded': 'hyperv-missing',
  'access-denied-power-on': 'access-denied',
  // No counterpart in ERROR_IDS: generic Hyper-V error with the host's text. Copying into an offline
  // VHDX is denied for protected files, so "run elevated" advice (access-denied) would mislead.
  'cluster-not-supported': 'hyperv-error',
  'guest-code43': 'hyperv-error',
  'linux-nvml-blocked': 'hyperv-error',
  'copy-access-denied': 'hyperv-error',
  'multi-volume-drive-letter': 'hyperv-error',
};

describe('hostErrors.classifyHostError', () => {
  it('the catalog has the entries this test expects', () => {
    assert.deepEqual(
      catalog()
        .map((e) => e.id)
        .sort(),
      Object.keys(EXPECTED).sort(),
    );
  });

  it('every catalog id that is also an ERROR_ID classifies as itself', () => {
    const shared = catalog().filter((e) => (ERROR_IDS as readonly string[]).includes(e.id));
    assert.ok(shared.length >= 7, `catalog ids shared with ERROR_IDS: ${shared.map((e) => e.id).join(', ')}`);
    for (const entry of shared) assert.equal(classifyHostError({ message: entry.message }).id, entry.id, entry.id);
  });

  for (const entry of catalog()) {
    it(`${entry.id} -> ${EXPECTED[entry.id] ?? '(no expectation)'}`, () => {
      const expected = EXPECTED[entry.id];
      assert.ok(expected, `no expectation for catalog entry ${entry.id}`);
      for (const record of [{ message: entry.message }, { ...entry, id: null }, { ...entry, id: 'hyperv-error' }]) {
        const error = classifyHostError(record);
        assert.equal(error.id, expected);
        assert.equal(error.detail, entry.message, 'the host text is kept as detail');
        assert.ok(error.message.length > 0 && error.message.length <= 300);
        assert.doesNotMatch(error.message, /\n/, 'the message is one line');
        if (expected === 'hyperv-error') {
          assert.equal(
            error.message,
            entry.message.split('\n').find((l) => l.trim() !== ''),
          );
        } else {
          assert.notEqual(error.message, entry.message, 'a recognised error gets our own explanation');
        }
      }
    });
  }

  it('the Windows PowerShell CRLF rendering of a catalog text classifies the same', () => {
    for (const entry of catalog()) {
      const crlf = entry.message.replace(/\n/g, '\r\n');
      assert.equal(classifyHostError({ message: crlf }).id, EXPECTED[entry.id], entry.id);
    }
  });

  it('an unknown text falls back to hyperv-error, first line as message and the whole text as detail', () => {
    const text = '\r\n  \r\nSomething odd happened in vmms.\r\nSecond line with details.';
    assert.deepEqual(classifyHostError({ message: text }), {
      id: 'hyperv-error',
      message: 'Something odd happened in vmms.',
      detail: text,
    });
    const long = 'x'.repeat(400);
    const error = classifyHostError({ message: long });
    assert.equal(error.id, 'hyperv-error');
    assert.equal(error.message.length, 300);
    assert.ok(error.message.endsWith('...'));
    assert.equal(error.detail, long);
  });

  it('an empty or blank text still gives a message a user can read', () => {
    for (const text of ['', '   ', '\r\n\r\n']) {
      const error = classifyHostError({ message: text });
      assert.equal(error.id, 'hyperv-error');
      assert.match(error.message, /\w/, JSON.stringify(text));
      assert.equal(error.detail, text);
    }
    assert.equal(classifyHostError({ message: '   Leading blanks.  \r\nmore' }).message, 'Leading blanks.');
    assert.match(classifyHostError({ id: 'vm-must-be-off', message: '' }).message, /\w/);
  });

  it('an id set by our module wins over the text, when it is a known id', () => {
    assert.equal(classifyHostError({ id: 'vm-must-be-off', message: 'The VM GPUPV must be off.' }).id, 'vm-must-be-off');
    assert.equal(
      classifyHostError({ id: 'not-an-id', message: 'Hyper-V was unable to find a virtual machine with name "X".' }).id,
      'vm-not-found',
    );
    assert.equal(classifyHostError({ id: 'not-an-id', message: 'Nothing we know.' }).id, 'hyperv-error');
  });

  it('PermissionDenied category and the fully qualified error id are used when the text says nothing', () => {
    assert.equal(classifyHostError({ message: 'Nope.', category: 'PermissionDenied' }).id, 'access-denied');
    assert.equal(
      classifyHostError({ message: 'Nope.', fullyQualifiedErrorId: 'UnauthorizedAccess,Microsoft.HyperV.PowerShell.Commands.StartVM' }).id,
      'access-denied',
    );
  });

  it('an execution policy that blocks the module is said as such, not as an access problem', () => {
    // PowerShell's own texts (about_Execution_Policies), as Import-Module prints them with their PSSecurityException.
    const disabled =
      'File C:\\Users\\hv\\AppData\\Local\\Temp\\GpuPv.psm1 cannot be loaded because running scripts is disabled ' +
      'on this system. For more information, see about_Execution_Policies at https:/go.microsoft.com/fwlink/?LinkID=135170.';
    const unsigned =
      'File C:\\Users\\hv\\AppData\\Local\\Temp\\GpuPv.psm1 cannot be loaded. The file C:\\Users\\hv\\AppData\\Local\\Temp\\GpuPv.psm1 ' +
      'is not digitally signed. You cannot run this script on the current system.';
    for (const message of [disabled, unsigned]) {
      assert.equal(
        classifyHostError({ message, category: 'SecurityError', fullyQualifiedErrorId: 'UnauthorizedAccess' }).id,
        'execution-policy-blocked',
      );
    }
  });
});
