import * as vscode from 'vscode';
import { vmStateText, type HostInventory } from '../../core/model';
import type { PanelTarget } from '../../core/panel/panelModel';
import { parseTargetRef } from '../../core/targetRef';
import { hostTarget } from '../actions/hostTarget';
import { panelServices } from '../panel/panelServices';
import { gpuLabel } from '../tree/gpuNode';
import type { HostNode } from '../tree/hostNode';
import type { CommandContext } from './commandContext';
import { pickHost } from './pickHost';

/** The panel's page for a row or a reference: a VM's (also from one of its adapters), a GPU's or the host's. */
export function panelTargetOf(node: unknown): PanelTarget | undefined {
  const ref = parseTargetRef(node);
  switch (ref?.kind) {
    case undefined:
      return undefined;
    case 'vm':
      return { hostId: ref.hostId, focus: { kind: 'vm', vmId: ref.vmId } };
    case 'gpu':
      return { hostId: ref.hostId, focus: { kind: 'gpu', instancePath: ref.instancePath } };
    case 'host':
      return { hostId: ref.hostId, focus: { kind: 'host' } };
  }
}

type TargetItem = vscode.QuickPickItem & { target?: PanelTarget };

/**
 * The pick opens at once and stays busy while the host is read (it may be slow, or far away); a host
 * that cannot be read is offered alone, with why, since its panel says what went wrong.
 */
async function askTarget(ctx: CommandContext, node: unknown): Promise<PanelTarget | undefined> {
  const host = await pickHost(ctx, node);
  if (!host) return undefined;
  const items = hostTarget(ctx, host).then((target) =>
    typeof target === 'string' ? [hostItem(host, target)] : targetItems(host, target.inventory),
  );
  const picked = await vscode.window.showQuickPick(items, { title: 'Open the GPU-PV panel for…', matchOnDescription: true });
  return picked?.target;
}

function hostItem(host: HostNode, description: string): TargetItem {
  return { label: `$(server) ${host.config.name}`, description, target: { hostId: host.hostId, focus: { kind: 'host' } } };
}

function targetItems(host: HostNode, inventory: HostInventory): TargetItem[] {
  return [
    hostItem(host, 'the host: every GPU and its partitions'),
    { label: 'GPUs', kind: vscode.QuickPickItemKind.Separator },
    ...inventory.gpus.map((gpu): TargetItem => ({
      label: `$(circuit-board) ${gpuLabel(gpu)}`,
      description: gpu.driverVersion ?? undefined,
      target: { hostId: host.hostId, focus: { kind: 'gpu', instancePath: gpu.instancePath } },
    })),
    { label: 'Virtual machines', kind: vscode.QuickPickItemKind.Separator },
    ...inventory.vms.map((vm): TargetItem => ({
      label: `$(vm) ${vm.name}`,
      description: vmStateText(vm),
      target: { hostId: host.hostId, focus: { kind: 'vm', vmId: vm.id } },
    })),
  ];
}

export const openPanelCommand = {
  id: 'gpupv.openPanel',
  /** Answers the panel (the integration tests read its model). */
  run: async (ctx: CommandContext, node?: unknown) => {
    const services = panelServices();
    if (!services) {
      void vscode.window.showErrorMessage('GPU-PV: the panel is not available.');
      return undefined;
    }
    const target = panelTargetOf(node) ?? (await askTarget(ctx, node));
    if (!target) return undefined;
    return services.manager.open(target);
  },
};
