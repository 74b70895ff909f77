/**
 * Every inventory load goes through here, the tree's lazy first loads as much as "Refresh": the
 * fleet's cap on concurrent sessions holds whatever starts the load. The host's snapshot says
 * `loading` from the moment the load is asked for, so a host waiting for a slot shows its spinner
 * too, and a second refresh of a waiting host joins the waiting load instead of queueing again.
 */
import type { ConcurrencyLimit } from '../core/concurrencyLimit';
import type { Result } from '../core/errors';
import type { HostInventory } from '../core/model';
import type { HostSnapshot, InventoryStore } from './inventoryStore';

/** What a load needs of a host client. */
export interface InventorySource {
  inventory(): Promise<Result<HostInventory>>;
}

export function loadCapped(store: InventoryStore, limit: ConcurrencyLimit, hostId: string, source: InventorySource): Promise<HostSnapshot> {
  return store.load(hostId, () => limit.run(() => source.inventory()));
}

export interface FleetMember {
  readonly hostId: string;
  readonly source: InventorySource;
}

/** Loads every host, at most the limit at once; resolves when all have settled, each with its own result. */
export function refreshFleet(store: InventoryStore, limit: ConcurrencyLimit, members: readonly FleetMember[]): Promise<HostSnapshot[]> {
  return Promise.all(members.map((m) => loadCapped(store, limit, m.hostId, m.source)));
}
