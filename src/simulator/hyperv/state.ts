/**
 * Everything the simulated host knows, as one schema. A scenario file is this schema's input (most
 * fields have Hyper-V's defaults); the persisted state is its output, written back losslessly and
 * read through the same schema, so a scenario and a saved state can never drift apart.
 */
import { z } from 'zod/v4';
import { RESOURCE_KINDS, type ResourceKind } from '../../core/model';
import { partitioningKind } from '../../core/gpuIdentity';
import { adapterIdFor, guidFrom } from './ids';
import { exactUint64, exactUint64OrNull, guid } from './values';

/** The VM states a scenario can put a VM in (transitional ones only as displayed states). */
export const SIMULATED_VM_STATES = ['Running', 'Off', 'Stopping', 'Saved', 'Paused', 'Starting'] as const;
export type SimulatedVmState = (typeof SIMULATED_VM_STATES)[number];
export const CHECKPOINT_TYPES = ['Disabled', 'Production', 'ProductionOnly', 'Standard'] as const;
export const STOP_ACTIONS = ['TurnOff', 'Save', 'ShutDown'] as const;
export const START_ACTIONS = ['Nothing', 'StartIfRunning', 'Start'] as const;

/** New-VM's defaults on current Hyper-V: 128 MB low MMIO, 512 MB high MMIO at 64 GB - 512 MB. */
export const DEFAULT_LOW_MMIO = 128n * 1024n * 1024n;
export const DEFAULT_HIGH_MMIO = 512n * 1024n * 1024n;
export const DEFAULT_HIGH_MMIO_BASE = 64n * 1024n * 1024n * 1024n - DEFAULT_HIGH_MMIO;

// ---------------------------------------------------------------------------------------------
// Odd output

/**
 * What the host prints for an entry instead of the model's values: `set` replaces or adds
 * properties of the cmdlet's output with these raw JSON values, `omit` leaves properties out. How a
 * scenario plays a driver or a Hyper-V build that reports something this extension does not expect
 * (a null size, a state number it does not know, a property missing); the model itself, and every
 * rule it applies, stay as they are.
 */
const reportedAsSchema = z
  .object({
    set: z.record(z.string(), z.unknown()).default({}),
    omit: z.array(z.string()).default([]),
  })
  .strict();
export type ReportedAs = z.output<typeof reportedAsSchema>;

// ---------------------------------------------------------------------------------------------
// Host

const groupPolicySchema = z
  .object({
    /** HKLM\SOFTWARE\Policies\Microsoft\Windows\HyperV values; null = not configured (enforced on Server). */
    RequireSecureDeviceAssignment: z.number().int().nullable().default(null),
    RequireSupportedDeviceAssignment: z.number().int().nullable().default(null),
  })
  .strict();

const hostSchema = z
  .object({
    computerName: z.string().min(1),
    osCaption: z.string().min(1),
    osBuild: z.number().int().positive(),
    osEdition: z.string(),
    /** Win32_OperatingSystem.ProductType: Server hosts enforce the device-assignment group policy. */
    productType: z.enum(['Workstation', 'Server']).optional(),
    psEdition: z.enum(['Desktop', 'Core']),
    psVersion: z.string().min(1),
    elevated: z.boolean(),
    hyperVAdministrator: z.boolean().default(false),
    hyperVModule: z.boolean().default(true),
    /** CPUID physical address width: a VM's high MMIO region must end below 2^bits. */
    cpuPhysicalAddressBits: z.number().int().min(32).max(57),
    groupPolicy: groupPolicySchema.prefault({}),
    /** Who may sign in when this host plays a remote one (PowerShell remoting); test and demo accounts. */
    remoteAccounts: z
      .array(z.object({ userName: z.string().min(1), password: z.string(), hyperVAdministrator: z.boolean().default(true) }).strict())
      .default([]),
  })
  .strict()
  .transform((host) => ({
    ...host,
    productType: host.productType ?? (/Server/i.test(host.osCaption) ? ('Server' as const) : ('Workstation' as const)),
  }));
export type HostFactsState = z.output<typeof hostSchema>;

// ---------------------------------------------------------------------------------------------
// GPUs

const resourceTotalsSchema = z.object({ VRAM: exactUint64, Encode: exactUint64, Decode: exactUint64, Compute: exactUint64 }).strict();
export type ResourceTotals = Record<ResourceKind, bigint>;

/** What consumer GPU-PV drivers report: normalised placeholders, not enforced. */
export const GPU_PV_PLACEHOLDER_TOTALS: ResourceTotals = {
  VRAM: 1_000_000_000n,
  Encode: (1n << 64n) - 1n,
  Decode: 1_000_000_000n,
  Compute: 1_000_000_000n,
};

const gpuSchema = z
  .object({
    /** The device interface path Hyper-V calls `Name`. */
    instancePath: z.string().min(1),
    friendlyName: z.string().min(1),
    manufacturer: z.string().min(1),
    driverProvider: z.string().min(1),
    driverVersion: z.string().regex(/^\d+\.\d+\.\d+\.\d+$/),
    /** yyyy-mm-dd */
    driverDate: z.string().regex(/^\d{4}-\d{2}-\d{2}$/),
    /** oemNN.inf, as Win32_PnPSignedDriver reports it. */
    infName: z.string().min(1),
    /** The DriverStore folder, e.g. nv_dispi.inf_amd64_4bf4c17fa8a478b5. */
    driverPackage: z.string().regex(/^[^\\/]+$/),
    /** Files of the package on the host's disk, instead of the generated vendor layout (INF, catalog and kernel driver are always there). */
    packageFiles: z.array(z.string().regex(/^[^\\/]+(?:\/[^\\/]+)*$/)).optional(),
    /** The size of the generated package: 'default' (about 25 MB, 300+ files) or 'benchmark' (over 1 GB and 800 files). */
    packageProfile: z.enum(['default', 'benchmark']).optional(),
    /** Win32_PnPSignedDriver.Location */
    location: z.string().optional(),
    validPartitionCounts: z.array(z.number().int().positive()).nonempty(),
    partitionCount: z.number().int().positive(),
    /** Omitted for GPU-PV cards: they report the normalised placeholders. SR-IOV devices report real units. */
    totals: resourceTotalsSchema.optional(),
    /** On Windows Server only certified devices are assignable while the group policy is enforced. */
    certifiedForAssignment: z.boolean().optional(),
    /** DXGK_GPUPCAPS.LiveMigration: what adapters report as SupportsOutgoingLiveMigration. */
    supportsLiveMigration: z.boolean().optional(),
    reportedAs: reportedAsSchema.optional(),
  })
  .strict()
  .superRefine((gpu, ctx) => {
    if (!gpu.validPartitionCounts.includes(gpu.partitionCount)) {
      ctx.addIssue({
        code: z.ZodIssueCode.custom,
        path: ['partitionCount'],
        message: `must be one of ValidPartitionCounts (${gpu.validPartitionCounts.join(', ')})`,
      });
    }
  })
  .transform((gpu) => {
    const sriov = partitioningKind(gpu.instancePath) === 'sr-iov';
    return {
      ...gpu,
      totals: gpu.totals ?? { ...GPU_PV_PLACEHOLDER_TOTALS },
      certifiedForAssignment: gpu.certifiedForAssignment ?? sriov,
      supportsLiveMigration: gpu.supportsLiveMigration ?? sriov,
    };
  });
export type GpuState = z.output<typeof gpuSchema>;

// ---------------------------------------------------------------------------------------------
// VMs

export const ADAPTER_SETTING_KEYS = RESOURCE_KINDS.flatMap((kind) =>
  (['Min', 'Max', 'Optimal'] as const).map((p) => `${p}Partition${kind}` as const),
);
export type AdapterSettingKey = (typeof ADAPTER_SETTING_KEYS)[number];
export type AdapterSettings = Record<AdapterSettingKey, bigint | null>;

const adapterSettingsSchema = z
  .object(
    Object.fromEntries(ADAPTER_SETTING_KEYS.map((key) => [key, exactUint64OrNull.default(null)])) as Record<
      AdapterSettingKey,
      z.ZodDefault<typeof exactUint64OrNull>
    >,
  )
  .strict();

const adapterSchema = z
  .object({
    /** `Microsoft:<VMID>\<GUID>`; derived from the VM id when a scenario leaves it out. */
    id: z
      .string()
      .regex(/^Microsoft:[0-9A-F-]{36}\\[0-9A-F-]{36}$/)
      .optional(),
    /** The pinned GPU; null when the host chose its default GPU and does not report it (Windows 10). */
    instancePath: z.string().min(1).nullable(),
    settings: adapterSettingsSchema.prefault({}),
    /** Resolved while the VM runs, null otherwise. */
    partitionId: z.number().int().nonnegative().nullable().default(null),
    reportedAs: reportedAsSchema.optional(),
  })
  .strict();

const driverCopySchema = z
  .object({
    package: z.string().regex(/^[^\\/]+$/),
    /** host-copy: byte-identical to the host's package; stale: same folder name, other bytes (an older driver). */
    content: z.enum(['host-copy', 'stale']),
  })
  .strict();

const guestSchema = z
  .object({
    user: z.string().min(1),
    password: z.string(),
    osCaption: z.string().min(1),
    osBuild: z.number().int().positive(),
    /** What the VM's disk holds in Windows\System32\HostDriverStore\FileRepository when the state is created. */
    hostDriverStore: z.array(driverCopySchema).default([]),
    /**
     * Display devices the guest's Device Manager reports besides those its configuration gives: its
     * administrator can name a device and its driver strings anything (no bound here: the host's is tested).
     */
    plantedDevices: z
      .array(z.object({ name: z.string(), driverProvider: z.string(), driverVersion: z.string(), infName: z.string() }).strict())
      .default([]),
  })
  .strict();

const vmDiskSchema = z
  .object({
    /** The virtual disk file, as Get-VMHardDiskDrive reports its Path. */
    path: z.string().min(1),
    /** Whether one of its partitions holds the guest's Windows (the simulated system disk). */
    holdsWindows: z.boolean(),
    /** Get-BitLockerVolume's LockStatus of its volume once mounted on the host; Off when not encrypted. */
    bitLocker: z.enum(['Off', 'Unlocked', 'Locked']).default('Off'),
  })
  .strict();
export type VmDiskState = z.output<typeof vmDiskSchema>;

const vmSchema = z
  .object({
    name: z.string().min(1),
    vmId: guid,
    state: z.enum(SIMULATED_VM_STATES),
    generation: z.union([z.literal(1), z.literal(2)]),
    version: z
      .string()
      .regex(/^\d+\.\d+$/)
      .default('12.0'),
    checkpointType: z.enum(CHECKPOINT_TYPES).default('Production'),
    automaticStopAction: z.enum(STOP_ACTIONS).default('Save'),
    automaticStartAction: z.enum(START_ACTIONS).default('StartIfRunning'),
    dynamicMemoryEnabled: z.boolean().default(false),
    memoryStartup: exactUint64,
    processorCount: z.number().int().positive().default(2),
    guestControlledCacheTypes: z.boolean().default(false),
    lowMemoryMappedIoSpace: exactUint64.default(DEFAULT_LOW_MMIO),
    highMemoryMappedIoSpace: exactUint64.default(DEFAULT_HIGH_MMIO),
    highMemoryMappedIoBaseAddress: exactUint64.default(DEFAULT_HIGH_MMIO_BASE),
    adapters: z.array(adapterSchema).default([]),
    guest: guestSchema.nullable().default(null),
    /** The VM's hard disks in controller order; absent: one system disk named after the VM. */
    disks: z.array(vmDiskSchema).optional(),
    /** Disks of this VM mounted on the host (Mount-VHD) and not yet dismounted. */
    mountedDisks: z.array(z.string()).default([]),
    /** The JSON text our module keeps of the last driver sync into the VM (Set-DriverSyncRecord). */
    driverSyncRecord: z.string().nullable().default(null),
    reportedAs: reportedAsSchema.optional(),
  })
  .strict()
  .transform((vm) => {
    const vmId = vm.vmId.toLowerCase();
    return {
      ...vm,
      vmId,
      disks: vm.disks ?? [
        { path: `C:\\ProgramData\\Microsoft\\Windows\\Virtual Hard Disks\\${vm.name}.vhdx`, holdsWindows: true, bitLocker: 'Off' as const },
      ],
      adapters: vm.adapters.map((adapter, index) => ({
        ...adapter,
        id: adapter.id ?? adapterIdFor(vmId, guidFrom(`${vmId}/adapter/${index}`)),
      })),
    };
  });
export type VmState = z.output<typeof vmSchema>;
export type AdapterState = VmState['adapters'][number];
export type GuestState = NonNullable<VmState['guest']>;

// ---------------------------------------------------------------------------------------------
// The whole host

export const hostStateSchema = z
  .object({
    name: z.string().min(1),
    description: z.string().optional(),
    host: hostSchema,
    gpus: z.array(gpuSchema),
    vms: z.array(vmSchema),
  })
  .strict()
  .superRefine((state, ctx) => {
    const seen = new Set<string>();
    state.vms.forEach((vm, i) => {
      if (seen.has(vm.vmId)) ctx.addIssue({ code: z.ZodIssueCode.custom, path: ['vms', i, 'vmId'], message: `duplicate VMId ${vm.vmId}` });
      seen.add(vm.vmId);
    });
    const paths = new Set<string>();
    state.gpus.forEach((gpu, i) => {
      const key = gpu.instancePath.toLowerCase();
      if (paths.has(key))
        ctx.addIssue({ code: z.ZodIssueCode.custom, path: ['gpus', i, 'instancePath'], message: 'duplicate instance path' });
      paths.add(key);
    });
  });

/** What a scenario file holds (Hyper-V defaults filled in by the schema). */
export type ScenarioInput = z.input<typeof hostStateSchema>;
export type HostState = z.output<typeof hostStateSchema>;

export function formatIssues(error: z.ZodError): string {
  return error.issues.map((issue) => `${issue.path.join('.') || '(root)'}: ${issue.message}`).join('; ');
}
