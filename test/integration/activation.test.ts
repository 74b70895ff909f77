/**
 * Smoke test inside a real extension host: the extension is there, activates implicitly (only when
 * its view is used), and registers every command its manifest contributes.
 * index.ts loads this file before the others, so "not active yet" is checked before any other test
 * has had a chance to use the extension.
 */
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { COMMANDS } from '../../src/ui/commands';

const EXTENSION_ID = 'gpupv.hyperv-gpupv';
const VIEW_CONTAINER_COMMAND = 'workbench.view.extension.gpupv';

interface ManifestCommand {
  command: string;
  title?: string;
}

async function waitFor(condition: () => boolean, timeoutMs: number, what: string): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

function extension(): vscode.Extension<unknown> {
  const ext = vscode.extensions.getExtension(EXTENSION_ID);
  assert.ok(ext, `extension ${EXTENSION_ID} is not installed in this extension host`);
  return ext;
}

describe('activation', () => {
  it(`the extension ${EXTENSION_ID} is present`, () => {
    const ext = extension();
    assert.equal(ext.packageJSON.name, 'hyperv-gpupv');
    assert.equal(ext.packageJSON.publisher, 'gpupv');
  });

  it('is not active before its view is used (implicit activation)', () => {
    assert.equal(extension().isActive, false, 'the extension was activated at startup; it should wait for its view or a command');
  });

  it('activates when its view is opened', async () => {
    await vscode.commands.executeCommand(VIEW_CONTAINER_COMMAND);
    await waitFor(() => extension().isActive, 20_000, `${EXTENSION_ID} to activate after ${VIEW_CONTAINER_COMMAND}`);
  });

  it('registers every command its manifest contributes', async () => {
    const contributed: ManifestCommand[] = extension().packageJSON.contributes?.commands ?? [];
    const registered = new Set(await vscode.commands.getCommands(true));
    const missing = contributed.map((c) => c.command).filter((id) => !registered.has(id));
    assert.deepEqual(missing, [], `declared in package.json but not registered: ${missing.join(', ')}`);
  });

  it('contributes every command the code registers for users, and no other', () => {
    const manifestCommands: ManifestCommand[] = extension().packageJSON.contributes?.commands ?? [];
    const contributed = new Set(manifestCommands.map((c) => c.command));
    const inCode = new Set(COMMANDS.map((c) => c.id));
    const internal = COMMANDS.filter((c) => c.internal).map((c) => c.id);
    assert.deepEqual(internal, ['gpupv.revealHostEntry'], 'the commands only a tree row runs');
    const forUsers = COMMANDS.filter((c) => !c.internal).map((c) => c.id);
    assert.deepEqual(
      forUsers.filter((id) => !contributed.has(id)),
      [],
      'registered in code but not in package.json',
    );
    assert.deepEqual(
      internal.filter((id) => contributed.has(id)),
      [],
      'internal commands stay out of the palette',
    );
    assert.deepEqual(
      [...contributed].filter((id) => !inCode.has(id)),
      [],
      'in package.json but registered by no command of the code',
    );
  });

  it('contributes gpupv.openDemoHosts (the Hosts view welcome button runs it)', () => {
    const contributed: ManifestCommand[] = extension().packageJSON.contributes?.commands ?? [];
    assert.ok(
      contributed.some((c) => c.command === 'gpupv.openDemoHosts'),
      'package.json contributes.commands has no gpupv.openDemoHosts',
    );
  });
});
