import * as vscode from 'vscode';
import { plural } from '../../core/format';
import { fallbackGpuLabel, unknownPartitioningText } from '../../core/gpuIdentity';
import { code, MarkdownText } from '../../core/markdownText';
import { availabilityText, availableLine, unitsText } from '../../core/resourceText';
import { RESOURCE_KINDS, type HostInventory, type PartitionableGpu } from '../../core/model';
import { holdersOf, unreadableAdaptersOn } from '../../core/rules/partitionUsage';
import { contextValue, type TreeNode } from './treeNode';
import type { TargetRef } from '../../core/targetRef';

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
  readonly ref: TargetRef;

  constructor(
    parentId: string,
    readonly hostId: string,
    readonly gpu: PartitionableGpu,
    private readonly inventory: HostInventory,
  ) {
    this.id = `${parentId}/gpu/${gpu.instancePath}`;
    this.ref = { kind: 'gpu', hostId, instancePath: gpu.instancePath };
  }

  treeItem(): vscode.TreeItem {
    const holders = holdersOf(this.gpu, this.inventory);
    const item = new vscode.TreeItem(gpuLabel(this.gpu), vscode.TreeItemCollapsibleState.None);
    item.id = this.id;
    const driver = this.gpu.driverVersion ? ` · driver ${this.gpu.driverVersion}` : '';
    const unreadable = unreadableAdaptersOn(this.gpu, this.inventory);
    const more = unreadable > 0 ? ` (+${plural(unreadable, 'adapter')} that could not be read)` : '';
    item.description = `${holders.length}/${this.gpu.partitionCount} partitions in use${more}${driver}`;
    item.iconPath = new vscode.ThemeIcon('circuit-board');
    item.contextValue = contextValue('gpu', [KIND_FLAGS[this.gpu.kind], holders.length > 0 && 'inuse']);
    return item;
  }

  children(): TreeNode[] {
    return [];
  }

  details(): MarkdownText {
    const gpu = this.gpu;
    const holders = holdersOf(gpu, this.inventory);
    const text = new MarkdownText().paragraph(kindText(gpu));
    const provider = gpu.driverProvider ? ` (${gpu.driverProvider})` : '';
    text.bullet(`Driver: ${gpu.driverVersion ?? 'unknown'}${provider}${gpu.infName ? `, ${gpu.infName}` : ''}`);
    text.bullet(`Partitions: ${holders.length} in use of ${gpu.partitionCount}; valid counts ${gpu.validPartitionCounts.join(', ')}`);
    for (const kind of RESOURCE_KINDS) text.bullet(availableLine(gpu, kind));
    if (holders.length > 0) text.bullet(`Held by: ${holders.map((h) => h.vm.name).join(', ')}`);
    text.paragraph(availabilityText(gpu.kind)).paragraph(unitsText(gpu.kind));
    return text.paragraph(code(gpu.instancePath));
  }
}
