import * as vscode from 'vscode';
import type { ConcurrencyLimit } from '../../core/concurrencyLimit';
import { fail } from '../../core/errors';
import { summarizeFleet, type DriverSyncCheck } from '../../core/fleet/fleetSummary';
import type { HostInventory } from '../../core/model';
import { loadCapped, refreshFleet, type FleetMember } from '../../host/cappedLoad';
import type { HostPool } from '../../host/hostPool';
import type { Fleet } from '../../host/fleet';
import { hostId, sameHostConfig, type HostConfig, type InvalidHostEntry } from '../../host/hostConfig';
import { ClusterNode } from './clusterNode';
import type { InventoryStore } from '../../host/inventoryStore';
import { FleetNode, type FleetState } from './fleetNode';
import { HostNode } from './hostNode';
import { GroupNode } from './groupNode';
import { MessageNode } from './messageNode';
import { NodeCache } from './nodeCache';
import { VmNode } from './vmNode';
import type { TreeNode } from './treeNode';
import { rowTooltip } from './tooltip';

/**
 * Roots are the fleet summary (two or more hosts) and the configured hosts; a host loads its
 * inventory the first time its children are asked for, which is when the view shows it: nothing is
 * spawned at activation. Every load waits for a slot of the concurrency limit.
 */
export class HostTreeProvider implements vscode.TreeDataProvider<TreeNode>, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<TreeNode | undefined>();
  readonly onDidChangeTreeData = this.changed.event;
  private hostNodes = new Map<string, HostNode>();
  /** Failover clusters among the roots, and the hosts of their nodes. */
  private clusterNodes = new Map<string, ClusterNode>();
  private memberNodes = new Map<string, HostNode[]>();
  /** The roots in the settings' order: hosts and clusters. */
  private roots: TreeNode[] = [];
  private invalid: InvalidHostEntry[] = [];
  private readonly subscription: { dispose(): void };
  private readonly fleetSubscription: { dispose(): void } | undefined;
  private readonly cache = new NodeCache();
  private readonly fleetNode = new FleetNode(() => this.fleetState());

  constructor(
    private readonly pool: HostPool,
    private readonly store: InventoryStore,
    private readonly limit: ConcurrencyLimit,
    private readonly fleet?: Fleet,
    /** The guest drivers' comparison with the host's; without it the summary says "not checked". */
    private readonly driverSync?: DriverSyncCheck,
  ) {
    this.fleetSubscription = fleet?.onDidChange((clusterId) => this.updateMembers(clusterId));
    this.subscription = store.onDidChange((id, change) => {
      const node = this.hostNode(id);
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
    const clusters = new Map<string, ClusterNode>();
    this.roots = [];
    for (const config of configs) {
      const id = hostId(config);
      if (config.kind === 'cluster') {
        const previous = this.clusterNodes.get(id);
        const kept = previous && sameHostConfig(previous.config, config);
        // A changed cluster is listed anew (the fleet dropped its nodes too).
        if (!kept) this.dropMembers(id);
        const cluster = kept
          ? previous
          : new ClusterNode(
              id,
              config,
              () => this.fleet!.snapshot(id),
              () => this.memberNodes.get(id) ?? [],
            );
        clusters.set(id, cluster);
        this.roots.push(cluster);
        continue;
      }
      const known = this.hostNodes.get(id);
      // An edited host (same name, other settings) gets a new node and forgets what the old one showed.
      if (known && !sameHostConfig(known.config, config)) this.store.forget(id);
      next.set(id, known && sameHostConfig(known.config, config) ? known : new HostNode(id, config, () => this.store.snapshot(id)));
      this.roots.push(next.get(id)!);
    }
    for (const [id, cluster] of this.clusterNodes) {
      if (clusters.has(id)) continue;
      this.dropMembers(id);
      this.cache.forget(cluster.id);
    }
    this.clusterNodes = clusters;
    for (const [id, node] of this.hostNodes) {
      if (next.has(id)) continue;
      this.store.forget(id);
      this.cache.forget(node.id);
    }
    this.hostNodes = next;
    this.invalid = invalid;
    this.changed.fire(undefined);
  }

  /** Every host: the configured ones and the nodes of the clusters. */
  hosts(): HostNode[] {
    return [...this.hostNodes.values(), ...[...this.memberNodes.values()].flat()];
  }

  /** Whether a host of this id is in the tree now (a node the view still holds may have left it). */
  private isConfigured(hostId: string): boolean {
    return this.hosts().some((h) => h.hostId === hostId);
  }

  clusters(): ClusterNode[] {
    return [...this.clusterNodes.values()];
  }

  /** Reloads one host (or all, at most the limit at once); resolves when the loads finish. */
  async refresh(node?: HostNode): Promise<void> {
    if (node) return this.load(node);
    // A full refresh lists the clusters' nodes again too, beside the hosts' loads.
    const clusters = this.clusters().map((c) => this.expand(c));
    await Promise.all([
      refreshFleet(
        this.store,
        this.limit,
        this.hosts().map((n) => this.member(n)),
      ),
      ...clusters,
    ]);
  }

  /** Lists a cluster's nodes (Get-ClusterNode on the host answering for its name). */
  async expand(cluster: ClusterNode): Promise<void> {
    if (!this.fleet) return;
    // Listing the nodes opens a session too: it waits for a slot like every load.
    await this.fleet.expand(cluster.hostId, (id) =>
      this.limit.run(async () => {
        const client = this.pool.client(id);
        return client
          ? client.clusterNodes()
          : { ok: false, error: { id: 'session-disposed', message: `${cluster.label} is no longer configured.` } };
      }),
    );
  }

  getTreeItem(node: TreeNode): vscode.TreeItem {
    const item = node.treeItem();
    // VS Code resolves only what getTreeItem left undefined: every tooltip is built in resolveTreeItem.
    item.tooltip = undefined;
    return item;
  }

  getChildren(node?: TreeNode): TreeNode[] {
    if (!node) {
      const invalidNodes = this.invalid.map(
        (entry) =>
          new MessageNode(`invalid/${entry.index}`, `Host entry ${entry.index + 1} in settings is invalid`, {
            description: entry.problem,
            icon: new vscode.ThemeIcon('warning'),
            // settings.json at this entry, not only at the setting.
            command: { title: 'Show the Entry', command: 'gpupv.revealHostEntry', arguments: [entry.index] },
          }),
      );
      return [...(this.showsFleet() ? [this.fleetNode] : []), ...this.roots, ...invalidNodes];
    }
    if (node instanceof ClusterNode && this.fleet) {
      const snapshot = this.fleet.snapshot(node.hostId);
      if (!snapshot.members && !snapshot.error && !snapshot.loading) void this.expand(node);
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
    item.tooltip = rowTooltip(item, node.details?.());
    return item;
  }

  dispose(): void {
    this.fleetSubscription?.dispose();
    this.subscription.dispose();
    this.changed.dispose();
  }

  /** What the fleet node shows, read when VS Code renders it. */
  private fleetState(): FleetState {
    const hosts = this.hosts().map((n) => ({ id: n.hostId, ...this.store.snapshot(n.hostId) }));
    return { summary: summarizeFleet(hosts, this.driverSync), loading: hosts.filter((h) => h.loading).length };
  }

  private showsFleet(): boolean {
    return this.hosts().length >= 2;
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

  private hostNode(id: string): HostNode | undefined {
    return this.hostNodes.get(id) ?? this.hosts().find((h) => h.hostId === id);
  }

  /** A cluster's node list changed: its node hosts are rebuilt, reusing the objects of known nodes. */
  private updateMembers(clusterId: string): void {
    const cluster = this.clusterNodes.get(clusterId);
    if (!cluster || !this.fleet) return;
    const previous = new Map((this.memberNodes.get(clusterId) ?? []).map((n) => [n.hostId, n]));
    const members = (this.fleet.snapshot(clusterId).members ?? []).map((m) => {
      const known = previous.get(m.id);
      return known && sameHostConfig(known.config, m.config)
        ? known
        : new HostNode(m.id, m.config, () => this.store.snapshot(m.id), { label: m.node.name, clusterId });
    });
    for (const [id, node] of previous) {
      if (members.includes(node)) continue;
      // A node gone from the cluster, or whose settings changed: what it showed goes with it.
      this.store.forget(id);
      this.cache.forget(node.id);
    }
    this.memberNodes.set(clusterId, members);
    // The members are hosts of the fleet too: the roots (the Fleet node may appear) and its summary change.
    this.changed.fire(undefined);
  }

  /** A cluster removed or changed: its nodes' hosts are forgotten with their inventories. */
  private dropMembers(clusterId: string): void {
    for (const node of this.memberNodes.get(clusterId) ?? []) {
      this.store.forget(node.hostId);
      this.cache.forget(node.id);
    }
    this.memberNodes.delete(clusterId);
  }

  private async load(node: HostNode): Promise<void> {
    // The view may still ask for the children of a host just removed: loading it would bring its
    // snapshot back (a "no longer in the settings" error) after the removal forgot it.
    if (!this.isConfigured(node.hostId)) return;
    const { hostId, source } = this.member(node);
    await loadCapped(this.store, this.limit, hostId, source);
  }
}
