/** For a failure, the action that fixes it, when the extension can run one. */
import type { GpuPvAction, VmRef } from '../../core/actions/gpuPvAction';
import type { GpuPvError } from '../../core/errors';
import { GIB } from '../../core/model';
import { adapterGpuStatus } from '../../core/rules/partitionUsage';
import { findVm, type HostTarget } from './hostTarget';

export interface ErrorFix {
  readonly title: string;
  readonly why: string;
  readonly action: GpuPvAction;
}

export function fixesFor(error: GpuPvError, target: HostTarget, vmRef: VmRef | null): ErrorFix[] {
  if (!vmRef) return [];
  const vm = findVm(target, vmRef.id);
  switch (error.id) {
    case 'mmio-above-physical-range':
      return [
        {
          title: 'Lower High MMIO to 8 GB',
          why:
            'The host CPU addresses only 64 GB (36-bit): the high MMIO region must end below 64 GB. 8 GB is the least ' +
            'GPU-PV needs; if the VM still does not start, the region’s base must move lower too, which this extension ' +
            'does not change yet.',
          action: { kind: 'configure-vm', vm: vmRef, settings: { HighMemoryMappedIoSpace: 8n * GIB } },
        },
      ];
    case 'gpu-partition-insufficient-resources': {
      // Only an adapter whose GPU is surely gone: one that may name an unreadable GPU entry is kept.
      const stale = vm?.adapters.find((a) => adapterGpuStatus(a, target.inventory) === 'missing');
      return stale
        ? [
            {
              title: 'Remove the Stale Adapter',
              why: 'The adapter points to a GPU that is no longer in this host. Assign a current GPU afterwards.',
              action: { kind: 'remove-partition', vm: vmRef, adapterId: stale.id },
            },
          ]
        : [];
    }
    case 'gpup-blocks-operation':
      return [
        {
          title: 'Disable Checkpoints',
          why: 'VMs with GPU partitions cannot be checkpointed or saved.',
          action: { kind: 'configure-vm', vm: vmRef, settings: { CheckpointType: 'Disabled', AutomaticStopAction: 'ShutDown' } },
        },
      ];
    default:
      return [];
  }
}
