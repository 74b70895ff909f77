/**
 * The fleet's summary as the first root of the Hosts view, shown when two or more hosts are
 * configured (with one host, its own node says it all).
 *
 * A root node rather than the view's `description`: the description has no tooltip for the
 * breakdown, VS Code truncates it in a narrow side bar without a way to read the rest, and it
 * cannot show a spinner; a node has all three, is read by screen readers in the tree's order, and
 * stays where the user looks for hosts.
 */
import * as vscode from 'vscode';
import { MarkdownText } from '../../core/markdownText';
import type { FleetSummary } from '../../core/fleet/fleetSummary';
import { fleetSummaryDetails, fleetSummaryLine } from '../../core/fleet/fleetSummaryText';
import type { TreeNode } from './treeNode';
import { plural } from '../../core/format';

export const FLEET_NODE_ID = 'fleet';

export interface FleetState {
  readonly summary: FleetSummary;
  /** Hosts with a load under way or waiting for a free session. */
  readonly loading: number;
}

export class FleetNode implements TreeNode {
  readonly id = FLEET_NODE_ID;

  /** Read at render time: one instance serves every refresh, so change events can target it. */
  constructor(private readonly state: () => FleetState) {}

  treeItem(): vscode.TreeItem {
    const { summary, loading } = this.state();
    const item = new vscode.TreeItem('Fleet', vscode.TreeItemCollapsibleState.None);
    item.id = this.id;
    item.description = fleetSummaryLine(summary);
    item.iconPath = loading > 0 ? new vscode.ThemeIcon('loading~spin') : new vscode.ThemeIcon('server-environment');
    item.contextValue = 'fleet';
    return item;
  }

  children(): TreeNode[] {
    return [];
  }

  details(): MarkdownText {
    const { summary, loading } = this.state();
    const text = new MarkdownText();
    for (const line of fleetSummaryDetails(summary)) text.bullet(line);
    if (loading > 0) text.paragraph(`Refreshing ${loading} of ${plural(summary.hosts, 'host')}…`);
    return text;
  }
}
