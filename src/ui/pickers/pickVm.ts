import * as vscode from 'vscode';
import { vmStateText, type VirtualMachine } from '../../core/model';
import { readinessText } from '../../core/rules/requirements';
import type { HostTarget } from '../actions/hostTarget';
import { plural } from '../../core/format';

export async function pickVm(
  target: HostTarget,
  title: string,
  prefer?: (vm: VirtualMachine) => boolean,
): Promise<VirtualMachine | undefined> {
  const vms = [...target.inventory.vms].sort((a, b) => Number(prefer?.(b) ?? 0) - Number(prefer?.(a) ?? 0));
  if (vms.length === 0) {
    void vscode.window.showInformationMessage(`${target.node.config.name} has no virtual machines.`);
    return undefined;
  }
  const picked = await vscode.window.showQuickPick(
    vms.map((vm) => ({
      label: vm.name,
      description: `${vmStateText(vm)} · ${readinessText(vm, target.inventory)}`,
      detail: `generation ${vm.generation} · ${plural(vm.adapters.length, 'GPU partition')}`,
      vm,
    })),
    { title, placeHolder: 'Virtual machine', matchOnDescription: true },
  );
  return picked?.vm;
}
