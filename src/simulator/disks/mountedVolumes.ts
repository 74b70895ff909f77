/**
 * The volumes of a VM's disks once Mount-VHD attached them to the simulated host, for the Storage
 * double: each disk's partitions, the folder each partition's file system lives in, and the access
 * paths Add-PartitionAccessPath put on them.
 *
 * An access path on Windows turns an empty NTFS folder into a mount point of the volume. Here the
 * empty folder is replaced by a symbolic link to the volume's folder: what is below it resolves into
 * the volume, and the folder itself reads as a reparse point, as a mount point does. Removing the
 * access path (or dismounting the disk) puts the empty folder back. The links are recorded in
 * `disks/.access-paths.json` (disk path -> access paths), as Windows keeps them with the volume.
 */
import { existsSync, lstatSync, mkdirSync, readdirSync, readFileSync, rmdirSync, symlinkSync, unlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { VmDiskState, VmState } from '../hyperv/state';
import { writeFileAtomic } from '../persistence/atomicWrite';
import { ensureGuestDisk } from './guestCopies';
import { DISKS_DIR, vmDiskRoot } from './layout';

const GIB = 1024n * 1024n * 1024n;

export interface Partition {
  readonly number: number;
  readonly size: bigint;
  readonly type: string;
}

/** A Windows system disk's GPT layout (EFI, MSR, Windows); any other disk holds one data partition after its MSR. */
export function partitionsOf(disk: VmDiskState): readonly Partition[] {
  if (disk.holdsWindows) {
    return [
      { number: 1, size: 100n * 1024n * 1024n, type: 'System' },
      { number: 2, size: 16n * 1024n * 1024n, type: 'Reserved' },
      { number: 3, size: 126n * GIB, type: 'Basic' },
    ];
  }
  return [
    { number: 1, size: 16n * 1024n * 1024n, type: 'Reserved' },
    { number: 2, size: 64n * GIB, type: 'Basic' },
  ];
}

/**
 * The folder a partition's file system is: the VM's disk folder for its Windows volume (with the
 * registry hive the module looks for), an empty folder for a data volume, and for a BitLocker-locked
 * volume an empty folder too, since nothing on it can be read.
 */
export function volumeFolder(dir: string, vm: VmState, disk: VmDiskState, diskNumber: number, partition: number): string {
  if (disk.holdsWindows && partition === 3 && disk.bitLocker !== 'Locked') {
    ensureGuestDisk(dir, vm.vmId);
    const config = join(vmDiskRoot(dir, vm.vmId), 'Windows', 'System32', 'config');
    mkdirSync(config, { recursive: true });
    if (!existsSync(join(config, 'SYSTEM'))) writeFileSync(join(config, 'SYSTEM'), 'regf');
    return vmDiskRoot(dir, vm.vmId);
  }
  const folder = join(dir, DISKS_DIR, 'volumes', `${diskNumber}-${partition}`);
  mkdirSync(folder, { recursive: true });
  return folder;
}

type AccessPaths = Record<string, string[]>;

function recordFile(dir: string): string {
  return join(dir, DISKS_DIR, '.access-paths.json');
}

function readRecord(dir: string): AccessPaths {
  const file = recordFile(dir);
  return existsSync(file) ? (JSON.parse(readFileSync(file, 'utf8')) as AccessPaths) : {};
}

function writeRecord(dir: string, record: AccessPaths): void {
  writeFileAtomic(recordFile(dir), `${JSON.stringify(record, null, 2)}\n`);
}

const keyOf = (diskPath: string): string => diskPath.toLowerCase();

/** Why Windows refuses an access path: it must be an existing, empty folder that is no mount point yet. */
function accessPathProblem(accessPath: string): string | null {
  let stat;
  try {
    stat = lstatSync(accessPath);
  } catch {
    return 'The system cannot find the path specified.';
  }
  if (stat.isSymbolicLink()) return 'The access path is already in use.';
  if (!stat.isDirectory() || readdirSync(accessPath).length > 0) return 'The directory is not empty.';
  return null;
}

/** Mounts the volume at `accessPath` (an empty folder, replaced by a link to the volume); a refusal's text otherwise. */
export function addAccessPath(dir: string, diskPath: string, accessPath: string, volume: string): string | null {
  const problem = accessPathProblem(accessPath);
  if (problem !== null) return problem;
  rmdirSync(accessPath);
  symlinkSync(volume, accessPath, 'dir');
  const record = readRecord(dir);
  record[keyOf(diskPath)] = [...(record[keyOf(diskPath)] ?? []), accessPath];
  writeRecord(dir, record);
  return null;
}

function unmount(accessPath: string): void {
  try {
    if (lstatSync(accessPath).isSymbolicLink()) unlinkSync(accessPath);
  } catch {
    return;
  }
  mkdirSync(accessPath);
}

/** Removes one access path of the disk (false when the disk has none there): the folder is empty again. */
export function removeAccessPath(dir: string, diskPath: string, accessPath: string): boolean {
  const record = readRecord(dir);
  const paths = record[keyOf(diskPath)] ?? [];
  if (!paths.includes(accessPath)) return false;
  unmount(accessPath);
  record[keyOf(diskPath)] = paths.filter((p) => p !== accessPath);
  writeRecord(dir, record);
  return true;
}

/** Dismount-VHD takes every access path of the disk's volumes with it. */
export function removeAccessPaths(dir: string, diskPath: string): void {
  const record = readRecord(dir);
  for (const accessPath of record[keyOf(diskPath)] ?? []) unmount(accessPath);
  delete record[keyOf(diskPath)];
  writeRecord(dir, record);
}

/** The access paths of a disk's volumes. */
export function accessPathsOf(dir: string, diskPath: string): string[] {
  return readRecord(dir)[keyOf(diskPath)] ?? [];
}

/** The disk an access path is on, or null. */
export function diskAtAccessPath(dir: string, accessPath: string): string | null {
  const found = Object.entries(readRecord(dir)).find(([, paths]) => paths.includes(accessPath));
  return found ? found[0] : null;
}

/** Every access path still in place, for the tests' "nothing left mounted". */
export function accessPathsInPlace(dir: string): string[] {
  return Object.values(readRecord(dir)).flat();
}
