/**
 * Activation wires the pieces together and returns; it starts no process. Shells start when the
 * tree first shows a host.
 */
import * as vscode from 'vscode';
import { ConcurrencyLimit } from '../core/concurrencyLimit';
import { driverSyncState } from '../core/drivers/sync/drift';
import { Fleet } from '../host/fleet';
import { HostPool } from '../host/hostPool';
import { simulatedFaceOf, type LaunchEnvironment } from '../host/hostConfig';
import { InventoryStore } from '../host/inventoryStore';
import type { CredentialSource } from '../host/remoteLaunch';
import type { SessionOptions } from '../host/session';
import { registerCommands } from './commands';
import { readSettings, SECTION, type Settings } from './settings';
import { AutoRefresh } from './tree/autoRefresh';
import { HostTreeProvider } from './tree/hostTreeProvider';
import { seedDemoCredentials } from './demoCredentials';
import { HostCredentialStore } from './hostCredentials';
import { refusedKeysIn } from './refusedKeyStore';
import { textOnlyLog } from './textOnlyLog';
import { UserSettingsFile } from './userSettingsFile';

/** What activate returns: the integration tests drive the extension through it. */
export interface ExtensionApi {
  readonly tree: HostTreeProvider;
  readonly pool: HostPool;
  readonly store: InventoryStore;
  readonly fleet: Fleet;
}

function launchEnvironment(context: vscode.ExtensionContext, settings: Settings): LaunchEnvironment {
  return {
    extensionPath: context.extensionPath,
    storagePath: context.globalStorageUri.fsPath,
    powershellExecutable: settings.powershellExecutable,
    powershellExecutableSet: settings.powershellExecutableSet,
    nodeExecutable: process.execPath,
    simulatedFace: simulatedFaceOf(process.env),
  };
}

/** The host list as the tree shows it: its valid entries and its invalid ones. */
function hostList(settings: Settings): string {
  return JSON.stringify([settings.hosts, settings.invalidHosts]);
}

function sessionOptions(settings: Settings): SessionOptions {
  return { callTimeoutMs: settings.callTimeoutMs, startTimeoutMs: Math.max(settings.callTimeoutMs, 60_000) };
}

export function activate(context: vscode.ExtensionContext): ExtensionApi {
  const log = textOnlyLog(vscode.window.createOutputChannel('Hyper-V GPU-PV', { log: true }));
  const userSettings = UserSettingsFile.find(context);
  let settings = readSettings(userSettings);
  const hostCredentials = new HostCredentialStore(context.secrets);
  // Demo hosts written into the settings (npm run demo, or by hand) sign in like after "Open Demo Hosts".
  let demoCredentials = Promise.resolve();
  // Credentials are read when a shell connects (after activation); a cluster's nodes use the cluster's.
  const credentials: CredentialSource = {
    ownerOf: (id) => fleet.credentialOwner(id),
    read: async (ownerId) => {
      await demoCredentials;
      return hostCredentials.get(ownerId);
    },
    refused: (ownerId, credential) => hostCredentials.refused(ownerId, credential),
  };
  const pool = new HostPool(
    launchEnvironment(context, settings),
    sessionOptions(settings),
    log,
    credentials,
    refusedKeysIn(context.globalState),
  );
  const fleet = new Fleet((configs) => pool.setHosts(configs));
  const store = new InventoryStore();
  const limit = new ConcurrencyLimit(settings.maxConcurrentSessions);
  const tree = new HostTreeProvider(pool, store, limit, fleet, driverSyncState);
  const applyHosts = () => {
    demoCredentials = seedDemoCredentials(settings.hosts, hostCredentials).catch((error: unknown) =>
      log.warn(`Could not store the demo hosts' account: ${String(error)}`),
    );
    fleet.setConfigs(settings.hosts);
    tree.setHosts(settings.hosts, settings.invalidHosts);
    // The welcome content waits for this key, so it does not flash before activation.
    void vscode.commands.executeCommand('setContext', 'gpupv.noHosts', settings.hosts.length === 0 && settings.invalidHosts.length === 0);
  };
  applyHosts();

  const view = vscode.window.createTreeView('gpupv.hosts', { treeDataProvider: tree, showCollapseAll: true });
  const autoRefresh = new AutoRefresh(() => tree.refresh(), settings.refreshIntervalSeconds);
  autoRefresh.setVisible(view.visible);
  const applySettings = () => {
    const previous = settings;
    settings = readSettings(userSettings);
    if (previous.powershellExecutable !== settings.powershellExecutable || previous.callTimeoutMs !== settings.callTimeoutMs) {
      pool.reconfigure(launchEnvironment(context, settings), sessionOptions(settings));
    }
    // Only a change of the host list re-reads it; a timeout or interval change keeps the tree as it is.
    if (hostList(previous) !== hostList(settings)) applyHosts();
    autoRefresh.setInterval(settings.refreshIntervalSeconds);
    limit.setLimit(settings.maxConcurrentSessions);
  };

  context.subscriptions.push(
    log,
    tree,
    view,
    autoRefresh,
    view.onDidChangeVisibility((e) => autoRefresh.setVisible(e.visible)),
    vscode.workspace.onDidChangeConfiguration((e) => {
      if (e.affectsConfiguration(SECTION)) applySettings();
    }),
    // VS Code misses edits other programs make to settings.json: the file itself says when the host list changed.
    ...(userSettings ? [userSettings, userSettings.onDidChange(() => applySettings())] : []),
    ...registerCommands({
      tree,
      view,
      pool,
      store,
      log,
      extension: context,
      fleet,
      hostCredentials,
      ...(userSettings ? { userSettings } : {}),
    }),
    { dispose: () => void pool.dispose() },
  );
  return { tree, pool, store, fleet };
}

export function deactivate(): void {
  // Sessions are disposed through context.subscriptions.
}
