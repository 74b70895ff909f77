/**
 * The production path with real PowerShell: the session class and node-powershell start pwsh 7
 * (installed by scripts/powershell/ensure-pwsh.mjs), import the built module exactly as on Windows,
 * and each call goes over the real wire. This Linux machine has no Hyper-V module, which the module
 * reports as such.
 */
import * as assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { HostClient } from '../../../src/host/hostClient';
import { launchFor } from '../../../src/host/hostConfig';
import { PowerShellSession } from '../../../src/host/session';
import { decodeReply, formatCall } from '../../../src/host/wire';
import { repoFile } from '../../support/powershellSyntax';
import { ensurePwsh } from '../../support/realPowerShell';

describe('PowerShellSession with real PowerShell 7 and the built module', function () {
  // A pwsh start with the module import takes 1-2 s on a quiet machine, much longer on a loaded one.
  this.timeout(240_000);
  let storage: string;
  let session: PowerShellSession;
  let client: HostClient;

  const term = process.env.TERM;

  before(function () {
    // As in a terminal: pwsh must not write the terminal's control sequences into the replies.
    process.env.TERM = 'xterm-256color';
    storage = mkdtempSync(path.join(os.tmpdir(), 'gpupv-pwsh-'));
    const launch = launchFor(
      { kind: 'local', name: 'This computer' },
      { extensionPath: repoFile(), storagePath: storage, nodeExecutable: process.execPath, powershellExecutable: ensurePwsh() },
    );
    session = new PowerShellSession(launch, { callTimeoutMs: 60_000, startTimeoutMs: 180_000 });
    client = new HostClient(session, 'pwsh');
  });
  after(async function () {
    if (term === undefined) delete process.env.TERM;
    else process.env.TERM = term;
    await session?.dispose();
    rmSync(storage, { recursive: true, force: true });
  });

  it('answers Get-HostFacts with one base64 line holding a valid envelope: PowerShell 7, no Hyper-V module', async function () {
    const line = await session.call(formatCall('Get-HostFacts', {}));
    assert.ok(line.ok, line.ok ? '' : `${line.error.id}: ${line.error.message} ${line.error.detail ?? ''}`);
    assert.match(line.value.trim(), /^[A-Za-z0-9+/]+={0,2}$/, 'one base64 line and nothing else');
    const envelope = decodeReply(line.value);
    assert.ok(envelope.ok && envelope.value.ok, JSON.stringify(envelope));

    // The same answer through the client: the operation's schema and the normaliser accept it.
    const facts = await client.hostFacts();
    assert.ok(facts.ok, facts.ok ? '' : `${facts.error.id}: ${facts.error.message} ${facts.error.detail ?? ''}`);
    assert.equal(facts.value.hyperVModule, false);
    assert.equal(facts.value.psEdition, 'Core');
    assert.match(facts.value.psVersion, /^7\./);
    assert.equal(facts.value.inventoryCmdlet, null);
    assert.equal(facts.value.supportsInstancePath, false);
    assert.equal(facts.value.computerName, os.hostname());
  });

  it('answers Get-Inventory with hyperv-missing, from the same shell', async function () {
    const inventory = await client.inventory();
    assert.ok(!inventory.ok, 'there is no Hyper-V here');
    assert.equal(inventory.error.id, 'hyperv-missing');
    assert.equal(inventory.error.message, 'The Hyper-V PowerShell module is not available on this host.');
    assert.equal(session.shellsStarted, 1, 'every call went to the one shell started for the first');
    assert.equal(session.state, 'ready');
  });
});
