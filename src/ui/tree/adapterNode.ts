import * as vscode from 'vscode';
import { fixedPartition } from '../../core/actions/sizing';
import { formatBytes, formatCount, formatPercent } from '../../core/format';
import { code, MarkdownText } from '../../core/markdownText';
import { RESOURCE_KINDS, type GpuPartitionAdapter, type HostInventory, type ResourceKind } from '../../core/model';
import { resourceAmountExact, unitsText } from '../../core/resourceText';
import { adapterGpuStatus, gpuOfAdapter, type AdapterGpuStatus } from '../../core/rules/partitionUsage';
import { gpuLabel } from './gpuNode';
import { contextValue, type TreeNode } from './treeNode';
import type { TargetRef } from '../../core/targetRef';

/** The adapter's label when its GPU is not among the host's readable GPUs. */
const ABSENT_LABELS: Readonly<Record<AdapterGpuStatus, string>> = {
  present: 'GPU',
  default: 'Default GPU',
  unreadable: 'GPU whose entry could not be read',
  missing: 'Missing GPU',
};

export class AdapterNode implements TreeNode {
  readonly id: string;
  readonly ref: TargetRef;

  constructor(
    parentId: string,
    readonly hostId: string,
    readonly vmId: string,
    readonly adapter: GpuPartitionAdapter,
    private readonly inventory: HostInventory,
  ) {
    this.id = `${parentId}/adapter/${adapter.id}`;
    this.ref = { kind: 'vm', hostId, vmId, adapterId: adapter.id };
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

  details(): MarkdownText {
    const gpu = gpuOfAdapter(this.adapter, this.inventory.gpus);
    const text = new MarkdownText().paragraph('GPU partition adapter');
    text.bullet('Id: ', code(this.adapter.id));
    text.bullet('GPU: ', this.adapter.instancePath ? code(this.adapter.instancePath) : 'Hyper-V’s default GPU');
    const amount = (kind: ResourceKind, value: bigint | null) =>
      value === null ? 'unset' : gpu ? resourceAmountExact(gpu.kind, kind, value) : formatCount(value);
    for (const kind of RESOURCE_KINDS) {
      const s = this.adapter.settings[kind];
      const current = this.adapter.current[kind];
      const now = current !== null ? `, current ${amount(kind, current)}` : '';
      text.bullet(`${kind}: min ${amount(kind, s.min)}, max ${amount(kind, s.max)}, optimal ${amount(kind, s.optimal)}${now}`);
    }
    const fixed = gpu && fixedPartition(gpu);
    if (fixed)
      text.paragraph(`Its partition is 1/${fixed.partitionCount} of the GPU whatever these values ask: the partition count sets it.`);
    if (gpu) text.paragraph(unitsText(gpu.kind));
    return text;
  }

  private sizeSummary(): string {
    const gpu = gpuOfAdapter(this.adapter, this.inventory.gpus);
    const fixed = gpu && fixedPartition(gpu);
    if (fixed) return `1/${fixed.partitionCount} of the GPU (VRAM ${formatBytes(fixed.vram)})`;
    const vram = this.adapter.settings.VRAM.max;
    if (vram === null) return 'whole GPU (sizes unset)';
    if (!gpu) return `VRAM max ${formatCount(vram)}`;
    return `VRAM ${formatPercent(vram, gpu.resources.VRAM.total)} of GPU`;
  }
}
