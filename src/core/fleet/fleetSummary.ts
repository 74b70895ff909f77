/** The numbers a fleet of hosts adds up to: how many hosts answer, VMs, GPU partitions in use and free, driver drift. */
import type { GpuPvError } from '../errors';
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
 * Whether a VM's guest driver differs from its host's; `undefined` when nobody has compared them.
 * Driver sync (issue 4) supplies it; until then the summary says "not checked", never a made-up 0.
 */
export type DriverDriftCheck = (vm: VirtualMachine, hostId: string, inventory: HostInventory) => boolean | undefined;

export type DriverDrift =
  | { readonly checked: false }
  | {
      readonly checked: true;
      readonly drifting: number;
      /** VMs with a GPU partition whose driver was compared. */
      readonly compared: number;
      /** VMs with a GPU partition not compared yet. */
      readonly notCompared: number;
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

export function summarizeFleet(hosts: readonly FleetHost[], isDriverDrifting?: DriverDriftCheck): FleetSummary {
  let reachable = 0;
  let unreachable = 0;
  let vms = 0;
  let vmsWithGpu = 0;
  let gpus = 0;
  let partitions = 0;
  let partitionsFree = 0;
  let drifting = 0;
  let compared = 0;
  let unreadable = 0;
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
      const drift = isDriverDrifting?.(vm, host.id, inventory);
      if (drift === undefined) continue;
      compared++;
      if (drift) drifting++;
    }
  }
  const drivers: DriverDrift =
    compared === 0 ? { checked: false } : { checked: true, drifting, compared, notCompared: vmsWithGpu - compared };
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
    drivers,
    unreadable,
  };
}
