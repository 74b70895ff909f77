import * as vscode from 'vscode';
import { formatCount, formatPercent } from '../../core/format';
import { fallbackGpuLabel, unknownPartitioningText } from '../../core/gpuIdentity';
import { RESOURCE_KINDS, type HostInventory, type PartitionableGpu } from '../../core/model';
import { holdersOf, unreadableAdaptersOn } from '../../core/rules/partitionUsage';
import { contextValue, type TreeNode } from './treeNode';

export function gpuLabel(gpu: PartitionableGpu): string {
  return gpu.friendlyName ?? fallbackGpuLabel(gpu.instancePath);
}

const KIND_FLAGS = { 'gpu-pv': 'gpupv', 'sr-iov': 'sriov', unknown: 'unknownkind' } as const;

function kindText(gpu: PartitionableGpu): string {
  if (gpu.kind === 'gpu-pv')
    return 'GPU-PV (paravirtualised): the partition numbers below are placeholders the driver does not enforce; every VM shares the whole GPU.';
  if (gpu.kind === 'sr-iov') return 'SR-IOV GPU partitioning: the numbers below are enforced by the device.';
  return unknownPartitioningText(gpu.instancePath);
}

export class GpuNode implements TreeNode {
  readonly id: string;

  constructor(
    parentId: string,
    readonly hostId: string,
    readonly gpu: PartitionableGpu,
    private readonly inventory: HostInventory,
  ) {
    this.id = `${parentId}/gpu/${gpu.instancePath}`;
  }

  treeItem(): vscode.TreeItem {
    const holders = holdersOf(this.gpu, this.inventory);
    const item = new vscode.TreeItem(gpuLabel(this.gpu), vscode.TreeItemCollapsibleState.None);
    item.id = this.id;
    const driver = this.gpu.driverVersion ? ` · driver ${this.gpu.driverVersion}` : '';
    const unreadable = unreadableAdaptersOn(this.gpu, this.inventory);
    const more = unreadable > 0 ? ` (+${unreadable} adapter${unreadable === 1 ? '' : 's'} that could not be read)` : '';
    item.description = `${holders.length}/${this.gpu.partitionCount} partitions in use${more}${driver}`;
    item.iconPath = new vscode.ThemeIcon('circuit-board');
    item.contextValue = contextValue('gpu', [KIND_FLAGS[this.gpu.kind], holders.length > 0 && 'inuse']);
    return item;
  }

  children(): TreeNode[] {
    return [];
  }

  tooltip(): vscode.MarkdownString {
    const gpu = this.gpu;
    const holders = holdersOf(gpu, this.inventory);
    const md = new vscode.MarkdownString(undefined, true);
    md.appendMarkdown(`**${escapeMarkdown(gpuLabel(gpu))}**\n\n`);
    md.appendMarkdown(`${escapeMarkdown(kindText(gpu))}\n\n`);
    md.appendMarkdown(
      `- Driver: ${escapeMarkdown(gpu.driverVersion ?? 'unknown')}${gpu.driverProvider ? ` (${escapeMarkdown(gpu.driverProvider)})` : ''}${gpu.infName ? `, ${escapeMarkdown(gpu.infName)}` : ''}\n`,
    );
    md.appendMarkdown(
      `- Partitions: ${holders.length} in use of ${gpu.partitionCount}; valid counts ${gpu.validPartitionCounts.join(', ')}\n`,
    );
    for (const kind of RESOURCE_KINDS) {
      const r = gpu.resources[kind];
      md.appendMarkdown(
        `- ${kind}: ${formatCount(r.available)} available of ${formatCount(r.total)} (${formatPercent(r.available, r.total)})\n`,
      );
    }
    if (holders.length > 0) md.appendMarkdown(`- Held by: ${holders.map((h) => escapeMarkdown(h.vm.name)).join(', ')}\n`);
    md.appendMarkdown(`\n\`${escapeMarkdown(gpu.instancePath)}\``);
    return md;
  }
}

/** Markdown-escapes text from the host (names, paths) for tooltips. */
export function escapeMarkdown(text: string): string {
  return text.replace(/[\\`*_{}[\]()#+\-.!|<>]/g, (c) => `\\${c}`);
}
