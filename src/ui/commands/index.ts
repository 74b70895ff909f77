/** Every command, registered in one place. Each handler lives in its own file. */
import * as vscode from 'vscode';
import type { CommandContext } from './commandContext';
import { configureHostsCommand } from './configureHosts';
import { openDemoHostsCommand } from './openDemoHosts';
import { refreshCommand } from './refresh';
import { refreshHostCommand } from './refreshHost';
import { showLogCommand } from './showLog';
import { assignGpuCommand } from './assignGpu';
import { disableCheckpointsCommand } from './disableCheckpoints';
import { disableDynamicMemoryCommand } from './disableDynamicMemory';
import { enableWriteCombiningCommand } from './enableWriteCombining';
import { makeReadyCommand } from './makeReady';
import { removeGpuCommand } from './removeGpu';
import { setMmioCommand } from './setMmio';
import { setPartitionCountCommand } from './setPartitionCount';
import { setStopActionShutDownCommand } from './setStopActionShutDown';
import { shutDownVmCommand, startVmCommand, turnOffVmCommand } from './vmPower';
import { discardSavedStateCommand } from './discardSavedState';
import { openPanelCommand } from './openPanel';
import { setGuestCredentialsCommand } from './setGuestCredentials';
import { syncDriverCommand } from './syncDriver';
import { registerPanel } from '../panel/panelServices';
import { addHostCommand } from './addHost';
import { addClusterCommand } from './addCluster';
import { editHostCommand } from './editHost';
import { removeHostCommand } from './removeHost';
import { testConnectionCommand } from './testConnection';
import { setHostCredentialsCommand } from './setHostCredentials';
import { forgetHostCredentialsCommand } from './forgetHostCredentials';
import { revealHostEntryCommand } from './revealHostEntry';

interface CommandSpec {
  readonly id: string;
  /** Run by a tree row's click with its own arguments, never by a user: not in package.json. */
  readonly internal?: true;
  run(ctx: CommandContext, ...args: unknown[]): unknown;
}

export const COMMANDS: readonly CommandSpec[] = [
  refreshCommand,
  refreshHostCommand,
  openDemoHostsCommand,
  showLogCommand,
  configureHostsCommand,
  assignGpuCommand,
  removeGpuCommand,
  setPartitionCountCommand,
  makeReadyCommand,
  setMmioCommand,
  enableWriteCombiningCommand,
  disableCheckpointsCommand,
  setStopActionShutDownCommand,
  disableDynamicMemoryCommand,
  startVmCommand,
  shutDownVmCommand,
  turnOffVmCommand,
  discardSavedStateCommand,
  openPanelCommand,
  setGuestCredentialsCommand,
  syncDriverCommand,
  addHostCommand,
  addClusterCommand,
  editHostCommand,
  removeHostCommand,
  testConnectionCommand,
  setHostCredentialsCommand,
  forgetHostCredentialsCommand,
  revealHostEntryCommand,
];

export function registerCommands(ctx: CommandContext): vscode.Disposable[] {
  const panel = registerPanel(ctx);
  const commands = COMMANDS.map((spec) =>
    vscode.commands.registerCommand(spec.id, async (...args: unknown[]) => {
      try {
        return await spec.run(ctx, ...args);
      } catch (error) {
        // Handlers return errors as values; reaching here is a bug, reported rather than swallowed.
        ctx.log.error(`${spec.id} failed: ${(error as Error).stack ?? String(error)}`);
        void vscode.window.showErrorMessage(`GPU-PV: ${spec.id} failed unexpectedly. See the log for details.`);
        return undefined;
      }
    }),
  );
  return [...panel, ...commands];
}
