/**
 * The production session and client against the simulated host process: queueing, faults that a
 * real PowerShell shows (death mid-call, hangs, stderr, garbage), and recovery after each.
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { PowerShellSession } from '../../../src/host/session';
import { startSimulatedHost, type SimulatedHost } from '../../support/simulatedHost';

describe('PowerShellSession against the simulated host', function () {
  this.timeout(30_000);
  let host: SimulatedHost;

  beforeEach(() => {
    host = startSimulatedHost({ callTimeoutMs: 2_000 });
  });
  afterEach(() => host.dispose());

  it('starts no shell until the first call, then reuses one shell for every call', async () => {
    assert.equal(host.session.shellsStarted, 0);
    for (let i = 0; i < 5; i++) assert.ok((await host.client.hostFacts()).ok);
    assert.equal(host.session.shellsStarted, 1);
  });

  it('queues concurrent calls and answers each with its own result', async () => {
    const inventory = await host.client.inventory();
    assert.ok(inventory.ok);
    const ids = inventory.value.vms.map((vm) => vm.id);
    const answers = await Promise.all(ids.map((id) => host.client.vm(id)));
    assert.deepEqual(
      answers.map((a) => (a.ok ? a.value.id : a.error.id)),
      ids,
    );
    assert.equal(host.session.shellsStarted, 1);
  });

  it('empties node-powershell’s history after every call', async () => {
    for (let i = 0; i < 20; i++) await host.client.hostFacts();
    const shell = (host.session as unknown as { handle?: { shell: { history: unknown[] } } }).handle?.shell;
    assert.ok(shell, 'the shell is alive');
    assert.equal(shell.history.length, 0);
  });

  it('reports a shell killed mid-call as shell-crashed within the timeout, and the next call works', async () => {
    assert.ok((await host.client.hostFacts()).ok);
    host.injectFaults([{ operation: 'Get-Inventory', kind: 'crash' }]);
    const started = Date.now();
    const crashed = await host.client.inventory();
    assert.equal(crashed.ok, false);
    assert.equal(!crashed.ok && crashed.error.id, 'shell-crashed');
    assert.match(!crashed.ok ? crashed.error.message : '', /stopped during the call/);
    assert.ok(Date.now() - started < 2_000, 'fails before the call timeout');
    const next = await host.client.inventory();
    assert.ok(next.ok, 'the next call succeeds');
    assert.equal(host.session.shellsStarted, 2);
  });

  it('reports a hanging shell as shell-timeout after the timeout, and the next call works', async () => {
    assert.ok((await host.client.hostFacts()).ok);
    host.injectFaults([{ operation: 'Get-Inventory', kind: 'hang' }]);
    const started = Date.now();
    const hung = await host.client.inventory();
    const elapsed = Date.now() - started;
    assert.equal(!hung.ok && hung.error.id, 'shell-timeout');
    assert.match(!hung.ok ? hung.error.message : '', /did not answer within 2 s/);
    assert.ok(elapsed >= 1_900 && elapsed < 4_500, `failed after ${elapsed} ms`);
    const next = await host.client.inventory();
    assert.ok(next.ok, 'the next call succeeds');
    assert.equal(host.session.shellsStarted, 2);
  });

  it('does not let a hung call hold up calls queued behind it beyond the timeout', async () => {
    host.injectFaults([{ operation: 'Get-Inventory', kind: 'hang' }]);
    const [hung, queued] = await Promise.all([host.client.inventory(), host.client.hostFacts()]);
    assert.equal(!hung.ok && hung.error.id, 'shell-timeout');
    assert.ok(queued.ok, 'the queued call ran in the new shell');
  });

  it('treats stderr output as shell-stderr, keeping the text, and recovers', async () => {
    host.injectFaults([{ operation: 'Get-HostFacts', kind: 'stderr', message: 'WARNING: profile script failed' }]);
    const result = await host.client.hostFacts();
    assert.equal(!result.ok && result.error.id, 'shell-stderr');
    assert.match((!result.ok && result.error.detail) || '', /profile script failed/);
    assert.ok((await host.client.hostFacts()).ok);
  });

  it('reports garbage and half an envelope as protocol-invalid, and the next call works', async () => {
    host.injectFaults([
      { operation: 'Get-HostFacts', kind: 'garbage' },
      { operation: 'Get-HostFacts', kind: 'half-envelope' },
    ]);
    const garbage = await host.client.hostFacts();
    const half = await host.client.hostFacts();
    assert.equal(!garbage.ok && garbage.error.id, 'protocol-invalid');
    assert.equal(!half.ok && half.error.id, 'protocol-invalid');
    assert.ok((await host.client.hostFacts()).ok);
  });

  it('maps a Hyper-V error returned by the host to its error id', async () => {
    host.injectFaults([{ operation: 'Get-Inventory', kind: 'error', catalogId: 'hyperv-module-not-loaded' }]);
    const result = await host.client.inventory();
    assert.equal(!result.ok && result.error.id, 'hyperv-missing');
  });

  it('reports a missing executable as shell-not-found, with the path it tried', async () => {
    const session = new PowerShellSession(
      { ...host.launch, executable: '/nonexistent/pwsh' },
      { callTimeoutMs: 2_000, startTimeoutMs: 2_000 },
    );
    try {
      const result = await session.call('Get-Date');
      assert.equal(!result.ok && result.error.id, 'shell-not-found');
      assert.match(!result.ok ? result.error.message : '', /\/nonexistent\/pwsh/);
    } finally {
      await session.dispose();
    }
  });

  it('refuses a multi-line call before it reaches the shell', async () => {
    const result = await host.session.call('Get-Date\nRemove-Item C:\\');
    assert.equal(!result.ok && result.error.id, 'invalid-argument');
    assert.equal(host.session.shellsStarted, 0);
  });

  it('answers session-disposed after dispose instead of starting a shell', async () => {
    await host.session.dispose();
    const result = await host.client.hostFacts();
    assert.equal(!result.ok && result.error.id, 'session-disposed');
  });
});

describe('PowerShellSession: a shell that dies as it starts', function () {
  this.timeout(30_000);

  it('reports shell-crashed with what the shell wrote to stderr, its payloads redacted', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'gpupv-dying-'));
    const script = path.join(dir, 'dying.js');
    // What a broken .NET install or a refused start prints before the shell exits.
    fs.writeFileSync(
      script,
      "process.stderr.write('Failed to create CoreCLR, HRESULT: 0x80004005\\n-Payload ' + \"'\" + 'A'.repeat(80) + \"'\\n\");\n" +
        'process.exit(3);\n',
    );
    const session = new PowerShellSession(
      {
        description: 'a dying shell',
        executable: process.execPath,
        executableOptions: { '-NoLogo': false, [script]: true },
        startupLines: [],
      },
      { callTimeoutMs: 5_000, startTimeoutMs: 5_000 },
    );
    try {
      const result = await session.call('Get-Date');
      assert.equal(!result.ok && result.error.id, 'shell-crashed');
      const detail = !result.ok ? (result.error.detail ?? '') : '';
      assert.match(detail, /Failed to create CoreCLR, HRESULT: 0x80004005/);
      assert.doesNotMatch(detail, /AAAAAAAAAAAAAAAA/, 'a payload the shell echoes is not repeated');
    } finally {
      await session.dispose();
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
