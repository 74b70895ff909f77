import type { TreeNode } from './treeNode';

/**
 * VS Code refreshes one element only if it is the very object it got before. Nodes are rebuilt from
 * fresh data on every read, so each new node hands its data to the instance VS Code already knows.
 * Nodes hold nothing but their data, which makes this copy complete.
 */
export class NodeCache {
  private readonly nodes = new Map<string, TreeNode>();

  reuse<T extends TreeNode>(node: T): T {
    const known = this.nodes.get(node.id);
    if (known && known.constructor === node.constructor) {
      Object.assign(known, node);
      return known as T;
    }
    this.nodes.set(node.id, node);
    return node;
  }

  get(id: string): TreeNode | undefined {
    return this.nodes.get(id);
  }

  /** Forgets a subtree (a removed host), so its nodes can be collected. */
  forget(idPrefix: string): void {
    for (const id of this.nodes.keys()) if (id === idPrefix || id.startsWith(`${idPrefix}/`)) this.nodes.delete(id);
  }
}
