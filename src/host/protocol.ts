/**
 * The operations the extension can ask of a host, the shape of their arguments and of what the
 * PowerShell module (or the simulated host) answers. One table, used by the client to validate
 * both directions, by the simulator to dispatch, and by the static checks of the module.
 */
import { z } from 'zod/v4';
import { ADAPTER_ID, GUID, uint64 } from '../core/normalize/fields';
import { rawDriverPackages } from '../core/normalize/driverFiles';
import {
  parseDriverSyncRecord,
  rawCloseResult,
  rawCopyResult,
  rawDriverFileList,
  rawFileOperationsResult,
  rawGuestDriverStore,
} from '../core/normalize/driverSync';
import { rawGuestDisplay } from '../core/normalize/guestDevices';
import { guestPath } from '../core/drivers/sync/guestPaths';
import { entriesOf, entryOf } from '../core/normalize/entries';
import { rawHostFacts, rawInventory, rawPartitionableGpu, rawVm } from '../core/normalize/rawShapes';
import { isSealedSecret, type SealedSecret } from './secrets/sealedSecret';
import type { Unsealed } from './secrets/sealArgs';

const noArgs = z.object({}).strict();

const vmId = z.string().regex(GUID, 'expected a VM id (GUID)');
const adapterId = z.string().regex(ADAPTER_ID, 'expected an adapter id (Microsoft:<VMId>\\<GUID>)');
const instancePath = z.string().min(1).max(2048);
/** A host path (C:\Windows\...): absolute, no `.` or `..` segment. */
// The path rules name the control characters Windows forbids in file names.
/* eslint-disable no-control-regex */
const hostPath = z
  .string()
  .max(1024)
  .regex(/^[A-Za-z]:\\(?:[^\\/:*?"<>|\x00-\x1f]+\\)*[^\\/:*?"<>|\x00-\x1f]+$/, 'expected an absolute host path')
  .refine((p) => !/\\\.{1,2}(?:\\|$)/.test(p), 'a host path may not hold . or .. segments');
/* eslint-enable no-control-regex */
/** Guest paths: one description in the core, which also says which of their components the sync checks. */
export { guestPath };
/** Where a password used to travel: only a secret sealed to the receiving shell's key passes (sealedSecret.ts). */
const sealedSecret = z.custom<SealedSecret>(isSealedSecret, 'expected a sealed secret: a password never crosses the wire in clear');
/** A guest's or a remote host's account; the module turns it into a PSCredential, opening the password into a SecureString. */
const credential = z.object({ UserName: z.string().min(1).max(256), Password: sealedSecret }).strict();
/**
 * Where a driver sync writes: the VM's system disk mounted on the host (VM off) or the running guest
 * over PowerShell Direct. Online, only Open-GuestDriverStore carries the credential (it opens the
 * session); the later calls of the sync use that session, so the password crosses the wire once.
 */
export const guestTarget = z.discriminatedUnion('Mode', [
  z.object({ Mode: z.literal('Offline'), VMId: vmId }).strict(),
  z.object({ Mode: z.literal('Online'), VMId: vmId, Credential: credential.optional() }).strict(),
]);
/** A target as it travels, its password sealed: what the simulated host receives. */
export type SealedGuestTarget = z.output<typeof guestTarget>;
/** A target as the caller gives it, its password a Secret still to be sealed. */
export type GuestTarget = Unsealed<SealedGuestTarget>;
const openedTarget = guestTarget.refine(
  (t) => t.Mode === 'Offline' || t.Credential !== undefined,
  'an online target is opened with the guest credential',
);
/** The target without its credential: what the calls after the open send. */
export function withoutCredential(target: GuestTarget): GuestTarget {
  return target.Mode === 'Online' ? { Mode: 'Online', VMId: target.VMId } : target;
}
/** One step of Invoke-GuestFileOperations, run in order; the first failure stops the rest. */
export const guestFileStep = z.discriminatedUnion('Op', [
  /** Rename on the same volume (Move-Item): a folder or a file; the target must not exist. */
  z.object({ Op: z.literal('Move'), From: guestPath, To: guestPath }).strict(),
  /** Remove-Item -Recurse -Force; nothing to remove is not an error. */
  z.object({ Op: z.literal('Remove'), Path: guestPath }).strict(),
  /** A hard link (New-Item -ItemType HardLink) to an unchanged file, or a copy where links are refused. */
  z.object({ Op: z.literal('Link'), From: guestPath, To: guestPath }).strict(),
  /** Writes a small file (manifest, journal) through a temporary file renamed into place. */
  z
    .object({
      Op: z.literal('Write'),
      Path: guestPath,
      ContentBase64: z
        .string()
        .max(16 * 1024 * 1024)
        .regex(/^[A-Za-z0-9+/]*={0,2}$/),
    })
    .strict(),
]);
export type GuestFileStep = z.output<typeof guestFileStep>;

/** UInt64 values travel as digit strings (encodePayload), so Windows PowerShell cannot round them. */
const UINT32_MAX = 0xffff_ffffn;

/** The 12 values of Add-/Set-VMGpuPartitionAdapter; absent ones are not passed (never pass 0 for unused ones). */
export const partitionSizes = z
  .object({
    MinPartitionVRAM: uint64.optional(),
    MaxPartitionVRAM: uint64.optional(),
    OptimalPartitionVRAM: uint64.optional(),
    MinPartitionEncode: uint64.optional(),
    MaxPartitionEncode: uint64.optional(),
    OptimalPartitionEncode: uint64.optional(),
    MinPartitionDecode: uint64.optional(),
    MaxPartitionDecode: uint64.optional(),
    OptimalPartitionDecode: uint64.optional(),
    MinPartitionCompute: uint64.optional(),
    MaxPartitionCompute: uint64.optional(),
    OptimalPartitionCompute: uint64.optional(),
  })
  .strict();
export type PartitionSizes = z.output<typeof partitionSizes>;

/** What Set-VM / Set-VMMemory change for GPU-PV; absent keys are left alone. */
export const vmSettingsChange = z
  .object({
    GuestControlledCacheTypes: z.boolean().optional(),
    /** Set-VM -LowMemoryMappedIoSpace is a UInt32 of bytes. */
    LowMemoryMappedIoSpace: uint64.refine((v) => v <= UINT32_MAX, 'the low MMIO space must be below 4 GB').optional(),
    HighMemoryMappedIoSpace: uint64.optional(),
    CheckpointType: z.enum(['Disabled', 'Production', 'ProductionOnly', 'Standard']).optional(),
    AutomaticStopAction: z.enum(['TurnOff', 'Save', 'ShutDown']).optional(),
    /** Set-VMMemory -DynamicMemoryEnabled */
    DynamicMemoryEnabled: z.boolean().optional(),
  })
  .strict()
  .refine((change) => Object.keys(change).length > 0, 'no setting to change');
export type VmSettingsChange = z.output<typeof vmSettingsChange>;

/**
 * The connect line's arguments (not an operation: it runs once per shell, before any call). The
 * module opens the PSSession, copies itself there and forwards every later Invoke-GpuPv.
 */
export const connectArgsSchema = z
  .object({
    Transport: z.enum(['winrm', 'ssh']),
    Address: z.string().min(1).max(254),
    Port: z.number().int().min(1).max(65535).optional(),
    UseSsl: z.boolean().optional(),
    Authentication: z.enum(['Negotiate', 'Kerberos', 'CredSSP', 'Basic']).optional(),
    Credential: credential.optional(),
    UserName: z.string().min(1).max(256).optional(),
    KeyFilePath: z.string().min(1).max(1024).optional(),
    TimeoutMs: z.number().int().min(1000).max(600_000),
  })
  .strict();
export type ConnectArgs = z.output<typeof connectArgsSchema>;

/** What Connect-GpuPvRemote answers once connected: where it landed. */
export const connectResult = z
  .object({ ComputerName: z.string(), PSVersion: z.string(), HyperVAdministrator: z.boolean(), Elevated: z.boolean() })
  .passthrough();

/** Get-ClusterNode's nodes as the module answers them (State as its name), read entry by entry. */
const rawClusterNode = z
  .object({ Name: z.string().min(1), State: z.union([z.string(), z.number()]).nullish(), Id: z.union([z.string(), z.number()]).nullish() })
  .passthrough();
export const rawClusterNodes = entriesOf(rawClusterNode, 'cluster-node');

/**
 * A VM or GPU answered on its own (a per-VM read, the state after a change) is read like an entry
 * of the inventory: one that does not parse is an invalid entry, not a failed call. The change it
 * answers has happened either way.
 */
const vmEntry = entryOf(rawVm, 'vm');
const gpuEntry = entryOf(rawPartitionableGpu, 'gpu');

const coordinate = z.string().regex(/^[A-Za-z0-9+/]{43}=$/, 'expected 32 bytes in base64');
/**
 * The public half of the shell's session key, the P-256 key every secret sent to it is sealed to:
 * ECParameters' Q.X and Q.Y in base64 (.NET Framework has no SubjectPublicKeyInfo export).
 */
export const sessionKeyResult = z
  .object({ KeyId: z.string().regex(/^[0-9a-f]{16}$/), Curve: z.literal('P-256'), X: coordinate, Y: coordinate })
  .passthrough();

export const OPERATIONS = {
  /**
   * Made in memory on the first ask and kept for the shell's life, never written: a new shell has a
   * new key. The session asks once per shell, before the first line that carries a secret.
   */
  'Get-SessionKey': { args: noArgs, result: sessionKeyResult },
  'Get-HostFacts': { args: noArgs, result: rawHostFacts },
  'Get-Inventory': { args: noArgs, result: rawInventory },
  /** One VM with its adapters: what a per-VM refresh needs (and what the bench compares against). */
  'Get-VmInventory': { args: z.object({ VMId: vmId }).strict(), result: vmEntry },

  /**
   * The driver of one host GPU (its instance path): Win32_PnPSignedDriver by device ID, its
   * Win32_PnPSignedDriverCIMDataFile files (filtered on Antecedent by WMI, never a full scan), the
   * kernel service's Win32_SystemDriver image path, and the file count and bytes of each DriverStore
   * package folder and loose file found. Resolved by src/core/drivers/discovery.ts.
   */
  'Get-DriverPackages': { args: z.object({ InstancePath: instancePath }).strict(), result: rawDriverPackages },

  // Driver sync. The core plans and drives it (src/core/drivers/sync); the host only lists,
  // copies, renames and writes, so the transaction's logic is the same for the module and the simulator.
  // Its lists stay strict, unlike the inventory's: a sync that skipped one unreadable file would copy
  // an incomplete driver, so one odd entry fails the call and the sync stops before it commits.
  /** Every file of the package folders (any depth) and the loose files, with length and LastWriteTimeUtc ticks. */
  'Get-DriverFileList': {
    args: z.object({ Folders: z.array(hostPath).max(64), Files: z.array(hostPath).max(256) }).strict(),
    result: rawDriverFileList,
  },
  /**
   * Offline: finds the Windows volume among the VM's disks and partitions, refuses a BitLocker-locked
   * one, mounts it. Online: opens the PowerShell Direct session. Then reads the guest's manifest,
   * journal and HostDriverStore listing, and the lengths of the loose files asked for.
   */
  'Open-GuestDriverStore': {
    args: z.object({ Target: openedTarget, LooseFiles: z.array(guestPath).max(256) }).strict(),
    result: rawGuestDriverStore,
  },
  /**
   * Copies host files to the guest and answers each one's SHA-256 and LastWriteTimeUtc. Offline a
   * plain copy to the mounted volume; online one archive per call, copied once and expanded in the
   * guest (never one Copy-Item -ToSession per file).
   */
  'Copy-DriverFilesToGuest': {
    args: z
      .object({
        Target: guestTarget,
        Files: z
          .array(z.object({ Source: hostPath, Destination: guestPath }).strict())
          .min(1)
          .max(5000),
      })
      .strict(),
    result: rawCopyResult,
  },
  'Invoke-GuestFileOperations': {
    args: z.object({ Target: guestTarget, Steps: z.array(guestFileStep).min(1).max(20000) }).strict(),
    result: rawFileOperationsResult,
  },
  /** Dismounts the VM's disks mounted on the host (whoever mounted them) or closes the guest session; safe to repeat. */
  'Close-GuestDriverStore': { args: z.object({ Target: guestTarget }).strict(), result: rawCloseResult },
  /**
   * Keeps (or with null forgets) what the last sync put in the VM, for Get-Inventory's DriverSyncRecord.
   * The record travels as its JSON text, which the host stores byte for byte (a PowerShell round trip
   * would turn SyncedAt into a date and print it back in another format).
   */
  'Set-DriverSyncRecord': {
    args: z
      .object({
        VMId: vmId,
        Record: z
          .string()
          .max(65_536)
          .refine((text) => parseDriverSyncRecord(text) !== null, 'expected the JSON text of a driver sync record')
          .nullable(),
      })
      .strict(),
    result: z.null(),
  },

  // Writes. Each answers the VM (or GPU) as it is afterwards, so the caller refreshes one node.
  /** Add-VMGpuPartitionAdapter; without InstancePath Hyper-V picks its default GPU (the only choice on Windows 10). */
  'Add-GpuPartitionAdapter': {
    args: z.object({ VMId: vmId, InstancePath: instancePath.optional(), Sizes: partitionSizes.optional() }).strict(),
    result: vmEntry,
  },
  /** Set-VMGpuPartitionAdapter on one adapter (AdapterId) or on every adapter of the VM. */
  'Set-GpuPartitionAdapter': {
    args: z.object({ VMId: vmId, AdapterId: adapterId.optional(), Sizes: partitionSizes }).strict(),
    result: vmEntry,
  },
  /** Remove-VMGpuPartitionAdapter of one adapter, or of all when AdapterId is absent. */
  'Remove-GpuPartitionAdapter': { args: z.object({ VMId: vmId, AdapterId: adapterId.optional() }).strict(), result: vmEntry },
  /** Set-VM (cache types, MMIO, checkpoints, stop action) and Set-VMMemory (dynamic memory). */
  'Set-VmGpuPvSettings': { args: z.object({ VMId: vmId, Settings: vmSettingsChange }).strict(), result: vmEntry },
  /** Set-VMHostPartitionableGpu (Set-VMPartitionableGpu on Windows 10) -PartitionCount. */
  'Set-GpuPartitionCount': {
    args: z.object({ InstancePath: instancePath, PartitionCount: z.number().int().min(1).max(65535) }).strict(),
    result: gpuEntry,
  },
  'Start-Vm': { args: z.object({ VMId: vmId }).strict(), result: vmEntry },
  /** Stop-VM: a guest shutdown, or with TurnOff the power cut (Stop-VM -TurnOff). */
  'Stop-Vm': { args: z.object({ VMId: vmId, TurnOff: z.boolean() }).strict(), result: vmEntry },
  /** Remove-VMSavedState: a Saved VM's memory is deleted and the VM is Off (its disks are untouched). */
  'Remove-VmSavedState': { args: z.object({ VMId: vmId }).strict(), result: vmEntry },

  // The guest, over PowerShell Direct (Invoke-Command -VMId -Credential): the VM must run.
  /** The guest's Win32_PnPEntity display devices, its display drivers and its HostDriverStore package folders. */
  'Get-GuestDisplayDevices': {
    args: z.object({ VMId: vmId, Credential: credential }).strict(),
    result: rawGuestDisplay,
  },

  /** Get-ClusterNode on the host answering for a failover cluster's name (FailoverClusters module). */
  'Get-ClusterNodes': { args: noArgs, result: rawClusterNodes },
} as const;

export type OperationName = keyof typeof OPERATIONS;
/** The arguments as they travel, secrets sealed. */
export type OperationArgs<Op extends OperationName> = z.input<(typeof OPERATIONS)[Op]['args']>;
/** The arguments as a caller gives them: each secret a Secret, sealed when the line is sent. */
export type CallArgs<Op extends OperationName> = Unsealed<OperationArgs<Op>>;
export type OperationResult<Op extends OperationName> = z.output<(typeof OPERATIONS)[Op]['result']>;

export function isOperationName(name: string): name is OperationName {
  return Object.prototype.hasOwnProperty.call(OPERATIONS, name);
}

/** The envelope every call answers with, before its result is validated against the operation. */
export const envelope = z.discriminatedUnion('ok', [
  z.object({ ok: z.literal(true), result: z.unknown() }),
  z.object({
    ok: z.literal(false),
    error: z.object({
      id: z.string().nullish(),
      message: z.string(),
      category: z.string().nullish(),
      fullyQualifiedErrorId: z.string().nullish(),
    }),
  }),
]);
export type Envelope = z.output<typeof envelope>;
