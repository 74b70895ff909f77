/**
 * A fleet refresh against several simulated hosts through the production session, client,
 * inventory store and concurrency limit, one host hanging and one that cannot be started at all.
 * What the user sees: the other hosts' data as soon as each arrives, the hung host's spinner then
 * its timeout error, and everything right again after the fault clears.
 */
import * as assert from 'node:assert/strict';
import { ConcurrencyLimit } from '../../../src/core/concurrencyLimit';
import { summarizeFleet } from '../../../src/core/fleet/fleetSummary';
import { refreshFleet, type FleetMember } from '../../../src/host/cappedLoad';
import { HostClient } from '../../../src/host/hostClient';
import { InventoryStore } from '../../../src/host/inventoryStore';
import { PowerShellSession } from '../../../src/host/session';
import { startSimulatedHost, type SimulatedHost } from '../../support/simulatedHost';

const HOSTS = 6;
const CAP = 4;
const CALL_TIMEOUT_MS = 4_000;

describe('fleet refresh with one host hanging', function () {
  this.timeout(60_000);
  const unhandled: unknown[] = [];
  const recordUnhandled = (reason: unknown): void => void unhandled.push(reason);
  let hosts: SimulatedHost[] = [];
  let unreachable: PowerShellSession;
  let members: FleetMember[];
  let store: InventoryStore;
  let limit: ConcurrencyLimit;

  before(async () => {
    process.on('unhandledRejection', recordUnhandled);
    hosts = Array.from({ length: HOSTS }, () => startSimulatedHost({ scenario: 'generated:50x2', callTimeoutMs: CALL_TIMEOUT_MS }));
    // A host whose shell cannot even start (PowerShell missing, a remote host down).
    unreachable = new PowerShellSession(
      { ...hosts[0]!.launch, description: 'unreachable host', executable: '/nonexistent/pwsh' },
      { callTimeoutMs: CALL_TIMEOUT_MS, startTimeoutMs: CALL_TIMEOUT_MS },
    );
    members = [
      ...hosts.map((h, i) => ({ hostId: `host-${i}`, source: h.client })),
      { hostId: 'unreachable', source: new HostClient(unreachable, 'unreachable') },
    ];
    store = new InventoryStore();
    limit = new ConcurrencyLimit(CAP);
    // Every shell started and warm, as after the first refresh of a session.
    const first = await refreshFleet(store, limit, members);
    first.slice(0, HOSTS).forEach((s, i) => assert.equal(s.error, undefined, `host-${i}: ${s.error?.message}`));
  });

  after(async () => {
    process.off('unhandledRejection', recordUnhandled);
    await Promise.all([...hosts.map((h) => h.dispose()), unreachable.dispose()]);
  });

  it('a host that cannot be started fails at once with its own error and holds no slot', () => {
    const snapshot = store.snapshot('unreachable');
    assert.equal(snapshot.loading, false);
    assert.equal(snapshot.error?.id, 'shell-not-found');
    assert.equal(limit.running, 0);
  });

  it('the other hosts show their data before the hung host times out; the hung host shows its spinner, then shell-timeout, and only it', async () => {
    hosts[0]!.injectFaults([{ operation: 'Get-Inventory', kind: 'hang' }]);
    const arrived = new Map<string, number>();
    const t0 = performance.now();
    const listening = store.onDidChange((id) => {
      if (!store.snapshot(id).loading && !arrived.has(id)) arrived.set(id, performance.now() - t0);
    });
    const refreshing = refreshFleet(store, limit, members);
    assert.ok(
      members.every((m) => store.snapshot(m.hostId).loading),
      'every host shows its spinner at once, also those waiting for a slot',
    );
    const hungId = members[0]!.hostId;
    // Poll until all others have arrived: the hung one must still be loading then.
    const othersIds = members.slice(1).map((m) => m.hostId);
    while (!othersIds.every((id) => arrived.has(id))) await new Promise((resolve) => setTimeout(resolve, 10));
    assert.equal(store.snapshot(hungId).loading, true, 'the hung host still shows its spinner while the others are done');
    assert.ok(!arrived.has(hungId));
    await refreshing;
    listening.dispose();

    const hung = store.snapshot(hungId);
    assert.equal(hung.loading, false, 'no spinner left on the hung host');
    assert.equal(hung.error?.id, 'shell-timeout');
    assert.ok(hung.inventory, 'the hung host keeps showing its last good inventory');
    const hungAt = arrived.get(hungId)!;
    assert.ok(hungAt >= CALL_TIMEOUT_MS - 100, `the hung host failed after ${hungAt.toFixed(0)} ms`);
    for (const id of othersIds.slice(0, HOSTS - 1)) {
      const s = store.snapshot(id);
      assert.equal(s.error, undefined, `${id}: ${s.error?.message}`);
      assert.equal(s.inventory?.vms.length, 50);
      assert.ok(
        arrived.get(id)! < hungAt,
        `${id} arrived at ${arrived.get(id)!.toFixed(0)} ms, before the hung host's timeout at ${hungAt.toFixed(0)} ms`,
      );
    }
    assert.equal(limit.running, 0, 'the hung host’s slot is free again');
  });

  it('a refresh started while a host still hangs reloads the others on time and asks the hung host nothing more (what the auto refresh relies on)', async () => {
    hosts[0]!.injectFaults([{ operation: 'Get-Inventory', kind: 'hang' }]);
    let hungCalls = 0;
    const counted: FleetMember[] = members.map((m, i) =>
      i === 0
        ? {
            hostId: m.hostId,
            source: {
              inventory: () => {
                hungCalls++;
                return m.source.inventory();
              },
            },
          }
        : m,
    );
    const healthy = members.slice(1, HOSTS).map((m) => m.hostId);
    const settled = (after: Map<string, number>) =>
      healthy.every((id) => !store.snapshot(id).loading && (store.snapshot(id).loadedAt ?? 0) > (after.get(id) ?? 0));
    const first = refreshFleet(store, limit, counted);
    const afterFirst = new Map<string, number>();
    while (!settled(afterFirst)) await new Promise((resolve) => setTimeout(resolve, 10));
    for (const id of healthy) afterFirst.set(id, store.snapshot(id).loadedAt!);
    // The next tick: let the clock move so a new load is visible in loadedAt.
    await new Promise((resolve) => setTimeout(resolve, 5));
    const second = refreshFleet(store, limit, counted);
    while (!settled(afterFirst)) await new Promise((resolve) => setTimeout(resolve, 10));
    assert.equal(
      store.snapshot(members[0]!.hostId).loading,
      true,
      'the second refresh of the others finished while the hung host still loads',
    );
    const [a, b] = await Promise.all([first, second]);
    assert.equal(hungCalls, 1, 'the hung host was asked once');
    assert.equal(a[0], b[0], 'both refreshes got the one result of the hung host');
    assert.equal(a[0]!.error?.id, 'shell-timeout');
  });

  it('after the fault clears, the next refresh shows every simulated host reachable with no error left over', async () => {
    const snapshots = await refreshFleet(store, limit, members);
    snapshots.slice(0, HOSTS).forEach((s, i) => {
      assert.equal(s.loading, false);
      assert.equal(s.error, undefined, `host-${i}: ${s.error?.message}`);
    });
    const summary = summarizeFleet(members.map((m) => ({ id: m.hostId, ...store.snapshot(m.hostId) })));
    assert.deepEqual([summary.hosts, summary.reachable, summary.unreachable, summary.vms], [HOSTS + 1, HOSTS, 1, HOSTS * 50]);
  });

  it('no unhandled promise rejection during the fleet refreshes', () => {
    assert.deepEqual(unhandled, []);
  });
});
