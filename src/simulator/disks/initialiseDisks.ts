/**
 * Creates host C: and every VM's system disk for a freshly initialised state. Driver files are
 * written lazily: the host's packages on first use (hostDriverFiles.ts), a guest's starting copies
 * on the first read of its disk (guestCopies.ts).
 */
import { mkdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import type { HostState } from '../hyperv/state';
import { recordGuestCopies } from './guestCopies';
import { driverSourceOf } from './hostDriverFiles';
import { DISKS_DIR, hostDriverStoreDir, vmDiskRoot } from './layout';

export function initialiseDisks(dir: string, state: HostState): void {
  rmSync(join(dir, DISKS_DIR), { recursive: true, force: true });
  mkdirSync(hostDriverStoreDir(dir), { recursive: true });
  for (const vm of state.vms) {
    mkdirSync(join(vmDiskRoot(dir, vm.vmId), 'Windows', 'System32'), { recursive: true });
    const copies = (vm.guest?.hostDriverStore ?? []).map((copy) => {
      const gpu = state.gpus.find((g) => g.driverPackage.toLowerCase() === copy.package.toLowerCase());
      return { package: copy.package, content: copy.content, source: gpu ? driverSourceOf(gpu) : null };
    });
    recordGuestCopies(dir, vm.vmId, copies);
  }
}
