import * as vscode from 'vscode';
import { DEMO_HOSTS } from '../../host/demoHosts';
import { seedDemoCredentials } from '../demoCredentials';
import { addHosts } from '../settings';
import type { CommandContext } from './commandContext';
import { plural } from '../../core/format';

export const openDemoHostsCommand = {
  id: 'gpupv.openDemoHosts',
  run: async (ctx: CommandContext) => {
    // The remote demo hosts' account goes to secret storage first, so their first connection signs in.
    await seedDemoCredentials(DEMO_HOSTS, ctx.hostCredentials);
    const added = await addHosts(DEMO_HOSTS);
    ctx.log.info(`Added ${plural(added, 'simulated demo host')} to gpupv.hosts.`);
    await vscode.commands.executeCommand('gpupv.hosts.focus');
  },
};
