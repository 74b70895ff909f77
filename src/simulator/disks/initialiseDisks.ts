/** Creates host C: and every VM's system disk for a freshly initialised state. */
import { cpSync, existsSync, mkdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import type { HostState } from '../hyperv/state';
import { defaultPackageFiles, writePlaceholderPackage } from './driverPackages';
import { DISKS_DIR, guestHostDriverStoreDir, hostDriverStoreDir, vmDiskRoot } from './layout';

export function initialiseDisks(dir: string, state: HostState): void {
  rmSync(join(dir, DISKS_DIR), { recursive: true, force: true });
  const hostStore = hostDriverStoreDir(dir);
  mkdirSync(hostStore, { recursive: true });
  for (const gpu of state.gpus) {
    writePlaceholderPackage(join(hostStore, gpu.driverPackage), gpu.driverPackage, gpu.packageFiles ?? defaultPackageFiles(gpu.driverPackage), gpu.driverVersion);
  }
  for (const vm of state.vms) {
    mkdirSync(join(vmDiskRoot(dir, vm.vmId), 'Windows', 'System32'), { recursive: true });
    for (const copy of vm.guest?.hostDriverStore ?? []) {
      const target = join(guestHostDriverStoreDir(dir, vm.vmId), copy.package);
      const source = join(hostStore, copy.package);
      if (copy.content === 'host-copy' && existsSync(source)) {
        cpSync(source, target, { recursive: true });
      } else {
        writePlaceholderPackage(target, copy.package, defaultPackageFiles(copy.package), 'an older driver build');
      }
    }
  }
}
