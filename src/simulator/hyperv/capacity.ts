/**
 * The 20 capacity numbers Get-VMHostPartitionableGpu reports, derived from a GPU's totals and the
 * partitions assigned on it.
 *
 * - GPU-PV (`\GPUPARAV`): the driver reports normalised placeholders that it does not enforce, so
 *   every value is the total, Min is 0 and nothing is ever consumed (as in the RTX 3060 fixture).
 * - SR-IOV GPU-P: the GPU is cut into `PartitionCount` equal partitions of real units, and a VM's
 *   partition is one of them whatever Min/Max/Optimal its adapter asks (Microsoft Learn: "Prepare
 *   GPUs for Azure Local" gives the resource model as an "equally partitioned device"; "Manage GPUs
 *   using partitioning": partition sizes are the MinPartitionVRAM reported here, one partition per
 *   VM). A partition is gone from Available while its VM runs: Microsoft's driver interface
 *   (DXGK_VGPU_PROFILE_CAPABILITY) says the available amount "changes as vGPUs start and stop
 *   running", and Hyper-V resolves a VM's partition only when it starts.
 */
import { RESOURCE_KINDS, type ResourceCapacity, type ResourceKind } from '../../core/model';
import { partitioningKind } from '../../core/gpuIdentity';
import type { GpuState } from './state';

export type GpuCapacity = Record<ResourceKind, ResourceCapacity>;

export function partitionSize(gpu: GpuState, kind: ResourceKind): bigint {
  return gpu.totals[kind] / BigInt(gpu.partitionCount);
}

export function gpuCapacity(gpu: GpuState, runningPartitions: number): GpuCapacity {
  const sriov = partitioningKind(gpu.instancePath) === 'sr-iov';
  const entries = RESOURCE_KINDS.map((kind): [ResourceKind, ResourceCapacity] => {
    const total = gpu.totals[kind];
    if (!sriov) return [kind, { total, available: total, min: 0n, max: total, optimal: total }];
    const size = partitionSize(gpu, kind);
    const used = size * BigInt(runningPartitions);
    return [kind, { total, available: used >= total ? 0n : total - used, min: size, max: size, optimal: size }];
  });
  return Object.fromEntries(entries) as GpuCapacity;
}
