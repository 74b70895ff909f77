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
  if (hostId && !hostNode) void vscode.window.showWarningMessage('GPU-PV: the host this command was run on is no longer configured.');
  if (!hostNode) return undefined;
  const target = await hostTarget(ctx, hostNode);
  if (typeof target === 'string') {
    void vscode.window.showErrorMessage(`GPU-PV: ${target}`);
    return undefined;
  }
  return target;
}

/**
 * What a reference names, in the host's inventory read again when the loaded one lacks it: a
 * reference (the panel's, another extension's) may be newer than the tree. Still missing, it was
 * removed or re-created since: the user is told so, and the tree shows the host as it is now.
 */
async function foundFresh<T>(
  ctx: CommandContext,
  target: HostTarget,
  find: (target: HostTarget) => T | undefined,
  /** What is missing, said from the inventory that lacks it. */
  missing: (target: HostTarget) => string,
): Promise<{ target: HostTarget; found: T } | undefined> {
  const found = find(target);
  if (found !== undefined) return { target, found };
  const snapshot = await ctx.store.load(target.node.hostId, () => target.client.inventory());
  // "Error cleared by the next success": an error now means this reading failed.
  if (snapshot.error) {
    const host = target.node.config.name;
    void vscode.window.showErrorMessage(`GPU-PV: ${missing(target)} ${host} could not be read again: ${snapshot.error.message}`);
    return undefined;
  }
  const fresh = snapshot.inventory ? { ...target, inventory: snapshot.inventory } : target;
  const refound = find(fresh);
  if (refound !== undefined) return { target: fresh, found: refound };
  void vscode.window.showWarningMessage(
    `GPU-PV: ${missing(fresh)} It was removed or re-created since it was shown; the view shows the host as it is now.`,
  );
  return undefined;
}

export interface VmTarget {
  readonly target: HostTarget;
  readonly vm: VirtualMachine;
  /** The adapter the command was run on (its row, or a reference naming it), if any. */
  readonly adapterId?: string;
}

/** The VM (and adapter) a reference names; undefined, with a message, when the host no longer has it. */
async function vmOfRef(
  ctx: CommandContext,
  target: HostTarget,
  vmId: string,
  adapterId: string | undefined,
): Promise<VmTarget | undefined> {
  const host = target.node.config.name;
  const find = (t: HostTarget): VirtualMachine | undefined => {
    const vm = findVm(t, vmId);
    return vm && (adapterId === undefined || vm.adapters.some((a) => a.id === adapterId)) ? vm : undefined;
  };
  const missing = (t: HostTarget): string => {
    const vm = findVm(t, vmId);
    return vm ? `${vm.name} on ${host} has no GPU partition with the id ${adapterId}.` : `${host} has no VM with the id ${vmId}.`;
  };
  const found = await foundFresh(ctx, target, find, missing);
  if (!found) return undefined;
  return adapterId === undefined ? { target: found.target, vm: found.found } : { target: found.target, vm: found.found, adapterId };
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
    return target && vmOfRef(ctx, target, ref.vmId, ref.adapterId);
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
    const missing = (): string => `${target.node.config.name} has no partitionable GPU ${ref.instancePath}.`;
    const found = await foundFresh(ctx, target, (t) => t.inventory.gpus.find((g) => g.instancePath === ref.instancePath), missing);
    return found && { target: found.target, gpu: found.found };
  }
  const gpu = await pickGpu(target, title, false);
  return gpu ? { target, gpu } : undefined;
}
