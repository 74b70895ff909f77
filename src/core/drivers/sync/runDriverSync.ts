/**
 * Runs a driver sync into one VM: read both sides, undo an interrupted earlier commit, plan, stage
 * (the slow part, cancellable between batches), commit by renames behind a journal, write the
 * manifest, clean up, and always close the target (dismount the disk) whatever happened.
 *
 * Cancel during staging leaves the guest as it was (the staging folder is removed); once the commit
 * has started it is finished, because it is a few renames and stopping half way is what the user
 * asked us to avoid. A failed rename rolls the commit back at once.
 */
import { fail, ok, type GpuPvError, type Result } from '../../errors';
import type { DriverSyncRecord, RawCopiedFile } from '../../normalize/driverSync';
import type { DriverSyncPort } from './driverSyncPort';
import { JOURNAL, WORK, newRunId, oldPackagePath, packagePath, pathKey } from './guestLayout';
import { guestSnapshot, hasWorkFolder, type GuestSnapshot } from './guestSnapshot';
import { link, move, remove, type GuestFileStep } from './guestSteps';
import { fileListRequest, hostSnapshot, type GpuDriver, type HostDriverSnapshot } from './hostSnapshot';
import { commitSteps, oversizedJournal, readJournal, rollbackSteps, type SyncJournal } from './journal';
import { writeManifest, type DriverManifest, type ManifestFile } from './manifest';
import type { SyncProgress } from './progress';
import { planSync, recordedFiles, type CopyItem, type SyncPlan } from './syncPlan';

export interface DriverSyncRequest {
  readonly mode: 'Offline' | 'Online';
  readonly drivers: readonly GpuDriver[];
  readonly signal?: AbortSignal;
  readonly onProgress?: (progress: SyncProgress) => void;
  readonly onNote?: (note: string) => void;
  /** For tests and the manifest's syncedAt. */
  readonly now?: () => Date;
}

export interface DriverSyncStats {
  readonly filesCopied: number;
  readonly bytesCopied: bigint;
  readonly filesLinked: number;
  readonly packagesWritten: readonly string[];
  readonly packagesRemoved: readonly string[];
  readonly packagesUnchanged: readonly string[];
  readonly looseFilesCopied: number;
  readonly skipped: readonly string[];
  /** Online only: stale packages the running guest holds, left for the next sync. */
  readonly packagesKeptInUse: readonly string[];
}

export type DriverSyncOutcome =
  | { readonly kind: 'in-sync'; readonly recovered: boolean; readonly stats: DriverSyncStats; readonly record: DriverSyncRecord }
  | { readonly kind: 'synced'; readonly recovered: boolean; readonly stats: DriverSyncStats; readonly record: DriverSyncRecord }
  | { readonly kind: 'cancelled'; readonly recovered: boolean };

/** A copy call moves at most this much, so progress moves and cancel is heard between calls. */
export const COPY_BATCH_BYTES = 64n * 1024n * 1024n;
export const COPY_BATCH_FILES = 400;
const STEP_BATCH = 2000;

class SyncAbort {
  constructor(readonly error: GpuPvError) {}
}

function must<T>(result: Result<T>): T {
  if (!result.ok) throw new SyncAbort(result.error);
  return result.value;
}

export function copyBatches(items: readonly CopyItem[]): CopyItem[][] {
  const batches: CopyItem[][] = [];
  let current: CopyItem[] = [];
  let bytes = 0n;
  for (const item of items) {
    if (current.length > 0 && (current.length >= COPY_BATCH_FILES || bytes + item.file.length > COPY_BATCH_BYTES)) {
      batches.push(current);
      current = [];
      bytes = 0n;
    }
    current.push(item);
    bytes += item.file.length;
  }
  if (current.length > 0) batches.push(current);
  return batches;
}

function chunks<T>(items: readonly T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

export async function runDriverSync(port: DriverSyncPort, request: DriverSyncRequest): Promise<Result<DriverSyncOutcome>> {
  const progress = (p: SyncProgress): void => request.onProgress?.(p);
  const reading: SyncProgress = { phase: 'reading', filesDone: 0, filesTotal: 0, bytesDone: 0n, bytesTotal: 0n };
  progress(reading);
  if (request.drivers.length === 0)
    return fail('invalid-argument', 'The VM has no GPU partition adapter: assign a GPU first, then sync its driver.');

  const request_ = fileListRequest(request.drivers);
  const listing = await port.fileList(request_.Folders, request_.Files);
  if (!listing.ok) return listing;
  const snapshot = hostSnapshot(request.drivers, listing.value);
  if (!snapshot.ok) return snapshot;
  const host = snapshot.value;
  const looseGuestPaths = host.looseFiles.map((f) => f.path);

  let outcome: Result<DriverSyncOutcome> = fail('driver-sync-failed', 'The sync stopped unexpectedly; the log has the details.');
  try {
    outcome = ok(await syncOpened(port, request, host, looseGuestPaths, progress));
  } catch (error) {
    if (!(error instanceof SyncAbort)) throw error;
    outcome = { ok: false, error: error.error };
  } finally {
    // Always, also after a failure or cancel: a disk left mounted keeps the VM from starting.
    const closed = await port.close();
    if (!closed.ok) {
      // The dismount failure matters more than a success; after a failure both are said.
      const finished: Result<DriverSyncOutcome> = outcome;
      const before = finished.ok
        ? finished.value.kind === 'cancelled'
          ? 'The sync was cancelled, but'
          : 'The driver was synced, but'
        : `${finished.error.message} Also,`;
      const message = `${before} the VM's disk could not be dismounted: ${closed.error.message} Dismount it with Dismount-VHD before starting the VM.`;
      outcome = fail('disk-still-mounted', message, closed.error.detail);
    }
  }
  return outcome;
}

/** Why an interrupted sync is not undone: the guest wrote (or damaged) its journal. Nothing was changed. */
export function journalRefused(reason: string): string {
  return (
    `The guest's sync journal (${JOURNAL}) was refused: ${reason}. It was not obeyed, and nothing was changed. ` +
    `A guest administrator may have written it: look at the ${WORK} folder in the guest, put back by hand ` +
    `what it holds if needed, delete the folder, then sync again.`
  );
}

async function openGuest(port: DriverSyncPort, loose: readonly string[]): Promise<GuestSnapshot> {
  return guestSnapshot(must(await port.open(loose)));
}

async function syncOpened(
  port: DriverSyncPort,
  request: DriverSyncRequest,
  host: HostDriverSnapshot,
  loose: readonly string[],
  progress: (p: SyncProgress) => void,
): Promise<DriverSyncOutcome> {
  let guest = await openGuest(port, loose);
  let recovered = false;
  if (guest.journalText !== null || guest.journalOversized) {
    const reading = guest.journalOversized ? oversizedJournal() : readJournal(guest.journalText!, loose);
    if (reading.kind === 'refused') throw new SyncAbort({ id: 'guest-data-refused', message: journalRefused(reading.reason) });
    progress({ phase: 'recovering', filesDone: 0, filesTotal: 0, bytesDone: 0n, bytesTotal: 0n });
    request.onNote?.('An earlier sync was interrupted while putting packages in place: it is undone first.');
    await runSteps(port, rollbackSteps(reading.journal, guest));
    await removeQuietly(port, WORK, request);
    guest = await openGuest(port, loose);
    recovered = true;
  }

  const run = newRunId(request.now?.() ?? new Date());
  const plan = planSync(host, guest, run);
  for (const note of plan.notes) request.onNote?.(note);
  const stats = statsOf(plan, host);
  if (plan.inSync) {
    if (hasWorkFolder(guest)) await removeQuietly(port, WORK, request);
    const record = recordOf(request, host);
    await recordQuietly(port, record, request);
    return { kind: 'in-sync', recovered, stats, record };
  }

  // Staging: nothing the guest's driver reads is touched yet.
  let copied: Map<string, RawCopiedFile>;
  try {
    const staged = await stage(port, request, plan, progress, hasWorkFolder(guest));
    if (staged === 'cancelled') return { kind: 'cancelled', recovered };
    copied = staged;
  } catch (error) {
    // A failed copy leaves the live store as it was; the half-filled staging folder goes too (best effort).
    if (!(error instanceof SyncAbort)) throw error;
    await removeQuietly(port, WORK, request);
    throw new SyncAbort({
      ...error.error,
      message: `Copying the driver failed: ${error.error.message} The guest's driver store was left as it was.`,
    });
  }
  const total: SyncProgress = {
    phase: 'committing',
    filesDone: plan.copyFiles,
    filesTotal: plan.copyFiles,
    bytesDone: plan.copyBytes,
    bytesTotal: plan.copyBytes,
  };

  // Commit: from here on the run finishes (or rolls back on a failed rename), cancel or not.
  progress(total);
  const manifest = manifestOf(request, host, plan, guest, copied);
  const journal: SyncJournal = {
    format: 'gpupv-sync-journal',
    version: 1,
    startedAt: (request.now?.() ?? new Date()).toISOString(),
    run,
    // Only a manifest the sync could read is put back on a rollback: an unreadable one (the guest's,
    // perhaps megabytes of it) is not carried into the journal, and the guest then has none, which
    // the next sync treats the same way.
    previousManifest: guest.manifest.kind === 'valid' ? guest.manifestText : null,
    // Online, a stale package the running guest has loaded cannot be renamed: it is removed after the
    // commit if it can be, instead of failing the whole sync (see removeStaleOnline).
    packages: [
      ...plan.packages.map((p) => ({ name: p.name, kind: p.kind })),
      ...(request.mode === 'Offline' ? plan.removals.map((r) => ({ name: r.name, kind: 'remove' as const })) : []),
    ],
    loose: plan.loose.map((l) => ({ path: l.copy.file.path, existed: l.existed })),
  };
  const manifestText = writeManifest(manifest);
  const committed = await port.run(commitSteps(journal, manifestText));
  if (!committed.ok) {
    const after = await port.open(loose);
    // The shell may have died after the last rename but before it answered: then the commit is complete.
    const completed = after.ok && after.value.Journal === null && after.value.Manifest === manifestText;
    const undone = completed ? after : after.ok ? await port.run(rollbackSteps(journal, guestSnapshot(after.value))) : after;
    if (!completed && undone.ok) await removeQuietly(port, WORK, request);
    if (!completed) {
      const held =
        request.mode === 'Online'
          ? ' The running guest may hold files of the package it replaces: shut the VM down and sync again (offline).'
          : '';
      const tail =
        (undone.ok
          ? 'The guest was put back as it was before the sync.'
          : `Undoing it failed too (${undone.error.message}); the next sync undoes it first.`) + held;
      throw new SyncAbort({
        id: 'driver-sync-failed',
        message: `Putting the new packages in place failed: ${committed.error.message} ${tail}`,
        detail: committed.error.detail,
      });
    }
  }

  progress({ ...total, phase: 'cleaning' });
  const kept = request.mode === 'Online' ? await removeStaleOnline(port, plan, request, run) : [];
  await removeQuietly(port, WORK, request);
  const record = recordOf(request, host);
  await recordQuietly(port, record, request);
  return {
    kind: 'synced',
    recovered,
    stats: { ...stats, packagesRemoved: stats.packagesRemoved.filter((name) => !kept.includes(name)), packagesKeptInUse: kept },
    record,
  };
}

/**
 * Moves each stale package aside (a rename, which Windows refuses while the guest's driver holds a
 * file of it, so it never deletes half a package), then deletes it with the staging folder. Answers
 * the packages left in place; the next sync after a guest restart removes them (same INF stem).
 */
async function removeStaleOnline(port: DriverSyncPort, plan: SyncPlan, request: DriverSyncRequest, run: string): Promise<string[]> {
  const kept: string[] = [];
  for (const removal of plan.removals) {
    const moved = await port.run([move(packagePath(removal.name), oldPackagePath(run, removal.name))]);
    if (moved.ok) continue;
    kept.push(removal.name);
    request.onNote?.(
      `The old package ${removal.name} is in use by the running guest and was left in place (${moved.error.message}). ` +
        `Restart the guest and sync again, or sync while the VM is off, to remove it.`,
    );
  }
  return kept;
}

/** Fills the staging folder; answers the copied files' hashes, or 'cancelled' with the staging folder removed. */
async function stage(
  port: DriverSyncPort,
  request: DriverSyncRequest,
  plan: SyncPlan,
  progress: (p: SyncProgress) => void,
  leftovers: boolean,
): Promise<Map<string, RawCopiedFile> | 'cancelled'> {
  if (leftovers) await removeQuietly(port, WORK, request);
  const copied = new Map<string, RawCopiedFile>();
  const total: SyncProgress = { phase: 'staging', filesDone: 0, filesTotal: plan.copyFiles, bytesDone: 0n, bytesTotal: plan.copyBytes };
  progress(total);
  const cancelled = async (): Promise<boolean> => {
    if (!request.signal?.aborted) return false;
    await removeQuietly(port, WORK, request);
    return true;
  };
  const linkSteps: GuestFileStep[] = plan.packages.flatMap((p) => p.link.map((l) => link(l.from, l.to)));
  for (const batch of chunks(linkSteps, STEP_BATCH)) {
    if (await cancelled()) return 'cancelled';
    await runSteps(port, batch);
  }
  let filesDone = 0;
  let bytesDone = 0n;
  const items = [...plan.packages.flatMap((p) => p.copy), ...plan.loose.map((l) => l.copy)];
  for (const batch of copyBatches(items)) {
    if (await cancelled()) return 'cancelled';
    const bytes = batch.reduce((sum, item) => sum + item.file.length, 0n);
    const files = must(
      await port.copy(
        batch.map((item) => ({ Source: item.file.source, Destination: item.destination })),
        bytes,
      ),
    );
    for (const file of files) copied.set(pathKey(file.Destination), file);
    const missing = batch.find((item) => !copied.has(pathKey(item.destination)));
    if (missing) throw new SyncAbort({ id: 'protocol-invalid', message: `The host did not report copying ${missing.file.source}.` });
    filesDone += batch.length;
    bytesDone += bytes;
    progress({ ...total, filesDone, bytesDone });
  }
  return (await cancelled()) ? 'cancelled' : copied;
}

/**
 * Removes leftovers without failing the run: online, a loose DLL kept as backup may still be loaded
 * by the guest and cannot be deleted yet. Each run works in its own folder, so nothing collides with it.
 */
async function removeQuietly(port: DriverSyncPort, path: string, request: DriverSyncRequest): Promise<void> {
  const removed = await port.run([remove(path)]);
  if (!removed.ok)
    request.onNote?.(`The guest's ${path} could not be removed completely (${removed.error.message}); the next sync tries again.`);
}

async function runSteps(port: DriverSyncPort, steps: readonly GuestFileStep[]): Promise<void> {
  if (steps.length > 0) must(await port.run(steps));
}

async function recordQuietly(port: DriverSyncPort, record: DriverSyncRecord, request: DriverSyncRequest): Promise<void> {
  const result = await port.record(record);
  if (!result.ok)
    request.onNote?.(
      `The host could not keep a record of this sync (${result.error.message}); the tree may show the driver as not synced.`,
    );
}

function statsOf(plan: SyncPlan, host: HostDriverSnapshot): DriverSyncStats {
  return {
    filesCopied: plan.copyFiles,
    bytesCopied: plan.copyBytes,
    filesLinked: plan.linkFiles,
    packagesWritten: plan.packages.map((p) => p.name),
    packagesRemoved: plan.removals.map((r) => r.name),
    packagesUnchanged: plan.unchangedPackages,
    looseFilesCopied: plan.loose.length,
    skipped: host.skipped,
    packagesKeptInUse: [],
  };
}

function recordOf(request: DriverSyncRequest, host: HostDriverSnapshot): DriverSyncRecord {
  return {
    SyncedAt: (request.now?.() ?? new Date()).toISOString(),
    Mode: request.mode,
    Gpus: host.gpus.map((g) => ({ InstancePath: g.instancePath, DriverVersion: g.driverVersion, Packages: [...g.packages] })),
  };
}

function manifestOf(
  request: DriverSyncRequest,
  host: HostDriverSnapshot,
  plan: SyncPlan,
  guest: GuestSnapshot,
  copied: ReadonlyMap<string, RawCopiedFile>,
): DriverManifest {
  const old = guest.manifest.kind === 'valid' ? guest.manifest.manifest : null;
  const recorded = recordedFiles(old);
  const work = new Map(plan.packages.map((p) => [pathKey(p.name), p]));
  const fromCopy = (path: string, destination: string): ManifestFile => {
    const file = copied.get(pathKey(destination))!;
    return { path, length: file.Length, sha256: file.Sha256.toUpperCase(), hostWriteTime: file.LastWriteTimeUtc };
  };
  const packages = host.packages.map((hostPackage) => {
    const planned = work.get(pathKey(hostPackage.name));
    const before = recorded.get(pathKey(hostPackage.name));
    const copiedHere = new Map((planned?.copy ?? []).map((c) => [pathKey(c.file.path), c.destination]));
    const files = hostPackage.files.map((file) => {
      const destination = copiedHere.get(pathKey(file.path));
      return destination !== undefined ? fromCopy(file.path, destination) : before!.get(pathKey(file.path))!;
    });
    return { name: hostPackage.name, files };
  });
  const plannedLoose = new Map(plan.loose.map((l) => [pathKey(l.copy.file.path), l]));
  const unchangedLoose = new Map(plan.unchangedLoose.map((l) => [pathKey(l.path), l]));
  const looseFiles = host.looseFiles.map((file) => {
    const work = plannedLoose.get(pathKey(file.path));
    return work
      ? { ...fromCopy(file.path, work.copy.destination), hadOriginal: work.hadOriginal }
      : unchangedLoose.get(pathKey(file.path))!;
  });
  return {
    format: 'gpupv-driver-manifest',
    version: 1,
    syncedAt: (request.now?.() ?? new Date()).toISOString(),
    mode: request.mode,
    gpus: host.gpus.map((g) => ({
      instancePath: g.instancePath,
      deviceName: g.deviceName,
      driverVersion: g.driverVersion,
      packages: [...g.packages],
    })),
    packages,
    looseFiles,
    pendingRemoval: request.mode === 'Online' ? plan.removals.map((r) => r.name) : [],
  };
}
