import * as vscode from 'vscode';
import { MarkdownText } from '../../core/markdownText';
import type { DriftView } from '../../core/drivers/sync/syncText';
import { contextValue, type TreeNode } from './treeNode';

/**
 * The row under a VM that says what its guest's copy of the host driver is: the version and the day
 * it was synced, or that it was never synced or differs from the host. A click syncs it.
 */
export class DriverNode implements TreeNode {
  readonly id: string;

  constructor(
    vmNodeId: string,
    readonly hostId: string,
    readonly vmId: string,
    private readonly view: DriftView,
  ) {
    this.id = `${vmNodeId}/driver`;
  }

  treeItem(): vscode.TreeItem {
    const row = this.view.row!;
    const item = new vscode.TreeItem(row.label, vscode.TreeItemCollapsibleState.None);
    item.id = this.id;
    item.description = row.description;
    // charts.green, not testing.iconPassed: that one is 1.9:1 on a light theme's side bar (WCAG asks 3:1)
    item.iconPath = row.warning
      ? new vscode.ThemeIcon('warning', new vscode.ThemeColor('list.warningForeground'))
      : new vscode.ThemeIcon('pass', new vscode.ThemeColor('charts.green'));
    item.contextValue = contextValue('driver', [this.view.needsSync && 'drift']);
    item.command = {
      title: 'Sync Host GPU Driver to VM…',
      command: 'gpupv.syncDriver',
      arguments: [{ hostId: this.hostId, vmId: this.vmId }],
    };
    return item;
  }

  children(): TreeNode[] {
    return [];
  }

  details(): MarkdownText {
    return new MarkdownText().paragraph(this.view.tooltip.join('\n')).paragraph('Click to sync the host GPU driver into this VM.');
  }
}
