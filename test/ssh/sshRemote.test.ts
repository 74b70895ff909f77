/**
 * A remote host over a real transport: PowerShell's SSH remoting to an OpenSSH server on loopback
 * (test/support/sshServer.ts). The production session starts the local pwsh with the built module,
 * the connect line runs the module's Connect-GpuPvRemote, which opens the PSSession, copies the
 * module to the host and imports it there; every call after it is forwarded. The remote pwsh has no
 * Hyper-V module, so the calls forwarded here are those that answer without it.
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { HostClient } from '../../src/host/hostClient';
import { launchFor, modulePath, type HostConfig } from '../../src/host/hostConfig';
import { PowerShellSession } from '../../src/host/session';
import { repoFile } from '../support/powershellSyntax';
import { ensurePwsh } from '../support/realPowerShell';
import { REMOTE_HOST_NAME, startSshServer, type SshServer } from '../support/sshServer';

describe('a remote host over SSH: the real Connect-GpuPvRemote, pwsh on both ends', function () {
  // Two pwsh starts (local, then remote) per connection; much longer on a loaded machine.
  this.timeout(240_000);
  let server: SshServer;
  let storage: string;
  const sessions: PowerShellSession[] = [];

  before(async function () {
    const pwsh = ensurePwsh();
    server = await startSshServer(pwsh);
    storage = fs.mkdtempSync(path.join(os.tmpdir(), 'gpupv-ssh-'));
  });

  afterEach(async function () {
    await Promise.all(sessions.splice(0).map((s) => s.dispose()));
  });

  after(async function () {
    await server?.stop();
    if (storage) fs.rmSync(storage, { recursive: true, force: true });
  });

  function connect(keyFilePath: string): { session: PowerShellSession; client: HostClient } {
    const config: HostConfig = {
      kind: 'remote',
      name: 'SSH loopback',
      transport: 'ssh',
      address: '127.0.0.1',
      port: server.port,
      userName: server.userName,
      keyFilePath,
    };
    const launch = launchFor(config, {
      extensionPath: repoFile(),
      storagePath: storage,
      nodeExecutable: process.execPath,
      powershellExecutable: ensurePwsh(),
    });
    const session = new PowerShellSession(server.client(launch), { callTimeoutMs: 60_000, startTimeoutMs: 180_000 });
    sessions.push(session);
    return { session, client: new HostClient(session, 'ssh') };
  }

  const accepted = () => server.log().match(/Accepted publickey for /g)?.length ?? 0;
  const failedSignIns = () => server.log().match(/Failed publickey for /g)?.length ?? 0;

  it('connects with the key, copies the module to the host and imports it; calls run on the host', async function () {
    const { session, client } = connect(server.clientKey);
    const facts = await client.hostFacts();
    assert.ok(facts.ok, facts.ok ? '' : `${facts.error.id}: ${facts.error.message} ${facts.error.detail ?? ''}`);
    assert.equal(facts.value.computerName, REMOTE_HOST_NAME, 'the call ran in the remote pwsh');
    assert.equal(facts.value.psEdition, 'Core');
    assert.equal(facts.value.hyperVModule, false);
    const copied = path.join(server.remoteTemp, 'GpuPv.psm1');
    assert.deepEqual(fs.readFileSync(copied), fs.readFileSync(modulePath(repoFile())), 'the built module, copied unchanged');
    assert.match(server.log(), /subsystem 'powershell'/);

    const inventory = await client.inventory();
    assert.ok(!inventory.ok);
    assert.equal(inventory.error.id, 'hyperv-missing', 'the host’s own answer, forwarded');
    assert.equal(session.shellsStarted, 1);
    assert.equal(accepted(), 1, 'one sign-in for both calls');
  });

  it('a key the host does not know is refused as remote-auth-failed, after one sign-in, and never tried again by itself', async function () {
    const before = failedSignIns();
    const { session, client } = connect(server.wrongKey);
    const facts = await client.hostFacts();
    assert.ok(!facts.ok, 'the host refused the key');
    assert.equal(facts.error.id, 'remote-auth-failed', `${facts.error.message} ${facts.error.detail ?? ''}`);
    assert.match(facts.error.detail ?? '', /Permission denied \(publickey\)/, 'ssh’s own reason is kept for the log');
    assert.equal(failedSignIns() - before, 1, 'one key offered, once');

    // The next call (a refresh) does not sign in again with the refused key: it answers the refusal.
    const again = await client.hostFacts();
    assert.ok(!again.ok);
    assert.equal(again.error.id, 'remote-auth-failed');
    assert.equal(failedSignIns() - before, 1, 'no second sign-in');
    assert.equal(session.shellsStarted, 1);
  });
});
