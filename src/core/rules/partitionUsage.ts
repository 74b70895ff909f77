/** Which VMs hold a partition of which GPU. */
import type { GpuPartitionAdapter, HostInventory, PartitionableGpu, VirtualMachine } from '../model';

export interface PartitionHolder {
  readonly vm: VirtualMachine;
  readonly adapter: GpuPartitionAdapter;
}

/**
 * Adapters name their GPU by instance path. An adapter without one (Windows 10, or added without
 * -InstancePath on an early build) got Hyper-V's default GPU: the first one it lists.
 */
export function gpuOfAdapter(adapter: GpuPartitionAdapter, gpus: readonly PartitionableGpu[]): PartitionableGpu | undefined {
  if (adapter.instancePath === null) return gpus[0];
  const wanted = adapter.instancePath.toLowerCase();
  return gpus.find((g) => g.instancePath.toLowerCase() === wanted);
}

/**
 * Where an adapter's GPU is: among the host's GPUs, Hyper-V's default GPU (no path reported),
 * possibly one of the GPU entries the host listed but that could not be read, or gone from the host
 * (the VM will not start). Only `missing` is certain enough to offer removing the adapter.
 */
export type AdapterGpuStatus = 'present' | 'default' | 'unreadable' | 'missing';

export function adapterGpuStatus(adapter: GpuPartitionAdapter, inventory: Pick<HostInventory, 'gpus' | 'invalid'>): AdapterGpuStatus {
  if (gpuOfAdapter(adapter, inventory.gpus)) return adapter.instancePath === null ? 'default' : 'present';
  if (adapter.instancePath === null) return 'default';
  const wanted = adapter.instancePath.toLowerCase();
  // An unreadable GPU entry whose path could not be read either may be the one the adapter names.
  const unreadable = inventory.invalid.some((e) => e.kind === 'gpu' && (e.id === null || e.id.toLowerCase() === wanted));
  return unreadable ? 'unreadable' : 'missing';
}

export function holdersOf(gpu: PartitionableGpu, inventory: Pick<HostInventory, 'vms' | 'gpus'>): PartitionHolder[] {
  const holders: PartitionHolder[] = [];
  for (const vm of inventory.vms) {
    for (const adapter of vm.adapters) {
      if (gpuOfAdapter(adapter, inventory.gpus) === gpu) holders.push({ vm, adapter });
    }
  }
  return holders;
}

/**
 * Adapters the host listed that could not be read and may hold a partition of this GPU: those naming
 * its instance path, and those whose path could not be read either. Counts of partitions in use say
 * them apart rather than leave them out silently.
 */
export function unreadableAdaptersOn(gpu: PartitionableGpu, inventory: Pick<HostInventory, 'vms'>): number {
  const path = gpu.instancePath.toLowerCase();
  return inventory.vms.reduce((n, vm) => n + vm.invalidAdapters.filter((a) => a.name === null || a.name.toLowerCase() === path).length, 0);
}
