import * as vscode from 'vscode';
import type { CommandContext } from './commandContext';
import { pickManagedHost } from './pickManagedHost';

/** Deletes a host's (or cluster's) stored credentials; it then signs in as the user running VS Code. */
export const forgetHostCredentialsCommand = {
  id: 'gpupv.forgetHostCredentials',
  run: async (ctx: CommandContext, node?: unknown) => {
    const picked = await pickManagedHost(ctx, node, 'Forget the credentials of which host?', true);
    if (!picked) return;
    const ownerId = ctx.fleet.credentialOwner(picked.id);
    if (!(await ctx.hostCredentials.get(ownerId))) {
      void vscode.window.showInformationMessage(
        `GPU-PV: ${picked.label} has no stored credentials: it signs in as the user running VS Code.`,
      );
      return;
    }
    await ctx.hostCredentials.delete(ownerId);
    await Promise.all(ctx.fleet.credentialUsers(ownerId).map((id) => ctx.pool.restart(id)));
    ctx.log.info(`Credentials of ${picked.label} forgotten.`);
    void vscode.window.setStatusBarMessage(`GPU-PV: credentials of ${picked.label} forgotten`, 5000);
  },
};
