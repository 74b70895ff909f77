/**
 * Where the simulated disks live. Host C: and each VM's system disk are plain directories under
 * `$GPUPV_SIM_DIR/disks`, laid out like the Windows volumes, so driver copies move real bytes.
 */
import { join } from 'node:path';

export const DISKS_DIR = 'disks';

export function hostDiskRoot(dir: string): string {
  return join(dir, DISKS_DIR, 'host');
}

export function hostDriverStoreDir(dir: string): string {
  return join(hostDiskRoot(dir), 'Windows', 'System32', 'DriverStore', 'FileRepository');
}

export function vmDiskRoot(dir: string, vmId: string): string {
  return join(dir, DISKS_DIR, `vm-${vmId.toLowerCase()}`);
}

/** Where a GPU-PV guest's Virtual Render driver loads the host's user-mode driver from. */
export function guestHostDriverStoreDir(dir: string, vmId: string): string {
  return join(vmDiskRoot(dir, vmId), 'Windows', 'System32', 'HostDriverStore', 'FileRepository');
}
