/** The extension's settings, read in one place. */
import * as vscode from 'vscode';
import { parseHostsSetting, type HostConfig, type InvalidHostEntry } from '../host/hostConfig';

export const SECTION = 'gpupv';

export interface Settings {
  readonly hosts: HostConfig[];
  readonly invalidHosts: InvalidHostEntry[];
  readonly powershellExecutable: string;
  readonly callTimeoutMs: number;
  readonly refreshIntervalSeconds: number;
}

export function readSettings(): Settings {
  const config = vscode.workspace.getConfiguration(SECTION);
  const inspected = config.inspect<unknown[]>('hosts');
  const userSet = inspected?.globalValue !== undefined || inspected?.workspaceValue !== undefined || inspected?.workspaceFolderValue !== undefined;
  // On Windows this computer is a host unless the user has written their own list.
  const raw = userSet ? config.get<unknown[]>('hosts') : process.platform === 'win32' ? [{ kind: 'local', name: 'This computer' }] : [];
  const { hosts, invalid } = parseHostsSetting(raw);
  const executable = config.get<string>('powershell.executable')?.trim();
  return {
    hosts,
    invalidHosts: invalid,
    powershellExecutable: executable || (process.platform === 'win32' ? 'powershell.exe' : 'pwsh'),
    callTimeoutMs: Math.max(5, config.get<number>('callTimeoutSeconds') ?? 60) * 1000,
    refreshIntervalSeconds: Math.max(0, config.get<number>('refreshIntervalSeconds') ?? 30),
  };
}

export async function addHosts(entries: readonly HostConfig[]): Promise<number> {
  const config = vscode.workspace.getConfiguration(SECTION);
  const current = config.inspect<unknown[]>('hosts')?.globalValue ?? [];
  const names = new Set(current.map((h) => (typeof h === 'object' && h !== null ? (h as { name?: unknown }).name : undefined)));
  const added = entries.filter((e) => !names.has(e.name));
  if (added.length > 0) await config.update('hosts', [...current, ...added], vscode.ConfigurationTarget.Global);
  return added.length;
}
