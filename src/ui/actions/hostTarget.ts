import type { HostInventory, VirtualMachine } from '../../core/model';
import type { HostClient } from '../../host/hostClient';
import type { CommandContext } from '../commands/commandContext';
import type { HostNode } from '../tree/hostNode';

/** A host with its client and loaded inventory: what every action starts from. */
export interface HostTarget {
  readonly node: HostNode;
  readonly client: HostClient;
  readonly inventory: HostInventory;
}

/** The host's inventory, loading it first when the tree has not yet. */
export async function hostTarget(ctx: CommandContext, node: HostNode): Promise<HostTarget | string> {
  const client = ctx.pool.client(node.hostId);
  if (!client) return `${node.config.name} is no longer configured.`;
  let snapshot = ctx.store.snapshot(node.hostId);
  if (!snapshot.inventory) snapshot = await ctx.store.load(node.hostId, () => client.inventory());
  if (!snapshot.inventory) return `${node.config.name} could not be read: ${snapshot.error?.message ?? 'unknown error'}`;
  return { node, client, inventory: snapshot.inventory };
}

export function findVm(target: HostTarget, vmId: string): VirtualMachine | undefined {
  return target.inventory.vms.find((vm) => vm.id === vmId);
}
