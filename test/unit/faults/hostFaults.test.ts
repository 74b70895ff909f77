/**
 * The faults a real host shows, injected into the simulated host and met by the
 * production session, client and inventory store. Each test name says what the user sees.
 * Throughout the suite an `unhandledRejection` recorder runs; the last test asserts it stayed empty.
 */
import * as assert from 'node:assert/strict';
import type { GpuPvAction } from '../../../src/core/actions/gpuPvAction';
import { KeyedQueue } from '../../../src/core/keyedQueue';
import type { HostInventory } from '../../../src/core/model';
import { HostClient } from '../../../src/host/hostClient';
import { InventoryStore, type HostSnapshot } from '../../../src/host/inventoryStore';
import { PowerShellSession } from '../../../src/host/session';
import { startSimulatedHost, type SimulatedHost } from '../../support/simulatedHost';

const HOST = 'sim';
/** Build-Agent in win11-workstation: Off, generation 2, no GPU partition. */
const OFF_VM = { id: '3c7d8e2a-1b4f-4a6e-9d2c-5e8f7a1b3c4d', name: 'Build-Agent' };
const CALL_TIMEOUT_MS = 1_500;

interface SessionInternals {
  handle?: { shell: { history: unknown[]; process?: { pid?: number } } };
}

function internals(session: PowerShellSession): SessionInternals {
  return session as unknown as SessionInternals;
}

function vmAdapters(inventory: HostInventory, vmId: string): number {
  const vm = inventory.vms.find((v) => v.id.toLowerCase() === vmId.toLowerCase());
  assert.ok(vm, `VM ${vmId} is in the inventory`);
  return vm.adapters.length;
}

function errorId(result: { ok: boolean; error?: { id: string } }): string | undefined {
  return result.ok ? undefined : result.error?.id;
}

const unhandled: unknown[] = [];
const recordUnhandled = (reason: unknown): void => {
  unhandled.push(reason);
};
let faultsInjected = 0;

describe('faults on a simulated host', function () {
  this.timeout(30_000);
  let host: SimulatedHost;
  let store: InventoryStore;
  const refresh = (): Promise<HostSnapshot> => store.load(HOST, () => host.client.inventory());
  const inject = (...faults: Parameters<SimulatedHost['injectFaults']>[0]): void => {
    faultsInjected += faults.reduce((n, f) => n + (f.times ?? 1), 0);
    host.injectFaults(faults);
  };

  before(() => process.on('unhandledRejection', recordUnhandled));
  after(() => {
    process.off('unhandledRejection', recordUnhandled);
  });

  beforeEach(() => {
    host = startSimulatedHost({ callTimeoutMs: CALL_TIMEOUT_MS });
    store = new InventoryStore();
  });
  afterEach(() => host.dispose());

  async function firstGoodLoad(): Promise<HostSnapshot> {
    const good = await refresh();
    assert.equal(good.error, undefined, good.error?.message);
    assert.ok(good.inventory);
    return good;
  }

  function assertKeptAfterFailure(snapshot: HostSnapshot, good: HostSnapshot, id: string): void {
    assert.equal(snapshot.loading, false, 'no spinner left');
    assert.equal(snapshot.error?.id, id);
    assert.deepEqual(snapshot.inventory, good.inventory, 'the tree keeps showing the last good inventory');
    assert.equal(snapshot.loadedAt, good.loadedAt, 'the last good load time is kept');
  }

  async function assertNextLoadClears(good: HostSnapshot): Promise<void> {
    const next = await refresh();
    assert.equal(next.loading, false);
    assert.equal(next.error, undefined, 'the error is cleared by the next good load');
    assert.deepEqual(next.inventory, good.inventory);
    assert.deepEqual(store.snapshot(HOST), next);
  }

  it(
    'the shell dies mid-call: the refresh fails fast with shell-crashed, the tree keeps its data, the next ' +
      'refresh starts a new shell and clears the error',
    async () => {
      const good = await firstGoodLoad();
      inject({ operation: 'Get-Inventory', kind: 'crash' });
      const started = Date.now();
      const failed = await refresh();
      assert.ok(Date.now() - started < CALL_TIMEOUT_MS, 'fails before the call timeout');
      assertKeptAfterFailure(failed, good, 'shell-crashed');
      await assertNextLoadClears(good);
      assert.equal(host.session.shellsStarted, 2);
    },
  );

  it('the shell hangs: the refresh fails with shell-timeout after the call timeout, the hung shell is replaced and the next refresh works', async () => {
    const good = await firstGoodLoad();
    inject({ operation: 'Get-Inventory', kind: 'hang' });
    const started = Date.now();
    const failed = await refresh();
    const elapsed = Date.now() - started;
    assert.ok(elapsed >= CALL_TIMEOUT_MS - 100 && elapsed < CALL_TIMEOUT_MS + 2_500, `failed after ${elapsed} ms`);
    assertKeptAfterFailure(failed, good, 'shell-timeout');
    await assertNextLoadClears(good);
    assert.equal(host.session.shellsStarted, 2);
  });

  it('the shell answers garbage: protocol-invalid showing what arrived, the data is kept, the same shell answers the next call', async () => {
    const good = await firstGoodLoad();
    inject({ operation: 'Get-Inventory', kind: 'garbage', message: 'Windows PowerShell transcript start' });
    const failed = await refresh();
    assertKeptAfterFailure(failed, good, 'protocol-invalid');
    assert.match(failed.error?.detail ?? '', /transcript start/);
    await assertNextLoadClears(good);
    assert.equal(host.session.shellsStarted, 1, 'a readable shell is not restarted for one bad answer');
  });

  it('the shell answers half an envelope: protocol-invalid (incomplete reply), the data is kept, the next refresh works', async () => {
    const good = await firstGoodLoad();
    inject({ operation: 'Get-Inventory', kind: 'half-envelope' });
    const failed = await refresh();
    assertKeptAfterFailure(failed, good, 'protocol-invalid');
    assert.match(failed.error?.message ?? '', /incomplete|not JSON|unexpected shape|not a reply/);
    await assertNextLoadClears(good);
  });

  it(
    'the shell writes to stderr: shell-stderr with the text at once (not after the kill fallback), the suspect ' +
      'shell is replaced, the next refresh works',
    async () => {
      const good = await firstGoodLoad();
      inject({ operation: 'Get-Inventory', kind: 'stderr', message: 'WARNING: transient VMMS error' });
      const started = Date.now();
      const failed = await refresh();
      // Regression: the kill waited on an exit promise the call's cleanup had already released (2 s).
      assert.ok(Date.now() - started < 1_000, `answered after ${Date.now() - started} ms`);
      assertKeptAfterFailure(failed, good, 'shell-stderr');
      assert.match(failed.error?.detail ?? '', /transient VMMS error/);
      await assertNextLoadClears(good);
      assert.equal(host.session.shellsStarted, 2);
    },
  );

  it('the shell is slow but within the timeout: the call answers correctly, late, on the same shell', async () => {
    const good = await firstGoodLoad();
    inject({ operation: 'Get-Inventory', kind: 'delay', ms: 700 });
    const started = Date.now();
    const pending = refresh();
    assert.equal(store.snapshot(HOST).loading, true, 'the spinner shows while the call runs');
    assert.deepEqual(store.snapshot(HOST).inventory, good.inventory, 'the old inventory stays visible meanwhile');
    const slow = await pending;
    assert.ok(Date.now() - started >= 650, 'the answer came after the delay');
    assert.equal(slow.error, undefined);
    assert.equal(slow.loading, false);
    assert.deepEqual(slow.inventory, good.inventory);
    assert.equal(host.session.shellsStarted, 1);
  });

  it(
    'the host drops mid-refresh: one load for concurrent refreshes, the last good inventory and the error ' +
      'are shown, no spinner, and the next good load clears the error',
    async () => {
      const good = await firstGoodLoad();
      inject({ operation: 'Get-Inventory', kind: 'delay', ms: 5_000 });
      const first = refresh();
      const second = refresh();
      assert.equal(first, second, 'a refresh while one runs joins it');
      assert.equal(store.snapshot(HOST).loading, true);
      // Let the call reach the host, then the host goes away (the process is killed from outside).
      await new Promise((resolve) => setTimeout(resolve, 300));
      const pid = internals(host.session).handle?.shell.process?.pid;
      assert.ok(pid, 'the shell process is running');
      process.kill(pid, 'SIGKILL');
      const failed = await first;
      assertKeptAfterFailure(failed, good, 'shell-crashed');
      assert.deepEqual(store.snapshot(HOST), failed);
      await assertNextLoadClears(good);
      assert.equal(host.session.shellsStarted, 2);
    },
  );

  it('two commands race on the same VM: the second runs after the first and sees its result (two adapters, never a torn state)', async () => {
    const good = await firstGoodLoad();
    const before = vmAdapters(good.inventory!, OFF_VM.id);
    const queue = new KeyedQueue();
    const assign: GpuPvAction = { kind: 'assign-gpu', vm: OFF_VM, gpu: null, sizes: null };
    // The first one is slow at the host: without serialisation the second would overtake it.
    inject({ operation: 'Add-GpuPartitionAdapter', kind: 'delay', ms: 400 });
    const order: string[] = [];
    const run = (name: string) =>
      queue.run(`${HOST}/${OFF_VM.id}`, async () => {
        order.push(`${name} start`);
        const result = await host.client.run(assign);
        order.push(`${name} end`);
        return result;
      });
    const firstRun = run('first');
    const secondRun = run('second');
    assert.ok(queue.isBusy(`${HOST}/${OFF_VM.id}`));
    const [a, b] = await Promise.all([firstRun, secondRun]);
    assert.deepEqual(order, ['first start', 'first end', 'second start', 'second end']);
    assert.ok(a.ok && 'vm' in a.value && b.ok && 'vm' in b.value, 'both assigns succeed');
    assert.equal(a.value.vm.adapters.length, before + 1);
    assert.equal(b.value.vm.adapters.length, before + 2, 'the second sees the first one’s adapter');
    store.updateVm(HOST, b.value.vm);
    const reread = await refresh();
    assert.equal(vmAdapters(reread.inventory!, OFF_VM.id), before + 2, 'the host and the tree agree');
    assert.equal(queue.isBusy(`${HOST}/${OFF_VM.id}`), false, 'the queue forgets an idle VM');
  });

  it('two commands race on the same VM without waiting for each other: the session still applies them one at a time', async () => {
    const good = await firstGoodLoad();
    const before = vmAdapters(good.inventory!, OFF_VM.id);
    const assign: GpuPvAction = { kind: 'assign-gpu', vm: OFF_VM, gpu: null, sizes: null };
    inject({ operation: 'Add-GpuPartitionAdapter', kind: 'delay', ms: 300 });
    const results = await Promise.all([host.client.run(assign), host.client.run(assign), host.client.vm(OFF_VM.id)]);
    const counts = results.map((r) => {
      assert.ok(r.ok, r.ok ? '' : r.error.message);
      const value = r.value as unknown as { vm: { adapters: unknown[] } } | { adapters: unknown[] };
      return 'vm' in value ? value.vm.adapters.length : value.adapters.length;
    });
    assert.deepEqual(counts, [before + 1, before + 2, before + 2]);
  });

  it('a failed command on a VM does not block the next command on it', async () => {
    const queue = new KeyedQueue();
    const key = `${HOST}/${OFF_VM.id}`;
    inject({ operation: 'Start-Vm', kind: 'crash' });
    const failing = queue.run(key, () => host.client.run({ kind: 'start-vm', vm: OFF_VM }));
    const throwing = queue.run(key, () => Promise.reject(new Error('a command that throws')));
    const next = queue.run(key, () => host.client.vm(OFF_VM.id));
    assert.equal(errorId(await failing), 'shell-crashed');
    await assert.rejects(throwing, /a command that throws/);
    const vm = await next;
    assert.ok(vm.ok);
    assert.equal(vm.value.state, 'Off', 'the crashed start did not half-start the VM');
    await new Promise((resolve) => setImmediate(resolve));
    assert.equal(queue.isBusy(key), false, 'the queue forgets an idle VM');
  });

  it('repeated faults, then recovery: every call answers, the session is usable, one new shell per killed shell, nothing accumulates', async () => {
    const good = await firstGoodLoad();
    const rounds = 2;
    const faults: Parameters<SimulatedHost['injectFaults']>[0][number][] = [];
    const expectedIds: string[] = [];
    let expectedShells = 1;
    for (let round = 0; round < rounds; round++) {
      faults.push(
        { operation: 'Get-Inventory', kind: 'crash' },
        { operation: 'Get-Inventory', kind: 'garbage' },
        { operation: 'Get-Inventory', kind: 'half-envelope' },
        { operation: 'Get-Inventory', kind: 'stderr' },
        { operation: 'Get-Inventory', kind: 'error', catalogId: 'hyperv-module-not-loaded' },
      );
      expectedIds.push('shell-crashed', 'protocol-invalid', 'protocol-invalid', 'shell-stderr', 'hyperv-missing');
      // crash: a new shell on the next call; stderr: the suspect shell is replaced.
      expectedShells += 2;
    }
    faults.push({ operation: 'Get-Inventory', kind: 'hang' });
    expectedIds.push('shell-timeout');
    expectedShells += 1;
    // One file holds the whole list: injecting replaces what was pending.
    inject(...faults);
    const seen: string[] = [];
    for (let i = 0; i < expectedIds.length; i++) {
      const snapshot = await refresh();
      assert.equal(snapshot.loading, false);
      assert.deepEqual(snapshot.inventory, good.inventory, `the tree keeps its data after fault ${i + 1}`);
      seen.push(snapshot.error?.id ?? 'ok');
    }
    assert.deepEqual(seen, expectedIds);
    await assertNextLoadClears(good);
    assert.equal(host.session.shellsStarted, expectedShells);
    assert.equal(host.session.pendingCalls, 0);
    assert.equal(host.session.state, 'ready');
    assert.equal(internals(host.session).handle?.shell.history.length, 0, 'node-powershell’s history is emptied');
    // Bounded: a further burst of crashes adds exactly one shell each and leaves no listeners behind.
    const listeners = process.listenerCount('exit') + process.listenerCount('SIGINT');
    inject({ operation: 'Get-HostFacts', kind: 'crash', times: 5 });
    for (let i = 0; i < 5; i++) assert.equal(errorId(await host.client.hostFacts()), 'shell-crashed');
    assert.ok((await host.client.hostFacts()).ok);
    assert.equal(host.session.shellsStarted, expectedShells + 5);
    assert.ok(process.listenerCount('exit') + process.listenerCount('SIGINT') <= listeners, 'no process listener per dead shell');
  });

  it(
    'the window reloads during a long operation: the call resolves with session-disposed or shell-crashed, ' +
      'never hangs, and a new session reads what the host persisted',
    async () => {
      const good = await firstGoodLoad();
      const before = vmAdapters(good.inventory!, OFF_VM.id);
      const assign: GpuPvAction = { kind: 'assign-gpu', vm: OFF_VM, gpu: null, sizes: null };
      const done = await host.client.run(assign);
      assert.ok(done.ok, 'a completed change before the reload');
      inject({ operation: 'Add-GpuPartitionAdapter', kind: 'delay', ms: 10_000 });
      const long = host.client.run(assign);
      const queued = host.client.inventory();
      const loading = refresh();
      await new Promise((resolve) => setTimeout(resolve, 300));
      const started = Date.now();
      await host.session.dispose();
      const [longResult, queuedResult, snapshot] = await Promise.all([long, queued, loading]);
      assert.ok(Date.now() - started < 3_000, 'everything pending resolved promptly');
      assert.ok(['session-disposed', 'shell-crashed'].includes(errorId(longResult) ?? 'ok'), `long call: ${errorId(longResult)}`);
      assert.equal(errorId(queuedResult), 'session-disposed');
      assert.equal(snapshot.loading, false, 'no spinner left by the reload');
      assert.equal(host.session.pendingCalls, 0);

      // After the reload: a new session on the same simulated host.
      const session = new PowerShellSession(host.launch, { callTimeoutMs: 10_000, startTimeoutMs: 15_000 });
      try {
        const client = new HostClient(session, 'reloaded');
        const reloaded = await client.inventory();
        assert.ok(reloaded.ok, reloaded.ok ? '' : reloaded.error.message);
        assert.equal(
          vmAdapters(reloaded.value, OFF_VM.id),
          before + 1,
          'the completed change persisted; the interrupted one left nothing half-done',
        );
      } finally {
        await session.dispose();
      }
    },
  );

  it('no unhandled promise rejection during any of these faults', () => {
    assert.ok(faultsInjected >= 20, `faults injected: ${faultsInjected}`);
    assert.deepEqual(unhandled, []);
  });
});
