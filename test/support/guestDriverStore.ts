/**
 * What a test reads back from a simulated guest's disk after a sync: the whole HostDriverStore and
 * the loose files as hashes, and a check of the guest against its own manifest (every file there
 * with the manifest's length and SHA-256, nothing half-copied in the managed package folders).
 */
import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { readManifest, type DriverManifest } from '../../src/core/drivers/sync/manifest';
import { accessPathsInPlace } from '../../src/simulator/disks/mountedVolumes';
import { readStateFile } from '../../src/simulator/persistence/stateStore';

export function guestWindowsDir(simDir: string, vmId: string): string {
  return path.join(simDir, 'disks', `vm-${vmId.toLowerCase()}`, 'Windows');
}

function sha256(file: string): string {
  return createHash('sha256').update(fs.readFileSync(file)).digest('hex').toUpperCase();
}

/** Every file under the guest's HostDriverStore and System32/SysWOW64 loose files, by `\`-path, with its hash. */
export function guestFiles(simDir: string, vmId: string): Map<string, string> {
  const root = guestWindowsDir(simDir, vmId);
  const files = new Map<string, string>();
  const walk = (dir: string, prefix: string): void => {
    if (!fs.existsSync(dir)) return;
    for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
      const full = path.join(dir, entry.name);
      const relative = prefix ? `${prefix}\\${entry.name}` : entry.name;
      if (entry.isDirectory()) walk(full, relative);
      else files.set(relative, sha256(full));
    }
  };
  walk(root, '');
  return files;
}

export function guestManifest(simDir: string, vmId: string): DriverManifest | null {
  const file = path.join(guestWindowsDir(simDir, vmId), 'System32', 'HostDriverStore', 'gpupv-manifest.json');
  if (!fs.existsSync(file)) return null;
  const reading = readManifest(fs.readFileSync(file, 'utf8'));
  if (reading.kind !== 'valid')
    throw new Error(`the guest's manifest is unreadable: ${reading.kind === 'unreadable' ? reading.problem : ''}`);
  return reading.manifest;
}

/** Problems found when the guest's files are checked against its manifest; empty when they agree. */
export function checkAgainstManifest(simDir: string, vmId: string): string[] {
  const manifest = guestManifest(simDir, vmId);
  if (!manifest) return ['no manifest'];
  const files = guestFiles(simDir, vmId);
  const problems: string[] = [];
  const expect = (relative: string, entry: { length: bigint; sha256: string }): void => {
    const found = files.get(relative);
    if (found === undefined) problems.push(`${relative}: missing`);
    else if (found !== entry.sha256) problems.push(`${relative}: hash differs`);
  };
  for (const p of manifest.packages) {
    const prefix = `System32\\HostDriverStore\\FileRepository\\${p.name}\\`;
    for (const f of p.files) expect(`${prefix}${f.path}`, f);
    const listed = new Set(p.files.map((f) => `${prefix}${f.path}`.toLowerCase()));
    for (const relative of files.keys())
      if (relative.toLowerCase().startsWith(prefix.toLowerCase()) && !listed.has(relative.toLowerCase()))
        problems.push(`${relative}: not in the manifest`);
  }
  for (const f of manifest.looseFiles) expect(f.path, f);
  return problems;
}

/** Package folders under the guest's FileRepository. */
export function guestPackages(simDir: string, vmId: string): string[] {
  const dir = path.join(guestWindowsDir(simDir, vmId), 'System32', 'HostDriverStore', 'FileRepository');
  return fs.existsSync(dir) ? fs.readdirSync(dir).sort() : [];
}

/** The disks of the VM the simulator records as mounted on the host. */
export function mountedDisks(simDir: string, vmId: string): string[] {
  const stored = readStateFile(simDir);
  return stored?.host.vms.find((vm) => vm.vmId === vmId.toLowerCase())?.mountedDisks ?? [];
}

/** Files of the staging area an unfinished run may leave behind. */
export function workFolderExists(simDir: string, vmId: string): boolean {
  return fs.existsSync(path.join(guestWindowsDir(simDir, vmId), 'System32', 'HostDriverStore', '.gpupv-sync'));
}

/**
 * Access paths still in place: those the Storage double records, and any link left in the module's
 * mount folders (next to the state directory, where the real module's ProgramData is).
 */
export function accessPathLinks(simDir: string): string[] {
  const mountFolders = path.join(simDir, '..', 'ProgramData', 'GpuPv', 'mnt');
  const links = fs.existsSync(mountFolders)
    ? fs
        .readdirSync(mountFolders)
        .map((name) => path.join(mountFolders, name))
        .filter((entry) => fs.lstatSync(entry).isSymbolicLink())
    : [];
  return [...accessPathsInPlace(simDir), ...links];
}
