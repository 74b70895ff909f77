import type * as vscode from 'vscode';

/** Every element of the Hosts tree. `id` is stable across refreshes so expansion survives. */
export interface TreeNode {
  readonly id: string;
  treeItem(): vscode.TreeItem;
  children(): TreeNode[];
  /** Filled lazily by resolveTreeItem: the detailed tooltip. */
  tooltip?(): vscode.MarkdownString;
}

/** Context values are `kind+flag+flag`, matched by regular expressions in `when` clauses. */
export function contextValue(kind: string, flags: ReadonlyArray<string | false | undefined>): string {
  return [kind, ...flags.filter((f): f is string => typeof f === 'string' && f !== '')].join('+');
}
