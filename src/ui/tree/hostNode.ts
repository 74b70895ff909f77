import * as vscode from 'vscode';
import { MarkdownText } from '../../core/markdownText';
import { osName } from '../../core/osName';
import { connectionOf, type HostConfig } from '../../host/hostConfig';
import type { HostSnapshot } from '../../host/inventoryStore';
import { describeConnection, failedAtText } from './connectionText';
import { GroupNode } from './groupNode';
import { MessageNode } from './messageNode';
import { contextValue, type TreeNode } from './treeNode';
import type { TargetRef } from '../../core/targetRef';

export interface HostNodeOptions {
  /** The label when it differs from the config's name (a cluster's node shows the node's name). */
  readonly label?: string;
  /** Set for a failover cluster's node: it is edited and removed with its cluster. */
  readonly clusterId?: string;
}

export class HostNode implements TreeNode {
  readonly id: string;
  readonly ref: TargetRef;

  constructor(
    readonly hostId: string,
    readonly config: HostConfig,
    /** Read at render time: the node object is reused across refreshes so events can target it. */
    private readonly snapshot: () => HostSnapshot,
    readonly options: HostNodeOptions = {},
  ) {
    this.id = `host/${hostId}`;
    this.ref = { kind: 'host', hostId };
  }

  get label(): string {
    return this.options.label ?? this.config.name;
  }

  treeItem(): vscode.TreeItem {
    const { loading, inventory, error, failedAt } = this.snapshot();
    const item = new vscode.TreeItem(this.label, vscode.TreeItemCollapsibleState.Expanded);
    item.id = this.id;
    const facts = inventory?.facts;
    const remote = connectionOf(this.config) !== undefined;
    const where = facts
      ? `${facts.computerName} · ${facts.osCaption} (${facts.osBuild})`
      : this.config.kind === 'simulated' && !remote
        ? 'simulated'
        : 'not connected yet';
    if (remote) {
      // A remote host's state: connecting, connected, or failed with the time and the last error.
      item.description = error
        ? `${failedAtText(failedAt)}: ${error.message}`
        : loading && !inventory
          ? 'connecting…'
          : inventory
            ? `connected · ${where}${loading ? ' · refreshing…' : ''}`
            : where;
    } else {
      item.description = loading ? `${where} · refreshing…` : error ? `${where} · ${error.message}` : where;
    }
    item.iconPath = loading
      ? new vscode.ThemeIcon('loading~spin')
      : error
        ? remote
          ? new vscode.ThemeIcon('debug-disconnect', new vscode.ThemeColor('errorForeground'))
          : new vscode.ThemeIcon('warning', new vscode.ThemeColor('list.warningForeground'))
        : new vscode.ThemeIcon(remote ? 'remote' : this.config.kind === 'simulated' ? 'beaker' : 'server');
    item.contextValue = contextValue('host', [
      this.config.kind,
      remote && 'remote',
      this.options.clusterId && 'member',
      inventory ? 'loaded' : 'unloaded',
      error && 'error',
    ]);
    return item;
  }

  children(): TreeNode[] {
    const { loading, inventory, error } = this.snapshot();
    const nodes: TreeNode[] = [];
    const retry: vscode.Command = { title: 'Retry', command: 'gpupv.refreshHost', arguments: [this] };
    if (error) nodes.push(MessageNode.error(this.id, error, retry, this));
    if (inventory) {
      nodes.push(new GroupNode(this.id, this.hostId, 'gpus', inventory), new GroupNode(this.id, this.hostId, 'vms', inventory));
    } else if (loading || !error) {
      nodes.push(
        new MessageNode(`${this.id}/loading`, connectionOf(this.config) ? 'Connecting…' : 'Loading…', {
          icon: new vscode.ThemeIcon('loading~spin'),
        }),
      );
    }
    return nodes;
  }

  details(): MarkdownText {
    const { inventory, loadedAt, error, failedAt } = this.snapshot();
    const connection = connectionOf(this.config);
    const kind =
      this.config.kind === 'simulated' ? `simulated: ${this.config.scenario}` : this.config.kind === 'local' ? 'this computer' : 'remote';
    const text = new MarkdownText().paragraph(`Host (${kind})`);
    if (connection) text.bullet(describeConnection(connection));
    const f = inventory?.facts;
    if (f) {
      text.bullet(`${osName(f)}, build ${f.osBuild}`);
      text.bullet(`PowerShell ${f.psVersion} (${f.psEdition === 'Desktop' ? 'Windows PowerShell' : 'PowerShell 7'})`);
      text.bullet(f.elevated ? 'Elevated' : f.hyperVAdministrator ? 'Hyper-V Administrators member' : 'Not elevated');
      text.bullet(`GPU cmdlet: ${f.inventoryCmdlet ?? 'none'}; choose GPU: ${f.supportsInstancePath ? 'yes' : 'no (default GPU only)'}`);
    }
    if (error) text.paragraph(`${failedAtText(failedAt)}: ${error.message}`);
    if (loadedAt) text.paragraph(`Updated ${new Date(loadedAt).toLocaleTimeString()}`);
    return text;
  }
}
