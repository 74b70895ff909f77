/** The inventory store when a host leaves or changes while its load still runs. */
import * as assert from 'node:assert/strict';
import { ok, type Result } from '../../../src/core/errors';
import type { HostInventory } from '../../../src/core/model';
import { InventoryStore } from '../../../src/host/inventoryStore';

function deferred(): { promise: Promise<Result<HostInventory>>; resolve: (inventory: HostInventory) => void } {
  let resolve!: (inventory: HostInventory) => void;
  const promise = new Promise<Result<HostInventory>>((r) => (resolve = (inventory) => r(ok(inventory))));
  return { promise, resolve };
}

const inventory = (name: string): HostInventory => ({
  facts: { computerName: name } as HostInventory['facts'],
  vms: [],
  gpus: [],
  invalid: [],
});

describe('inventory store: a host forgotten while loading', () => {
  it("an edited host's new load is not joined to the old one, and the old result never shows", async () => {
    const store = new InventoryStore();
    const old = deferred();
    const first = store.load('h', () => old.promise);
    store.forget('h');
    const fresh = deferred();
    const second = store.load('h', () => fresh.promise);
    assert.notEqual(first, second, 'a new load starts');
    fresh.resolve(inventory('new'));
    await second;
    old.resolve(inventory('old'));
    await first;
    assert.equal(store.snapshot('h').inventory?.facts.computerName, 'new');
  });

  it('a removed host does not come back when its load finishes', async () => {
    const store = new InventoryStore();
    const pending = deferred();
    const load = store.load('gone', () => pending.promise);
    store.forget('gone');
    pending.resolve(inventory('late'));
    await load;
    assert.equal(store.snapshot('gone').inventory, undefined);
  });
});
