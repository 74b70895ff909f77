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

export function holdersOf(gpu: PartitionableGpu, inventory: Pick<HostInventory, 'vms' | 'gpus'>): PartitionHolder[] {
  const holders: PartitionHolder[] = [];
  for (const vm of inventory.vms) {
    for (const adapter of vm.adapters) {
      if (gpuOfAdapter(adapter, inventory.gpus) === gpu) holders.push({ vm, adapter });
    }
  }
  return holders;
}
