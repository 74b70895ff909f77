/**
 * The driver-sync operations as our module runs them, on the simulated host's real directories:
 * host C: is `disks/host`, a VM's system disk `disks/vm-<id>` (its Windows folder holds
 * System32\HostDriverStore). Offline the disk must be "mounted" (the VM off, its state records the
 * mount, and Start-VM refuses until it is dismounted); online the VM must run and accept the guest
 * credential. Copies move real bytes and hash them on the way, as the module's copy and Get-FileHash do.
 */
import { createHash } from 'node:crypto';
import {
  closeSync,
  copyFileSync,
  existsSync,
  linkSync,
  lstatSync,
  mkdirSync,
  openSync,
  readdirSync,
  readSync,
  renameSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { copyFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { JOURNAL, MANIFEST } from '../../core/drivers/sync/guestLayout';
import { checksForRead, checksForStep, checksForWrite } from '../../core/drivers/sync/guestPaths';
import { GUEST_LIMITS } from '../../core/normalize/guestLimits';
import type { GuestFileStep, SealedGuestTarget } from '../../host/protocol';
import type { Opened } from '../secrets/sessionKeys';
import { ensureGuestDisk } from '../disks/guestCopies';
import { GuestVolume } from '../disks/guestVolume';
import { hostDiskRoot, vmDiskRoot } from '../disks/layout';
import { hostDriveRelative, ticksOf, WindowsPathResolver } from '../disks/windowsPaths';
import type { HyperVModel, ModelResult } from '../hyperv/model';
import type { VmState } from '../hyperv/state';
import * as texts from '../hyperv/texts';
import { PsPipeline, type PsObject, type PsValue } from '../output/psValue';
import type { Mutate } from './writeOperations';
import { plural } from '../../core/format';

/** A target as the handlers get it: its password opened from the sealed secret it arrived as. */
type GuestTarget = Opened<SealedGuestTarget>;

/** Thrown by `Interruption.tick` to end the process in the middle of a call (a fault test's kill). */
export class SimulatedCrash extends Error {
  override readonly name = 'SimulatedCrash';
}

/** Counts the files or steps a call has done, and crashes after the number a fault asked for. */
export class Interruption {
  private done = 0;
  constructor(private readonly afterItems: number | null) {}
  tick(): void {
    this.done += 1;
    if (this.afterItems !== null && this.done >= this.afterItems) throw new SimulatedCrash(`crash after ${plural(this.done, 'item')}`);
  }
}

export interface SyncContext {
  /** The simulator's state directory; null for a bare model without disks. */
  readonly dir: string | null;
  readonly interruption: Interruption;
}

const COPY_BUFFER = Buffer.allocUnsafe(4 * 1024 * 1024);

function noDisks<T>(): ModelResult<T> {
  return { ok: false, error: texts.guestFileStepFailed(0, '(disk)', 'this simulated host has no disks') };
}

function guestWindows(dir: string, vmId: string): string {
  ensureGuestDisk(dir, vmId);
  const root = join(vmDiskRoot(dir, vmId), 'Windows');
  // A blank disk gets its Windows folder; one the guest made a link is left for the checks to refuse.
  if (!existsSync(root) && !isSymbolicLink(root)) mkdirSync(join(root, 'System32'), { recursive: true });
  return root;
}

function isSymbolicLink(path: string): boolean {
  try {
    return lstatSync(path).isSymbolicLink();
  } catch {
    return false;
  }
}

/**
 * The guests this process has a PowerShell Direct session to, as the module keeps them per shell:
 * opened by Open-GuestDriverStore with the credential, used by the calls after it without one, gone
 * with the process (a new shell must open again).
 */
const guestSessions = new Set<string>();

function openGuestSession(model: HyperVModel, target: GuestTarget & { readonly Mode: 'Online' }): ModelResult<VmState> {
  if (!target.Credential) {
    const vm = model.findVm(target.VMId);
    if (!vm) return { ok: false, error: texts.vmNotFoundById(target.VMId) };
    if (vm.state !== 'Running') return { ok: false, error: texts.guestNotRunning(vm) };
    if (!guestSessions.has(target.VMId.toLowerCase())) return { ok: false, error: texts.guestSessionClosed(vm) };
    return { ok: true, value: vm };
  }
  const session = model.guestSession(target.VMId, { user: target.Credential.UserName, password: target.Credential.Password });
  if (session.ok) guestSessions.add(target.VMId.toLowerCase());
  return session;
}

/** What every call on an opened store checks again: the disk is still mounted, or the guest session still answers. */
function reachTarget(model: HyperVModel, target: GuestTarget): ModelResult<VmState> {
  if (target.Mode === 'Online') return openGuestSession(model, target);
  const vm = model.findVm(target.VMId);
  if (!vm) return { ok: false, error: texts.vmNotFoundById(target.VMId) };
  if (vm.mountedDisks.length === 0) return { ok: false, error: texts.guestStoreNotOpen(vm) };
  return { ok: true, value: vm };
}

// --- Get-DriverFileList --------------------------------------------------------------------------

function ticks(path: string): bigint {
  return ticksOf(statSync(path, { bigint: true }).mtimeNs);
}

export function getDriverFileList(
  context: SyncContext,
  args: { readonly Folders: readonly string[]; readonly Files: readonly string[] },
): ModelResult<PsValue> {
  if (context.dir === null) return noDisks();
  const host = new WindowsPathResolver(hostDiskRoot(context.dir));
  const folders = args.Folders.map((folder): PsObject => {
    const relative = hostDriveRelative(folder);
    const root = relative === null ? null : host.resolve(relative);
    const files: PsObject[] = [];
    const walk = (dir: string, prefix: string): void => {
      for (const entry of readdirSync(dir, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
        const path = join(dir, entry.name);
        const inner = prefix ? `${prefix}\\${entry.name}` : entry.name;
        if (entry.isDirectory()) walk(path, inner);
        else if (entry.isFile())
          files.push({ RelativePath: inner, Length: BigInt(statSync(path).size), LastWriteTimeUtc: ticks(path).toString() });
      }
    };
    if (root !== null && existsSync(root)) walk(root, '');
    return { Path: folder, Files: new PsPipeline(files) };
  });
  const files = args.Files.map((file): PsObject => {
    const relative = hostDriveRelative(file);
    const path = relative === null ? null : host.resolve(relative);
    if (path === null || !existsSync(path)) return { Path: file, Length: null, LastWriteTimeUtc: null };
    return { Path: file, Length: BigInt(statSync(path).size), LastWriteTimeUtc: ticks(path).toString() };
  });
  return { ok: true, value: { Folders: new PsPipeline(folders), Files: new PsPipeline(files) } };
}

// --- Open / Close ----------------------------------------------------------------------------------

export function openGuestDriverStore(
  model: HyperVModel,
  mutate: Mutate,
  context: SyncContext,
  args: { readonly Target: GuestTarget; readonly LooseFiles: readonly string[] },
): ModelResult<PsValue> {
  if (context.dir === null) return noDisks();
  const target = args.Target;
  let volume: PsValue = null;
  if (target.Mode === 'Offline') {
    if (!model.state.host.elevated) return { ok: false, error: texts.permissionDenied(model.state.host.computerName) };
    const mounted = mutate((m) => m.mountSystemDisk(target.VMId));
    if (!mounted.ok) return mounted;
    volume = { DiskPath: mounted.value.diskPath, PartitionNumber: 3, DisksSearched: mounted.value.disksSearched };
  } else {
    const session = openGuestSession(model, target);
    if (!session.ok) return session;
  }
  const guest = new GuestVolume(guestWindows(context.dir, target.VMId));
  const checks = checksForRead(MANIFEST, JOURNAL, args.LooseFiles);
  const link = guest.findLink(checks.noLink);
  if (link !== null) return { ok: false, error: texts.guestLinkRefused(link, 'read') };
  const entries = guest.listStore();
  if (!Array.isArray(entries))
    return { ok: false, error: entries.kind === 'link' ? texts.guestLinkRefused(entries.path, 'read') : texts.guestStoreTooLarge() };
  const oversized: string[] = [];
  const read = (path: string, limit: number): string | null => {
    const text = guest.readText(path, limit);
    if (text !== 'oversized') return text;
    oversized.push(path);
    return null;
  };
  return {
    ok: true,
    value: {
      Mode: target.Mode,
      Volume: volume,
      Manifest: read(MANIFEST, GUEST_LIMITS.manifestBytes),
      Journal: read(JOURNAL, GUEST_LIMITS.journalBytes),
      Oversized: new PsPipeline(oversized),
      Entries: new PsPipeline(entries.map((e): PsObject => ({ Path: e.path, Directory: e.directory, Length: e.length }))),
      LooseFiles: new PsPipeline(args.LooseFiles.map((path): PsObject => ({ Path: path, Length: guest.fileLength(path) }))),
    },
  };
}

export function closeGuestDriverStore(mutate: Mutate, args: { readonly Target: GuestTarget }): ModelResult<PsValue> {
  if (args.Target.Mode === 'Online') {
    guestSessions.delete(args.Target.VMId.toLowerCase());
    return { ok: true, value: { Dismounted: false } };
  }
  const vmId = args.Target.VMId;
  const result = mutate((m) => m.dismountDisks(vmId));
  return result.ok ? { ok: true, value: { Dismounted: result.value } } : result;
}

// --- Copy ------------------------------------------------------------------------------------------

interface PlannedCopy {
  readonly source: string;
  readonly destination: string;
  readonly name: string;
}

type CopyArgs = { readonly Target: GuestTarget; readonly Files: readonly { readonly Source: string; readonly Destination: string }[] };

/** Checks the target and resolves every source and destination before a byte moves. */
function planCopy(model: HyperVModel, context: SyncContext, args: CopyArgs): ModelResult<PlannedCopy[]> {
  if (context.dir === null) return noDisks();
  const reached = reachTarget(model, args.Target);
  if (!reached.ok) return reached;
  const host = new WindowsPathResolver(hostDiskRoot(context.dir));
  const guest = new GuestVolume(guestWindows(context.dir, args.Target.VMId));
  const planned: PlannedCopy[] = [];
  for (const [index, file] of args.Files.entries()) {
    const relative = hostDriveRelative(file.Source);
    const source = relative === null ? null : host.resolve(relative);
    if (source === null || !existsSync(source))
      return { ok: false, error: texts.guestFileStepFailed(index, file.Source, 'the host file does not exist') };
    // Every destination's folders and file are checked before a byte is copied.
    const link = guest.findLink(checksForWrite(file.Destination).noLink);
    if (link !== null) return { ok: false, error: texts.guestLinkRefused(link, 'step') };
    planned.push({ source, destination: guest.paths.resolve(file.Destination), name: file.Destination });
  }
  return { ok: true, value: planned };
}

/**
 * SHA-256 of host files by path, length and write time, for the process's life, as the module keeps
 * it per shell: a second VM synced from the same driver does not hash the same gigabytes again.
 */
const hashCache = new Map<string, string>();
const HASH_CACHE_LIMIT = 20_000;

function cacheKey(path: string): string {
  const stat = statSync(path, { bigint: true });
  return `${path.toLowerCase()}|${stat.size}|${stat.mtimeNs}`;
}

function cachedSha256(path: string): string {
  const key = cacheKey(path);
  let sha256 = hashCache.get(key);
  if (sha256 === undefined) {
    sha256 = sha256Of(path);
    if (hashCache.size >= HASH_CACHE_LIMIT) hashCache.clear();
    hashCache.set(key, sha256);
  }
  return sha256;
}

function copiedFile(copy: PlannedCopy): PsObject {
  return {
    Destination: copy.name,
    Length: BigInt(statSync(copy.source).size),
    Sha256: cachedSha256(copy.source),
    LastWriteTimeUtc: ticks(copy.source).toString(),
  };
}

function copyResult(files: readonly PsObject[]): ModelResult<PsValue> {
  const bytes = files.reduce((sum, f) => sum + (f.Length as bigint), 0n);
  return { ok: true, value: { Files: new PsPipeline(files), Bytes: bytes } };
}

function sha256Of(path: string): string {
  const hash = createHash('sha256');
  const input = openSync(path, 'r');
  try {
    for (;;) {
      const read = readSync(input, COPY_BUFFER, 0, COPY_BUFFER.length, null);
      if (read === 0) break;
      hash.update(COPY_BUFFER.subarray(0, read));
    }
  } finally {
    closeSync(input);
  }
  return hash.digest('hex').toUpperCase();
}

/** One file at a time (for callers that answer synchronously, e.g. unit tests of the operation table). */
export function copyDriverFilesToGuest(model: HyperVModel, context: SyncContext, args: CopyArgs): ModelResult<PsValue> {
  const planned = planCopy(model, context, args);
  if (!planned.ok) return planned;
  const copied: PsObject[] = [];
  for (const copy of planned.value) {
    mkdirSync(dirname(copy.destination), { recursive: true });
    copyFileSync(copy.source, copy.destination);
    copied.push(copiedFile(copy));
    context.interruption.tick();
  }
  return copyResult(copied);
}

/** Copies in flight at once, as robocopy /MT runs several: one thread cannot keep a disk (or the page cache) busy. */
const COPIES_IN_FLIGHT = 4;

/**
 * What the host process runs: the kernel copies the next files (copyFile on libuv's thread pool,
 * several at once) while this thread hashes the finished ones from the page cache (unless their
 * hashes are cached).
 */
export async function copyDriverFilesToGuestPipelined(
  model: HyperVModel,
  context: SyncContext,
  args: CopyArgs,
): Promise<ModelResult<PsValue>> {
  const planned = planCopy(model, context, args);
  if (!planned.ok) return planned;
  const copies = planned.value;
  const inFlight: Promise<void>[] = [];
  let started = 0;
  const startNext = (): void => {
    if (started >= copies.length) return;
    const copy = copies[started++]!;
    mkdirSync(dirname(copy.destination), { recursive: true });
    const copying = copyFile(copy.source, copy.destination);
    // A rejection is observed when its turn comes; until then it must not count as unhandled.
    copying.catch(() => undefined);
    inFlight.push(copying);
  };
  const settleAll = async (): Promise<void> => {
    await Promise.allSettled(inFlight);
  };
  for (let i = 0; i < COPIES_IN_FLIGHT; i++) startNext();
  const copied: PsObject[] = [];
  try {
    for (let i = 0; i < copies.length; i++) {
      await inFlight[i];
      startNext();
      copied.push(copiedFile(copies[i]!));
      context.interruption.tick();
    }
  } catch (error) {
    // A kill or a failed copy: nothing may still be writing when the answer (or the crash) goes out.
    await settleAll();
    throw error;
  }
  return copyResult(copied);
}

// --- File steps ------------------------------------------------------------------------------------

function runStep(guest: GuestVolume, step: GuestFileStep): string | null {
  const paths = guest.paths;
  switch (step.Op) {
    case 'Move': {
      const from = paths.resolve(step.From);
      const to = paths.resolve(step.To);
      if (!existsSync(from)) return 'it does not exist';
      if (existsSync(to)) return `'${step.To}' already exists`;
      mkdirSync(dirname(to), { recursive: true });
      renameSync(from, to);
      paths.changed(from);
      paths.changed(to);
      return null;
    }
    case 'Remove': {
      guest.remove(step.Path);
      return null;
    }
    case 'Link': {
      const from = paths.resolve(step.From);
      const to = paths.resolve(step.To);
      if (!existsSync(from)) return 'it does not exist';
      mkdirSync(dirname(to), { recursive: true });
      try {
        linkSync(from, to);
      } catch {
        copyFileSync(from, to);
      }
      return null;
    }
    case 'Write': {
      const path = paths.resolve(step.Path);
      mkdirSync(dirname(path), { recursive: true });
      writeFileSync(`${path}.tmp`, Buffer.from(step.ContentBase64, 'base64'));
      renameSync(`${path}.tmp`, path);
      paths.changed(path);
      return null;
    }
  }
}

/** The path a failed step names, as the module names it: where a move or link was going. */
function stepPath(step: GuestFileStep): string {
  return step.Op === 'Move' || step.Op === 'Link' ? step.To : step.Path;
}

export function invokeGuestFileOperations(
  model: HyperVModel,
  context: SyncContext,
  args: { readonly Target: GuestTarget; readonly Steps: readonly GuestFileStep[] },
): ModelResult<PsValue> {
  if (context.dir === null) return noDisks();
  const reached = reachTarget(model, args.Target);
  if (!reached.ok) return reached;
  const guest = new GuestVolume(guestWindows(context.dir, args.Target.VMId));
  for (const [index, step] of args.Steps.entries()) {
    // Before the step touches anything: no link on any component of its paths.
    const link = guest.findLink(checksForStep(step).noLink);
    if (link !== null) return { ok: false, error: texts.guestLinkRefused(link, 'step') };
    let problem: string | null;
    try {
      problem = runStep(guest, step);
    } catch (error) {
      problem = (error as Error).message;
    }
    if (problem !== null) return { ok: false, error: texts.guestFileStepFailed(index, stepPath(step), problem) };
    context.interruption.tick();
  }
  return { ok: true, value: { Done: args.Steps.length } };
}

// --- The host's record -----------------------------------------------------------------------------

export function setDriverSyncRecord(mutate: Mutate, args: { readonly VMId: string; readonly Record: string | null }): ModelResult<PsValue> {
  const result = mutate((m) => m.setDriverSyncRecord(args.VMId, args.Record));
  return result.ok ? { ok: true, value: null } : result;
}
