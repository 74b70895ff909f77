import * as assert from 'node:assert/strict';
import type { GpuPvError } from '../../../src/core/errors';
import { summarizeFleet, type FleetHost } from '../../../src/core/fleet/fleetSummary';
import { fleetSummaryDetails, fleetSummaryLine } from '../../../src/core/fleet/fleetSummaryText';
import type { HostInventory } from '../../../src/core/model';
import { scenario } from '../panel/helpers';

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

  it('says "drivers: not checked" rather than 0 drifting while nobody has compared guest drivers', () => {
    const summary = summarizeFleet([host('ws', workstation)], () => undefined);
    assert.deepEqual(summary.drivers, { checked: false });
    assert.match(fleetSummaryLine(summary), /drivers: not checked$/);
    assert.ok(!/0 drifting/.test(fleetSummaryLine(summary)));
    assert.match(fleetSummaryDetails(summary).join('\n'), /Guest drivers: not checked/);
  });

  it('counts drifting drivers among the VMs with a GPU that were compared, and says how many were not', () => {
    const asked: string[] = [];
    const summary = summarizeFleet([host('ws', workstation)], (vm, hostId) => {
      asked.push(`${hostId}/${vm.name}`);
      if (vm.name === 'Render-Node') return true;
      if (vm.name === 'GPU-Workstation') return false;
      return undefined;
    });
    assert.equal(asked.length, 4, 'only VMs with a GPU partition have a guest driver to compare');
    assert.ok(asked.every((a) => a.startsWith('ws/')));
    assert.deepEqual(summary.drivers, { checked: true, drifting: 1, compared: 2, notCompared: 2 });
    assert.match(fleetSummaryLine(summary), /drivers: 1 drifting, 2 not checked$/);
    assert.match(fleetSummaryDetails(summary).join('\n'), /1 of 2 checked differ from the host's; 2 VMs with a GPU not checked/);
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
