import { saveWizardResult } from '../actions/saveHost';
import { runHostWizard } from '../pickers/hostWizard';
import type { CommandContext } from './commandContext';
import { pickManagedHost } from './pickManagedHost';

/** Changes a remote host's or a cluster's connection settings (a cluster's node: its cluster's). */
export const editHostCommand = {
  id: 'gpupv.editHost',
  run: async (ctx: CommandContext, node?: unknown) => {
    const target = await pickManagedHost(ctx, node, 'Edit which host?', false);
    if (!target) return;
    const kind = target.config.kind === 'cluster' ? 'cluster' : 'host';
    const result = await runHostWizard(
      kind,
      ctx.fleet.entryNames().filter((n) => n !== target.config.name),
      target.config,
    );
    if (result) await saveWizardResult(ctx, result, target.config);
  },
};
