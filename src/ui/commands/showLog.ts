import type { CommandContext } from './commandContext';

export const showLogCommand = {
  id: 'gpupv.showLog',
  run: (ctx: CommandContext) => ctx.log.show(true),
};
