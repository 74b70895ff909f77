/**
 * A WinRM host from PowerShell 7 outside Windows (VS Code on Linux or macOS), through the production
 * session, real pwsh and the module's Connect-GpuPvRemote: there is no WSMan client there, and the
 * user is told so with a fix (use SSH), not a parameter error of a cmdlet.
 */
import * as assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { HostClient } from '../../../src/host/hostClient';
import { launchFor } from '../../../src/host/hostConfig';
import { PowerShellSession } from '../../../src/host/session';
import { adviceFor } from '../../../src/ui/errorAdvice';
import { repoFile } from '../../support/powershellSyntax';
import { ensurePwsh } from '../../support/realPowerShell';

describe('a WinRM host from real PowerShell 7 outside Windows', function () {
  this.timeout(240_000);
  let storage: string;
  let session: PowerShellSession;

  before(function () {
    storage = mkdtempSync(path.join(os.tmpdir(), 'gpupv-winrm-'));
    const launch = launchFor(
      { kind: 'remote', name: 'WinRM from Linux', transport: 'winrm', address: '127.0.0.1' },
      { extensionPath: repoFile(), storagePath: storage, nodeExecutable: process.execPath, powershellExecutable: ensurePwsh() },
    );
    session = new PowerShellSession(launch, { callTimeoutMs: 60_000, startTimeoutMs: 180_000 });
  });
  after(async function () {
    await session?.dispose();
    rmSync(storage, { recursive: true, force: true });
  });

  it('fails as remote-winrm-unavailable, whose advice is to use SSH', async function () {
    const facts = await new HostClient(session, 'winrm').hostFacts();
    assert.ok(!facts.ok, 'no WinRM client here');
    assert.equal(facts.error.id, 'remote-winrm-unavailable', `${facts.error.message} ${facts.error.detail ?? ''}`);
    assert.match(facts.error.detail ?? '', /no supported WSMan client library was found/);
    assert.match(adviceFor(facts.error).advice, /use SSH/);
  });
});
