/** The extension's settings, read in one place. */
import * as vscode from 'vscode';
import { parseHostsSetting, type HostConfig, type InvalidHostEntry } from '../host/hostConfig';

export const SECTION = 'gpupv';

export interface Settings {
  readonly hosts: HostConfig[];
  readonly invalidHosts: InvalidHostEntry[];
  readonly powershellExecutable: string;
  /** Whether `powershellExecutable` is the user's setting rather than this OS's default. */
  readonly powershellExecutableSet: boolean;
  readonly callTimeoutMs: number;
  readonly refreshIntervalSeconds: number;
  /** Hosts read at once by a refresh; the others wait for a free slot. */
  readonly maxConcurrentSessions: number;
  /** Targets of "Make GPU-PV Ready" and "Set MMIO Space", in bytes. */
  readonly mmio: { readonly lowMmio: bigint; readonly highMmio: bigint };
}

const MIB = 1024n * 1024n;

function megabytes(value: number | undefined, fallback: number): bigint {
  return BigInt(Math.round(typeof value === 'number' && Number.isFinite(value) && value > 0 ? value : fallback)) * MIB;
}

export function readSettings(): Settings {
  const config = vscode.workspace.getConfiguration(SECTION);
  const inspected = config.inspect<unknown[]>('hosts');
  const userSet =
    inspected?.globalValue !== undefined || inspected?.workspaceValue !== undefined || inspected?.workspaceFolderValue !== undefined;
  // On Windows this computer is a host unless the user has written their own list.
  const raw = userSet ? config.get<unknown[]>('hosts') : process.platform === 'win32' ? [{ kind: 'local', name: 'This computer' }] : [];
  const { hosts, invalid } = parseHostsSetting(raw);
  const executable = config.get<string>('powershell.executable')?.trim();
  return {
    hosts,
    invalidHosts: invalid,
    powershellExecutable: executable || (process.platform === 'win32' ? 'powershell.exe' : 'pwsh'),
    powershellExecutableSet: Boolean(executable),
    callTimeoutMs: Math.max(5, config.get<number>('callTimeoutSeconds') ?? 60) * 1000,
    refreshIntervalSeconds: Math.max(0, config.get<number>('refreshIntervalSeconds') ?? 30),
    maxConcurrentSessions: Math.max(1, Math.floor(config.get<number>('maxConcurrentSessions') ?? 4)),
    mmio: { lowMmio: megabytes(config.get<number>('mmio.lowMB'), 1024), highMmio: megabytes(config.get<number>('mmio.highMB'), 32768) },
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

function entryName(entry: unknown): unknown {
  return typeof entry === 'object' && entry !== null ? (entry as { name?: unknown }).name : undefined;
}

/**
 * Replaces the user-level entry named `name` with `entry` (or appends it when there is none);
 * other entries, valid or not, are kept as written.
 */
export async function saveHost(name: string | undefined, entry: HostConfig): Promise<void> {
  const config = vscode.workspace.getConfiguration(SECTION);
  const current = config.inspect<unknown[]>('hosts')?.globalValue ?? [];
  const index = name === undefined ? -1 : current.findIndex((h) => entryName(h) === name);
  const next = index >= 0 ? current.map((h, i) => (i === index ? entry : h)) : [...current, entry];
  await config.update('hosts', next, vscode.ConfigurationTarget.Global);
}

/** Removes the user-level entry named `name`; false when there was none. */
export async function removeHost(name: string): Promise<boolean> {
  const config = vscode.workspace.getConfiguration(SECTION);
  const current = config.inspect<unknown[]>('hosts')?.globalValue ?? [];
  const next = current.filter((h) => entryName(h) !== name);
  if (next.length === current.length) return false;
  await config.update('hosts', next, vscode.ConfigurationTarget.Global);
  return true;
}
