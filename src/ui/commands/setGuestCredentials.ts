import * as vscode from 'vscode';
import { parseTargetRef } from '../../core/targetRef';
import { resolveVm } from '../actions/resolveTarget';
import { panelServices } from '../panel/panelServices';
import type { CommandContext } from './commandContext';

async function vmOf(ctx: CommandContext, node: unknown): Promise<{ hostId: string; vmId: string; vmName: string } | undefined> {
  const ref = parseTargetRef(node);
  if (ref?.kind === 'vm') {
    const vm = ctx.store.snapshot(ref.hostId).inventory?.vms.find((v) => v.id === ref.vmId);
    return { hostId: ref.hostId, vmId: ref.vmId, vmName: vm?.name ?? ref.vmId };
  }
  const chosen = await resolveVm(ctx, undefined, 'Set guest credentials of a VM');
  return chosen && { hostId: chosen.target.node.hostId, vmId: chosen.vm.id, vmName: chosen.vm.name };
}

/**
 * Asks for the guest account PowerShell Direct signs in with (to read the guest's devices) and
 * keeps it in VS Code's SecretStorage only.
 */
export const setGuestCredentialsCommand = {
  id: 'gpupv.setGuestCredentials',
  run: async (ctx: CommandContext, node?: unknown) => {
    const services = panelServices();
    if (!services) return;
    const vm = await vmOf(ctx, node);
    if (!vm) return;
    const existing = await services.credentials.get(vm.hostId, vm.vmId);
    const userName = await vscode.window.showInputBox({
      title: `Guest credentials of ${vm.vmName} (1/2)`,
      // Forgetting is offered only when there is something to forget.
      prompt: `A user of the guest Windows with administrator rights (PowerShell Direct signs in with it).${existing ? ' Leave empty to forget the stored credentials.' : ''}`,
      value: existing?.userName ?? '',
      ignoreFocusOut: true,
    });
    if (userName === undefined) return;
    if (userName.trim() === '') {
      if (existing) {
        await services.credentials.delete(vm.hostId, vm.vmId);
        void vscode.window.showInformationMessage(`GPU-PV: the guest credentials of ${vm.vmName} were forgotten.`);
      }
      return;
    }
    const password = await vscode.window.showInputBox({
      title: `Guest credentials of ${vm.vmName} (2/2)`,
      prompt: `Password of ${userName.trim()} in the guest. Kept in VS Code’s secret storage, never in settings or logs.`,
      password: true,
      ignoreFocusOut: true,
    });
    if (password === undefined) return;
    await services.credentials.set(vm.hostId, vm.vmId, { userName: userName.trim(), password });
    ctx.log.info(`Guest credentials of ${vm.vmName} stored (user ${userName.trim()}).`);
    void vscode.window.setStatusBarMessage(`GPU-PV: guest credentials of ${vm.vmName} stored`, 5000);
  },
};
