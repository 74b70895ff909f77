import * as vscode from 'vscode';
import type { ConcurrencyLimit } from '../../core/concurrencyLimit';
import { fail } from '../../core/errors';
import { summarizeFleet, type DriverDriftCheck } from '../../core/fleet/fleetSummary';
import type { HostInventory } from '../../core/model';
import { loadCapped, refreshFleet, type FleetMember } from '../../host/cappedLoad';
import type { HostPool } from '../../host/hostPool';
import { hostId, type HostConfig, type InvalidHostEntry } from '../../host/hostConfig';
import type { InventoryStore } from '../../host/inventoryStore';
import { FleetNode, type FleetState } from './fleetNode';
import { HostNode } from './hostNode';
import { GroupNode } from './groupNode';
import { MessageNode } from './messageNode';
import { NodeCache } from './nodeCache';
import { VmNode } from './vmNode';
import type { TreeNode } from './treeNode';

/**
 * Roots are the fleet summary (two or more hosts) and the configured hosts; a host loads its
 * inventory the first time its children are asked for, which is when the view shows it: nothing is
 * spawned at activation. Every load waits for a slot of the concurrency limit.
 */
export class HostTreeProvider implements vscode.TreeDataProvider<TreeNode>, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<TreeNode | undefined>();
  readonly onDidChangeTreeData = this.changed.event;
  private hostNodes = new Map<string, HostNode>();
  private invalid: InvalidHostEntry[] = [];
  private readonly subscription: { dispose(): void };
  private readonly cache = new NodeCache();
  private readonly fleetNode = new FleetNode(() => this.fleetState());

  constructor(
    private readonly pool: HostPool,
    private readonly store: InventoryStore,
    private readonly limit: ConcurrencyLimit,
    /** Driver sync (issue 4) plugs its comparison in here; without it the summary says "not checked". */
    private readonly isDriverDrifting?: DriverDriftCheck,
  ) {
    this.subscription = store.onDidChange((id, change) => {
      const node = this.hostNodes.get(id);
      if (!node) return;
      if (this.showsFleet()) this.changed.fire(this.fleetNode);
      const inventory = store.snapshot(id).inventory;
      if (!change || !inventory) return this.changed.fire(node);
      // One VM changed: refresh its node and the GPU list (partitions in use), nothing else.
      const vm = inventory.vms.find((v) => v.id === change.vmId);
      const vmsGroupId = `${node.id}/vms`;
      const vmNodeId = `${vmsGroupId}/vm/${change.vmId}`;
      if (!vm || !this.cache.get(vmNodeId)) return this.changed.fire(node);
      this.changed.fire(this.cache.reuse(new VmNode(vmsGroupId, id, vm, inventory)));
      if (this.cache.get(vmsGroupId)) this.cache.reuse(new GroupNode(node.id, id, 'vms', inventory));
      if (this.cache.get(`${node.id}/gpus`)) this.changed.fire(this.cache.reuse(new GroupNode(node.id, id, 'gpus', inventory)));
    });
  }

  setHosts(configs: readonly HostConfig[], invalid: InvalidHostEntry[]): void {
    const next = new Map<string, HostNode>();
    for (const config of configs) {
      const id = hostId(config);
      next.set(id, this.hostNodes.get(id) ?? new HostNode(id, config, () => this.store.snapshot(id)));
    }
    for (const [id, node] of this.hostNodes) {
      if (next.has(id)) continue;
      this.store.forget(id);
      this.cache.forget(node.id);
    }
    this.hostNodes = next;
    this.invalid = invalid;
    this.changed.fire(undefined);
  }

  hosts(): HostNode[] {
    return [...this.hostNodes.values()];
  }

  /** Reloads one host (or all, at most the limit at once); resolves when the loads finish. */
  async refresh(node?: HostNode): Promise<void> {
    const targets = node ? [node] : this.hosts();
    await refreshFleet(this.store, this.limit, targets.map((n) => this.member(n)));
  }

  getTreeItem(node: TreeNode): vscode.TreeItem {
    return node.treeItem();
  }

  getChildren(node?: TreeNode): TreeNode[] {
    if (!node) {
      const invalidNodes = this.invalid.map(
        (entry) =>
          new MessageNode(`invalid/${entry.index}`, `Host entry ${entry.index + 1} in settings is invalid`, {
            description: entry.problem,
            icon: new vscode.ThemeIcon('warning'),
            command: { title: 'Open Settings', command: 'workbench.action.openSettingsJson', arguments: [{ revealSetting: { key: 'gpupv.hosts' } }] },
          }),
      );
      return [...(this.showsFleet() ? [this.fleetNode] : []), ...this.hosts(), ...invalidNodes];
    }
    if (node instanceof HostNode) {
      const snapshot = this.store.snapshot(node.hostId);
      if (!snapshot.inventory && !snapshot.error && !snapshot.loading) void this.load(node);
    }
    return node.children().map((child) => this.cache.reuse(child));
  }

  getParent(): undefined {
    return undefined;
  }

  resolveTreeItem(item: vscode.TreeItem, node: TreeNode): vscode.TreeItem {
    if (node.tooltip) item.tooltip = node.tooltip();
    return item;
  }

  dispose(): void {
    this.subscription.dispose();
    this.changed.dispose();
  }

  /** What the fleet node shows, read when VS Code renders it. */
  private fleetState(): FleetState {
    const hosts = this.hosts().map((n) => ({ id: n.hostId, ...this.store.snapshot(n.hostId) }));
    return { summary: summarizeFleet(hosts, this.isDriverDrifting), loading: hosts.filter((h) => h.loading).length };
  }

  private showsFleet(): boolean {
    return this.hostNodes.size >= 2;
  }

  /**
   * The client is looked up when the load gets its slot, not when it is queued: a settings change
   * meanwhile (timeout, executable) replaces the pool's sessions, and a queued load must not go to
   * the closed one and show "connection closed" on a healthy host.
   */
  private member(node: HostNode): FleetMember {
    const id = node.hostId;
    const closed = fail<HostInventory>('session-disposed', 'This host is no longer in the settings.');
    return { hostId: id, source: { inventory: () => this.pool.client(id)?.inventory() ?? Promise.resolve(closed) } };
  }

  private async load(node: HostNode): Promise<void> {
    const { hostId, source } = this.member(node);
    await loadCapped(this.store, this.limit, hostId, source);
  }
}
