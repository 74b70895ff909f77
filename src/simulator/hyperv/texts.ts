/**
 * Hyper-V's own error texts. The catalog below is a verbatim copy of the field catalogue
 * (test/fixtures/output/errors.catalog.json) so faults can inject exactly what users saw; the template functions
 * produce the same texts for this host's VMs. A test checks both against that file.
 *
 * Messages produced by the model are an exception's `Message`, which is what our PowerShell
 * module sends: the console prefix "Start-VM : " that some catalogue entries carry is how the
 * console renders an error record, not part of the message.
 */
import { displayGuestPath } from '../../core/drivers/sync/guestPaths';
import type { ErrorId } from '../../core/errors';
import { plural } from '../../core/format';
import { GUEST_LIMITS } from '../../core/normalize/guestLimits';

export interface CatalogEntry {
  readonly cmdlet: string;
  readonly message: string;
  readonly fullyQualifiedErrorId?: string;
}

export const ERROR_CATALOG = {
  'mmio-above-physical-range': {
    cmdlet: 'Start-VM',
    message:
      "'GPUP' failed to start.\nThe configuration of the virtual machine 'GPUP' specifies an upper MMIO region " +
      "that is above the supported physical address range.\n'GPUP' failed to start. (Virtual machine ID 92D2CEE9-AE6E-44D3-9205-54408A1AB5A7)\nVirtual " +
      "machine 'GPUP' cannot be started. The upper MMIO region (0x00000017dffff000) is above the supported physical " +
      'address range. Make sure that the upper MMIO region is \nbelow 0x0000001000000000. (Virtual machine ID ' +
      '92D2CEE9-AE6E-44D3-9205-54408A1AB5A7)',
    fullyQualifiedErrorId: 'InvalidParameter,Microsoft.HyperV.PowerShell.Commands.StartVM',
  },
  'gpu-partition-insufficient-resources': {
    cmdlet: 'Start-VM',
    message:
      "Start-VM : 'BrandonWin' failed to start.\nGPU Partition (Instance ID 8689E9CA-B1DB-4C72-8C36-47F5D549808A): " +
      "Error 'Insufficient system resources exist to complete the requested service.'.\n'BrandonWin' failed " +
      "to start. (Virtual machine ID 8FCE3318-AA0F-4DE3-8664-278533573CD2)\n'BrandonWin' GPU Partition: Failed " +
      "to finish reserving resources with Error 'Insufficient system resources e",
  },
  'group-policy-not-compliant': {
    cmdlet: 'Start-VM',
    message:
      "Could not allocate partitionable GPU device '\\\\?\\PCI#VEN_10DE&DEV_1EB1&SUBSYS_12A010DE&REV_A1#4&11ef84ec&0&0019#{064092b3-625e-43bf-9eb5-dc845897dd59}\\GPUPARAV' " +
      'that is \nnot compliant with currently set group policy.  See HyperV\\RequireSecureDeviceAssignment and ' +
      'HyperV\\RequireSupportedDeviceAssignment for more details.',
  },
  'gpup-blocks-operation': {
    cmdlet: 'Checkpoint-VM / Save-VM / Start-VM',
    message: 'The operation cannot be performed on the virtual machine because it is assigned one or more GPUP partitions',
  },
  'no-instancepath-on-win10': {
    cmdlet: 'Add-VMGpuPartitionAdapter',
    message: "A parameter cannot be found that matches parameter name 'InstancePath'.",
  },
  'adapter-not-found': {
    cmdlet: 'Set-VMGpuPartitionAdapter',
    message: 'Set-VMGPUPartitionAdapter : Unable to find a Gpu partition adapter matching the given criteria.',
    fullyQualifiedErrorId: 'ObjectNotFound,Microsoft.HyperV.PowerShell.Commands.SetVMGpuPartitionAdapter',
  },
  'vm-not-found': {
    cmdlet: 'Set-VMGpuPartitionAdapter',
    message: 'Set-VMGpuPartitionAdapter : Hyper-V was unable to find a virtual machine with name "GPUPV".',
    fullyQualifiedErrorId: 'ObjectNotFound,Microsoft.HyperV.PowerShell.Commands.SetVMGpuPartitionAdapter',
  },
  'access-denied-power-on': { cmdlet: 'Start-VM', message: "GPU Partition: Failed to Power On with Error 'Access is denied'" },
  'cluster-not-supported': {
    cmdlet: 'Failover Cluster',
    message:
      "Cluster resource 'Virtual Machine xxx' of type 'Virtual Machine' in clustered role 'xxx' failed. The " +
      "error code was '0x32' ('The request is not supported.').",
  },
  'hyperv-module-not-loaded': {
    cmdlet: 'Get-VM (hosted PowerShell runspace)',
    message:
      "System.Management.Automation.CommandNotFoundException: The 'Get-VM' command was found in the module 'Hyper-V', " +
      "but the module could not be loaded. For more information, run 'Import-Module Hyper-V'.",
  },
  'guest-code43': {
    cmdlet: 'guest Device Manager',
    message: 'Windows has stopped this device because it has reported problems. (Code 43)',
  },
  'linux-nvml-blocked': {
    cmdlet: 'nvidia-smi (Linux guest)',
    message: 'Failed to initialize NVML: GPU access blocked by the operating system',
  },
  'copy-access-denied': {
    cmdlet: 'Copy-Item (offline VHDX)',
    message: "Copy-Item : Access to the path 'H:\\windows\\system32\\drivers\\portcls.sys' is denied.",
  },
  'multi-volume-drive-letter': {
    cmdlet: 'Copy-Item (offline VHDX)',
    message: "Copy-item : Cannot find drive. A drive with the name 'I G' does not exist.",
  },
} as const satisfies Record<string, CatalogEntry>;

export type CatalogId = keyof typeof ERROR_CATALOG;

export function isCatalogId(id: string): id is CatalogId {
  return Object.prototype.hasOwnProperty.call(ERROR_CATALOG, id);
}

/** An error as our module returns it: the exception's message, PowerShell's category and error id. */
export interface HyperVError {
  readonly id: ErrorId;
  readonly message: string;
  readonly category: string;
  readonly fullyQualifiedErrorId: string;
}

/** Hyper-V writes VM ids upper case in its messages. */
interface VmRef {
  readonly name: string;
  readonly vmId: string;
}

function hex16(value: bigint): string {
  return `0x${value.toString(16).padStart(16, '0')}`;
}

function hyperV(message: string, category: string, fullyQualifiedErrorId: string, id: ErrorId = 'hyperv-error'): HyperVError {
  return { id, message, category, fullyQualifiedErrorId };
}

const CMDLETS = 'Microsoft.HyperV.PowerShell.Commands';

// --- Start-VM --------------------------------------------------------------------------------

/** `regionEnd` is the address of the region's last 4 KB page; `limit` is 2^physical address bits. */
export function mmioAboveRangeText(vm: VmRef, regionEnd: bigint, limit: bigint): string {
  const id = vm.vmId.toUpperCase();
  return (
    `'${vm.name}' failed to start.\n` +
    `The configuration of the virtual machine '${vm.name}' specifies an upper MMIO region that is above the supported physical address range.\n` +
    `'${vm.name}' failed to start. (Virtual machine ID ${id})\n` +
    (`Virtual machine '${vm.name}' cannot be started. The upper MMIO region (${hex16(regionEnd)}) is above ` +
      `the supported physical address range. Make sure that the upper MMIO region is \n`) +
    `below ${hex16(limit)}. (Virtual machine ID ${id})`
  );
}

export function mmioAboveRange(vm: VmRef, regionEnd: bigint, limit: bigint): HyperVError {
  return hyperV(
    mmioAboveRangeText(vm, regionEnd, limit),
    'InvalidArgument',
    ERROR_CATALOG['mmio-above-physical-range'].fullyQualifiedErrorId,
  );
}

/**
 * The catalogue's copy is cut off after "Insufficient system resources e"; the rest is Windows'
 * ERROR_NO_SYSTEM_RESOURCES text with its HRESULT, the way Hyper-V ends such lines.
 */
export function insufficientResourcesText(vm: VmRef, adapterInstanceGuid: string): string {
  const id = vm.vmId.toUpperCase();
  const reason = "'Insufficient system resources exist to complete the requested service.'";
  return (
    `'${vm.name}' failed to start.\n` +
    `GPU Partition (Instance ID ${adapterInstanceGuid.toUpperCase()}): Error ${reason}.\n` +
    `'${vm.name}' failed to start. (Virtual machine ID ${id})\n` +
    `'${vm.name}' GPU Partition: Failed to finish reserving resources with Error ${reason} (0x800705AA). (Virtual machine ID ${id})`
  );
}

export function insufficientResources(vm: VmRef, adapterInstanceGuid: string): HyperVError {
  return hyperV(insufficientResourcesText(vm, adapterInstanceGuid), 'NotSpecified', `OperationFailed,${CMDLETS}.StartVM`);
}

export function groupPolicyText(instancePath: string): string {
  return (
    `Could not allocate partitionable GPU device '${instancePath}' that is \n` +
    'not compliant with currently set group policy.  See HyperV\\RequireSecureDeviceAssignment and HyperV\\RequireSupportedDeviceAssignment for more details.'
  );
}

export function groupPolicyNotCompliant(instancePath: string): HyperVError {
  return hyperV(groupPolicyText(instancePath), 'PermissionDenied', `OperationFailed,${CMDLETS}.StartVM`);
}

// --- Checkpoint-VM / Save-VM -------------------------------------------------------------------

export function gpupBlocksOperation(cmdletClass: 'CheckpointVM' | 'SaveVM'): HyperVError {
  return hyperV(ERROR_CATALOG['gpup-blocks-operation'].message, 'InvalidOperation', `InvalidOperation,${CMDLETS}.${cmdletClass}`);
}

/** Not from the catalogue (no user report on record): Checkpoint-VM on a VM whose CheckpointType is Disabled. */
export function checkpointsDisabled(vm: VmRef): HyperVError {
  return hyperV(
    `Checkpoint operation for '${vm.name}' was cancelled. Checkpoints are disabled for this virtual machine.`,
    'InvalidOperation',
    `InvalidOperation,${CMDLETS}.CheckpointVM`,
  );
}

// --- GPU partition adapters ----------------------------------------------------------------------

/** PowerShell's own parameter binder answers this on Windows 10, before Hyper-V is asked. */
export function noInstancePathParameter(): HyperVError {
  return hyperV(
    ERROR_CATALOG['no-instancepath-on-win10'].message,
    'InvalidArgument',
    `NamedParameterNotFound,${CMDLETS}.AddVMGpuPartitionAdapter`,
  );
}

export function adapterNotFound(cmdletClass: 'SetVMGpuPartitionAdapter' | 'RemoveVMGpuPartitionAdapter'): HyperVError {
  return hyperV(
    'Unable to find a Gpu partition adapter matching the given criteria.',
    'ObjectNotFound',
    `ObjectNotFound,${CMDLETS}.${cmdletClass}`,
  );
}

/** Not from the catalogue: Hyper-V refuses a HostResource that names no partitionable GPU (or there is none). */
export function gpuNotFound(instancePath?: string): HyperVError {
  const which = instancePath === undefined ? '' : ` with instance path '${instancePath}'`;
  return hyperV(`Unable to find a partitionable GPU${which}.`, 'ObjectNotFound', `ObjectNotFound,${CMDLETS}.AddVMGpuPartitionAdapter`);
}

// --- VMs ---------------------------------------------------------------------------------------

export function vmNotFoundById(vmId: string, cmdletClass = 'GetVM'): HyperVError {
  return hyperV(
    `Hyper-V was unable to find a virtual machine with ID "${vmId}".`,
    'ObjectNotFound',
    `ObjectNotFound,${CMDLETS}.${cmdletClass}`,
    'vm-not-found',
  );
}

export function vmNotFoundByName(name: string, cmdletClass = 'GetVM'): HyperVError {
  return hyperV(
    `Hyper-V was unable to find a virtual machine with name "${name}".`,
    'ObjectNotFound',
    `ObjectNotFound,${CMDLETS}.${cmdletClass}`,
    'vm-not-found',
  );
}

/** Settings that only change while the VM is off (MMIO, cache types, memory, processors, adapters). */
export function mustBeOff(cmdletClass: string): HyperVError {
  return hyperV(
    'The operation cannot be performed while the virtual machine is in its current state.',
    'InvalidOperation',
    `InvalidState,${CMDLETS}.${cmdletClass}`,
    'vm-must-be-off',
  );
}

/** A state change the VM's current state does not allow (e.g. shutting down a saved VM). */
export function invalidStateChange(vm: VmRef, cmdletClass: string): HyperVError {
  return hyperV(
    `'${vm.name}' failed to change state.\nThe operation cannot be performed while the object is in its current state.`,
    'InvalidOperation',
    `InvalidState,${CMDLETS}.${cmdletClass}`,
  );
}

/** Start-VM / Stop-VM on a VM already there only warn; the cmdlet succeeds. */
export const ALREADY_IN_STATE_WARNING = 'The virtual machine is already in the specified state.';

/** PowerShell's binder, e.g. Set-VM -LowMemoryMappedIoSpace takes a UInt32. */
export function cannotConvertParameter(parameter: string, value: bigint, type: 'UInt32', cmdletClass: string): HyperVError {
  return hyperV(
    `Cannot bind parameter '${parameter}'. Cannot convert value "${value}" to type "System.${type}". Error: ` +
      `"Value was either too large or too small for a ${type}."`,
    'InvalidArgument',
    `CannotConvertArgumentNoMessage,${CMDLETS}.${cmdletClass}`,
    'invalid-argument',
  );
}

// --- Host partitionable GPUs ---------------------------------------------------------------------

/** Our module checks ValidPartitionCounts itself (Hyper-V's own text for this is not on record). */
export function partitionCountInvalid(instancePath: string, count: number, valid: readonly number[]): HyperVError {
  return hyperV(
    `The partition count ${count} is not valid for the GPU '${instancePath}'. Valid partition counts: ${valid.join(', ')}.`,
    'InvalidArgument',
    `InvalidArgument,${CMDLETS}.SetVMHostPartitionableGpu`,
    'partition-count-invalid',
  );
}

/** The module refuses like Windows Admin Center does ("partition already assigned"). */
export function partitionInUse(instancePath: string, vmNames: readonly string[]): HyperVError {
  return hyperV(
    `The partition count of the GPU '${instancePath}' cannot be changed: partition already assigned to ${vmNames.map((n) => `'${n}'`).join(', ')}.`,
    'ResourceBusy',
    `InvalidOperation,${CMDLETS}.SetVMHostPartitionableGpu`,
    'partition-in-use',
  );
}

// --- Access ------------------------------------------------------------------------------------

export function permissionDenied(computerName: string): HyperVError {
  return hyperV(
    `You do not have the required permission to complete this task. Contact the administrator of the authorization policy for the computer '${computerName}'.`,
    'PermissionDenied',
    `Unspecified,${CMDLETS}.GetVM`,
  );
}

/** What PowerShell says when the Hyper-V module is not installed and a cmdlet of it is called. */
export function commandNotFoundText(command: string): string {
  return (
    `The term '${command}' is not recognized as the name of a cmdlet, function, script file, or operable program. ` +
    `Check the spelling of the name, or if a path was included, verify that the path is correct and try again.`
  );
}

export function hyperVModuleMissing(): HyperVError {
  return hyperV(commandNotFoundText('Get-VM'), 'ObjectNotFound', 'CommandNotFoundException', 'hyperv-missing');
}

// --- Guest (PowerShell Direct) -------------------------------------------------------------------

export function guestNotRunning(vm: VmRef): HyperVError {
  return hyperV(
    `The virtual machine '${vm.name}' is not in running state.`,
    'InvalidOperation',
    'CreateRemoteRunspaceForVMFailed,Microsoft.PowerShell.Commands.NewPSSessionCommand',
  );
}

export function guestCredentialInvalid(): HyperVError {
  return hyperV(
    'The credential is invalid.',
    'InvalidArgument',
    'CreateRemoteRunspaceForVMFailed,Microsoft.PowerShell.Commands.NewPSSessionCommand',
  );
}

// --- Driver sync (our module's own refusals, and what Hyper-V says about a mounted disk) ----------

/** Start-VM while the VM's disk is mounted on the host. */
export function diskInUse(vm: VmRef, diskPath: string): HyperVError {
  return hyperV(
    `'${vm.name}' failed to start.\nSynthetic SCSI Controller (Instance ID ${vm.vmId.toUpperCase()}): Failed ` +
      `to Power on with Error 'The process cannot access the file because it is being used by another process.' ` +
      `(0x80070020).\nFailed to open attachment '${diskPath}'. Error: 'The process cannot access the file because ` +
      `it is being used by another process.' (0x80070020).`,
    'ResourceBusy',
    `${CMDLETS}.StartVM`,
    'vm-disk-in-use',
  );
}

// --- Virtual disks (Mount-VHD, Dismount-VHD, Get-VHD) --------------------------------------------

const VHD_CMDLETS = 'Microsoft.Vhd.PowerShell.Cmdlets';

export function vhdNotFound(path: string): HyperVError {
  return hyperV(
    `Failed to get the disk information.\nThe system cannot find the file specified. (0x80070002).\nCould not find '${path}'.`,
    'ObjectNotFound',
    `ObjectNotFound,${VHD_CMDLETS}.GetVHD`,
  );
}

/** Mount-VHD of a disk its running VM holds open. */
export function vhdInUse(path: string): HyperVError {
  return hyperV(
    `Failed to mount the disk.\nThe process cannot access the file because it is being used by another process. (0x80070020).\nCould not mount '${path}'.`,
    'ResourceBusy',
    `ObjectInUse,${VHD_CMDLETS}.MountVHD`,
  );
}

export function vhdAlreadyAttached(path: string): HyperVError {
  return hyperV(
    `Failed to mount the disk.\nThe disk '${path}' is already attached.`,
    'InvalidOperation',
    `InvalidOperation,${VHD_CMDLETS}.MountVHD`,
  );
}

export function vhdNotAttached(path: string): HyperVError {
  return hyperV(
    `Failed to dismount the disk.\nThe virtual disk '${path}' is not attached.`,
    'InvalidOperation',
    `InvalidOperation,${VHD_CMDLETS}.DismountVHD`,
  );
}

export function syncNeedsVmOff(vm: VmRef, state: string): HyperVError {
  return hyperV(
    `The VM '${vm.name}' is ${state}: its disk can only be mounted on the host while it is off. Shut it down, or sync online while it runs.`,
    'InvalidOperation',
    'VmNotOff,Invoke-GpuPv',
    'vm-must-be-off',
  );
}

export function guestVolumeLocked(vm: VmRef, diskPath: string): HyperVError {
  return hyperV(
    `The Windows volume on '${diskPath}' of VM '${vm.name}' is encrypted with BitLocker and locked on this host. It was dismounted again; nothing was copied.`,
    'PermissionDenied',
    'VolumeLocked,Invoke-GpuPv',
    'guest-volume-locked',
  );
}

export function guestVolumeNotFound(vm: VmRef, disks: number, partitions: number): HyperVError {
  return hyperV(
    `No Windows volume was found on the ${plural(disks, 'disk')} of VM '${vm.name}' (${plural(partitions, 'partition')} ` +
      `looked at). They were dismounted again.`,
    'ObjectNotFound',
    'WindowsVolumeNotFound,Invoke-GpuPv',
    'guest-volume-not-found',
  );
}

export function guestStoreNotOpen(vm: VmRef): HyperVError {
  return hyperV(
    `The disk of VM '${vm.name}' is not mounted on the host: Open-GuestDriverStore first.`,
    'InvalidOperation',
    'GuestStoreNotOpen,Invoke-GpuPv',
    'driver-sync-failed',
  );
}

/** An online call after the guest session was closed (or the shell restarted): the sync opens again. */
export function guestSessionClosed(vm: VmRef): HyperVError {
  return hyperV(
    `No PowerShell Direct session to VM '${vm.name}' is open in this host session: open the guest's driver store (Open-GuestDriverStore) again.`,
    'InvalidOperation',
    'GuestSessionClosed,Invoke-GpuPv',
    'driver-sync-failed',
  );
}

export function guestFileStepFailed(index: number, path: string, reason: string): HyperVError {
  return hyperV(`Step ${index + 1} failed on '${path}': ${reason}`, 'WriteError', 'GuestFileStepFailed,Invoke-GpuPv', 'driver-sync-failed');
}

/**
 * A link (junction, symbolic link) on a path the sync works on: refused when the store is read
 * ('read': nothing was written) or when a step is about to run ('step').
 */
export function guestLinkRefused(path: string, when: 'read' | 'step'): HyperVError {
  const outcome = when === 'read' ? 'Nothing was written.' : 'The sync stopped before that step.';
  return hyperV(
    `A link (junction or symbolic link) is at ${displayGuestPath(path)} on the guest's volume. The driver sync never follows one: ` +
      `it could lead outside the guest. ${outcome} Delete it in the guest, then sync again.`,
    'SecurityError',
    'GuestReparsePoint,Invoke-GpuPv',
    'guest-reparse-point',
  );
}

/** More files and folders under HostDriverStore than the sync reads. */
export function guestStoreTooLarge(): HyperVError {
  return hyperV(
    `The guest's Windows\\System32\\HostDriverStore holds more than ${GUEST_LIMITS.storeEntries} files and ` +
      `folders, more than the driver sync reads: this extension did not put them there. ` +
      'Nothing was written. Delete what does not belong there inside the guest (or the whole folder), then sync again.',
    'LimitsExceeded',
    'GuestStoreTooLarge,Invoke-GpuPv',
    'guest-data-refused',
  );
}

// --- Driver discovery (our module's own refusals) ------------------------------------------------

/** Get-DriverPackages with an instance path that names no PCI device. */
export function instancePathNotPci(instancePath: string): HyperVError {
  return hyperV(
    `The instance path '${instancePath}' does not name a PCI device.`,
    'InvalidArgument',
    'InvalidArgument,Invoke-GpuPv',
    'invalid-argument',
  );
}

/** Get-DriverPackages when Win32_PnPSignedDriver has no record for the GPU's device. */
export function noSignedDriver(instancePath: string): HyperVError {
  return hyperV(`Windows has no signed driver record for the GPU '${instancePath}'.`, 'ObjectNotFound', 'ObjectNotFound,Invoke-GpuPv');
}
