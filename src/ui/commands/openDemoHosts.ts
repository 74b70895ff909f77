import * as vscode from 'vscode';
import { DEMO_HOSTS } from '../../host/demoHosts';
import { seedDemoCredentials } from '../demoCredentials';
import { addHosts } from '../settings';
import type { CommandContext } from './commandContext';
import { plural } from '../../core/format';

/** Adds the demo hosts that are missing (all of them the first time) and says what it did: never nothing silently. */
export const openDemoHostsCommand = {
  id: 'gpupv.openDemoHosts',
  run: async (ctx: CommandContext) => {
    // The remote demo hosts' account goes to secret storage first, so their first connection signs in.
    await seedDemoCredentials(DEMO_HOSTS, ctx.hostCredentials);
    const added = await addHosts(DEMO_HOSTS, ctx.userSettings);
    ctx.log.info(`Added ${plural(added.length, 'simulated demo host')} to gpupv.hosts.`);
    await vscode.commands.executeCommand('gpupv.hosts.focus');
    if (added.length === DEMO_HOSTS.length) return;
    void vscode.window.showInformationMessage(
      added.length === 0
        ? `GPU-PV: the ${DEMO_HOSTS.length} demo hosts are already in the Hosts view.`
        : `GPU-PV: the demo hosts are in the Hosts view again; added the missing ${added.length === 1 ? 'one' : added.length}: ${added.map((h) => h.name).join(', ')}.`,
    );
  },
};
