/**
 * Where a driver sync puts things in the guest, as paths relative to the guest's Windows folder
 * (what the protocol's guest paths are). Everything the sync works on lives in
 * System32\HostDriverStore: staging, the packages moved aside, the backups and the journal sit in
 * `.gpupv-sync` beside FileRepository, on the same volume, so putting a package in place is a rename
 * and the guest's driver never sees a half-copied folder.
 */
export const STORE = 'System32\\HostDriverStore';
export const REPOSITORY = `${STORE}\\FileRepository`;
export const MANIFEST = `${STORE}\\gpupv-manifest.json`;
export const WORK = `${STORE}\\.gpupv-sync`;
export const JOURNAL = `${WORK}\\journal.json`;

/**
 * Each run stages, moves aside and backs up in a folder of its own: a leftover an earlier run could
 * not delete (a loose DLL a running guest still has loaded, kept as backup) never collides with it.
 */
export const runFolder = (run: string): string => `${WORK}\\${run}`;
export const newRunId = (now: Date): string => `run-${now.toISOString().replace(/[^0-9]/g, '')}`;

export const packagePath = (name: string): string => `${REPOSITORY}\\${name}`;
export const stagedPackagePath = (run: string, name: string): string => `${runFolder(run)}\\staging\\${name}`;
export const oldPackagePath = (run: string, name: string): string => `${runFolder(run)}\\old\\${name}`;
export const stagedLoosePath = (run: string, guestPath: string): string => `${runFolder(run)}\\staging-loose\\${guestPath}`;
export const backupLoosePath = (run: string, guestPath: string): string => `${runFolder(run)}\\backup\\${guestPath}`;

const HOST_WINDOWS = /^[A-Za-z]:\\Windows\\/i;

/** `C:\Windows\System32\nvapi64.dll` → `System32\nvapi64.dll`; null for a file outside the Windows folder. */
export function guestRelativePath(windowsPath: string): string | null {
  return HOST_WINDOWS.test(windowsPath) ? windowsPath.replace(HOST_WINDOWS, '') : null;
}

/** Windows paths compare without case. */
export function pathKey(path: string): string {
  return path.toLowerCase();
}

/**
 * The part of a DriverStore folder name that stays the same across driver updates:
 * `nv_dispi.inf_amd64_` of `nv_dispi.inf_amd64_4bf4c17fa8a478b5`. A host update brings a folder with
 * the same stem and a new hash; a guest folder with the stem and another hash is the stale copy.
 */
export function packageStem(name: string): string | null {
  const match = /^(.+\.inf_[a-z0-9]+_)[0-9a-f]{16}$/i.exec(name);
  return match ? match[1]!.toLowerCase() : null;
}
