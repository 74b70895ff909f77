import type * as vscode from 'vscode';
import type { Fleet } from '../../host/fleet';
import type { HostPool } from '../../host/hostPool';
import type { HostCredentialStore } from '../hostCredentials';
import type { InventoryStore } from '../../host/inventoryStore';
import type { HostTreeProvider } from '../tree/hostTreeProvider';
import type { UserSettingsFile } from '../userSettingsFile';

/** What command handlers work with. */
export interface CommandContext {
  readonly tree: HostTreeProvider;
  readonly view: vscode.TreeView<unknown>;
  readonly pool: HostPool;
  readonly store: InventoryStore;
  readonly log: vscode.LogOutputChannel;
  /** The extension's context (its folder, SecretStorage): the panel needs it. */
  readonly extension?: vscode.ExtensionContext;
  /** The configured entries and the clusters' nodes. */
  readonly fleet: Fleet;
  /** Remote hosts' credentials (SecretStorage). */
  readonly hostCredentials: HostCredentialStore;
  /** The user's settings.json on disk, read by the commands that change `gpupv.hosts`. */
  readonly userSettings?: UserSettingsFile;
}
