import * as vscode from 'vscode';
import { runAction } from '../actions/runAction';
import { resolveVm } from '../actions/resolveTarget';
import type { CommandContext } from './commandContext';

export const removeGpuCommand = {
  id: 'gpupv.removeGpu',
  run: async (ctx: CommandContext, node?: unknown) => {
    const chosen = await resolveVm(ctx, node, 'Remove a GPU partition', (vm) => vm.adapters.length > 0);
    if (!chosen) return;
    const { vm, target } = chosen;
    if (vm.adapters.length === 0) {
      const unreadable =
        vm.invalidAdapters.length > 0 ? ' that could be read: the tree shows the one the host reported in an odd form' : '';
      void vscode.window.showInformationMessage(`${vm.name} has no GPU partition${unreadable}.`);
      return;
    }
    const onlyOne = vm.adapters.length === 1 ? vm.adapters[0]!.id : undefined;
    let adapterId: string | null | undefined = chosen.adapterId ?? onlyOne;
    if (adapterId === undefined) {
      // A quick pick's first item is the one Enter takes: one adapter, never all of them. Removing all
      // would remove the adapters that could not be read too: only readable ones are offered then.
      const all = vm.invalidAdapters.length === 0 ? [{ label: 'All GPU partitions', adapterId: null as string | null }] : [];
      const picked = await vscode.window.showQuickPick(
        [
          ...vm.adapters.map((a) => ({ label: a.instancePath ?? 'Default GPU', description: a.id, adapterId: a.id as string | null })),
          ...all,
        ],
        { title: `Remove a GPU partition from ${vm.name}` },
      );
      if (!picked) return;
      adapterId = picked.adapterId;
    }
    await runAction(ctx, target, { kind: 'remove-partition', vm, adapterId }, { confirm: true });
  },
};
