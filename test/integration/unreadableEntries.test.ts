/**
 * A host that reports a VM, a GPU and an adapter oddly (each in another way), in the real VS Code:
 * the tree shows each as a node that says what was odd, with its tooltip; no menu entry, click or
 * palette picker acts on them; the good entries beside them still work; the Fleet node counts them.
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { writeScenarioFile } from '../../src/simulator/scenarios/scenarioFile';
import type { ExtensionApi } from '../../src/ui/extension';
import { FLEET_NODE_ID } from '../../src/ui/tree/fleetNode';
import { escapeMarkdown } from '../../src/core/markdownText';
import type { TreeNode } from '../../src/ui/tree/treeNode';
import { ODD, oddScenario } from '../support/oddScenario';
import { api, contextValue, description, EXTENSION_ID, label, setHosts } from './support/extension';
import { ScriptedUi } from './support/scriptedUi';

const HOST = 'IT odd host';

function child(nodes: TreeNode[], wanted: string): TreeNode {
  const found = nodes.find((n) => label(n) === wanted);
  assert.ok(found, `no node ${wanted} among ${nodes.map(label).join(' | ')}`);
  return found;
}

/** The markdown a tooltip resolves to, as VS Code asks for it (resolveTreeItem). */
function tooltipOf(extension: ExtensionApi, node: TreeNode): string {
  const item = extension.tree.resolveTreeItem(node.treeItem(), node);
  const tooltip = item.tooltip;
  assert.ok(tooltip instanceof vscode.MarkdownString, `${label(node)} has a Markdown tooltip`);
  return tooltip.value;
}

interface MenuItem {
  readonly command: string;
  readonly when: string;
}

/** Whether a menu's `when` clause holds for a tree item of the Hosts view with this context value. */
function offered(when: string, viewItem: string): boolean {
  return when.split('||').some((conjunction) =>
    conjunction.split('&&').every((raw) => {
      const term = raw.trim();
      if (term === 'view == gpupv.hosts') return true;
      const regex = /^viewItem =~ \/(.*)\/$/.exec(term);
      assert.ok(regex, `a when term this test cannot evaluate: ${term}`);
      return new RegExp(regex[1]!).test(viewItem);
    }),
  );
}

function commandsOffered(viewItem: string): string[] {
  const manifest = vscode.extensions.getExtension(EXTENSION_ID)!.packageJSON as {
    contributes: { menus: { 'view/item/context': MenuItem[] } };
  };
  return manifest.contributes.menus['view/item/context'].filter((m) => offered(m.when, viewItem)).map((m) => m.command);
}

describe('Odd entries a host reports, in the Hosts tree', function () {
  this.timeout(60_000);
  let extension: ExtensionApi;
  let dir: string;
  let vms: TreeNode[];
  let gpus: TreeNode[];

  async function load(): Promise<void> {
    const host = extension.tree.hosts().find((h) => h.config.name === HOST);
    assert.ok(host);
    await extension.tree.refresh(host);
    assert.equal(extension.store.snapshot(host.hostId).error, undefined);
    const groups = extension.tree.getChildren(host);
    vms = extension.tree.getChildren(child(groups, 'Virtual machines'));
    gpus = extension.tree.getChildren(child(groups, 'GPUs'));
  }

  before(async () => {
    extension = await api();
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'gpupv-it-odd-'));
    const scenario = path.join(dir, 'odd.json');
    writeScenarioFile(scenario, oddScenario());
    await setHosts([
      { kind: 'simulated', name: HOST, scenario },
      { kind: 'simulated', name: 'IT plain laptop', scenario: 'win10-laptop' },
    ]);
    await load();
  });

  after(async () => {
    await setHosts([]);
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('a VM with a null where a number belongs is a node that says so, beside the six good VMs', () => {
    const groups = extension.tree.getChildren(extension.tree.hosts().find((h) => h.config.name === HOST)!);
    assert.equal(description(child(groups, 'Virtual machines')), '6 · 1 entry could not be read');
    const odd = child(vms, ODD.nullNumberVm);
    assert.equal(description(odd), 'could not be read: MemoryStartup');
    assert.equal(contextValue(odd), 'unreadable+vm');
    assert.equal((odd.treeItem().iconPath as vscode.ThemeIcon).id, 'warning');
    const tooltip = tooltipOf(extension, odd);
    assert.ok(tooltip.startsWith(`**${escapeMarkdown(ODD.nullNumberVm)}**`), tooltip);
    assert.ok(tooltip.includes(escapeMarkdown('MemoryStartup: expected an unsigned 64-bit integer; the host sent null')), tooltip);
    assert.ok(tooltip.includes(escapeMarkdown('Id: 3c7d8e2a-1b4f-4a6e-9d2c-5e8f7a1b3c4d')), tooltip);
    assert.ok(!tooltip.includes('\\\\-'), 'escaped once, not twice');
    assert.deepEqual(
      vms
        .filter((n) => contextValue(n).startsWith('vm+'))
        .map(label)
        .sort(),
      ['GPU-Workstation', 'Grafik-Prüfstand', 'Legacy-Gen1', 'Media-Encoder', 'Render-Node', 'Sandbox-Saved'].sort(),
    );
  });

  it('a VM whose state is a value we do not know shows it raw, and no power action matches it', () => {
    const vm = child(vms, ODD.unknownStateVm);
    assert.match(description(vm), /^state 12 \(unknown\) · /);
    assert.match(contextValue(vm), /^vm\+unknownstate\+/);
    const offeredThere = commandsOffered(contextValue(vm));
    for (const power of ['gpupv.startVm', 'gpupv.shutDownVm', 'gpupv.turnOffVm']) assert.ok(!offeredThere.includes(power), power);
    assert.match(tooltipOf(extension, vm), /state 12 \\\(unknown\\\), generation 2/);
  });

  it('a GPU the driver reports without a property is a node with its instance path in the tooltip; the new suffix reads partitioning unknown', () => {
    const groups = extension.tree.getChildren(extension.tree.hosts().find((h) => h.config.name === HOST)!);
    assert.equal(description(child(groups, 'GPUs')), '2 · 1 entry could not be read');
    const odd = child(gpus, 'Intel device 4680');
    assert.equal(description(odd), 'could not be read: PartitionCount');
    assert.equal(contextValue(odd), 'unreadable+gpu');
    const instancePath = String.raw`\\?\PCI#VEN_8086&DEV_4680&SUBSYS_7D251462&REV_0C#3&11583659&0&10#{064092b3-625e-43bf-9eb5-dc845897dd59}\GPUPARAV`;
    const tooltip = tooltipOf(extension, odd);
    assert.ok(tooltip.includes(`Id: ${escapeMarkdown(instancePath)}`), tooltip);
    assert.ok(!tooltip.includes(escapeMarkdown(escapeMarkdown(instancePath))), 'escaped once, not twice');
    assert.ok(tooltip.includes(escapeMarkdown('the host sent nothing (the property is absent)')), tooltip);

    const amd = child(gpus, ODD.newSuffixGpu);
    assert.equal(contextValue(amd), 'gpu+unknownkind');
    assert.match(tooltipOf(extension, amd), /Partitioning kind unknown: the instance path ends in \\\\GPUPARAV2/);
  });

  it('an adapter without an Id is a node under its readable VM, and the GPU it names counts it apart', () => {
    const vm = child(vms, ODD.oddAdapterVm);
    assert.match(description(vm), /GPU partition could not be read/);
    assert.match(contextValue(vm), /^vm\+running\+unreadablegpu\+gen2/);
    const [adapter] = extension.tree.getChildren(vm);
    assert.equal(label(adapter!), 'NVIDIA device 2504 partition');
    assert.equal(description(adapter!), 'could not be read: Id');
    assert.equal(contextValue(adapter!), 'unreadable+adapter');
    assert.match(description(child(gpus, 'NVIDIA GeForce RTX 3060')), /^\d+\/32 partitions in use \(\+1 adapter that could not be read\)/);
  });

  it('offers no action on them: no menu entry, no click command, and the palette’s pickers leave them out', async () => {
    const unreadable = [...vms, ...gpus, ...extension.tree.getChildren(child(vms, ODD.oddAdapterVm))].filter((n) =>
      contextValue(n).startsWith('unreadable+'),
    );
    assert.equal(unreadable.length, 3);
    for (const node of unreadable) {
      assert.deepEqual(commandsOffered(contextValue(node)), [], `${label(node)}: no menu entry`);
      assert.equal(node.treeItem().command, undefined, `${label(node)}: no click command`);
    }
    const ui = new ScriptedUi();
    ui.install();
    try {
      ui.on('pick', /^Choose a Hyper-V host$/, HOST).on('pick', /.*/, undefined);
      await vscode.commands.executeCommand('gpupv.startVm');
      ui.on('pick', /^Choose a Hyper-V host$/, HOST).on('pick', /.*/, undefined);
      await vscode.commands.executeCommand('gpupv.setPartitionCount');
    } finally {
      ui.restore();
    }
    const [vmPick, gpuPick] = ui.of('pick').filter((a) => a.text !== 'Choose a Hyper-V host');
    assert.ok(vmPick && gpuPick, ui.transcript());
    assert.ok(!vmPick.choices.includes(ODD.nullNumberVm), vmPick.choices.join(', '));
    assert.equal(vmPick.choices.length, 6);
    assert.ok(!gpuPick.choices.some((c) => /Intel/.test(c)), gpuPick.choices.join(', '));
    assert.deepEqual(gpuPick.choices, ['NVIDIA GeForce RTX 3060', ODD.newSuffixGpu]);
  });

  it('the good entries beside them still work: a change to a good VM runs and its node follows', async () => {
    const ui = new ScriptedUi();
    ui.install();
    try {
      ui.on('warning', /^Change 1 setting of Legacy-Gen1\?$/, 'Apply');
      await vscode.commands.executeCommand('gpupv.disableCheckpoints', child(vms, 'Legacy-Gen1'));
      ui.assertAllUsed();
    } finally {
      ui.restore();
    }
    const host = extension.tree.hosts().find((h) => h.config.name === HOST)!;
    const legacy = extension.store.snapshot(host.hostId).inventory!.vms.find((v) => v.name === 'Legacy-Gen1')!;
    assert.equal(legacy.checkpointType, 'Disabled');
    assert.equal(extension.store.snapshot(host.hostId).inventory!.invalid.length, 2, 'the odd entries are still listed');
  });

  it('the Fleet node says how many entries could not be read instead of leaving them out silently', async () => {
    await extension.tree.refresh();
    const fleet = extension.tree.getChildren().find((n) => n.id === FLEET_NODE_ID);
    assert.ok(fleet, 'two hosts: the Fleet node heads the view');
    assert.match(description(fleet), / · 3 entries could not be read$/);
    assert.match(tooltipOf(extension, fleet), /3 entries could not be read \\\(a VM, GPU, adapter or driver record/);
  });
});
