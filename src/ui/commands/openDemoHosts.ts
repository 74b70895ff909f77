import * as vscode from 'vscode';
import { DEMO_CREDENTIALS, DEMO_HOSTS } from '../../host/demoHosts';
import { hostId } from '../../host/hostConfig';
import { addHosts } from '../settings';
import type { CommandContext } from './commandContext';

export const openDemoHostsCommand = {
  id: 'gpupv.openDemoHosts',
  run: async (ctx: CommandContext) => {
    // The remote demo hosts' account goes to secret storage first, so their first connection signs in.
    for (const host of DEMO_HOSTS) {
      const credential = DEMO_CREDENTIALS.get(host.name);
      if (credential && !(await ctx.hostCredentials.get(hostId(host)))) await ctx.hostCredentials.set(hostId(host), credential);
    }
    const added = await addHosts(DEMO_HOSTS);
    ctx.log.info(`Added ${added} simulated demo host(s) to gpupv.hosts.`);
    await vscode.commands.executeCommand('gpupv.hosts.focus');
  },
};
