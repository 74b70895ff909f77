/**
 * What a VM's share of a GPU can be, and the 12 Min/Max/Optimal values for a share, computed
 * exactly: totals reach 2^64-1, which a float cannot hold.
 */
import { formatBytes } from '../format';
import { RESOURCE_KINDS, type PartitionableGpu } from '../model';
import type { PartitionSizes } from './gpuPvAction';

/**
 * An SR-IOV GPU (GPU partitioning on Windows Server 2025 and Azure Local) is cut into
 * PartitionCount equal partitions and a VM gets one of them: Microsoft Learn, "Prepare GPUs for
 * Azure Local", gives GPU partitioning's resource model as an "equally partitioned device";
 * "Manage GPUs using partitioning" says a partition's size is the MinPartitionVRAM that
 * Get-VMHostPartitionableGpu reports and that a VM can be assigned only one partition. The size is
 * set for all VMs at once by Set-VMHostPartitionableGpu -PartitionCount, not per VM: Min/Max/Optimal
 * values on the adapter do not make one VM's partition bigger or smaller.
 */
export interface FixedPartition {
  readonly partitionCount: number;
  /** One partition's VRAM in bytes (the GPU's total divided by the partition count). */
  readonly vram: bigint;
  readonly totalVram: bigint;
}

/** The fixed partition of an SR-IOV GPU; undefined for GPU-PV, where a VM's share can be asked for. */
export function fixedPartition(gpu: PartitionableGpu): FixedPartition | undefined {
  if (gpu.kind !== 'sr-iov' || gpu.partitionCount < 1) return undefined;
  const totalVram = gpu.resources.VRAM.total;
  return { partitionCount: gpu.partitionCount, vram: totalVram / BigInt(gpu.partitionCount), totalVram };
}

/** Said before assigning a partition of such a GPU, in place of a size question that could not change anything. */
export function fixedPartitionText(gpuName: string, fixed: FixedPartition): string {
  return (
    `A partition of ${gpuName} is fixed at 1/${fixed.partitionCount} of the GPU (VRAM ${formatBytes(fixed.vram)} of ${formatBytes(fixed.totalVram)}): ` +
    `Hyper-V cuts an SR-IOV GPU into ${fixed.partitionCount} equal partitions and gives each VM one. ` +
    'To change the size, change the GPU’s partition count (Set GPU Partition Count…, while no VM holds a partition).'
  );
}

/**
 * `percent` of each resource (1-100), as Min = Max = Optimal, the way GPU-PV tools set it. Each
 * value is clamped to what the GPU allows for one partition.
 */
export function shareSizes(gpu: PartitionableGpu, percent: number): PartitionSizes {
  if (!Number.isInteger(percent) || percent < 1 || percent > 100) throw new RangeError('percent must be an integer from 1 to 100');
  const sizes: PartitionSizes = {};
  for (const kind of RESOURCE_KINDS) {
    const { total, min, max } = gpu.resources[kind];
    let value = (total * BigInt(percent)) / 100n;
    if (value < min) value = min;
    if (max > 0n && value > max) value = max;
    // Microsoft: never pass 0 for a capability; leave it unset instead.
    if (value === 0n) continue;
    sizes[`MinPartition${kind}`] = value;
    sizes[`MaxPartition${kind}`] = value;
    sizes[`OptimalPartition${kind}`] = value;
  }
  return sizes;
}

/** Whether the GPU enforces the numbers (SR-IOV GPU-P) or ignores them (GPU-PV placeholders). */
export function sizesAreEnforced(gpu: PartitionableGpu): boolean {
  return gpu.kind === 'sr-iov';
}
