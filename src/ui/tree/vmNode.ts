import * as vscode from 'vscode';
import { icon, MarkdownText } from '../../core/markdownText';
import { driftView } from '../../core/drivers/sync/syncText';
import { formatBytes, plural } from '../../core/format';
import type { HostInventory, VirtualMachine, VmState } from '../../core/model';
import { checkVm, readiness, type Readiness } from '../../core/rules/requirements';
import { AdapterNode } from './adapterNode';
import { DriverNode } from './driverNode';
import { contextValue, type TreeNode } from './treeNode';

const STATE_ICONS: Partial<Record<VmState, [string, string | undefined]>> = {
  Running: ['vm-running', 'charts.green'],
  Off: ['vm', 'disabledForeground'],
  Saved: ['vm-outline', 'charts.blue'],
  Paused: ['debug-pause', 'charts.yellow'],
  Hibernated: ['vm-outline', 'charts.blue'],
};

function stateIcon(state: VmState): vscode.ThemeIcon {
  const icon = STATE_ICONS[state];
  if (!icon) return new vscode.ThemeIcon('loading~spin');
  return new vscode.ThemeIcon(icon[0], icon[1] ? new vscode.ThemeColor(icon[1]) : undefined);
}

export function readinessText(vm: VirtualMachine, inventory: HostInventory, r: Readiness = readiness(vm, inventory)): string {
  if (r.kind === 'no-adapter') return 'no GPU partition';
  if (r.kind === 'ready') return 'GPU-PV ready';
  return `needs ${r.failing.map((c) => c.title.replace(/ ≥.*$/, '')).join(', ')}`;
}

export class VmNode implements TreeNode {
  readonly id: string;

  constructor(
    parentId: string,
    readonly hostId: string,
    readonly vm: VirtualMachine,
    private readonly inventory: HostInventory,
  ) {
    this.id = `${parentId}/vm/${vm.id}`;
  }

  treeItem(): vscode.TreeItem {
    const vm = this.vm;
    const item = new vscode.TreeItem(
      vm.name,
      vm.adapters.length > 0 ? vscode.TreeItemCollapsibleState.Collapsed : vscode.TreeItemCollapsibleState.None,
    );
    item.id = this.id;
    const r = readiness(vm, this.inventory);
    const drift = driftView(vm, this.inventory.gpus);
    item.description = [vm.state, readinessText(vm, this.inventory, r), drift.suffix].filter(Boolean).join(' · ');
    item.iconPath = stateIcon(vm.state);
    item.contextValue = contextValue('vm', [
      vm.state.toLowerCase(),
      vm.adapters.length > 0 ? 'gpu' : 'nogpu',
      r.kind === 'ready' && 'ready',
      vm.generation === 2 && 'gen2',
      drift.needsSync && 'drift',
    ]);
    return item;
  }

  children(): TreeNode[] {
    const adapters: TreeNode[] = this.vm.adapters.map(
      (adapter) => new AdapterNode(this.id, this.hostId, this.vm.id, adapter, this.inventory),
    );
    const drift = driftView(this.vm, this.inventory.gpus);
    return drift.row ? [...adapters, new DriverNode(this.id, this.hostId, this.vm.id, drift)] : adapters;
  }

  details(): MarkdownText {
    const vm = this.vm;
    const text = new MarkdownText().paragraph(`${vm.state}, generation ${vm.generation}, configuration ${vm.configurationVersion}`);
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
