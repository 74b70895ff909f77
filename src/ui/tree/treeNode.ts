import type * as vscode from 'vscode';
import type { MarkdownText } from '../../core/markdownText';

/** Every element of the Hosts tree. `id` is stable across refreshes so expansion survives. */
export interface TreeNode {
  readonly id: string;
  /** The row without its tooltip: the provider adds that when VS Code asks (resolveTreeItem). */
  treeItem(): vscode.TreeItem;
  children(): TreeNode[];
  /** What the tooltip says below the row's label and description (see rowTooltip). */
  details?(): MarkdownText | undefined;
}

/** Context values are `kind+flag+flag`, matched by regular expressions in `when` clauses. */
export function contextValue(kind: string, flags: ReadonlyArray<string | false | undefined>): string {
  return [kind, ...flags.filter((f): f is string => typeof f === 'string' && f !== '')].join('+');
}
