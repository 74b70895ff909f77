import * as vscode from 'vscode';
import { unreadableCountText } from '../../core/invalidEntryText';
import { MarkdownText } from '../../core/markdownText';
import type { HostInventory } from '../../core/model';
import type { InvalidEntry } from '../../core/normalize/entries';
import { GpuNode } from './gpuNode';
import { InvalidEntryNode } from './invalidEntryNode';
import { MessageNode } from './messageNode';
import { contextValue, type TreeNode } from './treeNode';
import { VmNode } from './vmNode';
import { plural } from '../../core/format';

/** "GPUs" and "Virtual machines" under a host. */
export class GroupNode implements TreeNode {
  readonly id: string;

  constructor(
    hostNodeId: string,
    private readonly hostId: string,
    private readonly kind: 'gpus' | 'vms',
    private readonly inventory: HostInventory,
  ) {
    this.id = `${hostNodeId}/${kind}`;
  }

  /** The host's entries of this group that could not be read: VMs, or GPUs and their driver records. */
  private unreadable(): readonly InvalidEntry[] {
    const kinds: readonly string[] = this.kind === 'gpus' ? ['gpu', 'driver'] : ['vm'];
    return this.inventory.invalid.filter((e) => kinds.includes(e.kind));
  }

  treeItem(): vscode.TreeItem {
    const count = this.kind === 'gpus' ? this.inventory.gpus.length : this.inventory.vms.length;
    const item = new vscode.TreeItem(this.kind === 'gpus' ? 'GPUs' : 'Virtual machines', vscode.TreeItemCollapsibleState.Expanded);
    item.id = this.id;
    const unreadable = this.unreadable().length;
    item.description = unreadable > 0 ? `${count} · ${unreadableCountText(unreadable)}` : String(count);
    item.iconPath = new vscode.ThemeIcon(this.kind === 'gpus' ? 'circuit-board' : 'vm');
    item.contextValue = contextValue('group', [this.kind]);
    return item;
  }

  details(): MarkdownText {
    const count = this.kind === 'gpus' ? this.inventory.gpus.length : this.inventory.vms.length;
    const text = new MarkdownText().paragraph(
      `${this.kind === 'gpus' ? plural(count, 'partitionable GPU') : plural(count, 'virtual machine')} on this host`,
    );
    const unreadable = this.unreadable().length;
    return unreadable > 0 ? text.paragraph(`${unreadableCountText(unreadable)}: each is listed below with what was odd.`) : text;
  }

  children(): TreeNode[] {
    const { facts, gpus, vms } = this.inventory;
    const unreadable = this.unreadable().map((entry) => new InvalidEntryNode(this.id, entry));
    if (this.kind === 'gpus') {
      const nodes: TreeNode[] = [...gpus.map((gpu) => new GpuNode(this.id, this.hostId, gpu, this.inventory)), ...unreadable];
      if (gpus.length === 0 && !unreadable.some((n) => n.entry.kind === 'gpu')) {
        nodes.push(
          new MessageNode(`${this.id}/empty`, 'No partitionable GPU', {
            description: facts.inventoryCmdlet
              ? 'needs a WDDM 2.5+ driver with GPU-PV support'
              : 'this Windows has no GPU partitioning cmdlets',
          }),
        );
      } else if (!facts.supportsInstancePath) {
        nodes.push(
          new MessageNode(`${this.id}/win10`, 'Only the default GPU can be assigned', {
            description: `Windows ${facts.osBuild} has no -InstancePath`,
            icon: new vscode.ThemeIcon('warning'),
          }),
        );
      }
      return nodes;
    }
    if (vms.length === 0 && unreadable.length === 0) return [new MessageNode(`${this.id}/empty`, 'No virtual machines')];
    return [...vms.map((vm) => new VmNode(this.id, this.hostId, vm, this.inventory)), ...unreadable];
  }
}
