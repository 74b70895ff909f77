/**
 * Whether a VM's guest driver differs from the host's, from the inventory alone (no guest access):
 * the host's record of the last sync into the VM against the driver version each GPU the VM uses has
 * now. A host driver update changes the version, so the VM drifts until it is synced again.
 */
import type { HostInventory, PartitionableGpu, VirtualMachine } from '../../model';

export type DriverDrift =
  | { readonly kind: 'no-gpu' }
  | { readonly kind: 'never-synced' }
  | { readonly kind: 'in-sync'; readonly syncedAt: string }
  | { readonly kind: 'drifted'; readonly reasons: readonly string[]; readonly syncedAt: string };

export type DriverSyncState = 'in-sync' | 'drifting' | 'not-synced';

/** The GPUs the VM's adapters use; an adapter without instance path uses the host's default (first listed) GPU. */
export function gpusOfVm(vm: VirtualMachine, gpus: readonly PartitionableGpu[]): PartitionableGpu[] {
  const used = new Map<string, PartitionableGpu>();
  for (const adapter of vm.adapters) {
    const gpu =
      adapter.instancePath === null ? gpus[0] : gpus.find((g) => g.instancePath.toLowerCase() === adapter.instancePath!.toLowerCase());
    if (gpu) used.set(gpu.instancePath.toLowerCase(), gpu);
  }
  return [...used.values()];
}

export function driverDrift(vm: VirtualMachine, gpus: readonly PartitionableGpu[]): DriverDrift {
  const used = gpusOfVm(vm, gpus);
  if (used.length === 0) return { kind: 'no-gpu' };
  const record = vm.driverSync;
  if (!record) return { kind: 'never-synced' };
  const reasons: string[] = [];
  for (const gpu of used) {
    const synced =
      record.Gpus.find((g) => g.InstancePath !== null && g.InstancePath.toLowerCase() === gpu.instancePath.toLowerCase()) ??
      (record.Gpus.length === 1 && record.Gpus[0]!.InstancePath === null ? record.Gpus[0] : undefined);
    const name = gpu.friendlyName ?? gpu.instancePath;
    if (!synced) reasons.push(`${name}: its driver was never synced into this VM`);
    else if ((synced.DriverVersion ?? '') !== (gpu.driverVersion ?? ''))
      reasons.push(`${name}: host driver ${gpu.driverVersion ?? 'unknown'}, guest copy ${synced.DriverVersion ?? 'unknown'}`);
  }
  return reasons.length === 0 ? { kind: 'in-sync', syncedAt: record.SyncedAt } : { kind: 'drifted', reasons, syncedAt: record.SyncedAt };
}

/**
 * Whether a driver sync applies to the VM: a GPU-PV partition, whose guest loads the host's driver
 * from its HostDriverStore. An SR-IOV partition uses the vendor's own driver inside the guest.
 */
export function syncApplies(vm: VirtualMachine, gpus: readonly PartitionableGpu[]): boolean {
  return gpusOfVm(vm, gpus).some((g) => g.kind === 'gpu-pv');
}

/**
 * For the fleet summary: `drifting` only for a guest that was synced and whose copy differs from the
 * host's driver now; a guest never synced is `not-synced` (nobody knows what it holds); undefined
 * when no sync applies.
 */
export function driverSyncState(vm: VirtualMachine, _hostId: string, inventory: HostInventory): DriverSyncState | undefined {
  if (!syncApplies(vm, inventory.gpus)) return undefined;
  const drift = driverDrift(vm, inventory.gpus);
  if (drift.kind === 'in-sync') return 'in-sync';
  return drift.kind === 'drifted' ? 'drifting' : 'not-synced';
}
