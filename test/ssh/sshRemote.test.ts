/**
 * A remote host over a real transport: PowerShell's SSH remoting to an OpenSSH server on loopback
 * (test/support/sshServer.ts). The production session starts the local pwsh with the built module,
 * the connect line runs the module's Connect-GpuPvRemote, which opens the PSSession, copies the
 * module to the host and imports it there; every call after it is forwarded. The remote pwsh here has
 * no Hyper-V module, so the calls forwarded are those that answer without it (sshRemoteHyperV.test.ts
 * gives the remote pwsh the Hyper-V double).
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { HostClient } from '../../src/host/hostClient';
import { modulePath } from '../../src/host/hostConfig';
import type { PowerShellSession } from '../../src/host/session';
import { repoFile } from '../support/powershellSyntax';
import { ensurePwsh } from '../support/realPowerShell';
import { releaseAll } from '../support/releaseAll';
import { connectOverSsh, REMOTE_HOST_NAME, startSshServer, waitFor, type SshServer } from '../support/sshServer';

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
    await releaseAll(
      () => server?.stop(),
      () => storage && fs.rmSync(storage, { recursive: true, force: true }),
    );
  });

  function connect(
    keyFilePath: string,
    env: Record<string, string> = {},
    address = '127.0.0.1',
  ): { session: PowerShellSession; client: HostClient } {
    const connection = connectOverSsh(server, storage, { keyFilePath, env, address });
    sessions.push(connection.session);
    return connection;
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

  it('a key the host does not know is refused as remote-auth-failed, with ssh’s reason, after one sign-in, never offered again', async function () {
    const before = failedSignIns();
    const { session, client } = connect(server.wrongKey);
    const facts = await client.hostFacts();
    assert.ok(!facts.ok, 'the host refused the key');
    assert.equal(facts.error.id, 'remote-auth-failed', `${facts.error.message} ${facts.error.detail ?? ''}`);
    assert.match(facts.error.detail ?? '', /Permission denied \(publickey\)/, 'ssh’s own reason is kept for the log');
    assert.equal(failedSignIns() - before, 1, 'one key offered, once');
    assert.equal(session.state, 'stopped', 'the shell that failed to connect is gone');

    const again = await client.hostFacts();
    assert.ok(!again.ok);
    assert.match(again.error.message, /refused the SSH key .* not offered again/);
    assert.equal(failedSignIns() - before, 1, 'the next call did not offer the refused key again');
    assert.equal(session.shellsStarted, 1, 'nor start a shell to do so');
  });

  it('a connection lost mid-call answers remote-connection-lost at once; the shell is replaced and the next call reconnects', async function () {
    const { session, client } = connect(server.clientKey);
    assert.ok((await client.hostFacts()).ok);
    const signedIn = accepted();
    // The connections of the tests before end when their shells are disposed, a moment later.
    const serving = () => server.connections().filter((c) => server.hasRemoteShell(c));
    await waitFor(() => serving().length === 1, 'one connection with a remote pwsh');
    const [connection] = serving();

    // The host stops answering while the call is on its way, then the connection goes.
    server.freeze(connection!);
    const started = Date.now();
    const call = client.hostFacts();
    await new Promise((resolve) => setTimeout(resolve, 1500));
    server.drop(connection!);
    const lost = await call;
    assert.ok(!lost.ok, 'the call cannot succeed');
    assert.equal(lost.error.id, 'remote-connection-lost', `${lost.error.message} ${lost.error.detail ?? ''}`);
    const afterDrop = Date.now() - started - 1500;
    assert.ok(afterDrop < 10_000, `answered ${afterDrop} ms after the drop: when the connection went, not at the call timeout`);
    assert.equal(session.state, 'stopped', 'the shell whose session broke is gone');

    const again = await client.hostFacts();
    assert.ok(again.ok, again.ok ? '' : `${again.error.id}: ${again.error.message}`);
    assert.equal(again.value.computerName, REMOTE_HOST_NAME);
    assert.equal(session.shellsStarted, 2, 'a new shell');
    assert.equal(accepted(), signedIn + 1, 'which signed in again, once');
  });

  it('a host whose SSH key this computer does not know is refused as remote-ssh-host-key, before any sign-in', async function () {
    const before = { failed: failedSignIns(), accepted: accepted() };
    // known_hosts holds the key for 127.0.0.1 only: under another name the host is a stranger.
    const { client } = connect(server.clientKey, {}, 'localhost');
    const facts = await client.hostFacts();
    assert.ok(!facts.ok, 'ssh refuses an unknown host key in batch mode');
    assert.equal(facts.error.id, 'remote-ssh-host-key', `${facts.error.message} ${facts.error.detail ?? ''}`);
    assert.match(facts.error.detail ?? '', /Host key verification failed/);
    assert.deepEqual({ failed: failedSignIns(), accepted: accepted() }, before, 'no key was offered to an unknown host');
  });

  it('signs in with the configured key only: a key in the user’s ssh-agent is never offered in its place', async function () {
    const before = { failed: failedSignIns(), accepted: accepted() };
    const agent = await server.startAgent();
    const { client } = connect(server.wrongKey, { SSH_AUTH_SOCK: agent });
    const facts = await client.hostFacts();
    assert.ok(!facts.ok, 'the agent’s key (which the host would accept) was not used instead of the configured one');
    assert.equal(facts.error.id, 'remote-auth-failed');
    assert.equal(failedSignIns() - before.failed, 1, 'one key offered: the configured one');
    assert.equal(accepted(), before.accepted);
  });
});
