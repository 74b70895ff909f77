import * as vscode from 'vscode';
import type { VmSettingsChange } from '../../core/actions/gpuPvAction';
import type { VirtualMachine } from '../../core/model';
import type { CommandContext } from '../commands/commandContext';
import { resolveVm } from './resolveTarget';
import { runAction } from './runAction';

/**
 * One GPU-PV setting on its own: `change` gives the Set-VM values for the chosen VM, or a message
 * saying it is already set, or undefined when the user cancelled a further question.
 */
export async function configureVmSetting(
  ctx: CommandContext,
  node: unknown,
  title: string,
  change: (vm: VirtualMachine) => Promise<VmSettingsChange | string | undefined> | VmSettingsChange | string | undefined,
): Promise<void> {
  const chosen = await resolveVm(ctx, node, title);
  if (!chosen) return;
  const settings = await change(chosen.vm);
  if (settings === undefined) return;
  if (typeof settings === 'string') {
    void vscode.window.showInformationMessage(settings);
    return;
  }
  await runAction(ctx, chosen.target, { kind: 'configure-vm', vm: chosen.vm, settings }, { confirm: true });
}
