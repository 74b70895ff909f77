/** Compares a guest's HostDriverStore copy of a package with the host's package, byte for byte. */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import type { DriverCopyStatus, GuestDriverStore } from '../hyperv/guestDisplay';
import type { GpuState } from '../hyperv/state';
import { ensureGuestDisk } from './guestCopies';
import { ensureHostDriver } from './hostDriverFiles';
import { guestHostDriverStoreDir, hostDriverStoreDir } from './layout';

export class DiskDriverStore implements GuestDriverStore {
  /** `gpus`: the host's GPUs, whose packages are generated on first use before a comparison. */
  constructor(
    private readonly dir: string,
    private readonly gpus: readonly GpuState[] = [],
  ) {}

  compare(vmId: string, driverPackage: string): DriverCopyStatus {
    ensureGuestDisk(this.dir, vmId);
    const guest = join(guestHostDriverStoreDir(this.dir, vmId), driverPackage);
    if (!existsSync(guest)) return 'missing';
    const gpu = this.gpus.find((g) => g.driverPackage.toLowerCase() === driverPackage.toLowerCase());
    if (gpu) ensureHostDriver(this.dir, gpu);
    const host = join(hostDriverStoreDir(this.dir), driverPackage);
    if (!existsSync(host)) return 'different';
    return sameTree(host, guest) ? 'match' : 'different';
  }
}

function listFiles(root: string): string[] {
  const files: string[] = [];
  const walk = (folder: string): void => {
    for (const entry of readdirSync(folder, { withFileTypes: true })) {
      const path = join(folder, entry.name);
      if (entry.isDirectory()) walk(path);
      else files.push(relative(root, path).split(sep).join('/'));
    }
  };
  walk(root);
  // Windows paths are case-insensitive: a guest copy may differ in case only.
  return files.sort((a, b) => a.toLowerCase().localeCompare(b.toLowerCase()));
}

function sameTree(host: string, guest: string): boolean {
  const hostFiles = listFiles(host);
  const guestFiles = listFiles(guest);
  if (hostFiles.length !== guestFiles.length) return false;
  return hostFiles.every((file, i) => {
    const other = guestFiles[i]!;
    if (file.toLowerCase() !== other.toLowerCase()) return false;
    const a = join(host, file);
    const b = join(guest, other);
    // Sizes first: most mismatches are another build with another size, and reading is dearer.
    return statSync(a).size === statSync(b).size && readFileSync(a).equals(readFileSync(b));
  });
}
