import * as vscode from 'vscode';
import type { HostPool } from '../../host/hostPool';
import { hostId, type HostConfig, type InvalidHostEntry } from '../../host/hostConfig';
import type { InventoryStore } from '../../host/inventoryStore';
import { HostNode } from './hostNode';
import { GroupNode } from './groupNode';
import { MessageNode } from './messageNode';
import { NodeCache } from './nodeCache';
import { VmNode } from './vmNode';
import type { TreeNode } from './treeNode';

/**
 * Roots are the configured hosts; a host loads its inventory the first time its children are
 * asked for, which is when the view shows it: nothing is spawned at activation.
 */
export class HostTreeProvider implements vscode.TreeDataProvider<TreeNode>, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<TreeNode | undefined>();
  readonly onDidChangeTreeData = this.changed.event;
  private hostNodes = new Map<string, HostNode>();
  private invalid: InvalidHostEntry[] = [];
  private readonly subscription: { dispose(): void };
  private readonly cache = new NodeCache();

  constructor(
    private readonly pool: HostPool,
    private readonly store: InventoryStore,
  ) {
    this.subscription = store.onDidChange((id, change) => {
      const node = this.hostNodes.get(id);
      if (!node) return;
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

  /** Reloads one host (or all); resolves when the loads finish. */
  async refresh(node?: HostNode): Promise<void> {
    const targets = node ? [node] : this.hosts();
    await Promise.all(targets.map((n) => this.load(n)));
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
      return [...this.hosts(), ...invalidNodes];
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

  private async load(node: HostNode): Promise<void> {
    const client = this.pool.client(node.hostId);
    if (!client) return;
    await this.store.load(node.hostId, () => client.inventory());
  }
}
