/** The host and VM (or GPU) a command acts on: from the tree node it was run on, or asked for. */
import * as vscode from 'vscode';
import type { PartitionableGpu, VirtualMachine } from '../../core/model';
import { parseTargetRef } from '../../core/targetRef';
import type { CommandContext } from '../commands/commandContext';
import { pickHost } from '../commands/pickHost';
import { pickGpu } from '../pickers/pickGpu';
import { pickVm } from '../pickers/pickVm';
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
  /** The adapter the command was run on (its row, or a reference naming it), if any. */
  readonly adapterId?: string;
}

export async function resolveVm(
  ctx: CommandContext,
  node: unknown,
  title: string,
  prefer?: (vm: VirtualMachine) => boolean,
): Promise<VmTarget | undefined> {
  const ref = parseTargetRef(node);
  if (ref?.kind === 'vm') {
    const target = await targetOf(ctx, ref.hostId, node);
    const vm = target && findVm(target, ref.vmId);
    if (!target || !vm) return undefined;
    return ref.adapterId === undefined ? { target, vm } : { target, vm, adapterId: ref.adapterId };
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
  const ref = parseTargetRef(node);
  const target = await targetOf(ctx, ref?.kind === 'gpu' ? ref.hostId : undefined, node);
  if (!target) return undefined;
  if (ref?.kind === 'gpu') {
    const gpu = target.inventory.gpus.find((g) => g.instancePath === ref.instancePath);
    return gpu ? { target, gpu } : undefined;
  }
  const gpu = await pickGpu(target, title, false);
  return gpu ? { target, gpu } : undefined;
}
