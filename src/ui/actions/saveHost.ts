/**
 * Writes a host or cluster from the wizard: its credential into SecretStorage (moved along when
 * the entry is renamed, since the id follows the name), its entry into `gpupv.hosts`, then
 * connects it once and reports.
 */
import { hostId, sameHostConfig, type HostConfig } from '../../host/hostConfig';
import type { CommandContext } from '../commands/commandContext';
import type { ManagedHost } from '../commands/pickManagedHost';
import type { WizardResult } from '../pickers/hostWizard';
import { saveHost } from '../settings';
import { reportConnection, testConnection } from './connectionTest';

export async function saveWizardResult(ctx: CommandContext, result: WizardResult, previous?: HostConfig): Promise<ManagedHost | undefined> {
  const id = hostId(result.config);
  if (previous && hostId(previous) !== id) {
    const moved = await ctx.hostCredentials.get(hostId(previous));
    if (moved && !result.credential) await ctx.hostCredentials.set(id, moved);
    await ctx.hostCredentials.delete(hostId(previous));
  }
  if (result.credential) await ctx.hostCredentials.set(id, result.credential);
  await saveHost(previous?.name, result.config, ctx.userSettings);
  ctx.log.info(
    `${previous ? 'Changed' : 'Added'} ${result.config.kind} “${result.config.name}” in gpupv.hosts${result.credential ? ` (credentials of ${result.credential.userName} in secret storage)` : ''}.`,
  );
  const target = await waitForNode(ctx, result.config);
  if (!target) return undefined;
  await reportConnection(ctx, target, await testConnection(ctx, target));
  return target;
}

/** The settings change reaches the tree through an event: wait for the node with the new settings (a few seconds at most). */
async function waitForNode(ctx: CommandContext, config: HostConfig): Promise<ManagedHost | undefined> {
  const id = hostId(config);
  const same = (other: HostConfig) => sameHostConfig(other, config);
  const deadline = Date.now() + 5000;
  while (Date.now() < deadline) {
    const cluster = ctx.tree.clusters().find((c) => c.hostId === id && same(c.config));
    if (cluster) return { id, config: cluster.config, label: cluster.label, node: cluster };
    const host = ctx.tree.hosts().find((h) => h.hostId === id && same(h.config));
    if (host) return { id, config: host.config, label: host.label, node: host };
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
  return undefined;
}
