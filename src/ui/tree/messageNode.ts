import * as vscode from 'vscode';
import { MarkdownText } from '../../core/markdownText';
import type { GpuPvError } from '../../core/errors';
import { adviceFor } from '../errorAdvice';
import type { TreeNode } from './treeNode';

/** A leaf that says something: loading, an empty list, or an error with the action that fixes it. */
export class MessageNode implements TreeNode {
  constructor(
    readonly id: string,
    private readonly label: string,
    private readonly options: {
      description?: string;
      icon?: vscode.ThemeIcon;
      command?: vscode.Command;
      /** Plain text for the tooltip, below the label and the description. */
      details?: string;
      contextValue?: string;
    } = {},
  ) {}

  /** `host`: the host node the error belongs to, passed to a fix that acts on a host (Set Credentials…). */
  static error(parentId: string, error: GpuPvError, retry?: vscode.Command, host?: TreeNode): MessageNode {
    const advice = adviceFor(error);
    const action = advice.action && (!advice.action.forHost || host) ? advice.action : undefined;
    const args = action ? [...(action.arguments ?? []), ...(action.forHost ? [host] : [])] : [];
    const command = action ? { title: action.title, command: action.command, arguments: args } : advice.retry ? retry : undefined;
    return new MessageNode(`${parentId}/error`, error.message, {
      description: advice.advice,
      icon: new vscode.ThemeIcon('error', new vscode.ThemeColor('errorForeground')),
      command,
      details: error.detail,
      contextValue: `message+error+${error.id}`,
    });
  }

  treeItem(): vscode.TreeItem {
    const item = new vscode.TreeItem(this.label, vscode.TreeItemCollapsibleState.None);
    item.id = this.id;
    item.description = this.options.description;
    item.iconPath = this.options.icon ?? new vscode.ThemeIcon('info');
    item.command = this.options.command;
    item.contextValue = this.options.contextValue ?? 'message';
    return item;
  }

  children(): TreeNode[] {
    return [];
  }

  details(): MarkdownText | undefined {
    return this.options.details ? new MarkdownText().paragraph(this.options.details) : undefined;
  }
}
