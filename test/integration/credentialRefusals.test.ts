/**
 * A refused password is not tried again by itself, in a real extension host against simulated
 * hosts that record every call they receive (GPUPV_SIM_RECORD): with the VM's panel open and the
 * tree refreshing on its timer, wrong guest credentials reach the guest once; new ones once more.
 * A remote host's refused password is sent once, whatever refreshes or tests follow.
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { simulatedHostDir } from '../../src/host/hostConfig';
import type { ExtensionApi } from '../../src/ui/extension';
import type { GpuPvPanel } from '../../src/ui/panel/gpuPvPanel';
import type { HostNode } from '../../src/ui/tree/hostNode';
import { api, contextValue, description, setHosts, waitFor } from './support/extension';
import { ScriptedUi } from './support/scriptedUi';

const RUN = Date.now().toString(36);
const GPU_WORKSTATION = '5b1e6a3c-2f4d-4e8a-9c7b-0d1e2f3a4b5c';
/** The shortest automatic refresh the extension allows (gpupv.refreshIntervalSeconds is clamped to it). */
const INTERVAL_S = 5;

interface Received {
  readonly operation?: string;
  readonly args?: { readonly Credential?: unknown; readonly Target?: { readonly Credential?: unknown } };
  readonly connect?: boolean;
}

describe('a refused password is not tried again by itself', function () {
  this.timeout(90_000);
  let extension: ExtensionApi;
  let ui: ScriptedUi;
  let recordBefore: string | undefined;

  const hostNode = (name: string): HostNode => {
    const node = extension.tree.hosts().find((h) => h.config.name === name);
    assert.ok(node, `${name} in the tree`);
    return node;
  };
  /** What the simulated host received, as it decoded it. */
  const received = (name: string): Received[] => {
    const storagePath = (extension.pool as unknown as { environment: { storagePath: string } }).environment.storagePath;
    const file = path.join(simulatedHostDir(hostNode(name).config, storagePath), 'received.jsonl');
    if (!fs.existsSync(file)) return [];
    return fs
      .readFileSync(file, 'utf8')
      .split('\n')
      .filter(Boolean)
      .map((l) => JSON.parse(l) as Received);
  };
  /** PowerShell Direct sign-ins: every call that carries the guest's credential. */
  const guestSignIns = (name: string) => received(name).filter((r) => r.args?.Credential || r.args?.Target?.Credential).length;
  const inventories = (name: string) => received(name).filter((r) => r.operation === 'Get-Inventory').length;
  const remoteSignIns = (name: string) => received(name).filter((r) => r.connect).length;

  /** Waits `count` automatic refreshes (each reads the host once). */
  async function refreshIntervals(name: string, count: number): Promise<void> {
    const start = inventories(name);
    await waitFor(() => inventories(name) >= start + count, `${count} automatic refreshes`, (count + 2) * INTERVAL_S * 1000);
  }

  before(async () => {
    extension = await api();
    recordBefore = process.env.GPUPV_SIM_RECORD;
    // The simulated hosts started from now on record what they receive.
    process.env.GPUPV_SIM_RECORD = '1';
  });

  beforeEach(() => {
    ui = ScriptedUi.installed();
  });

  afterEach(function () {
    ui.restoreAfter(this.currentTest);
  });

  after(async () => {
    if (recordBefore === undefined) delete process.env.GPUPV_SIM_RECORD;
    else process.env.GPUPV_SIM_RECORD = recordBefore;
    await vscode.workspace.getConfiguration('gpupv').update('refreshIntervalSeconds', undefined, vscode.ConfigurationTarget.Global);
    await setHosts([]);
  });

  it('guest: with the panel open for several refresh intervals, one sign-in; after new credentials, one more', async () => {
    const name = `IT guest refusal ${RUN}`;
    await setHosts([{ kind: 'simulated', name, scenario: 'win11-workstation' }]);
    await extension.tree.refresh(hostNode(name));
    const hostId = hostNode(name).hostId;
    const ref = { hostId, vmId: GPU_WORKSTATION };
    ui.on('input', /\(1\/2\)$/, 'dev').on('input', /\(2\/2\)$/, 'falsch');
    await vscode.commands.executeCommand('gpupv.setGuestCredentials', ref);

    // The tree refreshes by itself while the Hosts view shows.
    await vscode.workspace.getConfiguration('gpupv').update('refreshIntervalSeconds', INTERVAL_S, vscode.ConfigurationTarget.Global);
    await vscode.commands.executeCommand('gpupv.hosts.focus');
    const panel = await vscode.commands.executeCommand<GpuPvPanel>('gpupv.openPanel', ref);
    try {
      const refused = await waitFor(() => panel.model?.vm?.guest.kind === 'refused' && panel.model.vm, 'the panel to show the refusal');
      assert.match(
        refused.guest.message,
        /^The guest refused the stored credentials of dev at .*They are not tried again until you set new ones/,
      );
      const line = refused.checklist.find((l) => l.id === 'guest-device');
      assert.equal(line?.fix, 'gpupv.setGuestCredentials');

      await refreshIntervals(name, 3);
      // The panel's own Refresh and a driver sync (online: the VM runs) do not try it either.
      await panel.receive({ type: 'refresh' });
      ui.on('error', /Sync host GPU driver to GPU-Workstation failed/, undefined);
      assert.equal(await vscode.commands.executeCommand('gpupv.syncDriver', ref), 'failed');
      const syncError = ui.find('error', /Sync host GPU driver to GPU-Workstation failed/);
      assert.match(syncError.text, /refused the stored credentials of dev/);
      assert.deepEqual(syncError.choices, ['Set Guest Credentials', 'Show Log']);
      assert.equal(guestSignIns(name), 1, 'one sign-in with the refused password, however often the panel was drawn');

      // New credentials (wrong again): tried once more, then no more.
      ui.on('input', /\(1\/2\)$/, 'dev').on('input', /\(2\/2\)$/, 'auch-falsch');
      await vscode.commands.executeCommand('gpupv.setGuestCredentials', ref);
      await waitFor(() => guestSignIns(name) === 2, 'the new credentials to be tried');
      await refreshIntervals(name, 2);
      assert.equal(guestSignIns(name), 2, 'one more sign-in for the new credentials');
      assert.equal(panel.model?.vm?.guest.kind, 'refused');

      // The right ones read the guest.
      ui.on('input', /\(1\/2\)$/, 'dev').on('input', /\(2\/2\)$/, 'gpupv');
      await vscode.commands.executeCommand('gpupv.setGuestCredentials', ref);
      await waitFor(() => panel.model?.vm?.guest.kind === 'read', 'the guest to be read');
    } finally {
      panel.dispose();
      await vscode.workspace.getConfiguration('gpupv').update('refreshIntervalSeconds', 0, vscode.ConfigurationTarget.Global);
    }
  });

  it('remote host: a refused password is sent once, whatever refreshes and tests follow; new credentials are tried', async () => {
    const name = `IT remote refusal ${RUN}`;
    await setHosts([
      {
        kind: 'simulated',
        name,
        scenario: 'server2025-sriov',
        remote: { transport: 'winrm', address: 'hv-refusal.contoso.test', useSsl: true },
      },
    ]);
    // The view may already have tried it without credentials (as the user running VS Code): no password, no lockout.
    await extension.tree.refresh(hostNode(name));
    const before = remoteSignIns(name);
    ui.on('input', /: account$/, 'CONTOSO\\hvadmin')
      .on('input', /: password$/, 'falsch')
      .on('error', /cannot be reached/, undefined);
    await vscode.commands.executeCommand('gpupv.setHostCredentials', hostNode(name));
    assert.equal(remoteSignIns(name) - before, 1);

    for (let i = 0; i < 3; i++) await extension.tree.refresh();
    ui.on('error', /cannot be reached/, undefined);
    await vscode.commands.executeCommand('gpupv.testConnection', hostNode(name));
    assert.equal(remoteSignIns(name) - before, 1, 'refreshes and a connection test did not send it again');
    const tested = ui.of('error').at(-1)!;
    assert.match(tested.text, /refused the stored credentials of CONTOSO\\hvadmin at .*They are not tried again until you set new ones/);
    assert.deepEqual(tested.choices, ['Set Credentials…']);
    assert.match(description(hostNode(name)), /^failed .*refused the stored credentials/);
    assert.equal(contextValue(extension.tree.getChildren(hostNode(name))[0]!), 'message+error+remote-auth-failed');

    ui.on('input', /: account$/, 'CONTOSO\\hvadmin')
      .on('input', /: password$/, 'gpupv')
      .on('info', /connected to/, undefined);
    await vscode.commands.executeCommand('gpupv.setHostCredentials', hostNode(name));
    assert.equal(remoteSignIns(name) - before, 2);
    assert.match(description(hostNode(name)), /^connected · /);
  });
});
