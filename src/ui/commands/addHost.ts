import { saveWizardResult } from '../actions/saveHost';
import { runHostWizard } from '../pickers/hostWizard';
import type { CommandContext } from './commandContext';

/** Adds a remote Hyper-V host (WinRM, SSH, or a simulated one playing WinRM) and connects it once. */
export const addHostCommand = {
  id: 'gpupv.addHost',
  run: async (ctx: CommandContext) => {
    const result = await runHostWizard('host', ctx.fleet.entryNames());
    if (result) await saveWizardResult(ctx, result);
  },
};
