/**
 * The last known inventory of each host and whether a load is under way. Loads of one host never
 * overlap, and hosts load independently: one that hangs does not hold up the others.
 */
import type { GpuPvError, Result } from '../core/errors';
import type { HostInventory, VirtualMachine } from '../core/model';
import type { Entry, InvalidEntry } from '../core/normalize/entries';

/** A change smaller than the whole host: one VM (and what depends on it, such as GPU usage). */
export interface InventoryChange {
  readonly vmId: string;
}

export interface HostSnapshot {
  readonly loading: boolean;
  /** The last successful inventory, kept while a reload runs or after a failed one. */
  readonly inventory: HostInventory | undefined;
  /** The last load's error, cleared by the next success. */
  readonly error: GpuPvError | undefined;
  readonly loadedAt: number | undefined;
  /** When the last load failed (the node shows it with the error). */
  readonly failedAt?: number;
}

const EMPTY: HostSnapshot = { loading: false, inventory: undefined, error: undefined, loadedAt: undefined };

export type InventoryLoader = () => Promise<Result<HostInventory>>;

export class InventoryStore {
  private readonly snapshots = new Map<string, HostSnapshot>();
  private readonly inflight = new Map<string, Promise<HostSnapshot>>();
  private readonly listeners = new Set<(hostId: string, change?: InventoryChange) => void>();

  snapshot(hostId: string): HostSnapshot {
    return this.snapshots.get(hostId) ?? EMPTY;
  }

  /** `change` names what changed when it is less than the whole host. */
  onDidChange(listener: (hostId: string, change?: InventoryChange) => void): { dispose(): void } {
    this.listeners.add(listener);
    return { dispose: () => this.listeners.delete(listener) };
  }

  /** Starts a load unless one is running; either way resolves with the snapshot after it. */
  load(hostId: string, loader: InventoryLoader): Promise<HostSnapshot> {
    const running = this.inflight.get(hostId);
    if (running) return running;
    this.update(hostId, { ...this.snapshot(hostId), loading: true });
    const done = loader()
      .then(
        (result): HostSnapshot =>
          result.ok
            ? { loading: false, inventory: result.value, error: undefined, loadedAt: Date.now() }
            : { ...this.snapshot(hostId), loading: false, error: result.error, failedAt: Date.now() },
        (error: unknown): HostSnapshot => ({
          ...this.snapshot(hostId),
          loading: false,
          error: { id: 'hyperv-error', message: `Unexpected failure: ${String(error)}` },
          failedAt: Date.now(),
        }),
      )
      .then((next) => {
        // A host removed or changed while loading: a newer load (or none) is what counts now.
        if (this.inflight.get(hostId) !== done) return next;
        this.inflight.delete(hostId);
        if (this.snapshots.has(hostId)) this.update(hostId, next);
        return next;
      });
    this.inflight.set(hostId, done);
    return done;
  }

  /** Replaces one VM after a change to it, without reloading the host. */
  updateVm(hostId: string, vm: VirtualMachine): void {
    const current = this.snapshot(hostId);
    if (!current.inventory) return;
    const vms = current.inventory.vms.map((v) => (v.id === vm.id ? vm : v));
    if (!vms.includes(vm)) return;
    this.update(hostId, { ...current, inventory: { ...current.inventory, vms } }, { vmId: vm.id });
  }

  /**
   * The host's answer for one VM (after a change, or a per-VM read) could not be read: the VM leaves
   * the VMs actions work on and is listed as that entry, named by the id the caller asked about.
   */
  markVmUnreadable(hostId: string, vmId: string, entry: InvalidEntry): void {
    const current = this.snapshot(hostId);
    if (!current.inventory) return;
    const id = entry.id ?? vmId;
    const vms = current.inventory.vms.filter((v) => v.id !== vmId.toLowerCase());
    const invalid = [
      ...current.inventory.invalid.filter((e) => !(e.kind === 'vm' && e.id?.toLowerCase() === id.toLowerCase())),
      { ...entry, id },
    ];
    this.update(hostId, { ...current, inventory: { ...current.inventory, vms, invalid } });
  }

  /** Applies a per-VM read: the VM as it is now (back among the VMs if it was unreadable), or its unreadable entry. */
  applyVmEntry(hostId: string, vmId: string, entry: Entry<VirtualMachine>): void {
    if (!entry.ok) return this.markVmUnreadable(hostId, vmId, entry.invalid);
    const current = this.snapshot(hostId);
    if (!current.inventory) return;
    if (current.inventory.vms.some((v) => v.id === entry.value.id)) return this.updateVm(hostId, entry.value);
    const invalid = current.inventory.invalid.filter((e) => !(e.kind === 'vm' && e.id?.toLowerCase() === vmId.toLowerCase()));
    // A VM the last read did not list at all comes with the next refresh.
    if (invalid.length === current.inventory.invalid.length) return;
    const vms = [...current.inventory.vms, entry.value].sort((a, b) => a.name.localeCompare(b.name));
    this.update(hostId, { ...current, inventory: { ...current.inventory, vms, invalid } });
  }

  /** The host left (or changed): its snapshot goes, and a load still running for it no longer counts. */
  forget(hostId: string): void {
    this.snapshots.delete(hostId);
    this.inflight.delete(hostId);
  }

  private update(hostId: string, next: HostSnapshot, change?: InventoryChange): void {
    this.snapshots.set(hostId, next);
    for (const listener of this.listeners) listener(hostId, change);
  }
}
