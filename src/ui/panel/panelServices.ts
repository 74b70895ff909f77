/**
 * The panel's services, created once at activation (they need the extension's context: its folder
 * for the bundle, SecretStorage for guest credentials) and found by the panel commands.
 */
import * as vscode from 'vscode';
import type { CommandContext } from '../commands/commandContext';
import { GuestCredentialStore } from './guestCredentials';
import { PANEL_VIEW_TYPE, PanelManager } from './gpuPvPanel';

export interface PanelServices {
  readonly manager: PanelManager;
  readonly credentials: GuestCredentialStore;
}

let services: PanelServices | undefined;

export function panelServices(): PanelServices | undefined {
  return services;
}

export function registerPanel(ctx: CommandContext): vscode.Disposable[] {
  const extension = ctx.extension;
  if (!extension) return [];
  const credentials = new GuestCredentialStore(extension.secrets);
  const manager = new PanelManager({ ctx, extensionUri: extension.extensionUri, credentials });
  services = { manager, credentials };
  return [
    credentials,
    manager,
    vscode.window.registerWebviewPanelSerializer(PANEL_VIEW_TYPE, manager.serializer()),
    { dispose: () => (services = undefined) },
  ];
}
