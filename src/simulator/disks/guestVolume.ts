/**
 * A simulated guest's Windows folder as the driver sync may touch it: the rules of
 * src/core/drivers/sync/guestPaths.ts on real folders, as the module applies them on a mounted volume.
 * A symbolic link (lstat, which never follows one) on a checked component refuses; a removal removes
 * a link as the link and walks a real folder doing the same at every level; the store is listed
 * without following anything, and what the guest wrote is read only up to GUEST_LIMITS.
 */
import { lstatSync, readdirSync, readFileSync, rmdirSync, unlinkSync, type Stats } from 'node:fs';
import { join } from 'node:path';
import { pathKey, STORE } from '../../core/drivers/sync/guestLayout';
import { GUEST_LIMITS } from '../../core/normalize/guestLimits';
import { WindowsPathResolver } from './windowsPaths';

export interface StoreEntry {
  readonly path: string;
  readonly directory: boolean;
  readonly length: bigint | null;
}

/** Why the guest's store is refused: a link at `path`, or more entries than the sync reads. */
export type StoreRefusal = { readonly kind: 'link'; readonly path: string } | { readonly kind: 'too-many' };

export class GuestVolume {
  readonly paths: WindowsPathResolver;
  /** Components found not to be links during this call: the sync never makes a link, so they stay so. */
  private readonly checked = new Set<string>();

  constructor(readonly windowsFolder: string) {
    this.paths = new WindowsPathResolver(windowsFolder);
  }

  /** The first of `paths` (guest paths, '' for the Windows folder) that is a link; null when none is. */
  findLink(paths: readonly string[]): string | null {
    for (const path of paths) {
      const key = pathKey(path);
      if (this.checked.has(key)) continue;
      if (this.isLink(this.paths.resolve(path))) return path;
      this.checked.add(key);
    }
    return null;
  }

  /** A link is removed as the link; a folder by a walk that never follows one; absent is fine. */
  remove(path: string): void {
    const full = this.paths.resolve(path);
    removeWithoutFollowing(full);
    this.paths.changed(full);
  }

  /** The file's text, 'oversized' when larger than `limit` bytes, null when absent. */
  readText(path: string, limit: number): string | 'oversized' | null {
    const full = this.paths.resolve(path);
    const stat = lstatOrNull(full);
    if (stat === null || !stat.isFile()) return null;
    return stat.size > limit ? 'oversized' : readFileSync(full, 'utf8');
  }

  /** Length of a real file, null when absent. */
  fileLength(path: string): bigint | null {
    const stat = lstatOrNull(this.paths.resolve(path));
    return stat !== null && stat.isFile() ? BigInt(stat.size) : null;
  }

  /** Every file and folder under HostDriverStore, or why the store is refused (a link in it, or too many entries). */
  listStore(): StoreEntry[] | StoreRefusal {
    const entries: StoreEntry[] = [];
    const pending: string[] = [STORE];
    while (pending.length > 0) {
      const folder = pending.pop()!;
      const full = this.paths.resolve(folder);
      const stat = lstatOrNull(full);
      if (stat === null || !stat.isDirectory()) continue;
      for (const entry of readdirSync(full, { withFileTypes: true })) {
        const path = `${folder}\\${entry.name}`;
        if (entry.isSymbolicLink()) return { kind: 'link', path };
        if (entries.length >= GUEST_LIMITS.storeEntries) return { kind: 'too-many' };
        const directory = entry.isDirectory();
        entries.push({ path, directory, length: directory ? null : BigInt(lstatSync(join(full, entry.name)).size) });
        if (directory) pending.push(path);
      }
    }
    return entries;
  }

  private isLink(full: string): boolean {
    return lstatOrNull(full)?.isSymbolicLink() ?? false;
  }
}

function lstatOrNull(full: string): Stats | null {
  try {
    return lstatSync(full);
  } catch {
    return null;
  }
}

function removeWithoutFollowing(full: string): void {
  const stat = lstatOrNull(full);
  if (stat === null) return;
  if (!stat.isDirectory()) {
    unlinkSync(full);
    return;
  }
  for (const name of readdirSync(full)) removeWithoutFollowing(join(full, name));
  rmdirSync(full);
}
