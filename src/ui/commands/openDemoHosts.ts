import * as vscode from 'vscode';
import { DEMO_HOSTS } from '../../host/demoHosts';
import { addHosts } from '../settings';
import type { CommandContext } from './commandContext';

export const openDemoHostsCommand = {
  id: 'gpupv.openDemoHosts',
  run: async (ctx: CommandContext) => {
    const added = await addHosts(DEMO_HOSTS);
    ctx.log.info(`Added ${added} simulated demo host(s) to gpupv.hosts.`);
    await vscode.commands.executeCommand('gpupv.hosts.focus');
  },
};
