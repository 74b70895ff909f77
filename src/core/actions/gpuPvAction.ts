/**
 * Every change the extension can make on a host, as data: what it is, whether the VM must be off,
 * how to say it in one sentence. The host layer turns an action into a call, `powershellPreview`
 * into the PowerShell a user could run by hand.
 */
import { plural } from '../format';
import type { AutomaticStopAction, CheckpointType, VirtualMachine } from '../model';

export const SIZE_KEYS = [
  'MinPartitionVRAM',
  'MaxPartitionVRAM',
  'OptimalPartitionVRAM',
  'MinPartitionEncode',
  'MaxPartitionEncode',
  'OptimalPartitionEncode',
  'MinPartitionDecode',
  'MaxPartitionDecode',
  'OptimalPartitionDecode',
  'MinPartitionCompute',
  'MaxPartitionCompute',
  'OptimalPartitionCompute',
] as const;
export type SizeKey = (typeof SIZE_KEYS)[number];
export type PartitionSizes = Partial<Record<SizeKey, bigint>>;

/** Set-VM / Set-VMMemory values, named as their parameters. */
export interface VmSettingsChange {
  readonly GuestControlledCacheTypes?: boolean;
  readonly LowMemoryMappedIoSpace?: bigint;
  readonly HighMemoryMappedIoSpace?: bigint;
  readonly CheckpointType?: CheckpointType;
  readonly AutomaticStopAction?: AutomaticStopAction;
  readonly DynamicMemoryEnabled?: boolean;
}

/** What each setting is now, read from the VM. */
// A value Hyper-V reported that we do not know never equals a wanted one: it counts as a change.
const CURRENT: { readonly [K in keyof Required<VmSettingsChange>]: (vm: VirtualMachine) => unknown } = {
  GuestControlledCacheTypes: (vm) => vm.guestControlledCacheTypes,
  LowMemoryMappedIoSpace: (vm) => vm.lowMemoryMappedIoSpace,
  HighMemoryMappedIoSpace: (vm) => vm.highMemoryMappedIoSpace,
  CheckpointType: (vm) => vm.checkpointType,
  AutomaticStopAction: (vm) => vm.automaticStopAction,
  DynamicMemoryEnabled: (vm) => vm.dynamicMemoryEnabled,
};

/** Only the settings whose value differs from the VM's now: a change is counted and shown only if it changes something. */
export function changedSettings(vm: VirtualMachine, wanted: VmSettingsChange): VmSettingsChange {
  const keys = Object.keys(wanted) as Array<keyof VmSettingsChange>;
  return Object.fromEntries(
    keys.filter((key) => wanted[key] !== undefined && wanted[key] !== CURRENT[key](vm)).map((key) => [key, wanted[key]]),
  ) as VmSettingsChange;
}

/** Settings Hyper-V applies only while the VM is off. */
export const OFF_ONLY_SETTINGS: ReadonlyArray<keyof VmSettingsChange> = [
  'GuestControlledCacheTypes',
  'LowMemoryMappedIoSpace',
  'HighMemoryMappedIoSpace',
  'DynamicMemoryEnabled',
];

export interface VmRef {
  readonly id: string;
  readonly name: string;
}

export interface GpuRef {
  readonly instancePath: string;
  readonly label: string;
}

export type GpuPvAction =
  /** gpu null: Hyper-V's default GPU (Windows 10 cannot choose). sizes null: the whole GPU. */
  | { readonly kind: 'assign-gpu'; readonly vm: VmRef; readonly gpu: GpuRef | null; readonly sizes: PartitionSizes | null }
  | { readonly kind: 'resize-partition'; readonly vm: VmRef; readonly adapterId: string | null; readonly sizes: PartitionSizes }
  /** adapterId null: every adapter of the VM. */
  | { readonly kind: 'remove-partition'; readonly vm: VmRef; readonly adapterId: string | null }
  | { readonly kind: 'configure-vm'; readonly vm: VmRef; readonly settings: VmSettingsChange }
  | { readonly kind: 'set-partition-count'; readonly gpu: GpuRef; readonly count: number; readonly windows10: boolean }
  | { readonly kind: 'start-vm'; readonly vm: VmRef }
  | { readonly kind: 'stop-vm'; readonly vm: VmRef; readonly turnOff: boolean }
  /** Remove-VMSavedState: a Saved VM's memory is thrown away; the VM is Off afterwards. */
  | { readonly kind: 'discard-saved-state'; readonly vm: VmRef };

export function requiresVmOff(action: GpuPvAction): boolean {
  switch (action.kind) {
    case 'assign-gpu':
    case 'resize-partition':
    case 'remove-partition':
      return true;
    case 'configure-vm':
      return OFF_ONLY_SETTINGS.some((key) => action.settings[key] !== undefined);
    default:
      return false;
  }
}

export function targetVm(action: GpuPvAction): VmRef | null {
  return 'vm' in action ? action.vm : null;
}

export function describeAction(action: GpuPvAction): string {
  switch (action.kind) {
    case 'assign-gpu':
      return `Assign ${action.gpu ? action.gpu.label : 'the default GPU'} to ${action.vm.name}${action.sizes ? ' with a share of its resources' : ''}`;
    case 'resize-partition':
      return `Resize the GPU partition of ${action.vm.name}`;
    case 'remove-partition':
      return action.adapterId ? `Remove a GPU partition from ${action.vm.name}` : `Remove every GPU partition from ${action.vm.name}`;
    case 'configure-vm':
      return `Change ${plural(Object.keys(action.settings).length, 'setting')} of ${action.vm.name}`;
    case 'set-partition-count':
      return `Set the partition count of ${action.gpu.label} to ${action.count}`;
    case 'start-vm':
      return `Start ${action.vm.name}`;
    case 'stop-vm':
      return action.turnOff ? `Turn off ${action.vm.name}` : `Shut down ${action.vm.name}`;
    case 'discard-saved-state':
      return `Discard the saved state of ${action.vm.name}`;
  }
}
