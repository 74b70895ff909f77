/** The numbers a fleet of hosts adds up to: how many hosts answer, VMs, GPU partitions in use and free, driver drift. */
import type { GpuPvError } from '../errors';
import type { DriverSyncState } from '../drivers/sync/drift';
import type { HostInventory, VirtualMachine } from '../model';
import { unreadableEntries } from '../invalidEntryText';
import { holdersOf } from '../rules/partitionUsage';

/** What the summary needs of a host: its last good inventory and its last load's error (a host snapshot fits). */
export interface FleetHost {
  readonly id: string;
  readonly inventory: HostInventory | undefined;
  readonly error: GpuPvError | undefined;
}

/**
 * Where a VM's guest driver stands against its host's; `undefined` when no driver sync applies to
 * it (an SR-IOV partition brings the vendor's own guest driver). Without this check the summary
 * says "not checked", never a made-up 0.
 */
export type DriverSyncCheck = (vm: VirtualMachine, hostId: string, inventory: HostInventory) => DriverSyncState | undefined;

export type DriverDrift =
  | { readonly checked: false }
  | {
      readonly checked: true;
      /** Synced, and the copy matches the host's driver now. */
      readonly inSync: number;
      /** Synced, and the host's driver changed since: only these drift. */
      readonly drifting: number;
      /** Never synced: what the guest holds is unknown. */
      readonly notSynced: number;
    };

export interface FleetSummary {
  readonly hosts: number;
  /** Hosts whose last load succeeded. */
  readonly reachable: number;
  /** Hosts whose last load failed (their last good inventory, if any, is not counted below). */
  readonly unreachable: number;
  /** Hosts never read yet (the first load is queued or running). */
  readonly notRead: number;
  // The counts below are over reachable hosts only: a host that does not answer cannot give a
  // partition to anyone, so its last known free partitions would overstate what the fleet has.
  readonly vms: number;
  readonly vmsWithGpu: number;
  readonly gpus: number;
  readonly partitions: number;
  readonly partitionsFree: number;
  readonly drivers: DriverDrift;
  /**
   * Entries reachable hosts listed that could not be read (VMs, GPUs, driver records, adapters).
   * They are in no count above, so the summary says how many there are.
   */
  readonly unreadable: number;
}

export function summarizeFleet(hosts: readonly FleetHost[], driverSync?: DriverSyncCheck): FleetSummary {
  let reachable = 0;
  let unreachable = 0;
  let vms = 0;
  let vmsWithGpu = 0;
  let gpus = 0;
  let partitions = 0;
  let partitionsFree = 0;
  let unreadable = 0;
  const drivers = { 'in-sync': 0, drifting: 0, 'not-synced': 0 };
  for (const host of hosts) {
    if (host.error) {
      unreachable++;
      continue;
    }
    const inventory = host.inventory;
    if (!inventory) continue;
    reachable++;
    unreadable += unreadableEntries(inventory).length;
    vms += inventory.vms.length;
    gpus += inventory.gpus.length;
    for (const gpu of inventory.gpus) {
      partitions += gpu.partitionCount;
      partitionsFree += Math.max(0, gpu.partitionCount - holdersOf(gpu, inventory).length);
    }
    for (const vm of inventory.vms) {
      if (vm.adapters.length === 0) continue;
      vmsWithGpu++;
      const state = driverSync?.(vm, host.id, inventory);
      if (state) drivers[state]++;
    }
  }
  return {
    hosts: hosts.length,
    reachable,
    unreachable,
    notRead: hosts.length - reachable - unreachable,
    vms,
    vmsWithGpu,
    gpus,
    partitions,
    partitionsFree,
    drivers: driverSync
      ? { checked: true, inSync: drivers['in-sync'], drifting: drivers.drifting, notSynced: drivers['not-synced'] }
      : { checked: false },
    unreadable,
  };
}
