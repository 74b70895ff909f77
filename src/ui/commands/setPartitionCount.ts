import * as vscode from 'vscode';
import { plural } from '../../core/format';
import { holdersOf } from '../../core/rules/partitionUsage';
import { runAction } from '../actions/runAction';
import { resolveGpu } from '../actions/resolveTarget';
import { gpuLabel } from '../tree/gpuNode';
import type { CommandContext } from './commandContext';

export const setPartitionCountCommand = {
  id: 'gpupv.setPartitionCount',
  run: async (ctx: CommandContext, node?: unknown) => {
    const chosen = await resolveGpu(ctx, node, 'Set the partition count of a GPU');
    if (!chosen) return;
    const { gpu, target } = chosen;
    const label = gpuLabel(gpu);
    // Hyper-V refuses the change while any VM holds a partition of this GPU: say so before asking.
    const holders = holdersOf(gpu, target.inventory);
    if (holders.length > 0) {
      const vms = [...new Set(holders.map((h) => h.vm.name))];
      // What to do is part of the message: VS Code shows `detail` only in modal dialogs.
      void vscode.window.showErrorMessage(
        `Cannot change the partition count of ${label}: partitions of it are in use by ${plural(vms.length, 'VM')} (${vms.join(', ')}). ` +
          'Remove their GPU partitions first; Hyper-V changes the count only while no VM uses the GPU.',
      );
      return;
    }
    const picked = await vscode.window.showQuickPick(
      gpu.validPartitionCounts.map((count) => ({
        label: String(count),
        description: count === gpu.partitionCount ? 'current' : undefined,
        count,
      })),
      { title: `Partition count of ${label}`, placeHolder: 'Only the counts the GPU’s driver offers' },
    );
    if (!picked || picked.count === gpu.partitionCount) return;
    await runAction(
      ctx,
      target,
      {
        kind: 'set-partition-count',
        gpu: { instancePath: gpu.instancePath, label },
        count: picked.count,
        windows10: target.inventory.facts.inventoryCmdlet === 'Get-VMPartitionableGpu',
      },
      { confirm: true },
    );
  },
};
