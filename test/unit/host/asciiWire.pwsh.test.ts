/**
 * The bytes on a shell's stdin are ASCII whatever the extension's install folder is called. Windows
 * PowerShell decodes redirected stdin in the console's OEM code page: a user named José, Łukasz or 日本
 * would get a module path it cannot find, and every call would fail. Real pwsh 7 runs behind a
 * wrapper that copies its stdin to a file; the built module sits under a folder with such a name.
 */
import * as assert from 'node:assert/strict';
import { chmodSync, copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { HostClient } from '../../../src/host/hostClient';
import { launchFor, modulePath } from '../../../src/host/hostConfig';
import { PowerShellSession } from '../../../src/host/session';
import { repoFile } from '../../support/powershellSyntax';
import { ensurePwsh } from '../../support/realPowerShell';

/** pwsh itself is the child (exec), its stdin a pipe from tee, which ends when the session closes its end. */
const TEE_WRAPPER = `#!/bin/bash
exec "$GPUPV_PWSH" "$@" < <(exec tee -a "$GPUPV_STDIN_COPY")
`;

describe('the wire to a real pwsh from an extension folder with non-ASCII names', function () {
  this.timeout(240_000);
  let dir: string;
  let stdinCopy: string;
  let session: PowerShellSession;
  let client: HostClient;

  before(function () {
    dir = mkdtempSync(path.join(os.tmpdir(), 'gpupv-ascii-'));
    const extensionPath = path.join(dir, 'José', 'Łukasz', '日本');
    mkdirSync(path.dirname(modulePath(extensionPath)), { recursive: true });
    // The only copy of the module this shell can import: an answer proves it was found there.
    copyFileSync(repoFile('dist', 'powershell', 'GpuPv.psm1'), modulePath(extensionPath));
    const wrapper = path.join(dir, 'pwsh-tee.sh');
    writeFileSync(wrapper, TEE_WRAPPER);
    chmodSync(wrapper, 0o755);
    stdinCopy = path.join(dir, 'stdin.bin');
    const launch = launchFor(
      { kind: 'local', name: 'This computer' },
      { extensionPath, storagePath: path.join(dir, 'storage'), nodeExecutable: process.execPath, powershellExecutable: wrapper },
    );
    session = new PowerShellSession(
      { ...launch, env: { ...launch.env, GPUPV_PWSH: ensurePwsh(), GPUPV_STDIN_COPY: stdinCopy } },
      { callTimeoutMs: 60_000, startTimeoutMs: 180_000 },
    );
    client = new HostClient(session, 'pwsh');
  });
  after(async function () {
    await session?.dispose();
    rmSync(dir, { recursive: true, force: true });
  });

  it('imports the module from there and answers, and every byte written to the shell is ASCII', async function () {
    const facts = await client.hostFacts();
    assert.ok(facts.ok, facts.ok ? '' : `${facts.error.id}: ${facts.error.message} ${facts.error.detail ?? ''}`);
    assert.equal(facts.value.psEdition, 'Core');
    const wire = readFileSync(stdinCopy);
    const lines = wire.toString('utf8').split('\n');
    assert.ok(
      lines.some((l) => l.startsWith('Import-Module ')),
      'the import line went through the wrapper',
    );
    assert.ok(
      lines.some((l) => l.startsWith('Invoke-GpuPv ')),
      'the call went through the wrapper',
    );
    const notAscii = lines.filter((l) => /[^\t\r\x20-\x7e]/.test(l));
    assert.deepEqual(notAscii, [], 'lines holding bytes above 0x7F');
  });
});
