/**
 * What a sync has to do, decided before anything is written: per package folder whether it is new,
 * changed (which files to copy, which to link from the guest's current copy) or unchanged; which
 * guest folders are stale (in the last manifest but no longer on the host, or the same INF's
 * folder with another hash: the copy left behind by a host driver update); which loose files to
 * copy. A file is unchanged when the last manifest has it with the host file's length and write
 * time and the guest's file still has that length: a re-run reads metadata, not bytes.
 */
import type { HostDriverSnapshot, HostFile, SyncedGpu } from './hostSnapshot';
import { filesUnder, guestPackageNames, hasEntry, type GuestSnapshot } from './guestSnapshot';
import { packagePath, packageStem, pathKey, stagedLoosePath, stagedPackagePath } from './guestLayout';
import type { DriverManifest, ManifestFile, ManifestLooseFile } from './manifest';

export interface CopyItem {
  readonly file: HostFile;
  /** Where the copy lands in the guest (a staging path). */
  readonly destination: string;
  /** The package it belongs to; null for a loose file. */
  readonly packageName: string | null;
}

export interface PackageWork {
  readonly name: string;
  /** new: the guest has no such folder; replace: it has one that is changed or not ours to trust. */
  readonly kind: 'new' | 'replace';
  readonly copy: readonly CopyItem[];
  /** Unchanged files, linked from the guest's current folder into staging. */
  readonly link: readonly { readonly from: string; readonly to: string; readonly entry: ManifestFile }[];
}

export interface LooseWork {
  readonly copy: CopyItem;
  /** Whether the guest has a file at that path now (it is moved to the backup first). */
  readonly existed: boolean;
  readonly hadOriginal: boolean;
}

export interface SyncPlan {
  readonly packages: readonly PackageWork[];
  readonly unchangedPackages: readonly string[];
  /** Guest package folders to remove, with the reason. */
  readonly removals: readonly { readonly name: string; readonly reason: 'not-on-host' | 'replaced-by-update' }[];
  readonly loose: readonly LooseWork[];
  readonly unchangedLoose: readonly ManifestLooseFile[];
  readonly copyFiles: number;
  readonly copyBytes: bigint;
  readonly linkFiles: number;
  /** Nothing to copy or remove and the manifest already says what the host has. */
  readonly inSync: boolean;
  /** Why the manifest is rewritten (or why everything is copied): shown in the log. */
  readonly notes: readonly string[];
}

function sameGpus(a: readonly SyncedGpu[], b: DriverManifest['gpus']): boolean {
  const key = (g: { instancePath: string | null; driverVersion: string | null; packages: readonly string[] }): string =>
    `${pathKey(g.instancePath ?? '')}|${g.driverVersion ?? ''}|${g.packages.map(pathKey).sort().join(',')}`;
  const left = a.map(key).sort();
  const right = b.map(key).sort();
  return left.length === right.length && left.every((k, i) => k === right[i]);
}

function unchanged(
  file: HostFile,
  recorded: { length: bigint; hostWriteTime: bigint } | undefined,
  guestLength: bigint | null | undefined,
): boolean {
  return (
    recorded !== undefined && recorded.length === file.length && recorded.hostWriteTime === file.writeTime && guestLength === file.length
  );
}

/** `run` names this run's work folder (guestLayout.runFolder). */
/** The last manifest's files by package and path (lower-cased): what the quick check compares with. */
export function recordedFiles(manifest: DriverManifest | null): Map<string, Map<string, ManifestFile>> {
  return new Map((manifest?.packages ?? []).map((p) => [pathKey(p.name), new Map(p.files.map((f) => [pathKey(f.path), f]))]));
}

export function planSync(host: HostDriverSnapshot, guest: GuestSnapshot, run: string): SyncPlan {
  const notes: string[] = [];
  const manifest = guest.manifest.kind === 'valid' ? guest.manifest.manifest : null;
  if (guest.manifest.kind === 'none') notes.push('The guest has no manifest: every package is copied.');
  if (guest.manifest.kind === 'unreadable')
    notes.push(`The guest's manifest is unreadable (${guest.manifest.problem}): every package is copied.`);
  const recordedPackages = recordedFiles(manifest);

  const packages: PackageWork[] = [];
  const unchangedPackages: string[] = [];
  let copyFiles = 0;
  let copyBytes = 0n;
  let linkFiles = 0;

  for (const hostPackage of host.packages) {
    const live = packagePath(hostPackage.name);
    const staged = stagedPackagePath(run, hostPackage.name);
    const copyAll = (kind: PackageWork['kind']): PackageWork => ({
      name: hostPackage.name,
      kind,
      copy: hostPackage.files.map((file) => ({ file, destination: `${staged}\\${file.path}`, packageName: hostPackage.name })),
      link: [],
    });
    let work: PackageWork | null;
    const recorded = recordedPackages.get(pathKey(hostPackage.name));
    if (!hasEntry(guest, live)) work = copyAll('new');
    else if (!recorded) work = copyAll('replace');
    else {
      const guestFiles = filesUnder(guest, live);
      const copy: CopyItem[] = [];
      const links: PackageWork['link'][number][] = [];
      for (const file of hostPackage.files) {
        const entry = recorded.get(pathKey(file.path));
        if (entry && unchanged(file, entry, guestFiles.get(pathKey(file.path))?.length))
          links.push({ from: `${live}\\${file.path}`, to: `${staged}\\${file.path}`, entry });
        else copy.push({ file, destination: `${staged}\\${file.path}`, packageName: hostPackage.name });
      }
      const hostPaths = new Set(hostPackage.files.map((f) => pathKey(f.path)));
      const extra = [...guestFiles.keys()].some((inner) => !hostPaths.has(inner));
      work = copy.length === 0 && !extra ? null : { name: hostPackage.name, kind: 'replace', copy, link: links };
    }
    if (!work) {
      unchangedPackages.push(hostPackage.name);
      continue;
    }
    packages.push(work);
    copyFiles += work.copy.length;
    linkFiles += work.link.length;
    for (const item of work.copy) copyBytes += item.file.length;
  }

  const wanted = new Set(host.packages.map((p) => pathKey(p.name)));
  const wantedStems = new Set(host.packages.map((p) => packageStem(p.name)).filter((s): s is string => s !== null));
  const recordedNames = new Set([...(manifest?.packages ?? []).map((p) => p.name), ...(manifest?.pendingRemoval ?? [])].map(pathKey));
  const removals: SyncPlan['removals'][number][] = [];
  for (const name of guestPackageNames(guest)) {
    if (wanted.has(pathKey(name))) continue;
    if (recordedNames.has(pathKey(name))) removals.push({ name, reason: 'not-on-host' });
    else if (wantedStems.has(packageStem(name) ?? '')) removals.push({ name, reason: 'replaced-by-update' });
  }

  const recordedLoose = new Map((manifest?.looseFiles ?? []).map((f) => [pathKey(f.path), f]));
  const loose: LooseWork[] = [];
  const unchangedLoose: ManifestLooseFile[] = [];
  for (const file of host.looseFiles) {
    const guestLength = guest.looseLengths.get(pathKey(file.path)) ?? null;
    const entry = recordedLoose.get(pathKey(file.path));
    if (entry && unchanged(file, entry, guestLength)) {
      unchangedLoose.push(entry);
      continue;
    }
    loose.push({
      copy: { file, destination: stagedLoosePath(run, file.path), packageName: null },
      existed: guestLength !== null,
      hadOriginal: entry?.hadOriginal ?? guestLength !== null,
    });
    copyFiles += 1;
    copyBytes += file.length;
  }

  const manifestCurrent = manifest !== null && sameGpus(host.gpus, manifest.gpus);
  if (manifest && !manifestCurrent) notes.push('The guest manifest names another driver version or package set.');
  const inSync = packages.length === 0 && removals.length === 0 && loose.length === 0 && manifestCurrent;
  return { packages, unchangedPackages, removals, loose, unchangedLoose, copyFiles, copyBytes, linkFiles, inSync, notes };
}
