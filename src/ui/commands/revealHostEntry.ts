import * as vscode from 'vscode';
import { locateArrayElement } from '../../core/json/jsoncLocator';
import { SECTION } from '../settings';

const HOSTS_KEY = `${SECTION}.hosts`;

/** The settings.json editor the open command just showed (it opens asynchronously). */
async function settingsEditor(): Promise<vscode.TextEditor | undefined> {
  const deadline = Date.now() + 3000;
  for (;;) {
    const editor = vscode.window.activeTextEditor;
    if (editor && /settings\.json$/i.test(editor.document.uri.path)) return editor;
    if (Date.now() > deadline) return undefined;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/**
 * Opens the settings.json that holds `gpupv.hosts` with entry `index` selected (an invalid entry's
 * node runs it): the entry the problem is in, not only the setting. Falls back to the setting
 * when the file cannot be read as JSON with comments.
 */
export const revealHostEntryCommand = {
  id: 'gpupv.revealHostEntry',
  internal: true,
  run: async (_ctx: unknown, index?: unknown) => {
    if (typeof index !== 'number' || !Number.isInteger(index) || index < 0) return;
    const inspected = vscode.workspace.getConfiguration(SECTION).inspect<unknown[]>('hosts');
    const inWorkspace = inspected?.workspaceFolderValue !== undefined || inspected?.workspaceValue !== undefined;
    await vscode.commands.executeCommand(inWorkspace ? 'workbench.action.openWorkspaceSettingsFile' : 'workbench.action.openSettingsJson');
    const editor = await settingsEditor();
    const span = editor && locateArrayElement(editor.document.getText(), HOSTS_KEY, index);
    if (!editor || !span) {
      await vscode.commands.executeCommand('workbench.action.openSettingsJson', { revealSetting: { key: HOSTS_KEY } });
      return;
    }
    const range = new vscode.Range(editor.document.positionAt(span.start), editor.document.positionAt(span.end));
    editor.selection = new vscode.Selection(range.start, range.end);
    editor.revealRange(range, vscode.TextEditorRevealType.InCenterIfOutsideViewport);
  },
};
