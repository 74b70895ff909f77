import * as vscode from 'vscode';
import { entryKindName, invalidEntryDetails, invalidEntryLabel, invalidEntryReason } from '../../core/invalidEntryText';
import { MarkdownText } from '../../core/markdownText';
import type { InvalidEntry } from '../../core/normalize/entries';
import { contextValue, type TreeNode } from './treeNode';

/**
 * A VM, GPU, adapter or driver record the host listed in a form the extension cannot read. It says
 * what was odd and offers nothing: its context value (`unreadable+<kind>`) matches no menu, it has
 * no click command, and the pickers never see it (the model keeps it apart from the entries they list).
 */
export class InvalidEntryNode implements TreeNode {
  readonly id: string;

  constructor(
    parentId: string,
    readonly entry: InvalidEntry,
  ) {
    this.id = `${parentId}/unreadable/${entry.kind}/${entry.index}:${entry.id ?? ''}`;
  }

  treeItem(): vscode.TreeItem {
    const item = new vscode.TreeItem(invalidEntryLabel(this.entry), vscode.TreeItemCollapsibleState.None);
    item.id = this.id;
    item.description = invalidEntryReason(this.entry);
    item.iconPath = new vscode.ThemeIcon('warning', new vscode.ThemeColor('list.warningForeground'));
    item.contextValue = contextValue('unreadable', [this.entry.kind]);
    return item;
  }

  children(): TreeNode[] {
    return [];
  }

  details(): MarkdownText {
    const entry = this.entry;
    const text = new MarkdownText().paragraph(
      `The host reported this ${entryKindName(entry.kind)} in a form the extension cannot read, so it is shown without actions.`,
    );
    if (entry.id) text.bullet(`Id: ${entry.id}`);
    for (const line of invalidEntryDetails(entry)) text.bullet(line);
    return text.paragraph('The Hyper-V GPU-PV log has the same lines, written when the host was read.');
  }
}
