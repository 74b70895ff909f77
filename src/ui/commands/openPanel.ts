import * as vscode from 'vscode';
import { z } from 'zod/v4';
import { vmStateText } from '../../core/model';
import type { PanelTarget } from '../../core/panel/viewModel';
import { hostTarget } from '../actions/hostTarget';
import { panelServices } from '../panel/panelServices';
import { AdapterNode } from '../tree/adapterNode';
import { GpuNode, gpuLabel } from '../tree/gpuNode';
import { HostNode } from '../tree/hostNode';
import { VmNode } from '../tree/vmNode';
import type { CommandContext } from './commandContext';
import { pickHost } from './pickHost';

/** A plain reference, for the palette, tests and other extensions: `{ hostId, vmId }` or `{ hostId, instancePath }`. */
const plainRef = z.object({ hostId: z.string().min(1), vmId: z.string().min(1).optional(), instancePath: z.string().min(1).optional() });

export function panelTargetOf(node: unknown): PanelTarget | undefined {
  if (node instanceof HostNode) return { hostId: node.hostId, focus: { kind: 'host' } };
  if (node instanceof GpuNode) return { hostId: node.hostId, focus: { kind: 'gpu', instancePath: node.gpu.instancePath } };
  if (node instanceof VmNode) return { hostId: node.hostId, focus: { kind: 'vm', vmId: node.vm.id } };
  if (node instanceof AdapterNode) return { hostId: node.hostId, focus: { kind: 'vm', vmId: node.vmId } };
  const ref = plainRef.safeParse(node);
  if (!ref.success) return undefined;
  const { hostId, vmId, instancePath } = ref.data;
  return { hostId, focus: vmId ? { kind: 'vm', vmId } : instancePath ? { kind: 'gpu', instancePath } : { kind: 'host' } };
}

async function askTarget(ctx: CommandContext, node: unknown): Promise<PanelTarget | undefined> {
  const host = await pickHost(ctx, node);
  if (!host) return undefined;
  const target = await hostTarget(ctx, host);
  if (typeof target === 'string') return { hostId: host.hostId, focus: { kind: 'host' } };
  type Item = vscode.QuickPickItem & { target?: PanelTarget };
  const items: Item[] = [
    {
      label: `$(server) ${host.config.name}`,
      description: 'the host: every GPU and its partitions',
      target: { hostId: host.hostId, focus: { kind: 'host' } },
    },
    { label: 'GPUs', kind: vscode.QuickPickItemKind.Separator },
    ...target.inventory.gpus.map((gpu): Item => ({
      label: `$(circuit-board) ${gpuLabel(gpu)}`,
      description: gpu.driverVersion ?? undefined,
      target: { hostId: host.hostId, focus: { kind: 'gpu', instancePath: gpu.instancePath } },
    })),
    { label: 'Virtual machines', kind: vscode.QuickPickItemKind.Separator },
    ...target.inventory.vms.map((vm): Item => ({
      label: `$(vm) ${vm.name}`,
      description: vmStateText(vm),
      target: { hostId: host.hostId, focus: { kind: 'vm', vmId: vm.id } },
    })),
  ];
  const picked = await vscode.window.showQuickPick(items, { title: 'Open the GPU-PV panel for…', matchOnDescription: true });
  return picked?.target;
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
