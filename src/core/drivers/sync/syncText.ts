/**
 * What the UI says about a driver sync, without vscode: which way a VM in a given state can be
 * synced, the outcome message, and how the tree and the panel show a VM's drift.
 */
import { formatBytes, plural } from '../../format';
import { isKnown, reportedText, type PartitionableGpu, type Reported, type VirtualMachine, type VmState } from '../../model';
import { driverDrift, gpusOfVm, syncApplies, type DriverDrift } from './drift';
import type { DriverSyncOutcome } from './runDriverSync';

// --- mode ----------------------------------------------------------------------------------------

/**
 * How a VM in `state` is synced: offline (its disk mounted on the host) when off, online (PowerShell
 * Direct) when running; otherwise refused with what the user can do. The extension never starts or
 * stops the VM for a sync.
 */
export type SyncMode =
  | { readonly kind: 'offline' }
  | { readonly kind: 'online' }
  | { readonly kind: 'refused'; readonly message: string; readonly fix: 'start' | 'none' };

export function syncModeFor(vmName: string, state: Reported<VmState>): SyncMode {
  if (state === 'Off') return { kind: 'offline' };
  if (state === 'Running') return { kind: 'online' };
  const how = 'A driver sync needs the VM Off (its disk is mounted on the host) or Running (the files go in over PowerShell Direct).';
  if (!isKnown(state)) {
    return {
      kind: 'refused',
      message: `${vmName} is in ${reportedText(state, 'state')}. ${how} Wait until it is Running or Off, then sync again.`,
      fix: 'none',
    };
  }
  switch (state) {
    case 'Saved':
    case 'FastSaved':
    case 'Hibernated':
      return {
        kind: 'refused',
        message: `${vmName} is ${state}. ${how} Start it and sync while it runs, or start it and shut it down, then sync it offline.`,
        fix: 'start',
      };
    case 'Paused':
      return {
        kind: 'refused',
        message: `${vmName} is Paused. ${how} Resume it in Hyper-V Manager (Resume-VM) and sync while it runs, or shut it down, then sync it offline.`,
        fix: 'none',
      };
    default:
      return { kind: 'refused', message: `${vmName} is ${state}. ${how} Wait until it is Running or Off, then sync again.`, fix: 'none' };
  }
}

// --- outcome -------------------------------------------------------------------------------------

function seconds(ms: number): string {
  const s = ms / 1000;
  return s < 10 ? s.toFixed(1) : String(Math.round(s));
}

/** The one message shown when a sync ends (also logged). */
export function describeOutcome(outcome: DriverSyncOutcome, vmName: string, elapsedMs: number): string {
  const recovered = outcome.recovered ? ' An interrupted earlier sync was undone first.' : '';
  if (outcome.kind === 'cancelled') return `Cancelled: the guest is as it was.${recovered}`;
  const versions = outcome.record.Gpus.map((g) => g.DriverVersion ?? 'unknown version').join(', ');
  if (outcome.kind === 'in-sync') return `Already in sync: ${vmName} has the host's driver (${versions}); nothing was copied.${recovered}`;
  const s = outcome.stats;
  const parts = [`Synced ${plural(s.filesCopied, 'file')} (${formatBytes(s.bytesCopied)}) into ${vmName} in ${seconds(elapsedMs)} s`];
  if (s.filesLinked > 0) parts.push(`kept ${plural(s.filesLinked, 'unchanged file')}`);
  let text = parts.join(', ');
  if (s.packagesRemoved.length > 0)
    text += `; removed stale ${s.packagesRemoved.length === 1 ? 'package' : 'packages'} ${s.packagesRemoved.join(', ')}`;
  if (s.packagesKeptInUse.length > 0)
    text += `; the running guest still holds ${s.packagesKeptInUse.join(', ')}: restart it and sync again to remove ${s.packagesKeptInUse.length === 1 ? 'it' : 'them'}`;
  text += `. Driver ${versions}.`;
  if (s.skipped.length > 0) text += ` ${plural(s.skipped.length, 'file')} not copied (see the log).`;
  return `${text}${recovered}`;
}

// --- drift in the tree and the panel -------------------------------------------------------------

export interface DriftView {
  readonly drift: DriverDrift;
  /** Whether a sync applies (a GPU-PV partition; an SR-IOV one uses the vendor's guest driver). */
  readonly applies: boolean;
  /** Added to the VM's description: "driver drifting", "driver not synced"; null when nothing to say. */
  readonly suffix: string | null;
  /** The VM wants a sync: its context value gets `+drift` (the inline sync button). */
  readonly needsSync: boolean;
  /** The VM's child row; null without a GPU-PV adapter. */
  readonly row: { readonly label: string; readonly description: string; readonly warning: boolean } | null;
  /** Lines for the VM's tooltip (plain text). */
  readonly tooltip: readonly string[];
}

/** 2026-11-30T17:44:30.404Z → 2026-11-30 (the record's own calendar day, UTC). */
export function syncedDay(syncedAt: string): string {
  return /^\d{4}-\d{2}-\d{2}/.exec(syncedAt)?.[0] ?? syncedAt;
}

function hostVersions(gpus: readonly PartitionableGpu[]): string {
  return gpus.map((g) => g.driverVersion ?? 'unknown').join(', ');
}

export function driftView(vm: VirtualMachine, gpus: readonly PartitionableGpu[]): DriftView {
  const drift = driverDrift(vm, gpus);
  const used = gpusOfVm(vm, gpus);
  const applies = drift.kind !== 'no-gpu' && syncApplies(vm, gpus);
  if (!applies) {
    const tooltip =
      drift.kind === 'no-gpu'
        ? []
        : used.every((g) => g.kind === 'sr-iov')
          ? ['Guest driver: an SR-IOV partition uses the vendor’s own driver inside the guest; no host driver sync.']
          : [
              'Guest driver: the GPU’s partitioning kind is unknown, so whether the guest needs the host’s driver is not known; no drift mark.',
            ];
    return { drift, applies, suffix: null, needsSync: false, row: null, tooltip };
  }
  const versions = hostVersions(used);
  switch (drift.kind) {
    case 'never-synced':
      return {
        drift,
        applies,
        suffix: 'driver not synced',
        needsSync: true,
        row: { label: 'Guest driver: not synced', description: `host has ${versions}; click to sync`, warning: true },
        tooltip: [`Guest driver: never synced by this extension (host driver ${versions}). Sync Host GPU Driver to VM copies it.`],
      };
    case 'drifted':
      return {
        drift,
        applies,
        suffix: 'driver drifting',
        needsSync: true,
        row: { label: 'Guest driver differs from host', description: `${drift.reasons.join('; ')}; click to sync`, warning: true },
        tooltip: [`Guest driver differs from the host (synced ${syncedDay(drift.syncedAt)}):`, ...drift.reasons.map((r) => `• ${r}`)],
      };
    case 'in-sync': {
      const synced = vm.driverSync?.Gpus.map((g) => g.DriverVersion ?? 'unknown').join(', ') ?? versions;
      return {
        drift,
        applies,
        suffix: null,
        needsSync: false,
        row: {
          label: `Guest driver: ${synced}`,
          description: `synced ${syncedDay(drift.syncedAt)}${vm.driverSync ? `, ${vm.driverSync.Mode.toLowerCase()}` : ''}`,
          warning: false,
        },
        tooltip: [`Guest driver: ${synced}, synced ${syncedDay(drift.syncedAt)}; the same as the host’s.`],
      };
    }
  }
}
