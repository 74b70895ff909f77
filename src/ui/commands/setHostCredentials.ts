import * as vscode from 'vscode';
import { connectionOf } from '../../host/hostConfig';
import { reportConnection, testConnection } from '../actions/connectionTest';
import { askCredential } from '../pickers/hostWizard';
import type { CommandContext } from './commandContext';
import { pickManagedHost } from './pickManagedHost';

/**
 * Asks for the account a WinRM host (or a cluster, for all its nodes) signs in with, keeps it in
 * SecretStorage only, and connects again with it.
 */
export const setHostCredentialsCommand = {
  id: 'gpupv.setHostCredentials',
  run: async (ctx: CommandContext, node?: unknown) => {
    const picked = await pickManagedHost(ctx, node, 'Set the credentials of which host?', true);
    if (!picked) return;
    // A cluster's nodes sign in with the cluster's credentials.
    const ownerId = ctx.fleet.credentialOwner(picked.id);
    const cluster = ownerId === picked.id ? undefined : ctx.tree.clusters().find((c) => c.hostId === ownerId);
    const owner = cluster ? { id: ownerId, config: cluster.config, label: cluster.label, node: cluster } : picked;
    if (connectionOf(owner.config)?.transport === 'ssh') {
      void vscode.window.showInformationMessage(
        `GPU-PV: ${owner.label} uses SSH, which signs in with a key: set its key file with “Edit Host…”.`,
      );
      return;
    }
    const stored = await ctx.hostCredentials.get(owner.id);
    const credential = await askCredential(
      `Credentials of ${owner.label}`,
      stored?.userName ?? connectionOf(owner.config)?.userName ?? '',
      owner.label,
    );
    if (credential === undefined) return;
    if (credential === 'none') await ctx.hostCredentials.delete(owner.id);
    else await ctx.hostCredentials.set(owner.id, credential);
    const none = stored ? 'forgotten: it signs in as the user running VS Code' : 'none: it signs in as the user running VS Code';
    ctx.log.info(`Credentials of ${owner.label}: ${credential === 'none' ? none : `stored (user ${credential.userName})`}.`);
    await Promise.all(ctx.fleet.credentialUsers(owner.id).map((id) => ctx.pool.restart(id)));
    await reportConnection(ctx, picked, await testConnection(ctx, picked));
  },
};
