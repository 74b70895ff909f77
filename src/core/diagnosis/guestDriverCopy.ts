/**
 * What is known of the guest's copy of the host's GPU driver (its HostDriverStore), from two facts
 * only: the host's record of the last sync into the VM (which driver version, which package
 * folders) and, when the guest was read, the package folders its HostDriverStore holds. The
 * checklist's driver line and the panel's driver table both read this one answer, so a line never
 * fails while its own text says the guest holds what it needs.
 *
 * The guest's display adapter itself shows Microsoft's Virtual Render driver (vrd.inf) under GPU-PV:
 * that driver loads the user-mode driver from the HostDriverStore, so its version is never compared
 * with the host's.
 */
import { driverDrift, gpusOfVm } from '../drivers/sync/drift';
import { syncedDay } from '../drivers/sync/syncText';
import type { HostInventory, PartitionableGpu, VirtualMachine } from '../model';
import type { GuestReading } from './checklist';

export type GuestDriverCopy =
  /** No GPU of this host behind the VM's adapters: nothing to copy. */
  | { readonly kind: 'no-gpu' }
  /** An SR-IOV partition: the guest runs the vendor's own driver, installed inside it. */
  | { readonly kind: 'vendor-driver' }
  /** The last sync copied the host's current driver, and the guest (when read) still holds its packages. */
  | { readonly kind: 'in-sync'; readonly versions: string; readonly packages: readonly string[]; readonly synced: string }
  /** The last sync copied the host's current driver, but the guest's HostDriverStore lacks some of its packages. */
  | { readonly kind: 'packages-missing'; readonly missing: readonly string[]; readonly synced: string }
  /** The last sync copied another driver version than the host runs now. */
  | { readonly kind: 'drifted'; readonly reasons: readonly string[]; readonly versions: string; readonly synced: string }
  /** This extension never synced into the VM: the guest's copy, if any, has no known version. */
  | { readonly kind: 'never-synced' };

export interface GuestDriverFacts {
  readonly copy: GuestDriverCopy;
  /** The package folders of the guest's HostDriverStore; null when the guest was not read. */
  readonly store: readonly string[] | null;
  /** The host's driver of each GPU the VM uses, e.g. "NVIDIA GeForce RTX 3060 driver 32.0.15.6094 (oem12.inf)". */
  readonly host: string;
}

export function hostDriverText(gpus: readonly PartitionableGpu[]): string {
  return gpus
    .map((g) => `${g.friendlyName ?? 'the GPU'} driver ${g.driverVersion ?? '(version unknown)'}${g.infName ? ` (${g.infName})` : ''}`)
    .join(', ');
}

function syncedText(vm: VirtualMachine, syncedAt: string): string {
  return `${syncedDay(syncedAt)}${vm.driverSync ? ` (${vm.driverSync.Mode.toLowerCase()})` : ''}`;
}

function recordOf(vm: VirtualMachine, gpus: readonly PartitionableGpu[]): { versions: string; packages: string[] } {
  const wanted = new Set(gpus.map((g) => g.instancePath.toLowerCase()));
  const entries = (vm.driverSync?.Gpus ?? []).filter((g) => g.InstancePath === null || wanted.has(g.InstancePath.toLowerCase()));
  return {
    versions: entries.map((g) => g.DriverVersion ?? 'unknown').join(', '),
    packages: [...new Set(entries.flatMap((g) => g.Packages))],
  };
}

export function guestDriverFacts(vm: VirtualMachine, inventory: HostInventory, guest: GuestReading): GuestDriverFacts {
  const gpus = gpusOfVm(vm, inventory.gpus);
  const store = guest.kind === 'read' ? guest.display.driverStore : null;
  const facts = (copy: GuestDriverCopy): GuestDriverFacts => ({ copy, store, host: hostDriverText(gpus) });
  if (gpus.length === 0) return facts({ kind: 'no-gpu' });
  if (gpus.every((g) => g.kind === 'sr-iov')) return facts({ kind: 'vendor-driver' });
  const drift = driverDrift(vm, inventory.gpus);
  const record = recordOf(vm, gpus);
  switch (drift.kind) {
    case 'no-gpu':
      return facts({ kind: 'no-gpu' });
    case 'never-synced':
      return facts({ kind: 'never-synced' });
    case 'drifted':
      return facts({ kind: 'drifted', reasons: drift.reasons, versions: record.versions, synced: syncedText(vm, drift.syncedAt) });
    case 'in-sync': {
      const held = new Set((store ?? []).map((p) => p.toLowerCase()));
      const missing = store === null ? [] : record.packages.filter((p) => !held.has(p.toLowerCase()));
      const synced = syncedText(vm, drift.syncedAt);
      return facts(
        missing.length > 0
          ? { kind: 'packages-missing', missing, synced }
          : { kind: 'in-sync', versions: record.versions, packages: record.packages, synced },
      );
    }
  }
}
