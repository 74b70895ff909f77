/** What the integration tests share: the extension's API, waiting, host settings, reading tree nodes. */
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { plural } from '../../../src/core/format';
import type { ExtensionApi } from '../../../src/ui/extension';
import { FLEET_NODE_ID } from '../../../src/ui/tree/fleetNode';
import type { TreeNode } from '../../../src/ui/tree/treeNode';

export const EXTENSION_ID = 'gpupv.hyperv-gpupv';

export async function api(): Promise<ExtensionApi> {
  const ext = vscode.extensions.getExtension<ExtensionApi>(EXTENSION_ID);
  assert.ok(ext, `extension ${EXTENSION_ID} is not installed in this extension host`);
  return ext.activate();
}

/** Polls until `check` returns something truthy, and returns it. */
export async function waitFor<T>(check: () => T | undefined | false, what: string, timeoutMs = 15_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = check();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

/** Writes the `gpupv.hosts` user setting and waits until the tree has applied it (the change event is async). */
export async function setHosts(hosts: ReadonlyArray<Record<string, unknown>>): Promise<void> {
  const extension = await api();
  await vscode.workspace.getConfiguration('gpupv').update('hosts', hosts, vscode.ConfigurationTarget.Global);
  // The Fleet summary node (two or more hosts) is a root too, but not a host.
  await waitFor(
    () => extension.tree.getChildren().filter((n) => n.id !== FLEET_NODE_ID).length === hosts.length,
    `the tree to show ${plural(hosts.length, 'host')}`,
  );
}

export function label(node: TreeNode): string {
  const item = node.treeItem();
  return typeof item.label === 'string' ? item.label : (item.label?.label ?? '');
}

export function description(node: TreeNode): string {
  const d = node.treeItem().description;
  return typeof d === 'string' ? d : '';
}

export function contextValue(node: TreeNode): string {
  return node.treeItem().contextValue ?? '';
}
