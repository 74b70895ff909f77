import * as vscode from 'vscode';
import { icon, MarkdownText } from '../../core/markdownText';
import { driftView } from '../../core/drivers/sync/syncText';
import { formatBytes, plural } from '../../core/format';
import { isKnown, vmStateText, type HostInventory, type Reported, type VirtualMachine, type VmState } from '../../core/model';
import { checkVm, readiness } from '../../core/rules/requirements';
import { vmStatusText } from '../../core/vmStatus';
import { AdapterNode } from './adapterNode';
import { DriverNode } from './driverNode';
import { InvalidEntryNode } from './invalidEntryNode';
import { contextValue, type TreeNode } from './treeNode';
import type { TargetRef } from '../../core/targetRef';

/**
 * Icon and colour per state. Colours keep 3:1 against the side bar in the default themes (WCAG
 * non-text contrast): disabledForeground (1.8:1) and charts.yellow (2.9:1) do not on a light one,
 * so Off is drawn in the description colour and Paused in the list's warning colour.
 */
const STATE_ICONS: Partial<Record<VmState, [string, string | undefined]>> = {
  Running: ['vm-running', 'charts.green'],
  Off: ['vm', 'descriptionForeground'],
  Saved: ['vm-outline', 'charts.blue'],
  Paused: ['debug-pause', 'list.warningForeground'],
  Hibernated: ['vm-outline', 'charts.blue'],
};

function stateIcon(state: Reported<VmState>): vscode.ThemeIcon {
  if (!isKnown(state)) return new vscode.ThemeIcon('question', new vscode.ThemeColor('list.warningForeground'));
  const icon = STATE_ICONS[state];
  if (!icon) return new vscode.ThemeIcon('loading~spin');
  return new vscode.ThemeIcon(icon[0], icon[1] ? new vscode.ThemeColor(icon[1]) : undefined);
}

function gpuFlag(vm: VirtualMachine): string {
  if (vm.adapters.length > 0) return 'gpu';
  return vm.invalidAdapters.length > 0 ? 'unreadablegpu' : 'nogpu';
}

export class VmNode implements TreeNode {
  readonly id: string;
  readonly ref: TargetRef;

  constructor(
    parentId: string,
    readonly hostId: string,
    readonly vm: VirtualMachine,
    private readonly inventory: HostInventory,
  ) {
    this.id = `${parentId}/vm/${vm.id}`;
    this.ref = { kind: 'vm', hostId, vmId: vm.id };
  }

  treeItem(): vscode.TreeItem {
    const vm = this.vm;
    const hasChildren = vm.adapters.length > 0 || vm.invalidAdapters.length > 0;
    const item = new vscode.TreeItem(
      vm.name,
      hasChildren ? vscode.TreeItemCollapsibleState.Collapsed : vscode.TreeItemCollapsibleState.None,
    );
    item.id = this.id;
    const r = readiness(vm, this.inventory);
    const drift = driftView(vm, this.inventory.gpus);
    item.description = vmStatusText(vm, this.inventory, r);
    item.iconPath = stateIcon(vm.state);
    // A state we do not know matches no power action; only readable adapters make it a `gpu` VM.
    item.contextValue = contextValue('vm', [
      isKnown(vm.state) ? vm.state.toLowerCase() : 'unknownstate',
      vm.stateCritical && 'critical',
      gpuFlag(vm),
      r.kind === 'ready' && 'ready',
      vm.generation === 2 && 'gen2',
      drift.needsSync && 'drift',
    ]);
    return item;
  }

  children(): TreeNode[] {
    const adapters: TreeNode[] = [
      ...this.vm.adapters.map((adapter) => new AdapterNode(this.id, this.hostId, this.vm.id, adapter, this.inventory)),
      ...this.vm.invalidAdapters.map((entry) => new InvalidEntryNode(this.id, entry)),
    ];
    const drift = driftView(this.vm, this.inventory.gpus);
    return drift.row ? [...adapters, new DriverNode(this.id, this.hostId, this.vm.id, drift)] : adapters;
  }

  details(): MarkdownText {
    const vm = this.vm;
    const text = new MarkdownText().paragraph(`${vmStateText(vm)}, generation ${vm.generation}, configuration ${vm.configurationVersion}`);
    text.paragraph(
      `Memory ${formatBytes(vm.memoryStartup)}${vm.dynamicMemoryEnabled ? ' (dynamic)' : ''}, ${plural(vm.processorCount, 'processor')}`,
    );
    for (const check of checkVm(vm, this.inventory)) {
      const mark = check.status === 'pass' ? 'pass' : check.status === 'fail' ? 'error' : 'question';
      text.paragraph(icon(mark), ' ', check.detail);
    }
    const drift = driftView(vm, this.inventory.gpus);
    if (drift.tooltip.length > 0) {
      const mark = !drift.applies ? 'info' : drift.needsSync ? 'warning' : 'pass';
      text.paragraph(icon(mark), ' ', drift.tooltip.join('\n'));
    }
    return text;
  }
}
