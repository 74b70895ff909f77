import * as vscode from 'vscode';
import { confirmDestructive } from '../dialogs';
import { removeHost } from '../settings';
import type { CommandContext } from './commandContext';
import { pickManagedHost } from './pickManagedHost';

/**
 * Removes a host (this computer, a simulated or remote host) or a cluster from the view after a
 * modal confirmation; nothing on the host changes.
 */
export const removeHostCommand = {
  id: 'gpupv.removeHost',
  run: async (ctx: CommandContext, node?: unknown) => {
    const target = await pickManagedHost(ctx, node, 'Remove which host?', false, true);
    if (!target) return;
    const what = target.config.kind === 'cluster' ? 'failover cluster' : 'host';
    // Its stored password is gone for good: Keep is the default answer.
    const choice = await confirmDestructive({
      message: `Remove the ${what} “${target.label}” from the Hosts view?`,
      detail: 'Its stored credentials are forgotten too. Nothing changes on the host itself.',
      safe: `Keep ${what === 'host' ? 'Host' : 'Cluster'}`,
      destructive: 'Remove',
    });
    if (choice !== 'Remove') return;
    if (!(await removeHost(target.config.name, ctx.userSettings))) {
      void vscode.window.showWarningMessage(
        `GPU-PV: “${target.label}” is not in your user settings (a workspace setting?); remove it from gpupv.hosts there.`,
      );
      return;
    }
    await ctx.hostCredentials.delete(target.id);
    ctx.log.info(`Removed ${what} “${target.label}” from gpupv.hosts.`);
  },
};
