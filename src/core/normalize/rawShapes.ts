/**
 * What our PowerShell module returns: the cmdlets' own property names and values, unmodified.
 * These schemas accept every shape a real host prints and turn each field into one type; the
 * functions in `inventory.ts` then build the domain model from them.
 */
import { z } from 'zod/v4';
import { isKnown, type AutomaticStartAction, type AutomaticStopAction, type CheckpointType, type Reported, type VmState } from '../model';
import { entriesOf } from './entries';
import { ADAPTER_ID, bool, dotNetEnum, GUID, intList, optionalString, smallInt, uint64, uint64OrNull } from './fields';

/*
 * Unknown or invalid, field by field. A value of a known type that we cannot name is kept raw and
 * shown as such; a value of the wrong type, or a missing one that actions depend on, makes the
 * whole entry invalid (listed, never acted on):
 * - State: a name or number we do not know (a newer Hyper-V's state, or a number the host's own
 *   enum has no name for, which its ToString() prints as digits) is kept raw and reads
 *   "state 12 (unknown)"; the VM is listed and no power action matches it. A missing or null
 *   State, or one that is neither a name nor a whole number, makes the VM invalid: Get-VM's State is
 *   never null, so such an object is not the VM we think it is.
 * - CheckpointType, AutomaticStopAction, AutomaticStartAction: unknown values kept raw (the
 *   readiness line says Unknown with the raw value); null stays null (older projections omit them).
 * - Name, VMId (a GUID: actions address the VM by it), Generation, the sizes and booleans: required,
 *   since actions and readiness compute with them and a guess could change a VM wrongly.
 */

/**
 * Microsoft.HyperV.PowerShell.VMState on current Windows. The numbers from ForceReboot on differ on
 * older hosts (Windows Server 2016 has neither Hibernated nor ComponentServicing, so its *Critical
 * states start at 32783): our module therefore sends the names (.ToString()), and a number arrives
 * only when the host's own enum has no name for it.
 */
const VM_STATE_NAMES = {
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
  32781: 'ForceShutdown',
  32782: 'ForceReboot',
  32783: 'Hibernated',
  32784: 'ComponentServicing',
  32785: 'RunningCritical',
  32786: 'OffCritical',
  32787: 'StoppingCritical',
  32788: 'SavedCritical',
  32789: 'PausedCritical',
  32790: 'StartingCritical',
  32791: 'ResetCritical',
  32792: 'SavingCritical',
  32793: 'PausingCritical',
  32794: 'ResumingCritical',
  32795: 'FastSavedCritical',
  32796: 'FastSavingCritical',
} as const satisfies Record<number, VmState | `${VmState}Critical`>;
type VmStateName = (typeof VM_STATE_NAMES)[keyof typeof VM_STATE_NAMES];

/** The state with its `*Critical` flag apart: the plain state decides what can be done with the VM. */
export const vmState = dotNetEnum<VmStateName>(VM_STATE_NAMES).transform((v, ctx): { state: Reported<VmState>; critical: boolean } => {
  if (v === null) {
    ctx.addIssue({ code: 'custom', message: 'Get-VM always reports a State; this entry has none' });
    return z.NEVER;
  }
  if (!isKnown(v)) return { state: v, critical: false };
  const critical = v.endsWith('Critical');
  return { state: (critical ? v.slice(0, -'Critical'.length) : v) as VmState, critical };
});

export const checkpointType = dotNetEnum<CheckpointType>({ 2: 'Disabled', 3: 'Production', 4: 'ProductionOnly', 5: 'Standard' });
export const automaticStopAction = dotNetEnum<AutomaticStopAction>({ 2: 'TurnOff', 3: 'Save', 4: 'ShutDown' });
export const automaticStartAction = dotNetEnum<AutomaticStartAction>({ 2: 'Nothing', 3: 'StartIfRunning', 4: 'Start' });

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
    /** What -AdapterId takes: an adapter with another id could not be removed or sized. */
    Id: z.string().regex(ADAPTER_ID),
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
    VMId: z.string().regex(GUID),
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
    GpuPartitionAdapters: entriesOf(rawAdapter, 'adapter'),
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

/**
 * Get-VMHostPartitionableGpu (or Windows 10's Get-VMPartitionableGpu) | Select * -ExcludeProperty CimSession.
 * Every number is required: a GPU whose capacities are not numbers cannot be sized, so it is listed
 * as unreadable rather than shown with guessed numbers. An instance path of a form we do not know is
 * kept (its partitioning kind reads unknown): Hyper-V takes it back as -InstancePath as it is.
 */
export const rawPartitionableGpu = z
  .object({
    Name: z.string().min(1),
    ValidPartitionCounts: intList,
    PartitionCount: smallInt,
    ...capacityFields(),
  })
  .passthrough();
export type RawPartitionableGpu = z.output<typeof rawPartitionableGpu>;

/** Win32_PnPSignedDriver of the GPU, found by the device ID derived from the instance path. */
export const rawSignedDriver = z
  .object({
    DeviceID: z.string().min(1),
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

/**
 * One round trip: the facts, every VM with its adapters, every GPU with its signed-driver record.
 * The lists are read entry by entry; the facts are our module's own answer and must parse whole.
 */
export const rawInventory = z.object({
  Facts: rawHostFacts,
  VMs: entriesOf(rawVm, 'vm'),
  Gpus: entriesOf(rawPartitionableGpu, 'gpu'),
  Drivers: entriesOf(rawSignedDriver, 'driver'),
});
export type RawInventory = z.output<typeof rawInventory>;
