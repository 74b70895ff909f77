/**
 * A share of a GPU as the 12 Min/Max/Optimal values, computed exactly: totals reach 2^64-1, which
 * a float cannot hold. Each value is clamped to what the GPU allows for one partition.
 */
import { RESOURCE_KINDS, type PartitionableGpu } from '../model';
import type { PartitionSizes } from './gpuPvAction';

/** `percent` of each resource (1-100), as Min = Max = Optimal, the way GPU-PV tools set it. */
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
