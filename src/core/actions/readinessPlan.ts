/**
 * The changes that make a VM meet the GPU-PV requirements, as one Set-VM / Set-VMMemory action
 * plus the lines a user reads before approving it. What cannot be changed in place (generation)
 * is a blocker, not a change.
 */
import { formatBytes } from '../format';
import { reportedText, type VirtualMachine } from '../model';
import { MIN_HIGH_MMIO } from '../rules/requirements';
import type { VmSettingsChange } from './gpuPvAction';

export interface MmioTargets {
  readonly lowMmio: bigint;
  readonly highMmio: bigint;
}

export interface PlannedChange {
  readonly setting: keyof VmSettingsChange;
  readonly title: string;
  readonly from: string;
  readonly to: string;
  readonly why: string;
}

export interface ReadinessPlan {
  readonly settings: VmSettingsChange;
  readonly changes: readonly PlannedChange[];
  readonly blockers: readonly string[];
}

export function planReadiness(vm: VirtualMachine, targets: MmioTargets): ReadinessPlan {
  const changes: PlannedChange[] = [];
  const settings: { -readonly [K in keyof VmSettingsChange]: VmSettingsChange[K] } = {};
  const blockers: string[] = [];
  if (vm.generation !== 2)
    blockers.push(`${vm.name} is a generation ${vm.generation} VM; GPU-PV needs generation 2, which only a new VM can have.`);

  if (!vm.guestControlledCacheTypes) {
    settings.GuestControlledCacheTypes = true;
    changes.push({
      setting: 'GuestControlledCacheTypes',
      title: 'Write-combining',
      from: 'off',
      to: 'on',
      why: 'without it the guest driver stops with code 43',
    });
  }
  if (vm.lowMemoryMappedIoSpace < targets.lowMmio) {
    settings.LowMemoryMappedIoSpace = targets.lowMmio;
    changes.push({
      setting: 'LowMemoryMappedIoSpace',
      title: 'Low MMIO space',
      from: formatBytes(vm.lowMemoryMappedIoSpace),
      to: formatBytes(targets.lowMmio),
      why: 'room for the GPU aperture below 4 GB',
    });
  }
  const highTarget = targets.highMmio < MIN_HIGH_MMIO ? MIN_HIGH_MMIO : targets.highMmio;
  if (vm.highMemoryMappedIoSpace < highTarget) {
    settings.HighMemoryMappedIoSpace = highTarget;
    changes.push({
      setting: 'HighMemoryMappedIoSpace',
      title: 'High MMIO space',
      from: formatBytes(vm.highMemoryMappedIoSpace),
      to: formatBytes(highTarget),
      why: 'GPU-PV maps CPU-visible GPU memory there; below 8 GB the guest shows code 43',
    });
  }
  if (vm.checkpointType !== 'Disabled') {
    settings.CheckpointType = 'Disabled';
    changes.push({
      setting: 'CheckpointType',
      title: 'Checkpoints',
      from: reportedText(vm.checkpointType, 'value'),
      to: 'Disabled',
      why: 'Hyper-V refuses checkpoints of VMs with GPU partitions',
    });
  }
  if (vm.automaticStopAction !== 'ShutDown') {
    settings.AutomaticStopAction = 'ShutDown';
    changes.push({
      setting: 'AutomaticStopAction',
      title: 'Automatic stop action',
      from: reportedText(vm.automaticStopAction, 'value'),
      to: 'ShutDown',
      why: 'saving a VM with a GPU partition fails',
    });
  }
  if (vm.dynamicMemoryEnabled) {
    settings.DynamicMemoryEnabled = false;
    changes.push({
      setting: 'DynamicMemoryEnabled',
      title: 'Dynamic memory',
      from: 'on',
      to: 'off',
      why: 'GPU partitions need static memory',
    });
  }
  return { settings, changes, blockers };
}
