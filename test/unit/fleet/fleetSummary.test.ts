import * as assert from 'node:assert/strict';
import type { GpuPvError } from '../../../src/core/errors';
import { summarizeFleet, type FleetHost } from '../../../src/core/fleet/fleetSummary';
import { fleetSummaryDetails, fleetSummaryLine } from '../../../src/core/fleet/fleetSummaryText';
import type { HostInventory } from '../../../src/core/model';
import { scenario } from '../panel/helpers';
import { driverSyncState } from '../../../src/core/drivers/sync/drift';
import type { DriverSyncRecord } from '../../../src/core/normalize/driverSync';

// win11-workstation: 7 VMs, 4 of them with an adapter; an RTX 3060 and a UHD 770, 32 partitions each.
// win10-laptop: 1 VM whose adapter has no instance path (the default GPU); 2 GPUs of 32 partitions.
const workstation = scenario('win11-workstation').inventory;
const laptop = scenario('win10-laptop').inventory;
const TIMEOUT: GpuPvError = { id: 'shell-timeout', message: 'did not answer within 60 s' };

function host(id: string, inventory: HostInventory | undefined, error?: GpuPvError): FleetHost {
  return { id, inventory, error };
}

describe('fleet summary', () => {
  it('adds up hosts, VMs, VMs with a GPU partition, GPUs and free partitions over reachable hosts', () => {
    const summary = summarizeFleet([host('ws', workstation), host('laptop', laptop)]);
    assert.deepEqual(summary, {
      hosts: 2,
      reachable: 2,
      unreachable: 0,
      notRead: 0,
      vms: 8,
      vmsWithGpu: 5,
      gpus: 4,
      partitions: 128,
      partitionsFree: 123,
      drivers: { checked: false },
      unreadable: 0,
    });
    assert.equal(fleetSummaryLine(summary), '2 hosts · 8 VMs, 5 with GPU · 123 partitions free · drivers: not checked');
  });

  it('says "drivers: not checked" rather than a made-up 0 while no comparison is plugged in', () => {
    const summary = summarizeFleet([host('ws', workstation)]);
    assert.deepEqual(summary.drivers, { checked: false });
    assert.match(fleetSummaryLine(summary), /drivers: not checked$/);
    assert.match(fleetSummaryDetails(summary).join('\n'), /Guest drivers: not checked/);
  });

  it('says "not synced", never "drifting", for guests that were never synced (every demo VM)', () => {
    const server = scenario('server2025-sriov').inventory;
    const summary = summarizeFleet([host('ws', workstation), host('laptop', laptop), host('srv', server)], driverSyncState);
    // 4 + 1 GPU-PV VMs, and CAD-Render on the server's Quadro; its three SR-IOV VMs use the vendor's driver.
    assert.deepEqual(summary.drivers, { checked: true, inSync: 0, drifting: 0, notSynced: 6 });
    assert.match(fleetSummaryLine(summary), /· drivers: 6 not synced$/);
    assert.doesNotMatch(fleetSummaryLine(summary), /drifting/);
    assert.match(
      fleetSummaryDetails(summary).join('\n'),
      /Guest drivers of 6 VMs with a GPU-PV partition: 0 in sync, 0 drifting \(synced, but the host's driver changed since\), 6 never synced/,
    );
  });

  it('says "drifting" only for a synced guest whose copy differs from the host driver now', () => {
    const rtx = workstation.gpus.find((g) => g.friendlyName === 'NVIDIA GeForce RTX 3060')!;
    const synced = (driverVersion: string | null): DriverSyncRecord => ({
      SyncedAt: '2026-11-30T17:44:30.404Z',
      Mode: 'Offline',
      Gpus: [{ InstancePath: rtx.instancePath, DriverVersion: driverVersion, Packages: ['nv_dispi.inf_amd64_4bf4c17fa8a478b5'] }],
    });
    const records: Record<string, DriverSyncRecord> = {
      'GPU-Workstation': synced(rtx.driverVersion),
      'Render-Node': synced('31.0.15.5222'),
    };
    const inventory: HostInventory = {
      ...workstation,
      vms: workstation.vms.map((vm) => ({ ...vm, driverSync: records[vm.name] ?? null })),
    };
    const summary = summarizeFleet([host('ws', inventory)], driverSyncState);
    assert.deepEqual(summary.drivers, { checked: true, inSync: 1, drifting: 1, notSynced: 2 });
    assert.match(fleetSummaryLine(summary), /· drivers: 1 drifting, 2 not synced$/);

    const allSynced: HostInventory = {
      ...inventory,
      vms: inventory.vms.map((vm) => ({ ...vm, driverSync: vm.adapters.length ? synced(rtx.driverVersion) : null })),
    };
    const intel = allSynced.vms.find((vm) => vm.name === 'Media-Encoder')!;
    assert.equal(driverSyncState(intel, 'ws', allSynced), 'drifting', 'its Intel driver was never copied: the synced guest differs');
  });

  it('says "nothing to sync" when no VM has a GPU-PV partition, and "in sync" when every synced guest matches', () => {
    const server = scenario('server2025-sriov', (s) => void (s.vms = s.vms.filter((vm) => vm.name.startsWith('VDI')))).inventory;
    assert.match(fleetSummaryLine(summarizeFleet([host('srv', server)], driverSyncState)), /drivers: nothing to sync$/);
    assert.equal(
      fleetSummaryLine({ ...summarizeFleet([]), drivers: { checked: true, inSync: 3, drifting: 0, notSynced: 0 } }),
      '0 hosts · 0 VMs, 0 with GPU · 0 partitions free · drivers: in sync',
    );
  });

  it('counts a host whose last refresh failed as unreachable and leaves its stale VMs and free partitions out', () => {
    const summary = summarizeFleet([host('ws', workstation), host('laptop', laptop, TIMEOUT)]);
    assert.equal(summary.reachable, 1);
    assert.equal(summary.unreachable, 1);
    assert.equal(summary.vms, 7);
    assert.equal(summary.partitionsFree, 60);
    assert.match(fleetSummaryLine(summary), /^2 hosts \(1 reachable, 1 unreachable\) · 7 VMs, 4 with GPU/);
    assert.match(fleetSummaryDetails(summary).join('\n'), /count reachable hosts only/);
  });

  it('counts a host not read yet apart from one that failed', () => {
    const summary = summarizeFleet([host('ws', workstation), host('new', undefined), host('down', undefined, TIMEOUT)]);
    assert.deepEqual([summary.hosts, summary.reachable, summary.unreachable, summary.notRead], [3, 1, 1, 1]);
    assert.match(fleetSummaryLine(summary), /^3 hosts \(1 reachable, 1 unreachable, 1 not read yet\)/);
  });

  it('counts a GPU whose partitions are all taken as 0 free, never negative', () => {
    const full: HostInventory = { ...laptop, gpus: laptop.gpus.map((g) => ({ ...g, partitionCount: 0 })) };
    const summary = summarizeFleet([host('laptop', full)]);
    assert.equal(summary.partitionsFree, 0);
    assert.equal(summary.partitions, 0);
  });

  it('summarises an empty fleet without dividing by anything', () => {
    const summary = summarizeFleet([]);
    assert.equal(fleetSummaryLine(summary), '0 hosts · 0 VMs, 0 with GPU · 0 partitions free · drivers: not checked');
  });

  it('recovers the right numbers once a failed host answers again (nothing stale is kept in the summary)', () => {
    const during = summarizeFleet([host('ws', workstation, TIMEOUT), host('laptop', laptop)]);
    const after = summarizeFleet([host('ws', workstation), host('laptop', laptop)]);
    assert.equal(during.vms, 1);
    assert.equal(after.vms, 8);
    assert.equal(after.unreachable, 0);
  });
});
