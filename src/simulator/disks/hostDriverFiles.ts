/**
 * The host's driver files on the simulated C:, generated the first time something needs them (once
 * per state directory: a marker records a complete package), and what our module's
 * Get-DriverPackages reads from them: the paths WMI names in lower case, the kernel service's image
 * path, and the measured package folders and loose files.
 */
import { existsSync, statSync } from 'node:fs';
import { join } from 'node:path';
import type { GpuState } from '../hyperv/state';
import {
  driverLayout,
  markerPath,
  measureFolder,
  writeDriverPackage,
  writeLooseFiles,
  writeMarker,
  type DriverLayout,
} from './driverPackages';
import { DISKS_DIR, hostDiskRoot, hostDriverStoreDir } from './layout';

export interface HostDriverListing {
  readonly service: { readonly name: string; readonly pathName: string };
  /** The Dependent paths, lower case as WMI prints CIM_DataFile names. */
  readonly files: readonly string[];
  readonly packages: readonly { readonly path: string; readonly fileCount: bigint; readonly totalBytes: bigint }[];
  readonly looseFiles: readonly { readonly path: string; readonly length: bigint }[];
}

const WINDOWS = 'C:\\Windows';
const REPOSITORY = `${WINDOWS}\\System32\\DriverStore\\FileRepository`;

function markerDir(dir: string): string {
  return join(dir, DISKS_DIR, '.generated');
}

/** What generating a GPU's driver files needs to know about it. */
export type DriverSource = Pick<GpuState, 'driverPackage' | 'driverVersion' | 'packageFiles' | 'packageProfile'>;

export function driverSourceOf(gpu: GpuState): DriverSource {
  return {
    driverPackage: gpu.driverPackage,
    driverVersion: gpu.driverVersion,
    packageFiles: gpu.packageFiles,
    packageProfile: gpu.packageProfile,
  };
}

export function layoutOf(gpu: DriverSource): DriverLayout {
  return driverLayout(gpu.driverPackage, gpu.packageProfile ?? 'default', gpu.packageFiles);
}

/** Writes the GPU's package folder and loose files on host C: unless a complete copy is there. */
export function ensureHostDriver(dir: string, gpu: DriverSource): DriverLayout {
  const layout = layoutOf(gpu);
  const name = gpu.driverPackage.toLowerCase();
  if (existsSync(markerPath(markerDir(dir), name))) return layout;
  writeDriverPackage(join(hostDriverStoreDir(dir), gpu.driverPackage), gpu.driverPackage, gpu.driverVersion, layout);
  writeLooseFiles(join(hostDiskRoot(dir), 'Windows'), gpu.driverPackage, gpu.driverVersion, layout);
  writeMarker(markerDir(dir), name);
  return layout;
}

/**
 * What the module's WMI queries and measurements find for the GPU (generating its files first when
 * `dir` is given). WMI spells the paths in lower case (and the service's with C:\\WINDOWS); with
 * `spelling` 'disk' they are spelled as the files are named, for PowerShell on a case-sensitive file
 * system, where a path in another case names no file.
 */
export function hostDriverListing(dir: string | null, gpu: GpuState, spelling: 'wmi' | 'disk' = 'wmi'): HostDriverListing {
  const layout = dir === null ? layoutOf(gpu) : ensureHostDriver(dir, gpu);
  const packagePath = `${REPOSITORY}\\${gpu.driverPackage}`;
  const inPackage = layout.referencedFiles.map((file) => `${packagePath}\\${file.replace(/\//g, '\\')}`);
  const loose = layout.looseFiles.map((file) => `${WINDOWS}\\${file.path.replace(/\//g, '\\')}`);
  const files = [...inPackage, ...loose].map((path) => (spelling === 'wmi' ? path.toLowerCase() : path));
  const service = {
    name: layout.service,
    pathName: `${spelling === 'wmi' ? 'C:\\WINDOWS' : WINDOWS}\\System32\\DriverStore\\FileRepository\\${gpu.driverPackage}\\${layout.kernelDriver}`,
  };
  if (dir === null) return { service, files, packages: [], looseFiles: [] };

  const measured = measureFolder(join(hostDriverStoreDir(dir), gpu.driverPackage));
  const packages =
    measured.files > 0 ? [{ path: packagePath.toLowerCase(), fileCount: BigInt(measured.files), totalBytes: measured.bytes }] : [];
  const looseFiles = layout.looseFiles.flatMap((file) => {
    const onDisk = join(hostDiskRoot(dir), 'Windows', ...file.path.split('/'));
    return existsSync(onDisk)
      ? [{ path: `${WINDOWS}\\${file.path.replace(/\//g, '\\')}`.toLowerCase(), length: BigInt(statSync(onDisk).size) }]
      : [];
  });
  return { service, files, packages, looseFiles };
}
