import { saveWizardResult } from '../actions/saveHost';
import { runHostWizard } from '../pickers/hostWizard';
import type { CommandContext } from './commandContext';

/** Adds a failover cluster by name; its nodes (Get-ClusterNode) appear under it as hosts. */
export const addClusterCommand = {
  id: 'gpupv.addCluster',
  run: async (ctx: CommandContext) => {
    const result = await runHostWizard('cluster', ctx.fleet.entryNames());
    if (result) await saveWizardResult(ctx, result);
  },
};
