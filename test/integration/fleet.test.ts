/**
 * The Fleet summary in a real extension host, against simulated hosts the extension starts itself:
 * it appears with two hosts, adds them up, counts the VMs whose guest driver was never synced as
 * "not synced" (every demo VM; "drifting" is only for a synced copy that differs from the host's),
 * follows a change to a VM, a host added and a host that fails, and goes away with one host left.
 */
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { GpuPvAction } from '../../src/core/actions/gpuPvAction';
import type { ExtensionApi } from '../../src/ui/extension';
import { FLEET_NODE_ID } from '../../src/ui/tree/fleetNode';
import type { TreeNode } from '../../src/ui/tree/treeNode';
import { api, description, label, setHosts, waitFor } from './support/extension';

/** Simulated hosts keep their state in the profile by name: new names give fresh hosts. */
const RUN = Date.now().toString(36);
const WORKSTATION = { kind: 'simulated', name: `Fleet workstation ${RUN}`, scenario: 'win11-workstation' };
const LAPTOP = { kind: 'simulated', name: `Fleet laptop ${RUN}`, scenario: 'win10-laptop' };
const SERVER = { kind: 'simulated', name: `Fleet server ${RUN}`, scenario: 'server2025-sriov' };
const BROKEN = { kind: 'simulated', name: `Fleet broken ${RUN}`, scenario: '/nonexistent/scenario.json' };
/** Build-Agent in win11-workstation: Off, no GPU partition. */
const BUILD_AGENT = { id: '3c7d8e2a-1b4f-4a6e-9d2c-5e8f7a1b3c4d', name: 'Build-Agent' };

function fleetNode(extension: ExtensionApi): TreeNode | undefined {
  return extension.tree.getChildren().find((n) => n.id === FLEET_NODE_ID);
}

function fleetText(extension: ExtensionApi): string {
  const node = fleetNode(extension);
  assert.ok(node, `no Fleet node among ${extension.tree.getChildren().map(label).join(' | ')}`);
  return description(node);
}

describe('Fleet summary in the Hosts view', function () {
  this.timeout(60_000);
  let extension: ExtensionApi;

  before(async () => {
    extension = await api();
  });
  after(() => setHosts([]));

  it('shows no Fleet node for a single host: its own node says it all', async () => {
    await setHosts([WORKSTATION]);
    assert.equal(fleetNode(extension), undefined);
  });

  it('shows the Fleet node first with two hosts, adding up their VMs, GPUs and free partitions, and the VMs whose guest driver was never synced as not synced, not drifting', async () => {
    await setHosts([WORKSTATION, LAPTOP]);
    const roots = extension.tree.getChildren();
    assert.equal(roots[0]?.id, FLEET_NODE_ID, 'the summary is the first root');
    assert.equal(label(roots[0]!), 'Fleet');
    await extension.tree.refresh();
    assert.equal(fleetText(extension), '2 hosts · 8 VMs, 5 with GPU · 123 partitions free · drivers: 5 not synced');
    const node = fleetNode(extension)!;
    const tooltip = extension.tree.resolveTreeItem(node.treeItem(), node).tooltip;
    assert.ok(tooltip instanceof vscode.MarkdownString);
    assert.match(tooltip.value, /2 hosts: 2 reachable, 0 unreachable, 0 not read yet/);
    assert.match(tooltip.value, /4 partitionable GPUs: 123 of 128 partitions free/);
    assert.match(tooltip.value, /Guest drivers of 5 VMs with a GPU\\-PV partition: 0 in sync, 0 drifting .*, 5 never synced/);
  });

  it('updates the Fleet node when a VM gets a GPU partition, without a full refresh', async () => {
    const host = extension.tree.hosts().find((h) => h.config.name === WORKSTATION.name);
    assert.ok(host);
    const fired: Array<TreeNode | undefined> = [];
    const listening = extension.tree.onDidChangeTreeData((node) => fired.push(node ?? undefined));
    try {
      const client = extension.pool.client(host.hostId);
      assert.ok(client);
      const assign: GpuPvAction = { kind: 'assign-gpu', vm: BUILD_AGENT, gpu: null, sizes: null };
      const result = await client.run(assign);
      assert.ok(result.ok && 'vm' in result.value, result.ok ? 'no VM in the answer' : result.error.message);
      // What a command does after a change: update that one VM.
      extension.store.updateVm(host.hostId, result.value.vm);
      assert.ok(
        fired.some((n) => n?.id === FLEET_NODE_ID),
        'the view is told that the Fleet node changed',
      );
      assert.equal(fleetText(extension), '2 hosts · 8 VMs, 6 with GPU · 122 partitions free · drivers: 6 not synced');
    } finally {
      listening.dispose();
    }
  });

  it('counts a host added to the settings once it is read', async () => {
    await setHosts([WORKSTATION, LAPTOP, SERVER]);
    assert.match(fleetText(extension), /^3 hosts \(2 reachable, 1 not read yet\)/);
    await extension.tree.refresh();
    assert.match(fleetText(extension), /^3 hosts · 13 VMs, /);
  });

  it('counts a host that fails as unreachable and leaves it out of the numbers; without it the fleet is all reachable again', async () => {
    await setHosts([WORKSTATION, BROKEN]);
    await extension.tree.refresh();
    await waitFor(() => /unreachable/.test(fleetText(extension)), 'the broken host counted as unreachable');
    assert.match(fleetText(extension), /^2 hosts \(1 reachable, 1 unreachable\) · 7 VMs, 5 with GPU/);
    assert.notEqual((fleetNode(extension)!.treeItem().iconPath as vscode.ThemeIcon).id, 'loading~spin', 'no spinner left');
    await setHosts([WORKSTATION, LAPTOP]);
    await extension.tree.refresh();
    assert.match(fleetText(extension), /^2 hosts · 8 VMs, 6 with GPU/);
  });
});
