/** The host and VM (or GPU) a command acts on: from the tree node it was run on, or asked for. */
import * as vscode from 'vscode';
import type { PartitionableGpu, VirtualMachine } from '../../core/model';
import type { CommandContext } from '../commands/commandContext';
import { pickHost } from '../commands/pickHost';
import { pickGpu } from '../pickers/pickGpu';
import { pickVm } from '../pickers/pickVm';
import { AdapterNode } from '../tree/adapterNode';
import { GpuNode } from '../tree/gpuNode';
import { VmNode } from '../tree/vmNode';
import { findVm, hostTarget, type HostTarget } from './hostTarget';

async function targetOf(ctx: CommandContext, hostId: string | undefined, node: unknown): Promise<HostTarget | undefined> {
  const hostNode = hostId ? ctx.tree.hosts().find((h) => h.hostId === hostId) : await pickHost(ctx, node);
  if (!hostNode) return undefined;
  const target = await hostTarget(ctx, hostNode);
  if (typeof target === 'string') {
    void vscode.window.showErrorMessage(`GPU-PV: ${target}`);
    return undefined;
  }
  return target;
}

export interface VmTarget {
  readonly target: HostTarget;
  readonly vm: VirtualMachine;
  /** The adapter node the command was run on, if any. */
  readonly adapterId?: string;
}

export async function resolveVm(
  ctx: CommandContext,
  node: unknown,
  title: string,
  prefer?: (vm: VirtualMachine) => boolean,
): Promise<VmTarget | undefined> {
  if (node instanceof VmNode || node instanceof AdapterNode) {
    const target = await targetOf(ctx, node.hostId, node);
    const vmId = node instanceof VmNode ? node.vm.id : node.vmId;
    const vm = target && findVm(target, vmId);
    if (!target || !vm) return undefined;
    return node instanceof AdapterNode ? { target, vm, adapterId: node.adapter.id } : { target, vm };
  }
  const target = await targetOf(ctx, undefined, node);
  const vm = target && (await pickVm(target, title, prefer));
  return target && vm ? { target, vm } : undefined;
}

export interface GpuTarget {
  readonly target: HostTarget;
  readonly gpu: PartitionableGpu;
}

export async function resolveGpu(ctx: CommandContext, node: unknown, title: string): Promise<GpuTarget | undefined> {
  const target = await targetOf(ctx, node instanceof GpuNode ? node.hostId : undefined, node);
  if (!target) return undefined;
  if (node instanceof GpuNode) {
    const gpu = target.inventory.gpus.find((g) => g.instancePath === node.gpu.instancePath);
    return gpu ? { target, gpu } : undefined;
  }
  const gpu = await pickGpu(target, title, false);
  return gpu ? { target, gpu } : undefined;
}
