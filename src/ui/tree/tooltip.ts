import * as vscode from 'vscode';
import { bold, MarkdownText } from '../../core/markdownText';

/**
 * Every row's tooltip: the label and, in full, the description, then the node's details. A narrow
 * side bar cuts the description off, and nothing else in VS Code shows the rest of it, so no row
 * may leave it out: the tree provider builds every tooltip here.
 */
export function rowTooltip(item: vscode.TreeItem, details: MarkdownText | undefined): vscode.MarkdownString {
  const label = typeof item.label === 'string' ? item.label : (item.label?.label ?? '');
  const description = typeof item.description === 'string' && item.description !== '' ? item.description : undefined;
  const text = new MarkdownText().paragraph(bold(label), ...(description ? ['\n', description] : []));
  if (details) text.append(details);
  // Theme icons ($(pass)) come only from our own parts: escaped host text cannot form one.
  return new vscode.MarkdownString(text.toString(), true);
}
