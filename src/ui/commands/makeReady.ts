import * as vscode from 'vscode';
import { planReadiness } from '../../core/actions/readinessPlan';
import { runAction } from '../actions/runAction';
import { resolveVm } from '../actions/resolveTarget';
import { readSettings } from '../settings';
import type { CommandContext } from './commandContext';

export const makeReadyCommand = {
  id: 'gpupv.makeReady',
  run: async (ctx: CommandContext, node?: unknown) => {
    const chosen = await resolveVm(ctx, node, 'Make a VM GPU-PV ready', (vm) => vm.adapters.length > 0);
    if (!chosen) return;
    const { vm, target } = chosen;
    const plan = planReadiness(vm, readSettings().mmio);
    if (plan.blockers.length > 0) {
      void vscode.window.showErrorMessage(plan.blockers.join(' '));
      return;
    }
    if (plan.changes.length === 0) {
      const next = vm.adapters.length === 0 ? 'Assign GPU' : undefined;
      const choice = await vscode.window.showInformationMessage(
        `${vm.name} already meets every GPU-PV setting requirement${vm.adapters.length === 0 ? ', but has no GPU partition yet' : ''}.`,
        ...(next ? [next] : []),
      );
      // The VM chosen here, so the next command does not ask again.
      const ref = { hostId: target.node.hostId, vmId: vm.id };
      if (choice === 'Assign GPU') await vscode.commands.executeCommand('gpupv.assignGpu', ref);
      return;
    }
    const explanation = plan.changes.map((c) => `• ${c.title}: ${c.from} → ${c.to} (${c.why})`).join('\n');
    await runAction(ctx, target, { kind: 'configure-vm', vm, settings: plan.settings }, { confirm: true, explanation });
  },
};
