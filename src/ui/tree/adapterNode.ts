import * as vscode from 'vscode';
import { formatPercent } from '../../core/format';
import { RESOURCE_KINDS, type GpuPartitionAdapter, type HostInventory } from '../../core/model';
import { adapterGpuStatus, gpuOfAdapter, type AdapterGpuStatus } from '../../core/rules/partitionUsage';
import { escapeMarkdown, gpuLabel } from './gpuNode';
import { contextValue, type TreeNode } from './treeNode';

/** The adapter's label when its GPU is not among the host's readable GPUs. */
const ABSENT_LABELS: Readonly<Record<AdapterGpuStatus, string>> = {
  present: 'GPU',
  default: 'Default GPU',
  unreadable: 'GPU whose entry could not be read',
  missing: 'Missing GPU',
};

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
    const status = adapterGpuStatus(this.adapter, this.inventory);
    const item = new vscode.TreeItem(gpu ? gpuLabel(gpu) : ABSENT_LABELS[status], vscode.TreeItemCollapsibleState.None);
    item.id = this.id;
    item.description = this.sizeSummary();
    // Stale only when the GPU is surely gone: a GPU entry that could not be read may be the one it names.
    const stale = status === 'missing';
    item.iconPath = stale ? new vscode.ThemeIcon('warning', new vscode.ThemeColor('list.warningForeground')) : new vscode.ThemeIcon('chip');
    item.contextValue = contextValue('adapter', [stale && 'stale']);
    return item;
  }

  children(): TreeNode[] {
    return [];
  }

  tooltip(): vscode.MarkdownString {
    const md = new vscode.MarkdownString();
    md.appendMarkdown(`**GPU partition adapter**\n\n- Id: \`${escapeMarkdown(this.adapter.id)}\`\n`);
    md.appendMarkdown(`- GPU: \`${escapeMarkdown(this.adapter.instancePath ?? 'Hyper-V default GPU')}\`\n`);
    for (const kind of RESOURCE_KINDS) {
      const s = this.adapter.settings[kind];
      const current = this.adapter.current[kind];
      md.appendMarkdown(
        `- ${kind}: min ${s.min ?? 'unset'}, max ${s.max ?? 'unset'}, optimal ${s.optimal ?? 'unset'}${current !== null ? `, current ${current}` : ''}\n`,
      );
    }
    return md;
  }

  private sizeSummary(): string {
    const gpu = gpuOfAdapter(this.adapter, this.inventory.gpus);
    const vram = this.adapter.settings.VRAM.max;
    if (vram === null) return 'whole GPU (sizes unset)';
    if (!gpu) return `VRAM max ${vram}`;
    return `VRAM ${formatPercent(vram, gpu.resources.VRAM.total)} of GPU`;
  }
}
