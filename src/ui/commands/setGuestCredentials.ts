import * as vscode from 'vscode';
import { z } from 'zod/v4';
import { resolveVm } from '../actions/resolveTarget';
import { panelServices } from '../panel/panelServices';
import { AdapterNode } from '../tree/adapterNode';
import { VmNode } from '../tree/vmNode';
import type { CommandContext } from './commandContext';

const plainRef = z.object({ hostId: z.string().min(1), vmId: z.string().min(1) });

async function vmOf(ctx: CommandContext, node: unknown): Promise<{ hostId: string; vmId: string; vmName: string } | undefined> {
  if (node instanceof VmNode) return { hostId: node.hostId, vmId: node.vm.id, vmName: node.vm.name };
  if (node instanceof AdapterNode) {
    const vm = ctx.store.snapshot(node.hostId).inventory?.vms.find((v) => v.id === node.vmId);
    return { hostId: node.hostId, vmId: node.vmId, vmName: vm?.name ?? node.vmId };
  }
  const ref = plainRef.safeParse(node);
  if (ref.success) {
    const vm = ctx.store.snapshot(ref.data.hostId).inventory?.vms.find((v) => v.id === ref.data.vmId);
    return { ...ref.data, vmName: vm?.name ?? ref.data.vmId };
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
