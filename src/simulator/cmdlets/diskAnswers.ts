/**
 * The cmdlet-level face of the simulated host's virtual disks: Hyper-V's Get-VMHardDiskDrive,
 * Get-VHD, Mount-VHD and Dismount-VHD over the model's mount rules (the state records the disks
 * mounted), and the Storage and BitLocker cmdlets over the volumes in ../disks/mountedVolumes.ts.
 * Access paths arrive as this machine's paths (the double resolves them as PowerShell does).
 */
import {
  accessPathsOf,
  addAccessPath,
  diskAtAccessPath,
  partitionsOf,
  removeAccessPath,
  removeAccessPaths,
  volumeFolder,
  type Partition,
} from '../disks/mountedVolumes';
import type { HyperVModel } from '../hyperv/model';
import type { VmDiskState, VmState } from '../hyperv/state';
import * as texts from '../hyperv/texts';
import type { HyperVError } from '../hyperv/texts';
import { PsPipeline, type PsObject } from '../output/psValue';
import type { Mutate } from '../operations/writeOperations';
import type { CmdletAnswer, CmdletContext, CmdletParameters } from './cmdletAnswers';

const DISK_SIZE = 127n * 1024n * 1024n * 1024n;

interface Attached {
  readonly vm: VmState;
  readonly disk: VmDiskState;
  readonly number: number;
}

function text(parameters: CmdletParameters, name: string): string | undefined {
  const value = parameters[name];
  return typeof value === 'string' ? value : undefined;
}

function refused(error: HyperVError): CmdletAnswer {
  return { output: [], error };
}

function isMounted(vm: VmState, disk: VmDiskState): boolean {
  return vm.mountedDisks.some((path) => path.toLowerCase() === disk.path.toLowerCase());
}

function attachedDisk(model: HyperVModel, number: number): Attached | undefined {
  for (const vm of model.state.vms)
    for (const disk of vm.disks) {
      const owner = model.diskOwner(disk.path);
      if (owner && owner.number === number && isMounted(vm, disk)) return owner;
    }
  return undefined;
}

/** The CDXML cmdlets' "no such object" (a non-terminating error, as a CIM query that found nothing). */
function notFound(className: string, property: string, value: string, cmdlet: string): HyperVError {
  return {
    id: 'hyperv-error',
    message: `No ${className} objects found with property '${property}' equal to '${value}'.  Verify the value of the property and retry.`,
    category: 'ObjectNotFound',
    fullyQualifiedErrorId: `CmdletizationQuery_NotFound_${property},${cmdlet}`,
  };
}

function storageError(message: string, cmdlet: string): HyperVError {
  return { id: 'hyperv-error', message, category: 'InvalidArgument', fullyQualifiedErrorId: `StorageWMI,${cmdlet}` };
}

function vhdObject(model: HyperVModel, path: string): PsObject {
  const owner = model.diskOwner(path)!;
  const attached = isMounted(owner.vm, owner.disk);
  return {
    ComputerName: model.state.host.computerName,
    Path: owner.disk.path,
    VhdFormat: 'VHDX',
    VhdType: 'Dynamic',
    Size: DISK_SIZE,
    Attached: attached,
    DiskNumber: attached ? owner.number : null,
  };
}

export function getVmHardDiskDrive(vms: readonly VmState[]): CmdletAnswer {
  return {
    output: vms.flatMap((vm) =>
      vm.disks.map((disk, index): PsObject => ({
        VMName: vm.name,
        VMId: vm.vmId,
        Path: disk.path,
        ControllerType: 'SCSI',
        ControllerNumber: 0,
        ControllerLocation: index,
      })),
    ),
  };
}

export function getVhd(model: HyperVModel, _mutate: Mutate, parameters: CmdletParameters): CmdletAnswer {
  const path = text(parameters, 'Path') ?? '';
  if (!model.diskOwner(path)) return refused(texts.vhdNotFound(path));
  return { output: [vhdObject(model, path)] };
}

export function mountVhd(model: HyperVModel, mutate: Mutate, parameters: CmdletParameters): CmdletAnswer {
  const path = text(parameters, 'Path') ?? '';
  const result = mutate((m) => m.mountVhd(path));
  if (!result.ok) return refused(result.error);
  return { output: parameters.Passthru === true ? [vhdObject(model, path)] : [] };
}

export function dismountVhd(_model: HyperVModel, mutate: Mutate, parameters: CmdletParameters, context: CmdletContext): CmdletAnswer {
  const path = text(parameters, 'Path') ?? '';
  const result = mutate((m) => m.dismountVhd(path));
  if (!result.ok) return refused(result.error);
  removeAccessPaths(context.dir, path);
  return { output: [] };
}

export function getDisk(model: HyperVModel, _mutate: Mutate, parameters: CmdletParameters): CmdletAnswer {
  const number = Number(parameters.Number);
  const attached = attachedDisk(model, number);
  if (!attached) return refused(notFound('MSFT_Disk', 'Number', String(number), 'Get-Disk'));
  return {
    output: [
      {
        Number: number,
        FriendlyName: 'Msft Virtual Disk',
        Location: attached.disk.path,
        Size: DISK_SIZE,
        PartitionStyle: 'GPT',
        OperationalStatus: 'Online',
        IsOffline: false,
        IsReadOnly: false,
      },
    ],
  };
}

/**
 * A partition as Get-Partition answers it; AccessPaths lists its mount folders with Windows' trailing
 * separator. (The double mounts one volume per disk at most, so a disk's access paths are its
 * Windows partition's.)
 */
function partitionObject(dir: string, attached: Attached, partition: Partition): PsObject {
  const mounted = partition.type === 'Basic' ? accessPathsOf(dir, attached.disk.path) : [];
  return {
    DiskNumber: attached.number,
    PartitionNumber: partition.number,
    Size: partition.size,
    Type: partition.type,
    DriveLetter: null,
    AccessPaths: new PsPipeline(mounted.map((path) => `${path}\\`)),
  };
}

export function getPartition(model: HyperVModel, _mutate: Mutate, parameters: CmdletParameters, context: CmdletContext): CmdletAnswer {
  const number = Number(parameters.DiskNumber);
  const attached = attachedDisk(model, number);
  if (!attached) return refused(notFound('MSFT_Partition', 'DiskNumber', String(number), 'Get-Partition'));
  const wanted = parameters.PartitionNumber === undefined ? null : Number(parameters.PartitionNumber);
  return {
    output: partitionsOf(attached.disk)
      .filter((p) => wanted === null || p.number === wanted)
      .map((p) => partitionObject(context.dir, attached, p)),
  };
}

/** The disk and partition an access-path call names, or its refusal. */
function namedPartition(
  model: HyperVModel,
  parameters: CmdletParameters,
  cmdlet: string,
): { attached: Attached; partition: number } | HyperVError {
  const number = Number(parameters.DiskNumber);
  const partition = Number(parameters.PartitionNumber);
  const attached = attachedDisk(model, number);
  if (!attached || !partitionsOf(attached.disk).some((p) => p.number === partition))
    return notFound('MSFT_Partition', 'DiskNumber', String(number), cmdlet);
  return { attached, partition };
}

export function addPartitionAccessPath(
  model: HyperVModel,
  _mutate: Mutate,
  parameters: CmdletParameters,
  context: CmdletContext,
): CmdletAnswer {
  const named = namedPartition(model, parameters, 'Add-PartitionAccessPath');
  if ('message' in named) return refused(named);
  const { attached, partition } = named;
  const volume = volumeFolder(context.dir, attached.vm, attached.disk, attached.number, partition);
  const problem = addAccessPath(context.dir, attached.disk.path, text(parameters, 'AccessPath') ?? '', volume);
  return problem === null ? { output: [] } : refused(storageError(problem, 'Add-PartitionAccessPath'));
}

export function removePartitionAccessPath(
  model: HyperVModel,
  _mutate: Mutate,
  parameters: CmdletParameters,
  context: CmdletContext,
): CmdletAnswer {
  const named = namedPartition(model, parameters, 'Remove-PartitionAccessPath');
  if ('message' in named) return refused(named);
  const accessPath = text(parameters, 'AccessPath') ?? '';
  if (removeAccessPath(context.dir, named.attached.disk.path, accessPath)) return { output: [] };
  return refused(storageError(`The access path '${accessPath}' is not an access path of this partition.`, 'Remove-PartitionAccessPath'));
}

/** BitLocker's view of the volume mounted at an access path. */
export function getBitLockerVolume(
  model: HyperVModel,
  _mutate: Mutate,
  parameters: CmdletParameters,
  context: CmdletContext,
): CmdletAnswer {
  const mountPoint = text(parameters, 'MountPoint') ?? '';
  const diskPath = diskAtAccessPath(context.dir, mountPoint);
  const owner = diskPath === null ? undefined : model.diskOwner(diskPath);
  if (!owner) {
    return refused({
      id: 'hyperv-error',
      message: `The system cannot find the file specified. (Exception from HRESULT: 0x80070002)`,
      category: 'ObjectNotFound',
      fullyQualifiedErrorId: 'System.IO.FileNotFoundException,Get-BitLockerVolume',
    });
  }
  const status = owner.disk.bitLocker;
  return {
    output: [
      {
        MountPoint: mountPoint,
        VolumeStatus: status === 'Off' ? 'FullyDecrypted' : 'FullyEncrypted',
        ProtectionStatus: status === 'Off' ? 'Off' : 'On',
        LockStatus: status === 'Locked' ? 'Locked' : 'Unlocked',
      },
    ],
  };
}
