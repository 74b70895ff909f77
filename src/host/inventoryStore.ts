/**
 * The last known inventory of each host and whether a load is under way. Loads of one host never
 * overlap, and hosts load independently: one that hangs does not hold up the others.
 */
import type { GpuPvError, Result } from '../core/errors';
import type { HostInventory } from '../core/model';

export interface HostSnapshot {
  readonly loading: boolean;
  /** The last successful inventory, kept while a reload runs or after a failed one. */
  readonly inventory: HostInventory | undefined;
  /** The last load's error, cleared by the next success. */
  readonly error: GpuPvError | undefined;
  readonly loadedAt: number | undefined;
}

const EMPTY: HostSnapshot = { loading: false, inventory: undefined, error: undefined, loadedAt: undefined };

export type InventoryLoader = () => Promise<Result<HostInventory>>;

export class InventoryStore {
  private readonly snapshots = new Map<string, HostSnapshot>();
  private readonly inflight = new Map<string, Promise<HostSnapshot>>();
  private readonly listeners = new Set<(hostId: string) => void>();

  snapshot(hostId: string): HostSnapshot {
    return this.snapshots.get(hostId) ?? EMPTY;
  }

  onDidChange(listener: (hostId: string) => void): { dispose(): void } {
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
            : { ...this.snapshot(hostId), loading: false, error: result.error },
        (error: unknown): HostSnapshot => ({
          ...this.snapshot(hostId),
          loading: false,
          error: { id: 'hyperv-error', message: `Unexpected failure: ${String(error)}` },
        }),
      )
      .then((next) => {
        this.inflight.delete(hostId);
        // A host removed while loading must not come back.
        if (this.snapshots.has(hostId)) this.update(hostId, next);
        return next;
      });
    this.inflight.set(hostId, done);
    return done;
  }

  forget(hostId: string): void {
    this.snapshots.delete(hostId);
  }

  private update(hostId: string, next: HostSnapshot): void {
    this.snapshots.set(hostId, next);
    for (const listener of this.listeners) listener(hostId);
  }
}
