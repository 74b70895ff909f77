/** The extension's settings, read in one place. */
import * as vscode from 'vscode';
import { unconfiguredHosts } from '../host/demoHosts';
import { parseHostsSetting, type HostConfig, type InvalidHostEntry } from '../host/hostConfig';
import type { UserSetting, UserSettingsFile } from './userSettingsFile';

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

/**
 * The user-level `gpupv.hosts`: as the settings file on disk has it when it can be read (VS Code's
 * copy may be stale, see UserSettingsFile), else as VS Code has it.
 */
function userLevelHosts(config: vscode.WorkspaceConfiguration, file: UserSettingsFile | undefined): UserSetting {
  const onDisk = file?.read(`${SECTION}.hosts`);
  if (onDisk) return onDisk;
  const value = config.inspect<unknown[]>('hosts')?.globalValue;
  return value === undefined ? { found: false } : { found: true, value };
}

function setInWorkspace(config: vscode.WorkspaceConfiguration): boolean {
  const inspected = config.inspect<unknown[]>('hosts');
  return inspected?.workspaceValue !== undefined || inspected?.workspaceFolderValue !== undefined;
}

/** The user-level host list; the default one while the user has written none (removing its host writes a list). */
function userHosts(
  config: vscode.WorkspaceConfiguration,
  file: UserSettingsFile | undefined,
  env: NodeJS.ProcessEnv = process.env,
): unknown[] {
  const user = userLevelHosts(config, file);
  if (user.found) return Array.isArray(user.value) ? user.value : [];
  return setInWorkspace(config) ? [] : unconfiguredHosts(process.platform, env);
}

export function readSettings(file?: UserSettingsFile, env: NodeJS.ProcessEnv = process.env): Settings {
  const config = vscode.workspace.getConfiguration(SECTION);
  const user = userLevelHosts(config, file);
  // A workspace's list overrides the user's, as VS Code merges them; a list the user has written
  // always wins over the default (this computer, or the demo hosts).
  const raw = setInWorkspace(config) ? config.get<unknown[]>('hosts') : user.found ? user.value : unconfiguredHosts(process.platform, env);
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

function entryName(entry: unknown): unknown {
  return typeof entry === 'object' && entry !== null ? (entry as { name?: unknown }).name : undefined;
}

/** Adds the entries whose names are not in the user's list yet; answers those it added. */
export async function addHosts(entries: readonly HostConfig[], file?: UserSettingsFile): Promise<HostConfig[]> {
  const config = vscode.workspace.getConfiguration(SECTION);
  const current = userHosts(config, file);
  const names = new Set(current.map(entryName));
  const added = entries.filter((e) => !names.has(e.name));
  if (added.length > 0) await config.update('hosts', [...current, ...added], vscode.ConfigurationTarget.Global);
  return added;
}

/**
 * Replaces the user-level entry named `name` with `entry` (or appends it when there is none);
 * other entries, valid or not, are kept as written.
 */
export async function saveHost(name: string | undefined, entry: HostConfig, file?: UserSettingsFile): Promise<void> {
  const config = vscode.workspace.getConfiguration(SECTION);
  const current = userHosts(config, file);
  const index = name === undefined ? -1 : current.findIndex((h) => entryName(h) === name);
  const next = index >= 0 ? current.map((h, i) => (i === index ? entry : h)) : [...current, entry];
  await config.update('hosts', next, vscode.ConfigurationTarget.Global);
}

/** Removes the user-level entry named `name`; false when there was none. */
export async function removeHost(name: string, file?: UserSettingsFile): Promise<boolean> {
  const config = vscode.workspace.getConfiguration(SECTION);
  const current = userHosts(config, file);
  const next = current.filter((h) => entryName(h) !== name);
  if (next.length === current.length) return false;
  await config.update('hosts', next, vscode.ConfigurationTarget.Global);
  return true;
}
