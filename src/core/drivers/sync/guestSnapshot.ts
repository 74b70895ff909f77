/** The guest side of a sync, from what Open-GuestDriverStore answered: manifest, journal, listing. */
import type { RawGuestDriverStore } from '../../normalize/driverSync';
import { oversizedManifest, readManifest, type ManifestReading } from './manifest';
import { JOURNAL, MANIFEST, pathKey, REPOSITORY, WORK } from './guestLayout';

export interface GuestEntry {
  readonly path: string;
  readonly directory: boolean;
  readonly length: bigint | null;
}

export interface GuestSnapshot {
  readonly manifest: ManifestReading;
  /** The manifest's text as found, so a rollback can put it back. */
  readonly manifestText: string | null;
  readonly journalText: string | null;
  /** The guest's journal was larger than the sync reads: it cannot be undone safely. */
  readonly journalOversized: boolean;
  /** Every entry under HostDriverStore by lower-cased path. */
  readonly entries: ReadonlyMap<string, GuestEntry>;
  /** Lengths of the loose files asked for by lower-cased guest path; null when absent. */
  readonly looseLengths: ReadonlyMap<string, bigint | null>;
}

export function guestSnapshot(raw: RawGuestDriverStore): GuestSnapshot {
  const oversized = new Set(raw.Oversized.map(pathKey));
  const manifestOversized = oversized.has(pathKey(MANIFEST));
  return {
    manifest: manifestOversized ? oversizedManifest() : readManifest(raw.Manifest),
    manifestText: manifestOversized ? null : raw.Manifest,
    journalText: raw.Journal,
    journalOversized: oversized.has(pathKey(JOURNAL)),
    entries: new Map(raw.Entries.map((e) => [pathKey(e.Path), { path: e.Path, directory: e.Directory, length: e.Length }])),
    looseLengths: new Map(raw.LooseFiles.map((f) => [pathKey(f.Path), f.Length])),
  };
}

export function hasEntry(guest: GuestSnapshot, path: string): boolean {
  return guest.entries.has(pathKey(path));
}

/** Package folder names directly under FileRepository. */
export function guestPackageNames(guest: GuestSnapshot): string[] {
  const prefix = `${pathKey(REPOSITORY)}\\`;
  const names: string[] = [];
  for (const [key, entry] of guest.entries) {
    if (entry.directory && key.startsWith(prefix) && !key.slice(prefix.length).includes('\\')) names.push(entry.path.slice(prefix.length));
  }
  return names.sort();
}

/** The files under a folder, keyed by their lower-cased path inside it. */
export function filesUnder(guest: GuestSnapshot, folder: string): Map<string, GuestEntry & { readonly inner: string }> {
  const prefix = `${pathKey(folder)}\\`;
  const files = new Map<string, GuestEntry & { inner: string }>();
  for (const [key, entry] of guest.entries) {
    if (!entry.directory && key.startsWith(prefix))
      files.set(key.slice(prefix.length), { ...entry, inner: entry.path.slice(prefix.length) });
  }
  return files;
}

/** Leftovers of an earlier run (staging, packages moved aside, backups). */
export function hasWorkFolder(guest: GuestSnapshot): boolean {
  return hasEntry(guest, WORK);
}
