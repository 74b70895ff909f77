import type { CommandContext } from './commandContext';
import { pickHost } from './pickHost';

export const refreshHostCommand = {
  id: 'gpupv.refreshHost',
  run: async (ctx: CommandContext, node?: unknown) => {
    const host = await pickHost(ctx, node);
    if (host) await ctx.tree.refresh(host);
  },
};
