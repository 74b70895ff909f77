import * as vscode from 'vscode';
import { MarkdownText } from '../../core/markdownText';
import type { ClusterSnapshot } from '../../host/fleet';
import { connectionOf, type ClusterConfig } from '../../host/hostConfig';
import { describeConnection, failedAtText } from './connectionText';
import type { HostNode } from './hostNode';
import { MessageNode } from './messageNode';
import { contextValue, type TreeNode } from './treeNode';
import { plural } from '../../core/format';
import type { TargetRef } from '../../core/targetRef';

/** A failover cluster: its nodes (Get-ClusterNode) are hosts under it. */
export class ClusterNode implements TreeNode {
  readonly id: string;
  readonly ref: TargetRef;

  constructor(
    readonly hostId: string,
    readonly config: ClusterConfig,
    private readonly snapshot: () => ClusterSnapshot,
    /** The node hosts, read at render time. */
    private readonly members: () => readonly HostNode[],
  ) {
    this.id = `cluster/${hostId}`;
    this.ref = { kind: 'host', hostId };
  }

  get label(): string {
    return this.config.name;
  }

  treeItem(): vscode.TreeItem {
    const { loading, members, error, failedAt } = this.snapshot();
    const item = new vscode.TreeItem(this.config.name, vscode.TreeItemCollapsibleState.Expanded);
    item.id = this.id;
    const count = members ? plural(members.length, 'node') : undefined;
    item.description = error
      ? `${failedAtText(failedAt)}: ${error.message}`
      : loading && !members
        ? `listing the nodes of ${this.config.clusterName}…`
        : count
          ? `failover cluster ${this.config.clusterName} · ${count}`
          : `failover cluster ${this.config.clusterName}`;
    item.iconPath = loading
      ? new vscode.ThemeIcon('loading~spin')
      : error
        ? new vscode.ThemeIcon('debug-disconnect', new vscode.ThemeColor('errorForeground'))
        : new vscode.ThemeIcon('server-environment');
    item.contextValue = contextValue('cluster', [this.config.simulated && 'simulated', members ? 'loaded' : 'unloaded', error && 'error']);
    return item;
  }

  children(): TreeNode[] {
    const { loading, members, error } = this.snapshot();
    const nodes: TreeNode[] = [];
    if (error) nodes.push(MessageNode.error(this.id, error, { title: 'Retry', command: 'gpupv.testConnection', arguments: [this] }, this));
    if (members) nodes.push(...this.members());
    else if (loading || !error)
      nodes.push(new MessageNode(`${this.id}/loading`, 'Listing the cluster’s nodes…', { icon: new vscode.ThemeIcon('loading~spin') }));
    return nodes;
  }

  details(): MarkdownText {
    const { members, loadedAt } = this.snapshot();
    const text = new MarkdownText().paragraph(`Failover cluster${this.config.simulated ? ', simulated' : ''}`);
    text.bullet(describeConnection(connectionOf(this.config)!));
    for (const member of members ?? []) text.bullet(`${member.node.name}: ${member.node.state}`);
    if (loadedAt) text.paragraph(`Nodes listed ${new Date(loadedAt).toLocaleTimeString()}`);
    return text;
  }
}
