/**
 * The VM page's driver table: the host's GPU driver, the guest's copy of it (HostDriverStore) and
 * the guest's display driver, each with what it means against the host's driver. Only the copy is
 * compared with the host (from the sync record, as the checklist's driver line does); the display
 * driver of a GPU-PV guest is Microsoft's Virtual Render driver (vrd.inf), which is expected.
 */
import { gpuDevices, type GuestReading } from '../diagnosis/checklist';
import { guestDriverFacts, type GuestDriverFacts } from '../diagnosis/guestDriverCopy';
import { gpusOfVm } from '../drivers/sync/drift';
import { gpuName } from '../gpuIdentity';
import type { HostInventory, VirtualMachine } from '../model';
import type { GuestDisplayDevice } from '../normalize/guestDevices';

export interface DriverRow {
  readonly where: string;
  readonly driver: string;
  /** What it means against the host's driver. */
  readonly note: string;
}

function storeList(store: readonly string[] | null): string {
  if (store === null) return 'unknown until the guest is read';
  return store.length > 0 ? store.join(', ') : 'no driver package';
}

function copyRow({ copy, store }: GuestDriverFacts): DriverRow {
  const where = 'Guest’s copy (HostDriverStore)';
  switch (copy.kind) {
    case 'no-gpu':
      return { where, driver: storeList(store), note: 'no GPU of this host is assigned: nothing to compare' };
    case 'vendor-driver':
      return { where, driver: 'not used', note: 'an SR-IOV partition uses the vendor’s driver installed in the guest' };
    case 'in-sync':
      return { where, driver: `${copy.versions}: ${copy.packages.join(', ')}`, note: `the host’s version, synced ${copy.synced}` };
    case 'packages-missing':
      return { where, driver: storeList(store), note: `lacks ${copy.missing.join(', ')} of the sync of ${copy.synced}: sync again` };
    case 'drifted':
      return { where, driver: copy.versions, note: `differs from the host’s (${copy.reasons.join('; ')}): sync again` };
    case 'never-synced':
      return {
        where,
        driver: storeList(store),
        note: store?.length === 0 ? 'missing: sync the driver' : 'version unknown: never synced by this extension',
      };
  }
}

function deviceDriver(d: GuestDisplayDevice): string {
  const name = d.virtualRender ? `${d.driverProvider ?? 'Microsoft'} Virtual Render driver` : (d.driverProvider ?? d.name);
  return `${name}${d.driverVersion ? ` ${d.driverVersion}` : ''}${d.infName ? ` (${d.infName})` : ''}`;
}

function displayRow(guest: GuestReading): DriverRow {
  const where = 'Guest’s display driver';
  if (guest.kind !== 'read') return { where, driver: 'unknown until the guest is read', note: '' };
  const devices = gpuDevices(guest.display);
  if (devices.length === 0) return { where, driver: 'no GPU device in the guest', note: '' };
  const virtual = devices.every((d) => d.virtualRender);
  return {
    where,
    driver: devices.map(deviceDriver).join(', '),
    note: virtual
      ? 'expected: every GPU-PV guest shows it; it loads the host’s driver from the HostDriverStore, so its version is not the host’s'
      : 'the vendor’s guest driver: not compared with the host’s',
  };
}

export function driverRows(vm: VirtualMachine, inventory: HostInventory, guest: GuestReading): DriverRow[] {
  const gpus = gpusOfVm(vm, inventory.gpus);
  const host =
    gpus.length === 0
      ? 'no GPU assigned'
      : gpus
          .map(
            (g) =>
              `${gpuName(g)}: ${g.driverVersion ?? 'unknown'}${g.driverProvider ? ` (${g.driverProvider})` : ''}${g.infName ? `, ${g.infName}` : ''}`,
          )
          .join('; ');
  return [
    { where: 'Host GPU driver', driver: host, note: gpus.some((g) => g.kind === 'gpu-pv') ? 'the guest needs a copy of this version' : '' },
    copyRow(guestDriverFacts(vm, inventory, guest)),
    displayRow(guest),
  ];
}
