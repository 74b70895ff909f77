/**
 * Every GPU-PV command inside a real extension host, against simulated hosts the extension starts
 * itself: run from tree nodes (the context menus' path) and from the command palette (no node: the
 * quick picks choose host, VM, GPU and size).
 *
 * The questions a command asks are answered by a script: `vscode.window.showQuickPick`,
 * `showWarningMessage`, `showInformationMessage`, `showErrorMessage` and `showInputBox` are replaced
 * for each test (the extension and this suite share one `vscode` API object: both live in the
 * extension's folder) and restored after it. Everything asked is recorded, so a test can check the
 * refusal's text or the PowerShell shown in a confirmation's detail; an unscripted question is
 * answered as if the user pressed Escape.
 *
 * Each test gets a simulated host of its own (a new name, so a new state folder): a change made by
 * one test cannot leak into the next.
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { VirtualMachine } from '../../src/core/model';
import { simulatedHostDir } from '../../src/host/hostConfig';
import { writeFaults } from '../../src/simulator/faults/faults';
import type { ExtensionApi } from '../../src/ui/extension';
import type { HostNode } from '../../src/ui/tree/hostNode';
import type { TreeNode } from '../../src/ui/tree/treeNode';
import { api, contextValue, description, label, waitFor } from './support/extension';
import { ScriptedUi } from './support/scriptedUi';

const SCENARIOS = path.join(__dirname, '../../../src/simulator/scenarios');
/** Host names are unique per run too: simulated hosts keep their state in the profile's storage. */
const RUN = Date.now().toString(36);
const GIB = 1024n * 1024n * 1024n;

const RTX = 'NVIDIA GeForce RTX 3060';
const RTX_PATH = '\\\\?\\PCI#VEN_10DE&DEV_2504&SUBSYS_153610DE&REV_A1#4&1c5d7d4&0&0009#{064092b3-625e-43bf-9eb5-dc845897dd59}\\GPUPARAV';
const INTEL = 'Intel(R) UHD Graphics 770';
const INTEL_PATH = '\\\\?\\PCI#VEN_8086&DEV_4680&SUBSYS_7D251462&REV_0C#3&11583659&0&10#{064092b3-625e-43bf-9eb5-dc845897dd59}\\GPUPARAV';
const A16_SECOND_PATH = '\\\\?\\PCI#VEN_10DE&DEV_25B6&SUBSYS_14A910DE&REV_A1#6&2f6c8a4e&0&00480008#{064092b3-625e-43bf-9eb5-dc845897dd59}';
const BUILD_AGENT_ID = '3c7d8e2a-1b4f-4a6e-9d2c-5e8f7a1b3c4d';

// ---------------------------------------------------------------------------------------------
// The extension, its hosts and its tree

/** Writes the user setting and waits until the tree shows exactly these hosts. */
async function setHosts(
  extension: ExtensionApi,
  hosts: ReadonlyArray<{ kind: 'simulated'; name: string; scenario: string }>,
): Promise<void> {
  await vscode.workspace.getConfiguration('gpupv').update('hosts', hosts, vscode.ConfigurationTarget.Global);
  const wanted = hosts.map((h) => h.name).join('|');
  await waitFor(
    () =>
      extension.tree
        .hosts()
        .map((h) => h.config.name)
        .join('|') === wanted,
    `the tree to show ${wanted || 'no host'}`,
  );
}

function child(nodes: readonly TreeNode[], wanted: string | ((node: TreeNode) => boolean)): TreeNode {
  const found = nodes.find((n) => (typeof wanted === 'string' ? label(n) === wanted : wanted(n)));
  assert.ok(
    found,
    `no node ${typeof wanted === 'string' ? wanted : 'matching'} among ${nodes.map((n) => `${label(n)} (${description(n)})`).join(' | ')}`,
  );
  return found;
}

interface HostCall {
  readonly operation: string;
  readonly args: unknown;
}

/** One simulated host of a test, read through the tree as the user sees it. */
class TestHost {
  /** Every call made to the host since `load()`, in order. */
  readonly calls: HostCall[] = [];
  /** Ids of the nodes the tree announced as changed (undefined: the whole tree). */
  readonly changed: Array<string | undefined> = [];

  constructor(
    private readonly extension: ExtensionApi,
    readonly name: string,
  ) {}

  get node(): HostNode {
    const node = this.extension.tree.hosts().find((h) => h.config.name === this.name);
    assert.ok(node, `host ${this.name} is in the tree`);
    return node;
  }

  /** Loads the inventory (as expanding the host does), then records the calls and tree events that follow. */
  async load(): Promise<this> {
    await this.extension.tree.refresh(this.node);
    assert.ok(
      this.extension.store.snapshot(this.node.hostId).inventory,
      `${this.name} loaded: ${this.extension.store.snapshot(this.node.hostId).error?.message}`,
    );
    // Expand everything once, as the view would, so the tree knows the nodes a change refreshes.
    for (const group of this.groups()) for (const n of this.extension.tree.getChildren(group)) this.extension.tree.getChildren(n);
    const client = this.extension.pool.client(this.node.hostId);
    assert.ok(client);
    const calls = this.calls;
    const original = client.invoke;
    // The client belongs to this test's host, which the next test removes: no need to restore it.
    (client as unknown as { invoke: (...args: unknown[]) => unknown }).invoke = function (
      this: unknown,
      operation: unknown,
      args: unknown,
      ...rest: unknown[]
    ) {
      calls.push({ operation: String(operation), args });
      return (original as (...a: unknown[]) => unknown).call(this, operation, args, ...rest);
    };
    const subscription = this.extension.tree.onDidChangeTreeData((node) => this.changed.push(node?.id));
    disposables.push(subscription);
    return this;
  }

  groups(): TreeNode[] {
    return this.extension.tree.getChildren(this.node);
  }

  vms(): TreeNode[] {
    return this.extension.tree.getChildren(child(this.groups(), 'Virtual machines'));
  }

  gpus(): TreeNode[] {
    return this.extension.tree.getChildren(child(this.groups(), 'GPUs'));
  }

  vmNode(name: string): TreeNode {
    return child(this.vms(), name);
  }

  gpuNode(wanted: string | ((node: TreeNode) => boolean)): TreeNode {
    return child(this.gpus(), wanted);
  }

  /** The VM's adapter rows (not its "Guest driver" row). */
  adapters(vmName: string): TreeNode[] {
    return this.extension.tree.getChildren(this.vmNode(vmName)).filter((n) => n.id.includes('/adapter/'));
  }

  /** The VM's "Guest driver" row, if it has one. */
  driverRow(vmName: string): TreeNode | undefined {
    return this.extension.tree.getChildren(this.vmNode(vmName)).find((n) => n.id.endsWith('/driver'));
  }

  /** The simulated host's folder (state, faults, disks), under the extension's global storage. */
  simDir(): string {
    const environment = (this.extension.pool as unknown as { environment: { storagePath: string } }).environment;
    return simulatedHostDir(this.node.config, environment.storagePath);
  }

  /** The VM as the extension last read it. */
  vm(name: string): VirtualMachine {
    const vm = this.extension.store.snapshot(this.node.hostId).inventory?.vms.find((v) => v.name === name);
    assert.ok(vm, `VM ${name} on ${this.name}`);
    return vm;
  }

  /** The operations called, e.g. ['Get-VmInventory', 'Add-GpuPartitionAdapter']. */
  operations(): string[] {
    return this.calls.map((c) => c.operation);
  }

  writes(): string[] {
    return this.operations().filter((op) => !op.startsWith('Get-'));
  }
}

const disposables: vscode.Disposable[] = [];
let hostCounter = 0;
let scratch: string;

/** A scenario file derived from a demo scenario. */
function deriveScenario(
  from: string,
  name: string,
  change: (scenario: { host: Record<string, unknown>; vms: Array<Record<string, unknown>> }) => void,
): string {
  const scenario = JSON.parse(fs.readFileSync(path.join(SCENARIOS, `${from}.json`), 'utf8')) as {
    name: string;
    host: Record<string, unknown>;
    vms: Array<Record<string, unknown>>;
  };
  scenario.name = name;
  change(scenario);
  const file = path.join(scratch, `${name}.json`);
  fs.writeFileSync(file, JSON.stringify(scenario, null, 2));
  return file;
}

// ---------------------------------------------------------------------------------------------

describe('GPU-PV commands in the extension host (scripted answers)', function () {
  this.timeout(30_000);
  let extension: ExtensionApi;
  let ui: ScriptedUi;
  let scenarios: { twoAdapters: string; win10WithOffVm: string; cpu36: string; serverOffVm: string };

  /** A fresh simulated host (its own state), alone in the settings or with `others` after it; loaded. */
  async function freshHost(scenario: string, others: readonly string[] = []): Promise<TestHost> {
    hostCounter++;
    const name = `IT cmd ${hostCounter} ${RUN}`;
    const entries = [
      { kind: 'simulated' as const, name, scenario },
      ...others.map((s, i) => ({ kind: 'simulated' as const, name: `IT other ${hostCounter}.${i} ${RUN}`, scenario: s })),
    ];
    await setHosts(extension, entries);
    return new TestHost(extension, name).load();
  }

  before(async () => {
    extension = await api();
    scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'gpupv-it-commands-'));
    scenarios = {
      // Media-Encoder holds a partition of each GPU
      twoAdapters: deriveScenario('win11-workstation', 'two-adapters', (s) => {
        const vm = s.vms.find((v) => v.name === 'Media-Encoder')!;
        vm.adapters = [{ instancePath: INTEL_PATH }, { instancePath: RTX_PATH }];
      }),
      // Windows 10 with an Off VM that has no partition yet
      win10WithOffVm: deriveScenario('win10-laptop', 'win10-off-vm', (s) => {
        s.vms.push({
          name: 'Win10-Lab',
          vmId: '1a2b3c4d-5e6f-4a7b-8c9d-0e1f2a3b4c5d',
          state: 'Off',
          generation: 2,
          memoryStartup: 4294967296,
        });
      }),
      // the SR-IOV server with a VM that is off and has no partition yet
      serverOffVm: deriveScenario('server2025-sriov', 'server-off-vm', (s) => {
        s.vms.find((v) => v.name === 'File-Server')!.state = 'Off';
      }),
      // a CPU that addresses 64 GB, and a VM whose 32 GB of high MMIO end above it
      cpu36: deriveScenario('win11-workstation', 'cpu-36-bit', (s) => {
        s.host.cpuPhysicalAddressBits = 36;
        s.vms.push({
          name: 'Big-MMIO',
          vmId: '9e8d7c6b-5a49-4382-9170-6f5e4d3c2b1a',
          state: 'Off',
          generation: 2,
          checkpointType: 'Disabled',
          automaticStopAction: 'ShutDown',
          memoryStartup: 8589934592,
          guestControlledCacheTypes: true,
          lowMemoryMappedIoSpace: 1073741824,
          highMemoryMappedIoSpace: 34359738368,
          highMemoryMappedIoBaseAddress: 42949672960,
          adapters: [{ instancePath: RTX_PATH }],
        });
      }),
    };
  });

  beforeEach(() => {
    ui = ScriptedUi.installed();
  });

  afterEach(function () {
    ui.restoreAfter(this.currentTest);
    for (const d of disposables.splice(0)) d.dispose();
  });

  after(async () => {
    await setHosts(extension, []);
    fs.rmSync(scratch, { recursive: true, force: true });
  });

  const workstation = () => path.join(SCENARIOS, 'win11-workstation.json');

  // --- Assign -----------------------------------------------------------------------------------

  describe('Assign GPU Partition', () => {
    it('from a VM node: the chosen GPU, whole; shows Add-VMGpuPartitionAdapter -InstancePath, then the adapter and one more partition in use', async () => {
      const host = await freshHost(workstation());
      const rtxBefore = description(host.gpuNode(RTX));
      assert.match(rtxBefore, /^3\/32 partitions in use/);
      ui.on('pick', /^Assign a GPU partition to Build-Agent$/, RTX)
        .on('pick', /^Assign a GPU partition to Build-Agent: size$/, 'Whole GPU')
        .on('warning', /^Assign NVIDIA GeForce RTX 3060 to Build-Agent\?$/, 'Apply');

      await vscode.commands.executeCommand('gpupv.assignGpu', host.vmNode('Build-Agent'));

      ui.assertAllUsed();
      const confirm = ui.find('warning', /^Assign NVIDIA GeForce RTX 3060 to Build-Agent\?$/);
      assert.equal(confirm.modal, true);
      assert.deepEqual(confirm.choices, ['Apply', 'Copy PowerShell']);
      assert.ok(confirm.detail?.includes(`$vm = Get-VM -Id '${BUILD_AGENT_ID}'`), confirm.detail);
      assert.ok(confirm.detail?.includes(`Add-VMGpuPartitionAdapter -VM $vm -InstancePath '${RTX_PATH}'`), confirm.detail);
      assert.doesNotMatch(confirm.detail ?? '', /PartitionVRAM/, 'the whole GPU sets no sizes');
      // the GPU list offered both GPUs with their use
      const gpuPick = ui.find('pick', /^Assign a GPU partition to Build-Agent$/);
      assert.deepEqual(gpuPick.choices, [RTX, INTEL]);
      assert.match(gpuPick.items[0]!.description ?? '', /^3\/32 partitions in use$/);

      assert.deepEqual(host.writes(), ['Add-GpuPartitionAdapter']);
      const adapters = host.adapters('Build-Agent');
      assert.equal(adapters.length, 1);
      assert.equal(label(adapters[0]!), RTX);
      assert.equal(description(adapters[0]!), 'whole GPU (sizes unset)');
      assert.match(contextValue(host.vmNode('Build-Agent')), /^vm\+off\+gpu/);
      assert.match(description(host.gpuNode(RTX)), /^4\/32 partitions in use/);
      // only the VM's node and the GPU group were refreshed, not the host
      const vmNodeId = host.vmNode('Build-Agent').id;
      assert.ok(host.changed.includes(vmNodeId), JSON.stringify(host.changed));
      assert.ok(
        host.changed.every((id) => id === vmNodeId || id === `${host.node.id}/gpus`),
        `refreshed more than the VM and the GPUs: ${JSON.stringify(host.changed)}`,
      );
    });

    it('from the palette: host, VM, GPU and a 50% share picked; the sizes are in the PowerShell', async () => {
      const host = await freshHost(workstation(), [path.join(SCENARIOS, 'win10-laptop.json')]);
      ui.on('pick', /^Choose a Hyper-V host$/, host.name)
        .on('pick', /^Assign a GPU partition$/, 'Build-Agent')
        .on('pick', /^Assign a GPU partition to Build-Agent$/, RTX)
        .on('pick', /^Assign a GPU partition to Build-Agent: size$/, '50% of each resource')
        .on('warning', /^Assign NVIDIA GeForce RTX 3060 to Build-Agent with a share of its resources\?$/, 'Apply');

      await vscode.commands.executeCommand('gpupv.assignGpu');

      ui.assertAllUsed();
      assert.equal(ui.find('pick', /^Choose a Hyper-V host$/).choices.length, 2);
      // VMs that can take a partition now (off, generation 2, none yet) come first
      const vmPick = ui.find('pick', /^Assign a GPU partition$/);
      assert.equal(vmPick.choices[0], 'Build-Agent', vmPick.choices.join(', '));
      const detail = ui.find('warning', /with a share of its resources\?$/).detail ?? '';
      assert.match(
        detail,
        /Add-VMGpuPartitionAdapter -VM \$vm -InstancePath '[^']+' -MinPartitionVRAM 500000000 -MaxPartitionVRAM 500000000 -OptimalPartitionVRAM 500000000 /,
      );
      assert.match(detail, /-MaxPartitionEncode 9223372036854775807 /);
      assert.deepEqual(host.writes(), ['Add-GpuPartitionAdapter']);
      const adapter = host.adapters('Build-Agent');
      assert.equal(adapter.length, 1);
      assert.equal(description(adapter[0]!), 'VRAM 50% of GPU');
      assert.equal(host.vm('Build-Agent').adapters[0]!.settings.VRAM.max, 500000000n);
      assert.match(description(host.gpuNode(RTX)), /^4\/32 partitions in use/);
    });

    it('on a running VM: asks to shut it down, shuts down gracefully, applies, then offers to start it again', async () => {
      const host = await freshHost(workstation());
      ui.on('pick', /to Render-Node$/, INTEL)
        .on('pick', /size$/, 'Whole GPU')
        .on('warning', /^Assign Intel\(R\) UHD Graphics 770 to Render-Node\?$/, 'Apply')
        .on('warning', /^Render-Node is Running\./, 'Shut Down and Continue')
        .on('info', /^Assign .* — done\. Start Render-Node again\?$/, 'Start');

      await vscode.commands.executeCommand('gpupv.assignGpu', host.vmNode('Render-Node'));

      ui.assertAllUsed();
      const ask = ui.find('warning', /^Render-Node is Running\./);
      assert.equal(ask.modal, true);
      assert.deepEqual(ask.choices, ['Shut Down and Continue']);
      assert.match(ask.detail ?? '', /Shut Render-Node down .*then: Assign Intel\(R\) UHD Graphics 770 to Render-Node\./);
      assert.equal(
        ui.of('warning').filter((a) => /did not shut down/.test(a.text)).length,
        0,
        'no turn-off question after a clean shutdown',
      );
      assert.deepEqual(host.writes(), ['Stop-Vm', 'Add-GpuPartitionAdapter', 'Start-Vm']);
      assert.deepEqual(
        host.calls.find((c) => c.operation === 'Stop-Vm')?.args,
        { VMId: host.vm('Render-Node').id, TurnOff: false },
        'a graceful shutdown, not a turn-off',
      );
      assert.equal(host.vm('Render-Node').state, 'Running');
      assert.deepEqual(host.adapters('Render-Node').map(label), [RTX, INTEL]);
      assert.match(description(host.gpuNode(INTEL)), /^2\/32 partitions in use/);
    });

    it('on a running VM: declining the shutdown changes nothing', async () => {
      const host = await freshHost(workstation());
      ui.on('pick', /to Render-Node$/, INTEL)
        .on('pick', /size$/, 'Whole GPU')
        .on('warning', /\?$/, 'Apply')
        .on('warning', /^Render-Node is Running\./, undefined);

      await vscode.commands.executeCommand('gpupv.assignGpu', host.vmNode('Render-Node'));

      ui.assertAllUsed();
      assert.deepEqual(host.writes(), []);
      assert.equal(host.vm('Render-Node').state, 'Running');
      assert.equal(host.adapters('Render-Node').length, 1);
    });

    it('cancelling at the confirmation changes nothing', async () => {
      const host = await freshHost(workstation());
      ui.on('pick', /to Build-Agent$/, RTX)
        .on('pick', /size$/, 'Whole GPU')
        .on('warning', /^Assign .*\?$/, undefined);

      await vscode.commands.executeCommand('gpupv.assignGpu', host.vmNode('Build-Agent'));

      ui.assertAllUsed();
      assert.deepEqual(host.writes(), []);
      assert.equal(host.adapters('Build-Agent').length, 0);
      assert.match(description(host.gpuNode(RTX)), /^3\/32 partitions in use/);
      assert.deepEqual(ui.of('info'), [], 'no message after a cancel');
    });

    it('"Copy PowerShell" copies the preview and changes nothing', async () => {
      const host = await freshHost(workstation());
      await vscode.env.clipboard.writeText('before');
      ui.on('pick', /to Build-Agent$/, RTX)
        .on('pick', /size$/, 'Whole GPU')
        .on('warning', /^Assign .*\?$/, 'Copy PowerShell');

      await vscode.commands.executeCommand('gpupv.assignGpu', host.vmNode('Build-Agent'));

      ui.assertAllUsed();
      const copied = await vscode.env.clipboard.readText();
      const detail = ui.find('warning', /^Assign .*\?$/).detail ?? '';
      assert.ok(copied.includes('Add-VMGpuPartitionAdapter -VM $vm -InstancePath'), `clipboard: ${copied}`);
      assert.ok(detail.endsWith(copied), 'the clipboard holds exactly the PowerShell the dialog showed');
      assert.match(ui.find('info', /copied/).text, /nothing was changed/);
      assert.deepEqual(host.writes(), []);
      assert.equal(host.adapters('Build-Agent').length, 0);
    });

    it('on an SR-IOV GPU: asks no size, says a partition is fixed at 1/8 of the A16, and sets no sizes', async () => {
      const host = await freshHost(scenarios.serverOffVm);
      ui.on('pick', /^Assign a GPU partition to File-Server$/, (item) => /1\/8/.test(item.detail ?? '')).on(
        'warning',
        /^Assign NVIDIA A16 to File-Server\?$/,
        'Apply',
      );

      await vscode.commands.executeCommand('gpupv.assignGpu', host.vmNode('File-Server'));

      ui.assertAllUsed();
      assert.deepEqual(
        ui.of('pick').map((p) => p.text),
        ['Assign a GPU partition to File-Server'],
        'no size question: an SR-IOV partition has one size',
      );
      const gpuPick = ui.find('pick', /^Assign a GPU partition to File-Server$/);
      assert.deepEqual(
        gpuPick.items.map((i) => i.detail?.split(' · ')[0]),
        ['SR-IOV GPU-P, each VM gets 1/16 (VRAM 1 GB)', 'SR-IOV GPU-P, each VM gets 1/8 (VRAM 2 GB)', 'GPU-PV'],
      );
      const detail = ui.find('warning', /^Assign NVIDIA A16 to File-Server\?$/).detail ?? '';
      assert.match(
        detail,
        /^A partition of NVIDIA A16 is fixed at 1\/8 of the GPU \(VRAM 2 GB of 16 GB\): Hyper-V cuts an SR-IOV GPU into 8 equal/,
      );
      assert.ok(detail.split('\n').includes(`Add-VMGpuPartitionAdapter -VM $vm -InstancePath '${A16_SECOND_PATH}'`), detail);
      assert.doesNotMatch(detail, /PartitionVRAM/);
      assert.deepEqual(host.writes(), ['Add-GpuPartitionAdapter']);
      assert.equal(host.vm('File-Server').adapters[0]!.instancePath, A16_SECOND_PATH);
    });

    it('on Windows 10: warns that the default GPU is used, naming it; no -InstancePath in the PowerShell', async () => {
      const host = await freshHost(scenarios.win10WithOffVm);
      ui.on('warning', /cannot choose the GPU/, /^Assign /)
        .on('pick', /size$/, 'Whole GPU')
        .on('warning', /^Assign the default GPU to Win10-Lab\?$/, 'Apply');

      await vscode.commands.executeCommand('gpupv.assignGpu', host.vmNode('Win10-Lab'));

      ui.assertAllUsed();
      const warning = ui.find('warning', /cannot choose the GPU/);
      assert.equal(warning.modal, true);
      assert.match(
        warning.text,
        /runs Windows 19045, which cannot choose the GPU: Hyper-V assigns its default GPU, Intel\(R\) UHD Graphics 630\./,
      );
      assert.deepEqual(warning.choices, ['Assign Intel(R) UHD Graphics 630']);
      assert.equal(ui.of('pick').filter((p) => !/size$/.test(p.text)).length, 0, 'no GPU list on Windows 10');
      const detail = ui.find('warning', /^Assign the default GPU/).detail ?? '';
      assert.match(detail, /^Add-VMGpuPartitionAdapter -VM \$vm$/m);
      assert.doesNotMatch(detail, /-InstancePath/);
      assert.deepEqual(host.writes(), ['Add-GpuPartitionAdapter']);
      assert.deepEqual(host.adapters('Win10-Lab').map(label), ['Intel(R) UHD Graphics 630']);
    });
  });

  // --- Remove -----------------------------------------------------------------------------------

  describe('Remove GPU Partition', () => {
    it('from an adapter node removes that adapter only', async () => {
      const host = await freshHost(scenarios.twoAdapters);
      const rtxAdapter = child(host.adapters('Media-Encoder'), RTX);
      const adapterId = host.vm('Media-Encoder').adapters.find((a) => a.instancePath === RTX_PATH)!.id;
      ui.on('warning', /^Remove a GPU partition from Media-Encoder\?$/, 'Apply');

      await vscode.commands.executeCommand('gpupv.removeGpu', rtxAdapter);

      ui.assertAllUsed();
      const detail = ui.find('warning', /^Remove a GPU partition/).detail ?? '';
      assert.ok(detail.includes(`Remove-VMGpuPartitionAdapter -VM $vm -AdapterId '${adapterId}' -Confirm:$false`), detail);
      assert.deepEqual(host.writes(), ['Remove-GpuPartitionAdapter']);
      assert.deepEqual(host.adapters('Media-Encoder').map(label), [INTEL]);
      assert.match(description(host.gpuNode(RTX)), /^3\/32 partitions in use/);
    });

    it('from the palette: "All GPU partitions" removes every adapter of the VM', async () => {
      const host = await freshHost(scenarios.twoAdapters, [workstation()]);
      ui.on('pick', /^Choose a Hyper-V host$/, host.name)
        .on('pick', /^Remove a GPU partition$/, 'Media-Encoder')
        .on('pick', /^Remove a GPU partition from Media-Encoder$/, 'All GPU partitions')
        .on('warning', /^Remove every GPU partition from Media-Encoder\?$/, 'Apply');

      await vscode.commands.executeCommand('gpupv.removeGpu');

      ui.assertAllUsed();
      assert.equal(ui.find('pick', /^Remove a GPU partition from Media-Encoder$/).choices.length, 3, 'all, and each adapter');
      const detail = ui.find('warning', /^Remove every GPU partition/).detail ?? '';
      assert.match(detail, /^Remove-VMGpuPartitionAdapter -VM \$vm -Confirm:\$false$/m);
      assert.deepEqual(host.writes(), ['Remove-GpuPartitionAdapter']);
      assert.equal(host.adapters('Media-Encoder').length, 0);
      assert.match(description(host.vmNode('Media-Encoder')), /no GPU partition/);
      assert.match(description(host.gpuNode(INTEL)), /^0\/32 partitions in use/);
    });
  });

  // --- References to what the host no longer has ---------------------------------------------------

  describe('a reference newer or older than the tree', () => {
    const GONE_ID = 'f0e1d2c3-b4a5-4968-8776-a5b4c3d2e1f0';

    it('to a partition the VM no longer has: reads the host again, says so and removes nothing', async () => {
      const host = await freshHost(scenarios.twoAdapters);
      const vm = host.vm('Media-Encoder');

      await vscode.commands.executeCommand('gpupv.removeGpu', { hostId: host.node.hostId, vmId: vm.id, adapterId: GONE_ID });

      const warning = ui.find('warning', /^GPU-PV: Media-Encoder on .* has no GPU partition with the id f0e1d2c3-/);
      assert.match(warning.text, /removed or re-created since it was shown/);
      assert.deepEqual(host.operations(), ['Get-Inventory'], 'the host was read again, and nothing written');
      assert.equal(host.adapters('Media-Encoder').length, 2);
    });

    it('to a VM the host no longer has: says so, asks nothing and changes nothing', async () => {
      const host = await freshHost(scenarios.twoAdapters);

      await vscode.commands.executeCommand('gpupv.makeReady', { hostId: host.node.hostId, vmId: GONE_ID });

      ui.find('warning', new RegExp(`^GPU-PV: ${host.name} has no VM with the id ${GONE_ID}\\.`));
      assert.deepEqual(host.writes(), []);
      assert.deepEqual(ui.of('pick'), [], 'no VM is picked in its place');
    });

    it('to a GPU the host no longer has: says so', async () => {
      const host = await freshHost(scenarios.twoAdapters);

      await vscode.commands.executeCommand('gpupv.setPartitionCount', { hostId: host.node.hostId, instancePath: 'PCI\\VEN_GONE' });

      ui.find('warning', /has no partitionable GPU PCI\\VEN_GONE\./);
      assert.deepEqual(host.writes(), []);
    });

    it('to a host no longer configured: says so', async () => {
      await vscode.commands.executeCommand('gpupv.makeReady', { hostId: 'no-such-host', vmId: GONE_ID });

      ui.find('warning', /^GPU-PV: the host this command was run on is no longer configured\.$/);
    });
  });

  // --- Partition count ----------------------------------------------------------------------------

  describe('Set GPU Partition Count', () => {
    it('on a GPU nobody uses (palette): offers the valid counts, shows Set-VMHostPartitionableGpu, applies', async () => {
      const host = await freshHost(path.join(SCENARIOS, 'server2025-sriov.json'), [workstation()]);
      ui.on('pick', /^Choose a Hyper-V host$/, host.name)
        .on('pick', /^Set the partition count of a GPU$/, (item) => /^0\/8 partitions in use$/.test(item.description ?? ''))
        .on('pick', /^Partition count of NVIDIA A16$/, '4')
        .on('warning', /^Set the partition count of NVIDIA A16 to 4\?$/, 'Apply');

      await vscode.commands.executeCommand('gpupv.setPartitionCount');

      ui.assertAllUsed();
      const counts = ui.find('pick', /^Partition count of/);
      assert.deepEqual(counts.choices, ['16', '8', '4', '2', '1']);
      assert.equal(counts.items.find((i) => i.label === '8')?.description, 'current');
      const detail = ui.find('warning', /^Set the partition count/).detail ?? '';
      assert.ok(detail.includes(`Set-VMHostPartitionableGpu -Name '${A16_SECOND_PATH}' -PartitionCount 4`), detail);
      assert.deepEqual(host.writes(), ['Set-GpuPartitionCount']);
      const a16 = host.gpuNode((n) => n.id.endsWith(A16_SECOND_PATH));
      assert.match(description(a16), /^0\/4 partitions in use/);
    });

    it('refuses while VMs hold a partition, naming them, without calling the host', async () => {
      const host = await freshHost(workstation());

      await vscode.commands.executeCommand('gpupv.setPartitionCount', host.gpuNode(RTX));

      const error = ui.find('error', /^Cannot change the partition count/);
      assert.equal(
        error.text,
        'Cannot change the partition count of NVIDIA GeForce RTX 3060: partitions of it are in use by 3 VMs (GPU-Workstation, Grafik-Prüfstand, Render-Node). ' +
          'Remove their GPU partitions first; Hyper-V changes the count only while no VM uses the GPU.',
      );
      assert.equal(error.detail, undefined, 'a notification shows no detail: everything is in the message');
      assert.deepEqual(ui.of('pick'), [], 'no count is offered');
      assert.deepEqual(host.calls, [], 'no host call');
    });
  });

  // --- Make ready -------------------------------------------------------------------------------

  describe('Make GPU-PV Ready', () => {
    it('shows the plan and the Set-VM line, shuts the running VM down first; afterwards the VM is GPU-PV ready', async () => {
      const host = await freshHost(workstation());
      assert.match(description(host.vmNode('Grafik-Prüfstand')), /^Running · needs High MMIO/);
      ui.on('warning', /^Change 1 setting of Grafik-Prüfstand\?$/, 'Apply')
        .on('warning', /^Grafik-Prüfstand is Running\./, 'Shut Down and Continue')
        .on('info', /Start Grafik-Prüfstand again\?$/, undefined);

      await vscode.commands.executeCommand('gpupv.makeReady', host.vmNode('Grafik-Prüfstand'));

      ui.assertAllUsed();
      const detail = ui.find('warning', /^Change 1 setting/).detail ?? '';
      assert.match(
        detail,
        /^• High MMIO space: 512 MB → 32 GB \(GPU-PV maps CPU-visible GPU memory there; below 8 GB the guest shows code 43\)$/m,
      );
      assert.match(detail, /^Set-VM -VM \$vm -HighMemoryMappedIoSpace 34359738368$/m);
      assert.deepEqual(host.writes(), ['Stop-Vm', 'Set-VmGpuPvSettings']);
      assert.equal(description(host.vmNode('Grafik-Prüfstand')), 'Off · GPU-PV ready · driver not synced');
      assert.match(contextValue(host.vmNode('Grafik-Prüfstand')), /^vm\+off\+gpu\+ready/);
    });

    it('from the palette on a VM that needs everything: one line per change, one Set-VM and one Set-VMMemory', async () => {
      const host = await freshHost(workstation());
      // give Build-Agent a partition first, so readiness is about its settings only
      ui.on('pick', /to Build-Agent$/, RTX)
        .on('pick', /size$/, 'Whole GPU')
        .on('warning', /^Assign /, 'Apply');
      await vscode.commands.executeCommand('gpupv.assignGpu', host.vmNode('Build-Agent'));
      assert.match(description(host.vmNode('Build-Agent')), /^Off · needs /);
      ui.on('pick', /^Make a VM GPU-PV ready$/, 'Build-Agent').on('warning', /^Change 6 settings of Build-Agent\?$/, 'Apply');

      await vscode.commands.executeCommand('gpupv.makeReady');

      ui.assertAllUsed();
      const detail = ui.find('warning', /^Change 6 setting/).detail ?? '';
      for (const line of [
        '• Write-combining: off → on',
        '• Low MMIO space: 128 MB → 1 GB',
        '• High MMIO space: 512 MB → 32 GB',
        '• Checkpoints: Production → Disabled',
        '• Automatic stop action: Save → ShutDown',
        '• Dynamic memory: on → off',
      ]) {
        assert.ok(detail.includes(line), `plan line "${line}" in:\n${detail}`);
      }
      assert.match(
        detail,
        /^Set-VM -VM \$vm -GuestControlledCacheTypes \$true -LowMemoryMappedIoSpace 1073741824 -HighMemoryMappedIoSpace 34359738368 -CheckpointType Disabled -AutomaticStopAction ShutDown$/m,
      );
      assert.match(detail, /^Set-VMMemory -VM \$vm -DynamicMemoryEnabled \$false$/m);
      assert.ok(!ui.asked.some((a) => /is Running\./.test(a.text)), 'no shutdown question for a VM that is off');
      assert.equal(description(host.vmNode('Build-Agent')), 'Off · GPU-PV ready · driver not synced');
    });

    it('says so when the VM already meets every requirement, without asking to change anything', async () => {
      const host = await freshHost(workstation());
      await vscode.commands.executeCommand('gpupv.makeReady', host.vmNode('GPU-Workstation'));
      assert.match(ui.find('info', /already meets every GPU-PV setting requirement/).text, /^GPU-Workstation already meets/);
      assert.deepEqual(ui.of('warning'), []);
      assert.deepEqual(host.writes(), []);
    });
  });

  // --- One setting each -----------------------------------------------------------------------------

  describe('single settings (on Build-Agent, which is off and has every default)', () => {
    const cases: ReadonlyArray<{
      command: string;
      line: RegExp;
      check: (vm: VirtualMachine) => boolean;
      inputs?: ReadonlyArray<[RegExp, string]>;
    }> = [
      {
        command: 'gpupv.enableWriteCombining',
        line: /^Set-VM -VM \$vm -GuestControlledCacheTypes \$true$/m,
        check: (vm) => vm.guestControlledCacheTypes,
      },
      {
        command: 'gpupv.disableCheckpoints',
        line: /^Set-VM -VM \$vm -CheckpointType Disabled$/m,
        check: (vm) => vm.checkpointType === 'Disabled',
      },
      {
        command: 'gpupv.setStopActionShutDown',
        line: /^Set-VM -VM \$vm -AutomaticStopAction ShutDown$/m,
        check: (vm) => vm.automaticStopAction === 'ShutDown',
      },
      {
        command: 'gpupv.disableDynamicMemory',
        line: /^Set-VMMemory -VM \$vm -DynamicMemoryEnabled \$false$/m,
        check: (vm) => !vm.dynamicMemoryEnabled,
      },
      {
        command: 'gpupv.setMmio',
        inputs: [
          [/^Low MMIO space of Build-Agent$/, '2048'],
          [/^High MMIO space of Build-Agent$/, '16384'],
        ],
        line: /^Set-VM -VM \$vm -LowMemoryMappedIoSpace 2147483648 -HighMemoryMappedIoSpace 17179869184$/m,
        check: (vm) => vm.lowMemoryMappedIoSpace === 2n * GIB && vm.highMemoryMappedIoSpace === 16n * GIB,
      },
    ];
    for (const c of cases) {
      it(`${c.command} shows its one line and changes that setting`, async () => {
        const host = await freshHost(workstation());
        assert.ok(!c.check(host.vm('Build-Agent')), 'not set before');
        for (const [match, typed] of c.inputs ?? []) ui.on('input', match, typed);
        ui.on('warning', /^Change (1 setting|2 settings) of Build-Agent\?$/, 'Apply');

        await vscode.commands.executeCommand(c.command, host.vmNode('Build-Agent'));

        ui.assertAllUsed();
        const detail = ui.find('warning', /^Change/).detail ?? '';
        assert.match(detail, c.line);
        assert.equal(detail.split('\n').filter((l) => /^Set-/.test(l)).length, 1, detail);
        assert.deepEqual(host.writes(), ['Set-VmGpuPvSettings']);
        assert.ok(c.check(host.vm('Build-Agent')), 'set afterwards');
      });
    }

    it('Set MMIO Space with the low MMIO left as it is counts and sets only the high MMIO', async () => {
      const host = await freshHost(workstation());
      assert.equal(host.vm('Build-Agent').lowMemoryMappedIoSpace, 128n * 1024n * 1024n);
      ui.on('input', /^Low MMIO space of Build-Agent$/, '128')
        .on('input', /^High MMIO space of Build-Agent$/, '16384')
        .on('warning', /^Change 1 setting of Build-Agent\?$/, 'Apply');

      await vscode.commands.executeCommand('gpupv.setMmio', host.vmNode('Build-Agent'));

      ui.assertAllUsed();
      const detail = ui.find('warning', /^Change 1 setting of Build-Agent\?$/).detail ?? '';
      assert.match(detail, /^Set-VM -VM \$vm -HighMemoryMappedIoSpace 17179869184$/m);
      assert.doesNotMatch(detail, /LowMemoryMappedIoSpace/, 'an unchanged setting is not listed as a change');
      assert.equal(host.vm('Build-Agent').highMemoryMappedIoSpace, 16n * GIB);
    });

    it('Set MMIO Space refuses high MMIO below 8 GB and low MMIO above 3.5 GB', async () => {
      const host = await freshHost(workstation());
      ui.on('input', /^Low MMIO space/, '1024');
      await vscode.commands.executeCommand('gpupv.setMmio', host.vmNode('Build-Agent'));
      const low = ui.find('input', /^Low MMIO space/);
      const high = ui.find('input', /^High MMIO space/);
      assert.equal(await low.validate?.('4096'), 'At most 3584 MB');
      assert.equal(await low.validate?.('64'), 'At least 128 MB');
      assert.equal(await high.validate?.('4096'), 'At least 8192 MB');
      assert.equal(await high.validate?.('lots'), 'Megabytes, a whole number');
      assert.equal(await high.validate?.('65536'), undefined);
      assert.deepEqual(host.writes(), [], 'Escape at the second box changes nothing');
    });

    it('says when a setting is already as wanted, and asks nothing', async () => {
      const host = await freshHost(workstation());
      await vscode.commands.executeCommand('gpupv.disableCheckpoints', host.vmNode('GPU-Workstation'));
      assert.equal(ui.find('info', /already/).text, 'GPU-Workstation already has checkpoints disabled.');
      assert.deepEqual(ui.of('warning'), []);
      assert.deepEqual(host.writes(), []);
    });
  });

  // --- Power ------------------------------------------------------------------------------------

  describe('VM power', () => {
    it('Start VM starts an off VM without a question', async () => {
      const host = await freshHost(workstation());
      await vscode.commands.executeCommand('gpupv.startVm', host.vmNode('Build-Agent'));
      assert.deepEqual(ui.of('warning'), []);
      assert.deepEqual(host.writes(), ['Start-Vm']);
      assert.match(description(host.vmNode('Build-Agent')), /^Running/);
    });

    it('Shut Down VM asks, shows Stop-VM -Force, and shuts the guest down', async () => {
      const host = await freshHost(workstation());
      ui.on('pick', /^Shut down a VM$/, 'Render-Node').on('warning', /^Shut down Render-Node\?$/, 'Apply');
      await vscode.commands.executeCommand('gpupv.shutDownVm');
      ui.assertAllUsed();
      assert.match(ui.find('warning', /^Shut down Render-Node\?$/).detail ?? '', /^Stop-VM -VM \$vm -Force$/m);
      assert.deepEqual(
        host.calls.filter((c) => c.operation === 'Stop-Vm').map((c) => (c.args as { TurnOff: boolean }).TurnOff),
        [false],
      );
      assert.match(description(host.vmNode('Render-Node')), /^Off/);
    });

    it('Turn Off VM… warns that unsaved work is lost, offers Shut Down first, and shows Stop-VM -TurnOff', async () => {
      const host = await freshHost(workstation());
      ui.on('warning', /^Turn off GPU-Workstation\?$/, 'Turn Off');
      await vscode.commands.executeCommand('gpupv.turnOffVm', host.vmNode('GPU-Workstation'));
      ui.assertAllUsed();
      assert.deepEqual(ui.find('warning', /^Turn off/).choices, ['Shut Down Instead', 'Turn Off', 'Copy PowerShell']);
      const detail = ui.find('warning', /^Turn off/).detail ?? '';
      assert.match(detail, /unsaved work in the guest is lost/);
      assert.match(detail, /^Stop-VM -VM \$vm -TurnOff -Force$/m);
      assert.deepEqual(
        host.calls.filter((c) => c.operation === 'Stop-Vm').map((c) => (c.args as { TurnOff: boolean }).TurnOff),
        [true],
      );
      assert.match(description(host.vmNode('GPU-Workstation')), /^Off/);
    });
  });

  // --- Saved VMs and destructive answers -------------------------------------------------------

  describe('a Saved VM, and no destructive answer as the default', () => {
    /** The workstation with Build-Agent (Off, no partition) Saved instead. */
    async function savedBuildAgent(): Promise<TestHost> {
      hostCounter++;
      const saved = deriveScenario('win11-workstation', `saved-build-agent-${hostCounter}`, (s) => {
        s.vms.find((v) => v.name === 'Build-Agent')!.state = 'Saved';
      });
      return freshHost(saved);
    }
    const assignRtx = () =>
      ui
        .on('pick', /^Assign a GPU partition to Build-Agent$/, RTX)
        .on('pick', /size$/, 'Whole GPU')
        .on('warning', /^Assign NVIDIA GeForce RTX 3060 to Build-Agent\?$/, 'Apply');

    it('a change that needs Off offers to resume and shut down (the default) or discard the saved state, never Turn Off', async () => {
      const host = await savedBuildAgent();
      assignRtx()
        .on('warning', /^Build-Agent is Saved\./, 'Resume and Shut Down')
        .on('info', /Start Build-Agent again\?$/, undefined);

      await vscode.commands.executeCommand('gpupv.assignGpu', host.vmNode('Build-Agent'));

      ui.assertAllUsed();
      const ask = ui.find('warning', /^Build-Agent is Saved\./);
      assert.equal(ask.modal, true);
      assert.deepEqual(ask.choices, ['Resume and Shut Down', 'Discard Saved State']);
      assert.match(ask.detail ?? '', /Resume and Shut Down: Build-Agent resumes where it was, then shuts down as in a normal shutdown/);
      assert.match(
        ask.detail ?? '',
        /Discard Saved State: The memory Hyper-V saved for Build-Agent is deleted: .*as if its power had been pulled/,
      );
      assert.ok(!ui.asked.some((a) => a.choices.includes('Turn Off')), ui.transcript());
      assert.deepEqual(ui.of('error'), [], 'no “failed to change state”');
      assert.deepEqual(host.writes(), ['Start-Vm', 'Stop-Vm', 'Add-GpuPartitionAdapter']);
      assert.equal((host.calls.find((c) => c.operation === 'Stop-Vm')!.args as { TurnOff: boolean }).TurnOff, false);
      assert.equal(host.vm('Build-Agent').state, 'Off');
      assert.deepEqual(host.adapters('Build-Agent').map(label), [RTX]);
    });

    it('…or, when chosen, discards the saved state (Remove-VMSavedState) and applies the change', async () => {
      const host = await savedBuildAgent();
      assignRtx()
        .on('warning', /^Build-Agent is Saved\./, 'Discard Saved State')
        .on('info', /Start Build-Agent again\?$/, undefined);

      await vscode.commands.executeCommand('gpupv.assignGpu', host.vmNode('Build-Agent'));

      ui.assertAllUsed();
      assert.deepEqual(host.writes(), ['Remove-VmSavedState', 'Add-GpuPartitionAdapter']);
      assert.equal(host.vm('Build-Agent').state, 'Off');
      assert.deepEqual(host.adapters('Build-Agent').map(label), [RTX]);
    });

    it('Discard Saved State… says what is lost, offers Start first and shows Remove-VMSavedState', async () => {
      const host = await savedBuildAgent();
      assert.match(contextValue(host.vmNode('Build-Agent')), /^vm\+saved\+/);
      ui.on('warning', /^Discard the saved state of Build-Agent\?$/, 'Discard Saved State');

      await vscode.commands.executeCommand('gpupv.discardSavedState', host.vmNode('Build-Agent'));

      ui.assertAllUsed();
      const confirm = ui.find('warning', /^Discard the saved state of Build-Agent\?$/);
      assert.equal(confirm.modal, true);
      assert.deepEqual(confirm.choices, ['Start Instead', 'Discard Saved State', 'Copy PowerShell']);
      assert.match(
        confirm.detail ?? '',
        /^The memory Hyper-V saved for Build-Agent is deleted: the VM is then Off, as if its power had been pulled at the moment it was saved\./,
      );
      assert.match(confirm.detail ?? '', /^Remove-VMSavedState -VM \$vm -Confirm:\$false$/m);
      assert.deepEqual(host.writes(), ['Remove-VmSavedState']);
      assert.match(contextValue(host.vmNode('Build-Agent')), /^vm\+off\+/);
    });

    it('Start Instead starts the Saved VM and discards nothing', async () => {
      const host = await savedBuildAgent();
      ui.on('warning', /^Discard the saved state of Build-Agent\?$/, 'Start Instead');
      await vscode.commands.executeCommand('gpupv.discardSavedState', host.vmNode('Build-Agent'));
      ui.assertAllUsed();
      assert.deepEqual(host.writes(), ['Start-Vm']);
      assert.equal(host.vm('Build-Agent').state, 'Running');
    });

    it('a shutdown that fails offers Try Again first; Turn Off is only the second answer', async () => {
      const host = await freshHost(workstation());
      writeFaults(host.simDir(), [{ operation: 'Stop-Vm', kind: 'error', message: 'The guest did not answer the shutdown request.' }]);
      ui.on('pick', /to Render-Node$/, INTEL)
        .on('pick', /size$/, 'Whole GPU')
        .on('warning', /^Assign .* to Render-Node\?$/, 'Apply')
        .on('warning', /^Render-Node is Running\./, 'Shut Down and Continue')
        .on('warning', /^Render-Node did not shut down/, 'Try Again')
        .on('info', /Start Render-Node again\?$/, undefined);

      await vscode.commands.executeCommand('gpupv.assignGpu', host.vmNode('Render-Node'));

      ui.assertAllUsed();
      const offer = ui.find('warning', /^Render-Node did not shut down/);
      assert.equal(offer.modal, true);
      assert.deepEqual(offer.choices, ['Try Again', 'Turn Off']);
      assert.deepEqual(host.writes(), ['Stop-Vm', 'Stop-Vm', 'Add-GpuPartitionAdapter']);
      assert.ok(host.calls.filter((c) => c.operation === 'Stop-Vm').every((c) => (c.args as { TurnOff: boolean }).TurnOff === false));
    });

    it('Remove GPU Partition from the palette offers one adapter first, “All GPU partitions” last', async () => {
      const host = await freshHost(scenarios.twoAdapters);
      ui.on('pick', /^Choose a Hyper-V host$/, host.name).on('pick', /^Remove a GPU partition$/, 'Media-Encoder');
      await vscode.commands.executeCommand('gpupv.removeGpu');
      const pick = ui.find('pick', /^Remove a GPU partition from Media-Encoder$/);
      assert.deepEqual(pick.choices.slice(-1), ['All GPU partitions']);
      assert.equal(pick.choices.length, 3);
      assert.deepEqual(host.writes(), [], 'Escape removed nothing');
    });
  });

  // --- Driver sync ------------------------------------------------------------------------------

  describe('Sync Host GPU Driver to VM', () => {
    const INTEL_PACKAGE = 'iigd_dch.inf_amd64_3f1b0ea4c6b0d4d1';
    const NVIDIA_PACKAGE = 'nv_dispi.inf_amd64_4bf4c17fa8a478b5';
    const store = (host: TestHost, vmId: string) =>
      path.join(host.simDir(), 'disks', `vm-${vmId}`, 'Windows', 'System32', 'HostDriverStore');
    const SYNC_OPS = [
      'Open-GuestDriverStore',
      'Copy-DriverFilesToGuest',
      'Invoke-GuestFileOperations',
      'Close-GuestDriverStore',
      'Set-DriverSyncRecord',
    ];

    it('offline from the context menu of an Off VM: copies the package and the manifest onto its disk, then the drift mark is gone', async () => {
      const host = await freshHost(workstation());
      const vm = host.vm('Media-Encoder');
      assert.equal(description(host.vmNode('Media-Encoder')), 'Off · GPU-PV ready · driver not synced');
      assert.match(contextValue(host.vmNode('Media-Encoder')), /^vm\+off\+gpu\+ready\+gen2\+drift$/);
      assert.equal(label(host.driverRow('Media-Encoder')!), 'Guest driver: not synced');
      assert.deepEqual(host.driverRow('Media-Encoder')!.treeItem().command?.arguments, [{ hostId: host.node.hostId, vmId: vm.id }]);
      host.changed.length = 0;

      const result = await vscode.commands.executeCommand('gpupv.syncDriver', host.vmNode('Media-Encoder'));

      assert.equal(result, 'synced');
      const done = ui.find('info', /^GPU-PV: Synced \d+ files \([\d.]+ MB\) into Media-Encoder in [\d.]+ s\. Driver 32\.0\.101\.6078\.$/);
      assert.deepEqual(done.choices, []);
      assert.deepEqual(ui.of('error'), [], ui.transcript());
      // the guest's disk: the package and the manifest, nothing left of the staging
      const guestStore = store(host, vm.id);
      assert.ok(fs.statSync(path.join(guestStore, 'FileRepository', INTEL_PACKAGE)).isDirectory(), `no ${INTEL_PACKAGE} in ${guestStore}`);
      assert.ok(fs.readdirSync(path.join(guestStore, 'FileRepository', INTEL_PACKAGE)).length > 0);
      const manifest = JSON.parse(fs.readFileSync(path.join(guestStore, 'gpupv-manifest.json'), 'utf8')) as {
        mode: string;
        packages: { name: string; files: unknown[] }[];
      };
      assert.equal(manifest.mode, 'Offline');
      assert.deepEqual(
        manifest.packages.map((p) => p.name),
        [INTEL_PACKAGE],
      );
      assert.equal(fs.existsSync(path.join(guestStore, '.gpupv-sync')), false, 'the staging folder is removed');
      // offline: the disk is dismounted again (the VM can start)
      assert.ok(host.operations().includes('Close-GuestDriverStore'));
      for (const op of SYNC_OPS) assert.ok(host.operations().includes(op), `${op} in ${host.operations().join(', ')}`);
      assert.equal(
        (host.calls.find((c) => c.operation === 'Open-GuestDriverStore')!.args as { Target: { Mode: string } }).Target.Mode,
        'Offline',
      );
      // the tree: the mark is gone, the row says what the guest has; only that VM (and the GPU list) was refreshed
      assert.equal(description(host.vmNode('Media-Encoder')), 'Off · GPU-PV ready');
      assert.match(contextValue(host.vmNode('Media-Encoder')), /^vm\+off\+gpu\+ready\+gen2$/);
      assert.equal(label(host.driverRow('Media-Encoder')!), 'Guest driver: 32.0.101.6078');
      assert.match(description(host.driverRow('Media-Encoder')!), /^synced \d{4}-\d{2}-\d{2}, offline$/);
      const vmNodeId = host.vmNode('Media-Encoder').id;
      assert.ok(host.changed.includes(vmNodeId), JSON.stringify(host.changed));
      assert.ok(
        host.changed.every((id) => id === vmNodeId || id === `${host.node.id}/gpus`),
        `refreshed more than the VM: ${JSON.stringify(host.changed)}`,
      );
      assert.equal(host.vm('Media-Encoder').state, 'Off', 'the sync never starts the VM');

      // a second run finds nothing to copy
      const again = await vscode.commands.executeCommand('gpupv.syncDriver', host.vmNode('Media-Encoder'));
      assert.equal(again, 'in-sync');
      ui.find('info', /^GPU-PV: Already in sync: Media-Encoder has the host's driver \(32\.0\.101\.6078\); nothing was copied\.$/);
    });

    it('a host driver update since the last sync: the VM shows "driver drifting", the row says what differs; a sync clears it', async () => {
      const host = await freshHost(workstation());
      const vm = host.vm('Media-Encoder');
      const client = extension.pool.client(host.node.hostId)!;
      // what the host would remember of a sync made before its Intel driver was updated
      const recorded = await client.invoke('Set-DriverSyncRecord', {
        VMId: vm.id,
        Record: JSON.stringify({
          SyncedAt: '2026-10-01T08:00:00.000Z',
          Mode: 'Online',
          Gpus: [{ InstancePath: INTEL_PATH, DriverVersion: '31.0.101.5522', Packages: ['iigd_dch.inf_amd64_0123456789abcdef'] }],
        }),
      });
      assert.ok(recorded.ok, JSON.stringify(recorded));
      await extension.tree.refresh(host.node);
      assert.equal(description(host.vmNode('Media-Encoder')), 'Off · GPU-PV ready · driver drifting');
      assert.match(contextValue(host.vmNode('Media-Encoder')), /\+drift$/);
      const row = host.driverRow('Media-Encoder')!;
      assert.equal(label(row), 'Guest driver differs from host');
      assert.equal(description(row), `${INTEL}: host driver 32.0.101.6078, guest copy 31.0.101.5522; click to sync`);

      // the row's own command: one click
      const command = row.treeItem().command!;
      assert.equal(await vscode.commands.executeCommand(command.command, ...(command.arguments ?? [])), 'synced');
      assert.equal(description(host.vmNode('Media-Encoder')), 'Off · GPU-PV ready');
      assert.equal(label(host.driverRow('Media-Encoder')!), 'Guest driver: 32.0.101.6078');
    });

    it('online on a running VM from the palette: asks the guest credentials once (the existing flow), replaces the stale copy', async () => {
      const host = await freshHost(workstation());
      const vm = host.vm('Render-Node');
      ui.on('pick', /^Sync the host GPU driver to a VM$/, 'Render-Node')
        .on('input', /^Guest credentials of Render-Node \(1\/2\)$/, 'render')
        .on('input', /^Guest credentials of Render-Node \(2\/2\)$/, 'gpupv');

      const result = await vscode.commands.executeCommand('gpupv.syncDriver');

      ui.assertAllUsed();
      assert.equal(result, 'synced', ui.transcript());
      // VMs with a GPU partition come first in the list
      const pick = ui.find('pick', /^Sync the host GPU driver to a VM$/);
      assert.ok(pick.choices.indexOf('Render-Node') < pick.choices.indexOf('Build-Agent'), pick.choices.join(', '));
      ui.find('info', /^GPU-PV: Synced \d+ files .* into Render-Node in /);
      const open = host.calls.find((c) => c.operation === 'Open-GuestDriverStore')!.args as {
        Target: { Mode: string; Credential?: { UserName: string } };
      };
      assert.equal(open.Target.Mode, 'Online');
      assert.equal(open.Target.Credential?.UserName, 'render');
      const manifest = JSON.parse(fs.readFileSync(path.join(store(host, vm.id), 'gpupv-manifest.json'), 'utf8')) as {
        mode: string;
        packages: { name: string }[];
      };
      assert.equal(manifest.mode, 'Online');
      assert.deepEqual(
        manifest.packages.map((p) => p.name),
        [NVIDIA_PACKAGE],
      );
      assert.equal(description(host.vmNode('Render-Node')), 'Running · GPU-PV ready');
      assert.equal(host.vm('Render-Node').state, 'Running');

      // the credentials were kept: the next sync asks nothing
      const before = ui.asked.length;
      assert.equal(await vscode.commands.executeCommand('gpupv.syncDriver', host.vmNode('Render-Node')), 'in-sync');
      assert.deepEqual(
        ui.asked.slice(before).map((a) => a.kind),
        ['info'],
      );
    });

    it('progress and cancel: the notification is cancellable, reports files and bytes; cancel while copying leaves the guest as it was', async () => {
      const host = await freshHost(workstation());
      const vm = host.vm('Media-Encoder');
      const win = vscode.window as unknown as { withProgress: unknown };
      const original = win.withProgress;
      const shown: { options: vscode.ProgressOptions; reports: { message?: string; increment?: number }[] }[] = [];
      let cancelWhileCopying = true;
      // The notification as VS Code drives it, with a cancel button the test presses once copying starts.
      win.withProgress = (
        options: vscode.ProgressOptions,
        task: (p: vscode.Progress<{ message?: string; increment?: number }>, t: vscode.CancellationToken) => Thenable<unknown>,
      ) => {
        const source = new vscode.CancellationTokenSource();
        const entry = { options, reports: [] as { message?: string; increment?: number }[] };
        shown.push(entry);
        return task(
          { report: (value) => (entry.reports.push(value), cancelWhileCopying && value.message?.startsWith('Copying') && source.cancel()) },
          source.token,
        );
      };
      try {
        assert.equal(await vscode.commands.executeCommand('gpupv.syncDriver', host.vmNode('Media-Encoder')), 'cancelled');
        ui.find('info', /^GPU-PV: Cancelled: the guest is as it was\.$/);
        const guestStore = store(host, vm.id);
        assert.equal(fs.existsSync(path.join(guestStore, 'gpupv-manifest.json')), false);
        assert.equal(fs.existsSync(path.join(guestStore, 'FileRepository', INTEL_PACKAGE)), false);
        assert.equal(fs.existsSync(path.join(guestStore, '.gpupv-sync')), false, 'the staging folder is removed');
        assert.ok(host.operations().includes('Close-GuestDriverStore'), 'the disk is dismounted after a cancel too');
        assert.match(description(host.vmNode('Media-Encoder')), /driver not synced$/);

        cancelWhileCopying = false;
        assert.equal(await vscode.commands.executeCommand('gpupv.syncDriver', host.vmNode('Media-Encoder')), 'synced');
      } finally {
        win.withProgress = original;
      }
      assert.equal(shown.length, 2);
      const { options, reports } = shown[1]!;
      assert.equal(options.location, vscode.ProgressLocation.Notification);
      assert.equal(options.cancellable, true);
      assert.equal(options.title, 'GPU-PV: Sync host GPU driver to Media-Encoder');
      const messages = reports.map((r) => r.message ?? '');
      assert.equal(messages[0], 'Reading the host driver and the guest store…');
      assert.ok(
        messages.some((m) => /^Copying: 0 of \d+ files · 0 B of [\d.]+ MB$/.test(m)),
        messages.join('\n'),
      );
      assert.ok(
        messages.some((m) => /^Copying: (\d+) of \1 files · /.test(m)),
        messages.join('\n'),
      );
      assert.ok(messages.includes('Putting the new packages in place…'), messages.join('\n'));
      const total = reports.reduce((sum, r) => sum + (r.increment ?? 0), 0);
      assert.ok(Math.abs(total - 100) < 0.01, `increments add up to ${total}`);
    });

    it('waits in the VM’s queue: Start VM asked during an offline sync runs after the disk is dismounted', async () => {
      const host = await freshHost(workstation());
      // the copy call answers 1.5 s late, so the start is asked while the disk is mounted
      writeFaults(host.simDir(), [{ operation: 'Copy-DriverFilesToGuest', kind: 'delay', ms: 1500 }]);
      const sync = Promise.resolve(vscode.commands.executeCommand('gpupv.syncDriver', host.vmNode('Media-Encoder')));
      await waitFor(() => host.operations().includes('Copy-DriverFilesToGuest'), 'the copy to start');
      await vscode.commands.executeCommand('gpupv.startVm', host.vmNode('Media-Encoder'));
      assert.equal(await sync, 'synced');
      const ops = host.operations();
      assert.ok(
        ops.lastIndexOf('Close-GuestDriverStore') < ops.indexOf('Start-Vm'),
        `the start waited for the dismount: ${ops.join(', ')}`,
      );
      assert.deepEqual(ui.of('error'), [], ui.transcript());
      assert.equal(host.vm('Media-Encoder').state, 'Running');
    });

    it('Set Guest Credentials offers to forget stored credentials only when some are stored', async () => {
      const host = await freshHost(workstation());
      const ref = { hostId: host.node.hostId, vmId: host.vm('GPU-Workstation').id };
      ui.on('input', /\(1\/2\)$/, 'dev').on('input', /\(2\/2\)$/, 'gpupv');
      await vscode.commands.executeCommand('gpupv.setGuestCredentials', ref);
      ui.on('input', /\(1\/2\)$/, undefined);
      await vscode.commands.executeCommand('gpupv.setGuestCredentials', ref);

      const [first, , again] = ui.of('input');
      assert.doesNotMatch(first!.detail ?? '', /forget/, 'nothing is stored yet: nothing to forget');
      assert.match(again!.detail ?? '', /Leave empty to forget the stored credentials\.$/);
    });

    it('wrong guest credentials: the error says why, with Set Guest Credentials as the fix; nothing changed in the guest', async () => {
      const host = await freshHost(workstation());
      const vm = host.vm('GPU-Workstation');
      ui.on('input', /\(1\/2\)$/, 'dev').on('input', /\(2\/2\)$/, 'wrong');
      await vscode.commands.executeCommand('gpupv.setGuestCredentials', { hostId: host.node.hostId, vmId: vm.id });

      const result = await vscode.commands.executeCommand('gpupv.syncDriver', host.vmNode('GPU-Workstation'));

      assert.equal(result, 'failed');
      const error = await waitFor(() => ui.of('error')[0], 'the error message');
      assert.match(error.text, /^GPU-PV: Sync host GPU driver to GPU-Workstation failed\. .*Set the guest credentials again/);
      assert.deepEqual(error.choices, ['Set Guest Credentials', 'Show Log']);
      assert.doesNotMatch(error.text, /wrong/, 'the password is not in the message');
      assert.equal(fs.existsSync(path.join(store(host, vm.id), 'gpupv-manifest.json')), false);
      assert.match(description(host.vmNode('GPU-Workstation')), /driver not synced$/);
    });

    it('a Saved VM is refused with what to do and a Start VM button; nothing runs on the host', async () => {
      hostCounter++;
      const saved = deriveScenario('win11-workstation', `saved-with-gpu-${hostCounter}`, (s) => {
        s.vms.find((v) => v.name === 'Media-Encoder')!.state = 'Saved';
      });
      const host = await freshHost(saved);

      const result = await vscode.commands.executeCommand('gpupv.syncDriver', host.vmNode('Media-Encoder'));

      assert.equal(result, 'refused');
      const warning = ui.find('warning', /^GPU-PV: Media-Encoder is Saved\. A driver sync needs the VM Off/);
      assert.deepEqual(warning.choices, ['Start VM', 'Discard Saved State…']);
      assert.deepEqual(host.writes(), [], 'no sync operation and no start');
      assert.equal(host.vm('Media-Encoder').state, 'Saved');
    });
  });

  // --- Failures ---------------------------------------------------------------------------------

  describe('Hyper-V failures', () => {
    it('a VM whose high MMIO is above a 36-bit CPU’s range: the error explains it and its fix button lowers the MMIO', async () => {
      const host = await freshHost(scenarios.cpu36);
      ui.on('error', /^GPU-PV: Start Big-MMIO failed\./, 'Lower High MMIO to 8 GB').on(
        'warning',
        /^Change 1 setting of Big-MMIO\?$/,
        'Apply',
      );

      await vscode.commands.executeCommand('gpupv.startVm', host.vmNode('Big-MMIO'));

      ui.assertAllUsed();
      const error = ui.find('error', /^GPU-PV: Start Big-MMIO failed\./);
      assert.match(error.text, /high MMIO space does not fit below the host CPU’s physical address limit/);
      // the advice is in the message itself: a notification does not show `detail`
      assert.match(error.text, /This host’s CPU addresses only 64 GB \(36-bit\).*Lower the VM’s high MMIO space to 8 GB/);
      assert.equal(error.detail, undefined);
      assert.deepEqual(error.choices, ['Lower High MMIO to 8 GB', 'Show Log']);
      const fix = ui.find('warning', /^Change 1 setting of Big-MMIO\?$/).detail ?? '';
      assert.match(fix, /addresses only 64 GB \(36-bit\)/, 'the confirmation says why');
      assert.match(fix, /^Set-VM -VM \$vm -HighMemoryMappedIoSpace 8589934592$/m);
      assert.deepEqual(host.writes(), ['Start-Vm', 'Set-VmGpuPvSettings']);
      assert.equal(host.vm('Big-MMIO').highMemoryMappedIoSpace, 8n * GIB);
      assert.equal(host.vm('Big-MMIO').state, 'Off');

      // and now it starts
      await vscode.commands.executeCommand('gpupv.startVm', host.vmNode('Big-MMIO'));
      assert.equal(host.vm('Big-MMIO').state, 'Running');
    });

    it('an offer left unanswered does not hold up the next action on that VM', async () => {
      const host = await freshHost(workstation());
      // the offer to start Render-Node again stays open, as a notification nobody clicks does
      ui.on('pick', /to Render-Node$/, INTEL)
        .on('pick', /size$/, 'Whole GPU')
        .on('warning', /^Assign .*\?$/, 'Apply')
        .on('warning', /^Render-Node is Running\./, 'Shut Down and Continue')
        .on('info', /Start Render-Node again\?$/, 'never');
      void vscode.commands.executeCommand('gpupv.assignGpu', host.vmNode('Render-Node'));
      await waitFor(() => ui.asked.some((a) => /Start Render-Node again\?$/.test(a.text)), 'the offer to start Render-Node again');

      ui.on('warning', /^Remove a GPU partition from Render-Node\?$/, 'Apply');
      let done = false;
      void Promise.resolve(vscode.commands.executeCommand('gpupv.removeGpu', child(host.adapters('Render-Node'), INTEL))).then(
        () => (done = true),
      );
      await waitFor(() => done, 'the removal to finish while the offer is still open', 5_000);
      ui.assertAllUsed();
      assert.deepEqual(host.writes(), ['Stop-Vm', 'Add-GpuPartitionAdapter', 'Remove-GpuPartitionAdapter']);
      assert.deepEqual(host.adapters('Render-Node').map(label), [RTX]);
    });
  });
});
