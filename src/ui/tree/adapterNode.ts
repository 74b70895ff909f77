import * as vscode from 'vscode';
import { formatPercent } from '../../core/format';
import { code, MarkdownText } from '../../core/markdownText';
import { RESOURCE_KINDS, type GpuPartitionAdapter, type HostInventory } from '../../core/model';
import { gpuOfAdapter } from '../../core/rules/partitionUsage';
import { gpuLabel } from './gpuNode';
import { contextValue, type TreeNode } from './treeNode';

export class AdapterNode implements TreeNode {
  readonly id: string;

  constructor(
    parentId: string,
    readonly hostId: string,
    readonly vmId: string,
    readonly adapter: GpuPartitionAdapter,
    private readonly inventory: HostInventory,
  ) {
    this.id = `${parentId}/adapter/${adapter.id}`;
  }

  treeItem(): vscode.TreeItem {
    const gpu = gpuOfAdapter(this.adapter, this.inventory.gpus);
    const label = gpu ? gpuLabel(gpu) : this.adapter.instancePath ? 'Missing GPU' : 'Default GPU';
    const item = new vscode.TreeItem(label, vscode.TreeItemCollapsibleState.None);
    item.id = this.id;
    item.description = this.sizeSummary();
    const stale = this.adapter.instancePath !== null && !gpu;
    item.iconPath = stale ? new vscode.ThemeIcon('warning', new vscode.ThemeColor('list.warningForeground')) : new vscode.ThemeIcon('chip');
    item.contextValue = contextValue('adapter', [stale && 'stale']);
    return item;
  }

  children(): TreeNode[] {
    return [];
  }

  details(): MarkdownText {
    const text = new MarkdownText().paragraph('GPU partition adapter');
    text.bullet('Id: ', code(this.adapter.id));
    text.bullet('GPU: ', this.adapter.instancePath ? code(this.adapter.instancePath) : 'Hyper-V’s default GPU');
    for (const kind of RESOURCE_KINDS) {
      const s = this.adapter.settings[kind];
      const current = this.adapter.current[kind];
      text.bullet(
        `${kind}: min ${s.min ?? 'unset'}, max ${s.max ?? 'unset'}, optimal ${s.optimal ?? 'unset'}${current !== null ? `, current ${current}` : ''}`,
      );
    }
    return text;
  }

  private sizeSummary(): string {
    const gpu = gpuOfAdapter(this.adapter, this.inventory.gpus);
    const vram = this.adapter.settings.VRAM.max;
    if (vram === null) return 'whole GPU (sizes unset)';
    if (!gpu) return `VRAM max ${vram}`;
    return `VRAM ${formatPercent(vram, gpu.resources.VRAM.total)} of GPU`;
  }
}
