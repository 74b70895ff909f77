/**
 * The domain as the extension sees it, after normalisation. Every UInt64 that Hyper-V reports is a
 * `bigint` here, from the wire to the screen.
 */

import type { DriverSyncRecord } from './normalize/driverSync';
import type { InvalidEntry } from './normalize/entries';

export const RESOURCE_KINDS = ['VRAM', 'Encode', 'Decode', 'Compute'] as const;

export type ResourceKind = (typeof RESOURCE_KINDS)[number];

export type VmState =
  | 'Running'
  | 'Off'
  | 'Stopping'
  | 'Saved'
  | 'Paused'
  | 'Starting'
  | 'Reset'
  | 'Saving'
  | 'Pausing'
  | 'Resuming'
  | 'FastSaved'
  | 'FastSaving'
  | 'ForceShutdown'
  | 'ForceReboot'
  | 'Hibernated'
  | 'ComponentServicing'
  | 'Other';

/**
 * An enum value the host reported that this extension does not know (a newer Hyper-V's value, or a
 * number the host's own enum has no name for): kept as the host printed it and shown as such.
 */
export interface UnknownEnumValue {
  readonly unknown: string;
}

/** A Hyper-V enum as reported: one of the names we know, or the raw value. */
export type Reported<T extends string> = T | UnknownEnumValue;

export function isKnown<T extends string>(value: Reported<T> | null): value is T {
  return typeof value === 'string';
}

/** The name, or `<what> <raw> (unknown)` for a value we do not know; null reads "unknown". */
export function reportedText<T extends string>(value: Reported<T> | null, what: string): string {
  if (value === null) return 'unknown';
  return isKnown(value) ? value : `${what} ${value.unknown} (unknown)`;
}

export type CheckpointType = 'Disabled' | 'Production' | 'ProductionOnly' | 'Standard';
export type AutomaticStopAction = 'TurnOff' | 'Save' | 'ShutDown';
export type AutomaticStartAction = 'Nothing' | 'StartIfRunning' | 'Start';

export type InventoryCmdlet = 'Get-VMHostPartitionableGpu' | 'Get-VMPartitionableGpu';

export interface HostFacts {
  readonly computerName: string;
  readonly osCaption: string;
  readonly osBuild: number;
  readonly osEdition: string;
  readonly psVersion: string;
  /** Desktop = Windows PowerShell 5.1, Core = PowerShell 7. */
  readonly psEdition: 'Desktop' | 'Core';
  readonly hyperVModule: boolean;
  readonly elevated: boolean;
  readonly hyperVAdministrator: boolean;
  /** The GPU inventory cmdlet this host has, or null when it has neither. */
  readonly inventoryCmdlet: InventoryCmdlet | null;
  /** Windows 10 hosts cannot choose the GPU: Add-VMGpuPartitionAdapter lacks -InstancePath. */
  readonly supportsInstancePath: boolean;
}

export interface ResourceCapacity {
  readonly total: bigint;
  readonly available: bigint;
  readonly min: bigint;
  readonly max: bigint;
  readonly optimal: bigint;
}

/**
 * GPU-PV devices (`\GPUPARAV`) report placeholder numbers the driver ignores; SR-IOV GPU-P devices
 * enforce them; `unknown`: an instance path of another form, whose numbers are shown as reported.
 */
export type GpuPartitioningKind = 'gpu-pv' | 'sr-iov' | 'unknown';

export interface PartitionableGpu {
  /** The device instance path Hyper-V calls `Name`; `-InstancePath` takes it. */
  readonly instancePath: string;
  readonly kind: GpuPartitioningKind;
  readonly vendor: string | null;
  readonly friendlyName: string | null;
  readonly driverVersion: string | null;
  readonly driverProvider: string | null;
  readonly infName: string | null;
  readonly validPartitionCounts: readonly number[];
  readonly partitionCount: number;
  readonly resources: Readonly<Record<ResourceKind, ResourceCapacity>>;
}

export interface PartitionSetting {
  readonly min: bigint | null;
  readonly max: bigint | null;
  readonly optimal: bigint | null;
}

export interface GpuPartitionAdapter {
  /** `Microsoft:<VMId>\<GUID>`: the value `-AdapterId` takes. */
  readonly id: string;
  /** Null when Hyper-V chose the GPU and does not report it (early Windows 10 builds). */
  readonly instancePath: string | null;
  readonly settings: Readonly<Record<ResourceKind, PartitionSetting>>;
  /** Resolved only while the VM runs. */
  readonly current: Readonly<Record<ResourceKind, bigint | null>>;
  readonly partitionId: number | null;
  readonly supportsOutgoingLiveMigration: boolean | null;
}

export interface VirtualMachine {
  readonly id: string;
  readonly name: string;
  readonly state: Reported<VmState>;
  /** A `*Critical` state (RunningCritical, OffCritical...): Hyper-V Manager shows it as "Running-Critical". */
  readonly stateCritical: boolean;
  readonly generation: number;
  readonly configurationVersion: string;
  readonly checkpointType: Reported<CheckpointType> | null;
  readonly automaticStopAction: Reported<AutomaticStopAction> | null;
  readonly automaticStartAction: Reported<AutomaticStartAction> | null;
  readonly dynamicMemoryEnabled: boolean;
  readonly memoryStartup: bigint;
  readonly processorCount: number;
  readonly guestControlledCacheTypes: boolean;
  readonly lowMemoryMappedIoSpace: bigint;
  readonly highMemoryMappedIoSpace: bigint;
  readonly highMemoryMappedIoBaseAddress: bigint | null;
  readonly adapters: readonly GpuPartitionAdapter[];
  /** Adapters the host listed that could not be read: shown, never acted on. */
  readonly invalidAdapters: readonly InvalidEntry[];
  /** What the host recorded of the last driver sync into this VM; null when none (or unreadable). */
  readonly driverSync: DriverSyncRecord | null;
}

export interface HostInventory {
  readonly facts: HostFacts;
  readonly vms: readonly VirtualMachine[];
  readonly gpus: readonly PartitionableGpu[];
  /** VMs, GPUs and GPU driver records the host listed that could not be read: shown, never acted on. */
  readonly invalid: readonly InvalidEntry[];
}

/** How a VM's state reads: "Running", "Running-Critical" as Hyper-V Manager writes it, or "state 12 (unknown)". */
export function vmStateText(vm: Pick<VirtualMachine, 'state' | 'stateCritical'>): string {
  if (!isKnown(vm.state)) return reportedText(vm.state, 'state');
  return vm.stateCritical ? `${vm.state}-Critical` : vm.state;
}

export const GIB = 1024n * 1024n * 1024n;
export const UINT64_MAX = (1n << 64n) - 1n;
