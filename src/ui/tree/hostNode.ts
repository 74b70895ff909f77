import * as vscode from 'vscode';
import type { HostConfig } from '../../host/hostConfig';
import type { HostSnapshot } from '../../host/inventoryStore';
import { escapeMarkdown } from './gpuNode';
import { GroupNode } from './groupNode';
import { MessageNode } from './messageNode';
import { contextValue, type TreeNode } from './treeNode';

export class HostNode implements TreeNode {
  readonly id: string;

  constructor(
    readonly hostId: string,
    readonly config: HostConfig,
    /** Read at render time: the node object is reused across refreshes so events can target it. */
    private readonly snapshot: () => HostSnapshot,
  ) {
    this.id = `host/${hostId}`;
  }

  treeItem(): vscode.TreeItem {
    const { loading, inventory, error } = this.snapshot();
    const item = new vscode.TreeItem(this.config.name, vscode.TreeItemCollapsibleState.Expanded);
    item.id = this.id;
    const facts = inventory?.facts;
    const where = facts ? `${facts.computerName} · ${facts.osCaption} (${facts.osBuild})` : this.config.kind === 'simulated' ? 'simulated' : 'not connected yet';
    item.description = loading ? `${where} · refreshing…` : error ? `${where} · ${error.message}` : where;
    item.iconPath = loading
      ? new vscode.ThemeIcon('loading~spin')
      : error
        ? new vscode.ThemeIcon('warning', new vscode.ThemeColor('list.warningForeground'))
        : new vscode.ThemeIcon(this.config.kind === 'simulated' ? 'beaker' : 'server');
    item.contextValue = contextValue('host', [this.config.kind, inventory ? 'loaded' : 'unloaded', error && 'error']);
    return item;
  }

  children(): TreeNode[] {
    const { loading, inventory, error } = this.snapshot();
    const nodes: TreeNode[] = [];
    const retry: vscode.Command = { title: 'Retry', command: 'gpupv.refreshHost', arguments: [this] };
    if (error) nodes.push(MessageNode.error(this.id, error, retry));
    if (inventory) {
      nodes.push(new GroupNode(this.id, this.hostId, 'gpus', inventory), new GroupNode(this.id, this.hostId, 'vms', inventory));
    } else if (loading || !error) {
      nodes.push(new MessageNode(`${this.id}/loading`, 'Loading…', { icon: new vscode.ThemeIcon('loading~spin') }));
    }
    return nodes;
  }

  tooltip(): vscode.MarkdownString {
    const { inventory, loadedAt } = this.snapshot();
    const md = new vscode.MarkdownString();
    md.appendMarkdown(`**${escapeMarkdown(this.config.name)}** (${this.config.kind === 'simulated' ? `simulated: ${escapeMarkdown(this.config.scenario)}` : 'this computer'})\n\n`);
    const f = inventory?.facts;
    if (f) {
      md.appendMarkdown(`- ${escapeMarkdown(f.osCaption)} ${escapeMarkdown(f.osEdition)}, build ${f.osBuild}\n`);
      md.appendMarkdown(`- PowerShell ${escapeMarkdown(f.psVersion)} (${f.psEdition === 'Desktop' ? 'Windows PowerShell' : 'PowerShell 7'})\n`);
      md.appendMarkdown(`- ${f.elevated ? 'Elevated' : f.hyperVAdministrator ? 'Hyper-V Administrators member' : 'Not elevated'}\n`);
      md.appendMarkdown(`- GPU cmdlet: ${f.inventoryCmdlet ?? 'none'}; choose GPU: ${f.supportsInstancePath ? 'yes' : 'no (default GPU only)'}\n`);
    }
    if (loadedAt) md.appendMarkdown(`\nUpdated ${new Date(loadedAt).toLocaleTimeString()}`);
    return md;
  }
}
