import * as vscode from 'vscode';
import type { HostPool } from '../../host/hostPool';
import { hostId, type HostConfig, type InvalidHostEntry } from '../../host/hostConfig';
import type { InventoryStore } from '../../host/inventoryStore';
import { HostNode } from './hostNode';
import { MessageNode } from './messageNode';
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

  constructor(
    private readonly pool: HostPool,
    private readonly store: InventoryStore,
  ) {
    this.subscription = store.onDidChange((id) => {
      const node = this.hostNodes.get(id);
      if (node) this.changed.fire(node);
    });
  }

  setHosts(configs: readonly HostConfig[], invalid: InvalidHostEntry[]): void {
    const next = new Map<string, HostNode>();
    for (const config of configs) {
      const id = hostId(config);
      next.set(id, this.hostNodes.get(id) ?? new HostNode(id, config, () => this.store.snapshot(id)));
    }
    for (const id of this.hostNodes.keys()) if (!next.has(id)) this.store.forget(id);
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
    return node.children();
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
