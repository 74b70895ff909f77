import * as vscode from 'vscode';
import { discardedStateText } from '../../core/actions/destructive';
import { resolveVm } from '../actions/resolveTarget';
import { runAction } from '../actions/runAction';
import type { CommandContext } from './commandContext';

/**
 * Remove-VMSavedState on a Saved VM: what a Saved VM offers besides starting it. The confirmation
 * says what is lost and offers Start first (runAction asks every destructive action that way).
 */
export const discardSavedStateCommand = {
  id: 'gpupv.discardSavedState',
  run: async (ctx: CommandContext, node?: unknown) => {
    const chosen = await resolveVm(ctx, node, 'Discard the saved state of a VM', (vm) => vm.state === 'Saved');
    if (!chosen) return;
    const { vm, target } = chosen;
    if (vm.state !== 'Saved') {
      void vscode.window.showInformationMessage(`GPU-PV: ${vm.name} is ${vm.state}: it has no saved state to discard.`);
      return;
    }
    const explanation = `${discardedStateText(vm.name)} Start resumes it where it was instead.`;
    await runAction(ctx, target, { kind: 'discard-saved-state', vm }, { confirm: true, explanation });
  },
};
