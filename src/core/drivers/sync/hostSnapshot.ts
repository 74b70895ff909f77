/**
 * The host side of a sync: for each GPU the VM uses, its driver (discovery) and the files of its
 * package folders and loose files as Get-DriverFileList measured them, merged into one set (two
 * adapters on one GPU, or two GPUs sharing a package, copy it once).
 */
import { fail, ok, type Result } from '../../errors';
import type { RawDriverFileList } from '../../normalize/driverSync';
import type { DriverDiscovery } from '../discovery';
import { guestRelativePath, pathKey } from './guestLayout';

export interface SyncedGpu {
  readonly instancePath: string | null;
  readonly deviceName: string | null;
  readonly driverVersion: string | null;
  readonly packages: readonly string[];
}

export interface HostFile {
  /** Absolute on the host. */
  readonly source: string;
  /** Inside the package folder; for a loose file, relative to the Windows folder. */
  readonly path: string;
  readonly length: bigint;
  readonly writeTime: bigint;
}

export interface HostPackage {
  readonly name: string;
  readonly files: readonly HostFile[];
}

export interface HostDriverSnapshot {
  readonly gpus: readonly SyncedGpu[];
  readonly packages: readonly HostPackage[];
  /** `path` is the guest path (relative to the Windows folder), the same as on the host. */
  readonly looseFiles: readonly HostFile[];
  /** What is not copied, and why (a loose file outside the Windows folder, one the host lacks). */
  readonly skipped: readonly string[];
}

export interface GpuDriver {
  readonly instancePath: string | null;
  readonly discovery: DriverDiscovery;
}

/** The Get-DriverFileList arguments for these drivers. */
export function fileListRequest(drivers: readonly GpuDriver[]): { Folders: string[]; Files: string[] } {
  const folders = new Map<string, string>();
  const files = new Map<string, string>();
  for (const { discovery } of drivers) {
    for (const p of discovery.packages) if (p.present) folders.set(pathKey(p.hostPath), p.hostPath);
    for (const f of discovery.looseFiles)
      if (f.present && guestRelativePath(f.guestPath) !== null) files.set(pathKey(f.hostPath), f.hostPath);
  }
  return { Folders: [...folders.values()], Files: [...files.values()] };
}

export function hostSnapshot(drivers: readonly GpuDriver[], listing: RawDriverFileList): Result<HostDriverSnapshot> {
  const folderFiles = new Map(listing.Folders.map((f) => [pathKey(f.Path), f.Files]));
  const looseListing = new Map(listing.Files.map((f) => [pathKey(f.Path), f]));
  const packages = new Map<string, HostPackage>();
  const looseFiles = new Map<string, HostFile>();
  const skipped: string[] = [];
  const gpus: SyncedGpu[] = [];

  for (const { instancePath, discovery } of drivers) {
    const names: string[] = [];
    for (const p of discovery.packages) {
      if (!p.present)
        return fail(
          'driver-package-missing',
          `The host has no package folder ${p.hostPath} although its driver names files in it. Reinstall the host's GPU driver, then sync again.`,
        );
      const listed = folderFiles.get(pathKey(p.hostPath));
      if (!listed || listed.length === 0)
        return fail('driver-package-missing', `The host's package folder ${p.hostPath} is empty or could not be listed.`);
      names.push(p.name);
      if (packages.has(pathKey(p.name))) continue;
      packages.set(pathKey(p.name), {
        name: p.name,
        files: listed.map((f) => ({
          source: `${p.hostPath}\\${f.RelativePath}`,
          path: f.RelativePath,
          length: f.Length,
          writeTime: f.LastWriteTimeUtc,
        })),
      });
    }
    for (const f of discovery.looseFiles) {
      // The guest path is Windows' own spelling (System32, not WMI's system32).
      const guestPath = guestRelativePath(f.guestPath);
      if (guestPath === null) {
        skipped.push(`${f.hostPath}: outside the Windows folder, not copied`);
        continue;
      }
      const listed = looseListing.get(pathKey(f.hostPath));
      if (!f.present || !listed || listed.Length === null || listed.LastWriteTimeUtc === null) {
        skipped.push(`${f.hostPath}: not on the host, not copied`);
        continue;
      }
      looseFiles.set(pathKey(guestPath), {
        source: f.hostPath,
        path: guestPath,
        length: listed.Length,
        writeTime: listed.LastWriteTimeUtc,
      });
    }
    gpus.push({ instancePath, deviceName: discovery.deviceName, driverVersion: discovery.driverVersion, packages: names });
  }
  return ok({ gpus, packages: [...packages.values()], looseFiles: [...looseFiles.values()], skipped });
}
