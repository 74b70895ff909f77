/**
 * The driver copies a VM's disk starts with (a scenario's `guest.hostDriverStore`), written lazily:
 * initialising a state only records them, and the first reader of that VM's disk writes them
 * (a generated 200-VM host would otherwise copy gigabytes up front). Anything that reads or changes a
 * guest's disk directory calls `ensureGuestDisk` first.
 */
import { cpSync, existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { driverLayout, writeDriverPackage } from './driverPackages';
import { ensureHostDriver, layoutOf, type DriverSource } from './hostDriverFiles';
import { DISKS_DIR, guestHostDriverStoreDir, hostDriverStoreDir } from './layout';

export interface PendingCopy {
  readonly package: string;
  /** host-copy: byte-identical to the host's package; stale: the same files of an older build. */
  readonly content: 'host-copy' | 'stale';
  /** The host GPU whose package this is, when the host has one. */
  readonly source: DriverSource | null;
}

function pendingFile(dir: string, vmId: string): string {
  return join(dir, DISKS_DIR, '.pending', `${vmId.toLowerCase()}.json`);
}

export function recordGuestCopies(dir: string, vmId: string, copies: readonly PendingCopy[]): void {
  if (copies.length === 0) return;
  const file = pendingFile(dir, vmId);
  mkdirSync(join(file, '..'), { recursive: true });
  writeFileSync(file, `${JSON.stringify(copies)}\n`);
}

/** Writes the VM's recorded driver copies, once. */
export function ensureGuestDisk(dir: string, vmId: string): void {
  const file = pendingFile(dir, vmId);
  if (!existsSync(file)) return;
  const copies = JSON.parse(readFileSync(file, 'utf8')) as PendingCopy[];
  for (const copy of copies) {
    const target = join(guestHostDriverStoreDir(dir, vmId), copy.package);
    rmSync(target, { recursive: true, force: true });
    if (copy.content === 'host-copy' && copy.source) {
      ensureHostDriver(dir, copy.source);
      cpSync(join(hostDriverStoreDir(dir), copy.source.driverPackage), target, { recursive: true });
    } else {
      writeDriverPackage(target, copy.package, 'an older driver build', copy.source ? layoutOf(copy.source) : driverLayout(copy.package));
    }
  }
  rmSync(file, { force: true });
}
