import * as vscode from 'vscode';

export const configureHostsCommand = {
  id: 'gpupv.configureHosts',
  run: () => vscode.commands.executeCommand('workbench.action.openSettings', 'gpupv.hosts'),
};
