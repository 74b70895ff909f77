/**
 * The Hosts tree inside a real extension host, against simulated hosts started by the extension
 * itself (the same spawn path as PowerShell): what the user sees for a healthy host, a Windows 10
 * host, a host the user may not administer, and a host removed from the settings.
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { ExtensionApi } from '../../src/ui/extension';
import { api, description, label, setHosts } from './support/extension';
import type { TreeNode } from '../../src/ui/tree/treeNode';

function child(nodes: TreeNode[], wanted: string | RegExp): TreeNode {
  const found = nodes.find((n) => (typeof wanted === 'string' ? label(n) === wanted : wanted.test(label(n))));
  assert.ok(found, `no node ${String(wanted)} among ${nodes.map(label).join(' | ')}`);
  return found;
}

async function loadedHost(extension: ExtensionApi, name: string): Promise<TreeNode[]> {
  const host = extension.tree.hosts().find((h) => h.config.name === name);
  assert.ok(host, `host ${name} is in the tree`);
  await extension.tree.refresh(host);
  return extension.tree.getChildren(host);
}

describe('Hosts tree on simulated hosts', function () {
  this.timeout(60_000);
  let extension: ExtensionApi;

  before(async () => {
    extension = await api();
  });
  after(() => setHosts([]));

  it('shows a workstation’s GPUs and VMs with their GPU-PV state', async () => {
    await setHosts([{ kind: 'simulated', name: 'IT workstation', scenario: 'win11-workstation' }]);
    const groups = await loadedHost(extension, 'IT workstation');
    assert.deepEqual(groups.map(label), ['GPUs', 'Virtual machines']);

    const gpus = extension.tree.getChildren(child(groups, 'GPUs'));
    const rtx = child(gpus, 'NVIDIA GeForce RTX 3060');
    assert.match(description(rtx), /^\d+\/32 partitions in use · driver 32\.0\.15\.6094$/);
    assert.match(rtx.treeItem().contextValue ?? '', /^gpu\+gpupv/);
    child(gpus, /^Intel\(R\) UHD Graphics 770$/);

    const vms = extension.tree.getChildren(child(groups, 'Virtual machines'));
    assert.ok(vms.length >= 4, `${vms.length} VMs`);
    const ready = vms.filter((vm) => /GPU-PV ready/.test(description(vm)));
    const needsMmio = vms.filter((vm) => /needs High MMIO/.test(description(vm)));
    const noGpu = vms.filter((vm) => /no GPU partition/.test(description(vm)));
    assert.ok(ready.length >= 1 && needsMmio.length >= 1 && noGpu.length >= 1, vms.map((v) => `${label(v)}: ${description(v)}`).join('\n'));
    assert.match(ready[0]!.treeItem().contextValue ?? '', /^vm\+running\+gpu\+ready/);

    const adapters = extension.tree.getChildren(ready[0]!);
    assert.ok(adapters.length >= 1);
    assert.match(adapters[0]!.treeItem().contextValue ?? '', /^adapter/);
  });

  it('keeps node ids stable across a refresh, so expansion survives', async () => {
    const before = (await loadedHost(extension, 'IT workstation')).flatMap((g) => [
      g.id,
      ...extension.tree.getChildren(g).map((n) => n.id),
    ]);
    const after = (await loadedHost(extension, 'IT workstation')).flatMap((g) => [g.id, ...extension.tree.getChildren(g).map((n) => n.id)]);
    assert.deepEqual(after, before);
  });

  it('tells a Windows 10 host’s user that only the default GPU can be assigned', async () => {
    await setHosts([{ kind: 'simulated', name: 'IT laptop', scenario: 'win10-laptop' }]);
    const groups = await loadedHost(extension, 'IT laptop');
    const gpus = extension.tree.getChildren(child(groups, 'GPUs'));
    child(gpus, 'Only the default GPU can be assigned');
  });

  it('shows “access denied” with its advice, not an exception, when the user is not an administrator', async () => {
    const scenarioFile = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'gpupv-it-')), 'not-admin.json');
    const source = JSON.parse(fs.readFileSync(path.join(__dirname, '../../../src/simulator/scenarios/win11-workstation.json'), 'utf8')) as {
      name: string;
      host: Record<string, unknown>;
    };
    source.name = 'not-admin';
    source.host.elevated = false;
    source.host.hyperVAdministrator = false;
    fs.writeFileSync(scenarioFile, JSON.stringify(source));
    await setHosts([{ kind: 'simulated', name: 'IT not admin', scenario: scenarioFile }]);
    const nodes = await loadedHost(extension, 'IT not admin');
    const error = nodes.find((n) => /^message\+error\+access-denied/.test(n.treeItem().contextValue ?? ''));
    assert.ok(error, nodes.map(label).join(' | '));
    assert.match(description(error), /Hyper-V Administrators/);
    assert.equal(error.treeItem().command, undefined, 'no retry button for a permission problem');
  });

  it('closes a host’s shell when the host is removed from the settings', async () => {
    await setHosts([{ kind: 'simulated', name: 'IT workstation', scenario: 'win11-workstation' }]);
    await loadedHost(extension, 'IT workstation');
    const id = extension.tree.hosts()[0]!.hostId;
    assert.equal(extension.pool.hasSession(id), true);
    await setHosts([]);
    assert.equal(extension.pool.hasSession(id), false);
    assert.deepEqual(extension.tree.getChildren(), []);
  });

  it('loads nothing for a removed host whose node the view still holds: no error comes back for it', async () => {
    await setHosts([{ kind: 'simulated', name: 'IT removed', scenario: 'win11-workstation' }]);
    const stale = extension.tree.hosts()[0]!;
    await setHosts([]);
    // What the view does with a node it drew before the removal reached it.
    extension.tree.getChildren(stale);
    await extension.tree.refresh(stale);
    assert.deepEqual(extension.store.snapshot(stale.hostId), {
      loading: false,
      inventory: undefined,
      error: undefined,
      loadedAt: undefined,
    });
    assert.equal(extension.pool.hasSession(stale.hostId), false);
  });

  it('reports an invalid host entry in the settings as a node', async () => {
    await setHosts([{ kind: 'simulated', name: 'IT broken' }]);
    const roots = extension.tree.getChildren();
    assert.equal(roots.length, 1);
    assert.match(label(roots[0]!), /Host entry 1 in settings is invalid/);
  });
});
