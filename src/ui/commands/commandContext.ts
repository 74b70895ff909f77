import type * as vscode from 'vscode';
import type { HostPool } from '../../host/hostPool';
import type { InventoryStore } from '../../host/inventoryStore';
import type { HostTreeProvider } from '../tree/hostTreeProvider';

/** What command handlers work with. */
export interface CommandContext {
  readonly tree: HostTreeProvider;
  readonly view: vscode.TreeView<unknown>;
  readonly pool: HostPool;
  readonly store: InventoryStore;
  readonly log: vscode.LogOutputChannel;
  /** The extension's context (its folder, SecretStorage): the panel needs it. */
  readonly extension?: vscode.ExtensionContext;
}
