/**
 * How a GPU's partition numbers read, with what they measure.
 *
 * Hyper-V prints them bare; Microsoft's driver interface says what they are
 * (DXGK_VGPU_PROFILE_CAPABILITY, dispmprt.h): VRAM in bytes, compute in GFLOPS of FP16, encode and
 * decode in blocks of about one 540p60 stream (1 = 540p60, 4 = 1080p60, 16 = 4Kp60); and the
 * available amount "changes as vGPUs start and stop running". An SR-IOV GPU reports such real
 * amounts. GPU-PV drivers report normalised placeholders instead (1,000,000,000, or 2^64-1 for
 * encode) that measure nothing and reserve nothing: every VM shares the whole GPU, so Available
 * stays at the total however many VMs hold a partition.
 */
import { formatBytes, formatCount, formatPercent, plural } from './format';
import type { GpuPartitioningKind, PartitionableGpu, ResourceKind } from './model';

/** One amount: "1 GB" (VRAM), "4 units", or a placeholder's digits. */
export function resourceAmount(kind: GpuPartitioningKind, resource: ResourceKind, value: bigint): string {
  if (kind === 'gpu-pv') return `${formatCount(value)} (placeholder)`;
  if (resource === 'VRAM') return formatBytes(value);
  return plural(value, 'unit');
}

/** The same amount exactly, where it differs from resourceAmount: VRAM's bytes. */
export function resourceExact(kind: GpuPartitioningKind, resource: ResourceKind, value: bigint): string | undefined {
  return kind === 'sr-iov' && resource === 'VRAM' ? `${formatCount(value)} bytes` : undefined;
}

/** resourceAmount with the exact value after it, for tooltips and the panel. */
export function resourceAmountExact(kind: GpuPartitioningKind, resource: ResourceKind, value: bigint): string {
  const exact = resourceExact(kind, resource, value);
  return exact ? `${resourceAmount(kind, resource, value)} (${exact})` : resourceAmount(kind, resource, value);
}

/** What the numbers measure, in one sentence for the GPU's tooltip and the panel. */
export function unitsText(kind: GpuPartitioningKind): string {
  return kind === 'gpu-pv'
    ? 'The numbers are normalised placeholders the GPU-PV driver reports: not bytes, not engines.'
    : 'VRAM is in bytes. Encode, decode and compute are in units the driver defines (Microsoft’s driver interface describes about one 540p60 stream per encode or decode unit, and compute in GFLOPS of FP16); Hyper-V reports them without a unit.';
}

/** Why "available" reads as it does. */
export function availabilityText(kind: GpuPartitioningKind): string {
  return kind === 'gpu-pv'
    ? 'Available: not tracked. A GPU-PV partition reserves nothing, so Hyper-V reports the total however many VMs hold a partition.'
    : 'Available: what the partitions of running VMs leave. A VM that is off holds its adapter but takes its partition only when it starts.';
}

/** "VRAM: 14 GB of 16 GB available (87.5%; 15,032,385,536 of 17,179,869,184 bytes)"; for GPU-PV, that nothing is tracked. */
export function availableLine(gpu: PartitionableGpu, resource: ResourceKind): string {
  const { available, total } = gpu.resources[resource];
  if (gpu.kind === 'gpu-pv') return `${resource}: ${resourceAmount(gpu.kind, resource, total)}, available not tracked`;
  const percent = formatPercent(available, total);
  if (resource === 'VRAM')
    return `${resource}: ${formatBytes(available)} of ${formatBytes(total)} available (${percent}; ${formatCount(available)} of ${formatCount(total)} bytes)`;
  return `${resource}: ${formatCount(available)} of ${plural(total, 'unit')} available (${percent})`;
}
