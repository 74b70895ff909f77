/**
 * What our PowerShell module returns: the cmdlets' own property names and values, unmodified.
 * These schemas accept every shape a real host prints and turn each field into one type; the
 * functions in `inventory.ts` then build the domain model from them.
 */
import { z } from 'zod/v4';
import type { AutomaticStartAction, AutomaticStopAction, CheckpointType, VmState } from '../model';
import { bool, dotNetEnum, intList, listOf, optionalString, smallInt, uint64, uint64OrNull } from './fields';

// Microsoft.HyperV.PowerShell.VMState; the *Critical variants map to their plain state.
const VM_STATES: Record<number, VmState> = {
  1: 'Other',
  2: 'Running',
  3: 'Off',
  4: 'Stopping',
  6: 'Saved',
  9: 'Paused',
  10: 'Starting',
  11: 'Reset',
  32773: 'Saving',
  32776: 'Pausing',
  32777: 'Resuming',
  32779: 'FastSaved',
  32780: 'FastSaving',
  32783: 'Hibernated',
  32785: 'Running',
  32786: 'Off',
  32787: 'Stopping',
  32788: 'Saved',
  32789: 'Paused',
  32790: 'Starting',
  32791: 'Reset',
  32792: 'Saving',
  32793: 'Pausing',
  32794: 'Resuming',
  32795: 'FastSaved',
  32796: 'FastSaving',
};
const vmStateNumbers = dotNetEnum<VmState>(VM_STATES, 'Other');
/** A number, a name, or a `*Critical` name (RunningCritical, ResetCritical, FastSavingCritical, ...). */
export const vmState = z
  .preprocess((v) => (typeof v === 'string' ? v.replace(/(?<=.)Critical$/i, '') : v), vmStateNumbers)
  .transform((v): VmState => v ?? 'Other');

export const checkpointType = dotNetEnum<CheckpointType>({ 2: 'Disabled', 3: 'Production', 4: 'ProductionOnly', 5: 'Standard' }, null);
export const automaticStopAction = dotNetEnum<AutomaticStopAction>({ 2: 'TurnOff', 3: 'Save', 4: 'ShutDown' }, null);
export const automaticStartAction = dotNetEnum<AutomaticStartAction>({ 2: 'Nothing', 3: 'StartIfRunning', 4: 'Start' }, null);

/** null when absent or null; otherwise `schema`. */
function nullable<T extends z.ZodTypeAny>(schema: T) {
  return z.preprocess((v) => (v === undefined ? null : v), schema.nullable());
}

function resourceFields(prefix: 'Min' | 'Max' | 'Optimal' | 'Current', schema: typeof uint64OrNull) {
  return {
    [`${prefix}PartitionVRAM`]: schema,
    [`${prefix}PartitionEncode`]: schema,
    [`${prefix}PartitionDecode`]: schema,
    [`${prefix}PartitionCompute`]: schema,
  } as Record<`${typeof prefix}Partition${'VRAM' | 'Encode' | 'Decode' | 'Compute'}`, typeof uint64OrNull>;
}

/** Get-VMGpuPartitionAdapter | Select * -ExcludeProperty CimSession */
export const rawAdapter = z
  .object({
    Id: z.string(),
    InstancePath: optionalString,
    PartitionId: nullable(smallInt),
    SupportsOutgoingLiveMigration: nullable(bool),
    ...resourceFields('Min', uint64OrNull),
    ...resourceFields('Max', uint64OrNull),
    ...resourceFields('Optimal', uint64OrNull),
    ...resourceFields('Current', uint64OrNull),
  })
  .passthrough();
export type RawAdapter = z.output<typeof rawAdapter>;

/** Get-VM projected to the properties GPU-PV cares about, plus the VM's adapters. */
export const rawVm = z
  .object({
    Name: z.string(),
    VMId: z.string(),
    State: vmState,
    Generation: smallInt,
    Version: z.union([z.string(), z.number()]).transform(String),
    CheckpointType: checkpointType,
    AutomaticStopAction: automaticStopAction,
    AutomaticStartAction: automaticStartAction,
    DynamicMemoryEnabled: bool,
    MemoryStartup: uint64,
    ProcessorCount: smallInt,
    GuestControlledCacheTypes: bool,
    LowMemoryMappedIoSpace: uint64,
    HighMemoryMappedIoSpace: uint64,
    HighMemoryMappedIoBaseAddress: uint64OrNull,
    GpuPartitionAdapters: listOf(rawAdapter),
    /** The JSON text of the host's record of the last driver sync (Set-DriverSyncRecord), when there is one. */
    DriverSyncRecord: optionalString.optional(),
  })
  .passthrough();
export type RawVm = z.output<typeof rawVm>;

function capacityFields() {
  const fields: Record<string, typeof uint64> = {};
  for (const kind of ['VRAM', 'Encode', 'Decode', 'Compute']) {
    for (const key of [`Total${kind}`, `Available${kind}`, `MinPartition${kind}`, `MaxPartition${kind}`, `OptimalPartition${kind}`]) {
      fields[key] = uint64;
    }
  }
  return fields as Record<
    `${'Total' | 'Available' | 'MinPartition' | 'MaxPartition' | 'OptimalPartition'}${'VRAM' | 'Encode' | 'Decode' | 'Compute'}`,
    typeof uint64
  >;
}

/** Get-VMHostPartitionableGpu (or Windows 10's Get-VMPartitionableGpu) | Select * -ExcludeProperty CimSession */
export const rawPartitionableGpu = z
  .object({
    Name: z.string(),
    ValidPartitionCounts: intList,
    PartitionCount: smallInt,
    ...capacityFields(),
  })
  .passthrough();
export type RawPartitionableGpu = z.output<typeof rawPartitionableGpu>;

/** Win32_PnPSignedDriver of the GPU, found by the device ID derived from the instance path. */
export const rawSignedDriver = z
  .object({
    DeviceID: z.string(),
    DeviceName: optionalString,
    Description: optionalString,
    DriverVersion: optionalString,
    DriverProviderName: optionalString,
    Manufacturer: optionalString,
    InfName: optionalString,
  })
  .passthrough();
export type RawSignedDriver = z.output<typeof rawSignedDriver>;

export const rawHostFacts = z.object({
  ComputerName: z.string(),
  OsCaption: optionalString.transform((v) => v ?? 'Windows'),
  OsBuild: smallInt,
  OsEdition: optionalString.transform((v) => v ?? ''),
  PSVersion: z.union([z.string(), z.number()]).transform(String),
  PSEdition: z.enum(['Desktop', 'Core']),
  HyperVModule: bool,
  Elevated: bool,
  HyperVAdministrator: bool,
  InventoryCmdlet: z
    .union([z.enum(['Get-VMHostPartitionableGpu', 'Get-VMPartitionableGpu']), z.null(), z.undefined()])
    .transform((v) => v ?? null),
  SupportsInstancePath: bool,
});
export type RawHostFacts = z.output<typeof rawHostFacts>;

/** One round trip: the facts, every VM with its adapters, every GPU with its signed-driver record. */
export const rawInventory = z.object({
  Facts: rawHostFacts,
  VMs: listOf(rawVm),
  Gpus: listOf(rawPartitionableGpu),
  Drivers: listOf(rawSignedDriver),
});
export type RawInventory = z.output<typeof rawInventory>;
