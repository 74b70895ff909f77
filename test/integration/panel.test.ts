/**
 * The GPU-PV panel inside a real extension host: it opens from a plain { hostId, vmId } reference
 * (as from a tree node), its page loads under the strict CSP and answers the ready handshake, it
 * draws the VM's checklist and a GPU's shares, and it refuses malformed or unknown messages.
 */
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { ExtensionApi } from '../../src/ui/extension';
import type { GpuPvPanel } from '../../src/ui/panel/gpuPvPanel';
import { api, waitFor } from './support/extension';

const HOST = { kind: 'simulated', name: 'Panel workstation', scenario: 'win11-workstation' };
const GRAFIK = '8a4f2c1e-7d3b-4e9a-b6c5-1f2e3d4c5b6a';

describe('GPU-PV panel', function () {
  this.timeout(60_000);
  let extension: ExtensionApi;
  let hostId: string;
  let panel: GpuPvPanel | undefined;

  before(async () => {
    extension = await api();
    await vscode.workspace.getConfiguration('gpupv').update('hosts', [HOST], vscode.ConfigurationTarget.Global);
    const host = await waitFor(() => extension.tree.hosts().find((h) => h.config.name === HOST.name), 'the host in the tree');
    hostId = host.hostId;
    await extension.tree.refresh(host);
  });

  after(async () => {
    panel?.dispose();
    await vscode.workspace.getConfiguration('gpupv').update('hosts', [], vscode.ConfigurationTarget.Global);
  });

  it('opens on a VM, loads its page (ready handshake) and shows the failing MMIO line', async () => {
    panel = await vscode.commands.executeCommand<GpuPvPanel>('gpupv.openPanel', { hostId, vmId: GRAFIK });
    assert.ok(panel, 'gpupv.openPanel answers the panel');
    await waitFor(() => panel!.isReady, 'the page to send ready (script loaded under the CSP)');
    const model = await waitFor(() => panel!.model?.vm ?? undefined, 'the VM model');
    assert.equal(model.name, 'Grafik-Prüfstand');
    assert.equal(panel.panel.title, 'GPU-PV: Grafik-Prüfstand');
    const mmio = model.checklist.find((l) => l.id === 'high-mmio');
    assert.equal(mmio?.status, 'fail');
    assert.equal(mmio?.fix, 'gpupv.setMmio');
    const guest = model.checklist.find((l) => l.id === 'guest-device');
    assert.equal(guest?.status, 'unknown');
    assert.match(guest?.reason ?? '', /no guest credentials/);
  });

  it('limits the page to dist/ and media/ with scripts on and command links off', () => {
    assert.ok(panel);
    const options = panel.panel.webview.options;
    assert.equal(options.enableScripts, true);
    assert.equal(options.enableCommandUris, false);
    const roots = (options.localResourceRoots ?? []).map((u) => u.path.split('/').slice(-1)[0]);
    assert.deepEqual(roots, ['dist', 'media']);
    const html = panel.panel.webview.html;
    assert.match(html, /script-src 'nonce-[A-Za-z0-9]{16,}'/);
    assert.doesNotMatch(html, /unsafe-inline|unsafe-eval/);
  });

  it('refuses malformed, unknown and off-list messages, and runs nothing', async () => {
    assert.ok(panel);
    const before = panel.refused;
    let ran = false;
    const spy = vscode.commands.registerCommand('gpupv.test.never', () => (ran = true));
    try {
      assert.equal(await panel.receive(null), false);
      assert.equal(await panel.receive({ type: 'run', command: 'gpupv.test.never' }), false);
      assert.equal(await panel.receive({ type: 'run', command: 'workbench.action.closeWindow' }), false);
      assert.equal(await panel.receive({ type: 'nonsense' }), false);
      // an allow-listed command on a VM that is not on this host is refused too
      await panel.receive({ type: 'run', command: 'gpupv.startVm', vmId: '00000000-0000-4000-8000-000000000000' });
    } finally {
      spy.dispose();
    }
    assert.equal(ran, false);
    assert.equal(panel.refused - before, 5);
  });

  it('shows a GPU with each VM’s share when the page asks for it', async () => {
    assert.ok(panel);
    const rtx = extension.store.snapshot(hostId).inventory?.gpus.find((g) => g.friendlyName === 'NVIDIA GeForce RTX 3060');
    assert.ok(rtx);
    assert.equal(await panel.receive({ type: 'focus', focus: { kind: 'gpu', instancePath: rtx.instancePath } }), true);
    const gpu = await waitFor(() => panel!.model?.gpus[0], 'the GPU model');
    assert.equal(gpu.name, 'NVIDIA GeForce RTX 3060');
    assert.equal(gpu.partitionsInUse, 3);
    const vram = gpu.resources.find((r) => r.kind === 'VRAM');
    assert.deepEqual(
      vram?.shares.map((s) => [s.vmName, s.percent]),
      [
        ['GPU-Workstation', '50%'],
        ['Grafik-Prüfstand', '—'],
        ['Render-Node', '—'],
      ],
    );
  });

  it('marks the driver line of a never-synced VM unknown with Sync Driver, runs it through the allow-list, then passes the line', async () => {
    assert.ok(panel);
    const media = extension.store.snapshot(hostId).inventory?.vms.find((v) => v.name === 'Media-Encoder');
    assert.ok(media);
    panel.show({ hostId, focus: { kind: 'vm', vmId: media.id } });
    const before = await waitFor(
      () => panel!.model?.vm?.name === 'Media-Encoder' && panel!.model.vm.checklist.find((l) => l.id === 'guest-driver-package'),
      'the driver line',
    );
    // the VM is off, so its guest is not read: whether it holds the driver is unknown, not failed
    assert.equal(before.status, 'unknown');
    assert.equal(before.fix, 'gpupv.syncDriver');
    assert.match(before.reason, /never synced the host’s Intel\(R\) UHD Graphics 770 driver .* into Media-Encoder/);

    assert.equal(await panel.receive({ type: 'run', command: 'gpupv.syncDriver', vmId: media.id }), true);

    const after = await waitFor(
      () => {
        const l = panel!.model?.vm?.checklist.find((c) => c.id === 'guest-driver-package');
        return l?.status === 'pass' && l;
      },
      'the driver line to pass',
      20_000,
    );
    assert.match(
      after.reason,
      /^The guest has the host’s Intel\(R\) UHD Graphics 770 driver 32\.0\.101\.6078 .*synced \d{4}-\d{2}-\d{2} \(offline\)\.$/,
    );
    assert.equal(after.fix, null);
  });

  it('follows the store: a changed VM is drawn again without reopening', async () => {
    assert.ok(panel);
    panel.show({ hostId, focus: { kind: 'vm', vmId: GRAFIK } });
    await waitFor(() => panel!.model?.vm?.state === 'Running', 'the VM model');
    const inventory = extension.store.snapshot(hostId).inventory;
    const vm = inventory?.vms.find((v) => v.id === GRAFIK);
    assert.ok(vm);
    extension.store.updateVm(hostId, { ...vm, highMemoryMappedIoSpace: 32n * 1024n * 1024n * 1024n });
    await waitFor(() => panel!.model?.vm?.checklist.find((l) => l.id === 'high-mmio')?.status === 'pass', 'the MMIO line to pass');
    // put the store back as the host has it
    await extension.tree.refresh(extension.tree.hosts().find((h) => h.hostId === hostId));
  });
});
