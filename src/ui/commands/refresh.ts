import type { CommandContext } from './commandContext';

export const refreshCommand = {
  id: 'gpupv.refresh',
  run: (ctx: CommandContext) => ctx.tree.refresh(),
};
