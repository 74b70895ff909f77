import { reportConnection, testConnection } from '../actions/connectionTest';
import type { CommandContext } from './commandContext';
import { pickManagedHost } from './pickManagedHost';

/** Connects a remote host or cluster anew and says where it landed, or why not and what fixes it. */
export const testConnectionCommand = {
  id: 'gpupv.testConnection',
  run: async (ctx: CommandContext, node?: unknown) => {
    const target = await pickManagedHost(ctx, node, 'Test the connection to which host?', true);
    if (target) await reportConnection(ctx, target, await testConnection(ctx, target));
  },
};
