/**
 * Which paths of a guest's volume a driver sync touches, and which components of each must not be a
 * link. The guest's administrator can replace any folder of it with a junction or a symbolic link:
 * offline, its absolute target (C:\Windows\System32) resolves on the host while the volume is
 * mounted there, so following it would let the sync's renames, writes and removals land in the
 * host's folders. So, before a path is touched, every component from the guest's Windows folder
 * down is checked and a link refuses the step; a removal removes a link as a link and walks a real
 * folder with the same rule at every level. The module (Guest/GpuPvGuestFiles.ps1) and the simulated
 * host apply this description; the journal and the manifest, which the guest can write too, are
 * obeyed only where they name paths inside `syncScope`.
 *
 * Paths are relative to the guest's Windows folder, `\`-separated; '' is that folder itself.
 */
import { z } from 'zod/v4';
import type { GuestFileStep } from './guestSteps';
import {
  backupLoosePath,
  JOURNAL,
  MANIFEST,
  oldPackagePath,
  packagePath,
  pathKey,
  REPOSITORY,
  runFolder,
  stagedLoosePath,
  stagedPackagePath,
  STORE,
  WORK,
} from './guestLayout';

// The path rules name the control characters Windows forbids in file names.
/* eslint-disable no-control-regex */
const NAME = /^[^\\/:*?"<>|\x00-\x1f]+$/;
const RELATIVE = /^[^\\/:*?"<>|\x00-\x1f]+(?:\\[^\\/:*?"<>|\x00-\x1f]+)*$/;
/* eslint-enable no-control-regex */
const DOT_SEGMENT = /(?:^|\\)\.{1,2}(?:\\|$)/;

/**
 * A path relative to the guest's Windows folder (System32\HostDriverStore\..., System32\nvapi64.dll):
 * the module joins it to the mounted volume or to the guest's $env:SystemRoot, so it can never leave it.
 */
export const guestPath = z
  .string()
  .max(1024)
  .regex(RELATIVE, 'expected a path relative to the guest Windows folder')
  .refine((p) => !DOT_SEGMENT.test(p), 'a guest path may not hold . or .. segments');

/** One folder name, such as a package folder's: no separator, no drive, not . or .. */
export const folderName = z
  .string()
  .max(255)
  .regex(NAME, 'expected one folder name')
  .refine((n) => n !== '.' && n !== '..', 'a folder name may not be . or ..');

/** The guest's Windows folder itself: the first component of every path. */
export const WINDOWS_FOLDER = '';

/** `System32\HostDriverStore` → '', 'System32', 'System32\HostDriverStore'. */
export function componentsOf(path: string): string[] {
  const segments = path === WINDOWS_FOLDER ? [] : path.split('\\');
  return [WINDOWS_FOLDER, ...segments.map((_, i) => segments.slice(0, i + 1).join('\\'))];
}

function parentOf(path: string): string {
  const at = path.lastIndexOf('\\');
  return at < 0 ? WINDOWS_FOLDER : path.slice(0, at);
}

/** How a path reads in a message: relative to the guest's volume, so the Windows folder is named too. */
export function displayGuestPath(path: string): string {
  return path === WINDOWS_FOLDER ? 'Windows' : `Windows\\${path}`;
}

export interface PathChecks {
  /** Each must be absent, a real folder or a real file: a link (junction, symbolic link) here refuses. */
  readonly noLink: readonly string[];
  /**
   * Removed: a link is removed as the link (never followed), a real folder by a walk that does the
   * same at every level, a file as the file. Absent is fine.
   */
  readonly removed: string | null;
}

function unique(paths: readonly string[]): string[] {
  const seen = new Map<string, string>();
  for (const path of paths) if (!seen.has(pathKey(path))) seen.set(pathKey(path), path);
  return [...seen.values()];
}

/** A file the sync creates or replaces: its folders are created one by one under checked ones, and an existing file must be a real one. */
export function checksForWrite(path: string): PathChecks {
  return { noLink: componentsOf(path), removed: null };
}

/** What one file step checks before it runs (Write also writes `<path>.tmp` beside its target). */
export function checksForStep(step: GuestFileStep): PathChecks {
  switch (step.Op) {
    case 'Move':
    case 'Link':
      // Link: the hard link's source is a file whose own attributes are checked, never a link to elsewhere.
      return { noLink: unique([...componentsOf(step.From), ...componentsOf(step.To)]), removed: null };
    case 'Write':
      return { noLink: [...componentsOf(step.Path), `${step.Path}.tmp`], removed: null };
    case 'Remove':
      return { noLink: componentsOf(parentOf(step.Path)), removed: step.Path };
  }
}

/**
 * What Open-GuestDriverStore reads: the manifest and the journal (their text), the loose files'
 * lengths, and the whole store below HostDriverStore, walked without following a link. Any link met
 * on the way, inside the store included, refuses the sync before anything is written.
 */
export function checksForRead(manifest: string, journal: string, looseFiles: readonly string[]): PathChecks & { readonly walked: string } {
  return {
    noLink: unique([...componentsOf(manifest), ...componentsOf(journal), ...looseFiles.flatMap(componentsOf)]),
    removed: null,
    walked: STORE,
  };
}

/**
 * The sync's own paths: HostDriverStore and everything below it, and the loose files of the host's
 * driver (System32\nvapi64.dll, ...) as the host names them now. A journal or manifest from the guest
 * is obeyed only inside it.
 */
export function syncScope(looseFiles: readonly string[]): (path: string) => boolean {
  const loose = new Set(looseFiles.map(pathKey));
  const store = pathKey(STORE);
  return (path) => {
    const key = pathKey(path);
    return key === store || key.startsWith(`${store}\\`) || loose.has(key);
  };
}

/** Every path a step names. */
export function pathsOfStep(step: GuestFileStep): string[] {
  return step.Op === 'Move' || step.Op === 'Link' ? [step.From, step.To] : [step.Path];
}

/**
 * Every path a sync can touch, for one package, one file of it and one loose file, and what the sync
 * does there (the README lists them; the tests plant a link at each component of each).
 */
export function pathsTouched(example: {
  readonly run: string;
  readonly packageName: string;
  readonly file: string;
  readonly looseFile: string;
}): { readonly path: string; readonly how: string }[] {
  const { run, packageName, file, looseFile } = example;
  return [
    { path: STORE, how: 'listed (never through a link), created' },
    { path: MANIFEST, how: 'read, written through a .tmp file' },
    { path: `${MANIFEST}.tmp`, how: 'written, renamed' },
    { path: REPOSITORY, how: 'created' },
    { path: packagePath(packageName), how: 'moved aside, moved in, removed (stale)' },
    { path: `${packagePath(packageName)}\\${file}`, how: 'hard-linked from (unchanged files)' },
    { path: WORK, how: 'removed (leftovers)' },
    { path: JOURNAL, how: 'read, written through a .tmp file, removed' },
    { path: `${JOURNAL}.tmp`, how: 'written, renamed' },
    { path: runFolder(run), how: 'created, removed' },
    { path: `${stagedPackagePath(run, packageName)}\\${file}`, how: 'copied to, hard-linked to' },
    { path: stagedPackagePath(run, packageName), how: 'moved in' },
    { path: oldPackagePath(run, packageName), how: 'moved to, moved back (rollback)' },
    { path: stagedLoosePath(run, looseFile), how: 'copied to, moved in' },
    { path: backupLoosePath(run, looseFile), how: 'moved to, moved back (rollback)' },
    { path: looseFile, how: 'length read, moved to the backup, replaced' },
  ];
}
