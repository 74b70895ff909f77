/**
 * A new user's first minutes, in a real extension host: the demo hosts can be opened again (it says
 * so, and brings back the missing ones) and removed from the tree; an invalid host entry opens
 * settings.json at that entry; a settings.json edited on disk reaches the hosts without a reload.
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { DEMO_HOSTS } from '../../src/host/demoHosts';
import type { ExtensionApi } from '../../src/ui/extension';
import type { HostNode } from '../../src/ui/tree/hostNode';
import { api, contextValue, description, label, setHosts, waitFor } from './support/extension';
import { ScriptedUi } from './support/scriptedUi';

const RUN = Date.now().toString(36);

describe('first run: demo hosts, invalid entries, settings.json on disk', function () {
  this.timeout(60_000);
  let extension: ExtensionApi;
  let ui: ScriptedUi;
  let settingsFile: string;

  const hostNode = (name: string): HostNode | undefined => extension.tree.hosts().find((h) => h.config.name === name);
  const userHosts = (): Array<{ name?: string }> =>
    vscode.workspace.getConfiguration('gpupv').inspect<Array<{ name?: string }>>('hosts')?.globalValue ?? [];

  /** Writes the user's settings.json the way another editor would: the whole file, replaced at once. */
  function writeSettings(change: (settings: Record<string, unknown>) => void, indent = 4): string {
    const settings = JSON.parse(fs.readFileSync(settingsFile, 'utf8')) as Record<string, unknown>;
    change(settings);
    const text = JSON.stringify(settings, null, indent);
    fs.writeFileSync(`${settingsFile}.tmp`, text);
    fs.renameSync(`${settingsFile}.tmp`, settingsFile);
    return text;
  }

  before(async () => {
    extension = await api();
    const storagePath = (extension.pool as unknown as { environment: { storagePath: string } }).environment.storagePath;
    // The extension's global storage is <user data>/User/globalStorage/<extension id>.
    settingsFile = path.join(storagePath, '..', '..', 'settings.json');
    assert.ok(fs.existsSync(settingsFile), settingsFile);
  });

  beforeEach(() => {
    ui = ScriptedUi.installed();
  });

  afterEach(function () {
    ui.restoreAfter(this.currentTest);
  });

  after(() => setHosts([]));

  /** Open Demo Hosts stored the demo account for the remote demo host and the cluster: the later suites must not find it. */
  async function forgetDemoCredentials(): Promise<void> {
    for (const node of [...extension.tree.hosts(), ...extension.tree.clusters()])
      if (DEMO_HOSTS.some((d) => d.name === node.config.name)) await vscode.commands.executeCommand('gpupv.forgetHostCredentials', node);
  }

  it('Open Demo Hosts again says the demo hosts are there, and brings back one that was removed', async () => {
    await setHosts([]);
    await vscode.commands.executeCommand('gpupv.openDemoHosts');
    await waitFor(() => DEMO_HOSTS.every((d) => userHosts().some((h) => h.name === d.name)), 'the demo hosts in the settings');
    assert.deepEqual(ui.of('info'), [], 'the first time, the tree is the answer');

    await vscode.commands.executeCommand('gpupv.openDemoHosts');
    assert.equal(ui.find('info', /demo hosts/).text, `GPU-PV: the ${DEMO_HOSTS.length} demo hosts are already in the Hosts view.`);

    const laptop = 'Demo: Windows 10 laptop';
    await vscode.workspace.getConfiguration('gpupv').update(
      'hosts',
      userHosts().filter((h) => h.name !== laptop),
      vscode.ConfigurationTarget.Global,
    );
    await waitFor(() => !hostNode(laptop), 'the laptop to leave the tree');
    await vscode.commands.executeCommand('gpupv.openDemoHosts');
    assert.match(
      ui.of('info').at(-1)!.text,
      /^GPU-PV: the demo hosts are in the Hosts view again; added the missing one: Demo: Windows 10 laptop\.$/,
    );
    await waitFor(() => hostNode(laptop), 'the laptop back in the tree');
  });

  it('a demo host has Remove Host… too: Keep is the default answer, Remove takes it out of the view', async () => {
    const laptop = 'Demo: Windows 10 laptop';
    const node = hostNode(laptop);
    assert.ok(node, 'the demo laptop is in the tree');
    assert.match(contextValue(node), /^host\+simulated\+/);
    ui.on('warning', /^Remove the host “Demo: Windows 10 laptop”/, 'Remove');
    await vscode.commands.executeCommand('gpupv.removeHost', node);
    ui.assertAllUsed();
    assert.deepEqual(ui.find('warning', /^Remove the host/).choices, ['Keep Host', 'Remove']);
    await waitFor(() => !hostNode(laptop), 'the laptop to leave the tree');
    assert.ok(!userHosts().some((h) => h.name === laptop));
    assert.ok(hostNode('Demo: Windows 11 workstation'), 'the other demo hosts stay');
    await forgetDemoCredentials();
    await setHosts([]);
  });

  it('clicking an invalid host entry opens settings.json with that entry selected', async () => {
    const broken = `IT broken entry ${RUN}`;
    const text = writeSettings((s) => {
      s['gpupv.hosts'] = [
        { kind: 'simulated', name: `IT valid ${RUN}`, scenario: 'win11-workstation' },
        { kind: 'simulated', name: broken },
      ];
    }, 2);
    const invalid = await waitFor(
      () => extension.tree.getChildren().find((n) => /^Host entry 2 in settings is invalid$/.test(label(n))),
      'the invalid entry’s node',
    );
    assert.match(description(invalid), /scenario/);
    const command = invalid.treeItem().command!;
    await vscode.commands.executeCommand(command.command, ...(command.arguments ?? []));

    const editor = await waitFor(
      () => /settings\.json$/.test(vscode.window.activeTextEditor?.document.uri.path ?? '') && vscode.window.activeTextEditor,
      'settings.json in an editor',
    );
    const document = editor.document;
    const entryStart = text.lastIndexOf('{', text.indexOf(broken));
    const entryEnd = text.indexOf('}', text.indexOf(broken)) + 1;
    assert.equal(document.getText(), text, 'the file as written');
    assert.equal(document.offsetAt(editor.selection.start), entryStart);
    assert.equal(document.offsetAt(editor.selection.end), entryEnd);
    assert.equal(document.getText(editor.selection), text.slice(entryStart, entryEnd));
    await vscode.commands.executeCommand('workbench.action.closeActiveEditor');
  });

  it('a settings.json edited on disk reaches the hosts without a reload, connection settings included', async () => {
    const name = `IT ssh on disk ${RUN}`;
    const ssh = (userName: string) => ({
      kind: 'simulated',
      name,
      scenario: 'server2025-sriov',
      remote: { transport: 'ssh', address: 'hv-disk.contoso.test', userName, keyFilePath: '/keys/id_ed25519' },
    });
    writeSettings((s) => (s['gpupv.hosts'] = [ssh('nobody')]));
    await waitFor(() => hostNode(name), 'the host written on disk in the tree');
    await extension.tree.refresh(hostNode(name));
    assert.match(description(hostNode(name)!), /^failed .*refused the sign-in/);

    writeSettings((s) => (s['gpupv.hosts'] = [ssh('hvadmin')]));
    await waitFor(() => {
      const config = hostNode(name)?.config;
      return config?.kind === 'simulated' && config.remote?.userName === 'hvadmin';
    }, 'the edited entry in the tree');
    await extension.tree.refresh(hostNode(name));
    assert.match(description(hostNode(name)!), /^connected · GPU-SRV01/, 'the new user name signed in');
  });
});
