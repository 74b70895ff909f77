/**
 * What a VM needs for GPU-PV, from the field guide: generation 2, a partition adapter whose GPU
 * still exists, at least 8 GB of high MMIO, low MMIO, write-combining, no checkpoints, ShutDown as
 * stop action, static memory. Each check says why it fails.
 */
import { formatBytes, plural } from '../format';
import { GIB, isKnown, reportedText, type HostInventory, type VirtualMachine } from '../model';
import { adapterGpuStatus } from './partitionUsage';
import type { RequirementId } from './requirementIds';

export type CheckStatus = 'pass' | 'fail' | 'unknown';

export interface RequirementCheck {
  readonly id: RequirementId;
  readonly title: string;
  readonly status: CheckStatus;
  readonly detail: string;
}

/** Below this the guest driver fails with code 43 (Microsoft: "at least 8GB of IO space is needed"). */
export const MIN_HIGH_MMIO = 8n * GIB;
/** Tools use 1-3.5 GB; below 128 MB the 32-bit aperture is surely too small. */
export const MIN_LOW_MMIO = 128n * 1024n * 1024n;

export function checkVm(vm: VirtualMachine, inventory?: Pick<HostInventory, 'gpus' | 'invalid'>): RequirementCheck[] {
  const checks: RequirementCheck[] = [];
  const add = (id: RequirementId, title: string, passed: boolean | null, detail: string) =>
    checks.push({ id, title, status: passed === null ? 'unknown' : passed ? 'pass' : 'fail', detail });

  add(
    'generation',
    'Generation 2',
    vm.generation === 2,
    vm.generation === 2 ? 'Generation 2 VM.' : `Generation ${vm.generation}: GPU-PV needs a generation 2 VM (recreate the VM).`,
  );
  const unreadable = vm.invalidAdapters.length;
  add(
    'adapter',
    'GPU partition adapter',
    vm.adapters.length > 0 ? true : unreadable > 0 ? null : false,
    vm.adapters.length > 0
      ? `${plural(vm.adapters.length, 'adapter')}${unreadable > 0 ? `; ${unreadable} more could not be read` : ''}.`
      : unreadable > 0
        ? `The host lists ${plural(unreadable, 'adapter')} that could not be read.`
        : 'No GPU partition adapter: assign a GPU.',
  );
  if (vm.adapters.length > 0 && inventory) {
    const statuses = vm.adapters.map((a) => adapterGpuStatus(a, inventory));
    const status = statuses.includes('missing') ? false : statuses.some((s) => s === 'unreadable' || s === 'default') ? null : true;
    add(
      'adapter-gpu-exists',
      'Adapter GPU present on the host',
      status,
      statuses.includes('missing')
        ? 'An adapter points to a GPU that no longer exists on this host (card moved or replaced): the VM will not start. Remove it and assign a current GPU.'
        : statuses.includes('unreadable')
          ? 'An adapter points to a GPU whose entry the host reported in a form that could not be read.'
          : statuses.includes('default')
            ? 'Hyper-V does not report which GPU the adapter uses (default GPU).'
            : 'Every adapter points to a GPU of this host.',
    );
  }
  const high = vm.highMemoryMappedIoSpace;
  add(
    'high-mmio',
    'High MMIO ≥ 8 GB',
    high >= MIN_HIGH_MMIO,
    `High MMIO space is ${formatBytes(high)}${high >= MIN_HIGH_MMIO ? '.' : ': below 8 GB the guest driver fails with code 43.'}`,
  );
  const low = vm.lowMemoryMappedIoSpace;
  add(
    'low-mmio',
    'Low MMIO',
    low >= MIN_LOW_MMIO,
    `Low MMIO space is ${formatBytes(low)}${low >= MIN_LOW_MMIO ? '.' : ': give it at least 1 GB.'}`,
  );
  add(
    'write-combining',
    'Write-combining',
    vm.guestControlledCacheTypes,
    vm.guestControlledCacheTypes
      ? 'Guest-controlled cache types are on.'
      : 'Guest-controlled cache types (write-combining) are off: the guest driver fails with code 43.',
  );
  add(
    'checkpoints',
    'Checkpoints disabled',
    isKnown(vm.checkpointType) ? vm.checkpointType === 'Disabled' : null,
    vm.checkpointType === 'Disabled'
      ? 'Checkpoints are disabled.'
      : `Checkpoint type is ${reportedText(vm.checkpointType, 'value')}: Hyper-V refuses checkpoints of VMs with GPU partitions.`,
  );
  add(
    'stop-action',
    'Stop action ShutDown',
    isKnown(vm.automaticStopAction) ? vm.automaticStopAction === 'ShutDown' : null,
    vm.automaticStopAction === 'ShutDown'
      ? 'The host shuts the VM down when it stops.'
      : `Automatic stop action is ${reportedText(vm.automaticStopAction, 'value')}: saving a VM with a GPU partition fails; use ShutDown.`,
  );
  add(
    'static-memory',
    'Static memory',
    !vm.dynamicMemoryEnabled,
    vm.dynamicMemoryEnabled ? 'Dynamic memory is on: GPU partitions need static memory.' : 'Static memory.',
  );
  return checks;
}

export type Readiness =
  | { readonly kind: 'no-adapter' }
  /** Its only adapters could not be read: whether it is ready is not known. */
  | { readonly kind: 'unreadable-adapter' }
  | { readonly kind: 'ready' }
  | { readonly kind: 'needs'; readonly failing: readonly RequirementCheck[] };

export function readiness(vm: VirtualMachine, inventory?: Pick<HostInventory, 'gpus' | 'invalid'>): Readiness {
  const checks = checkVm(vm, inventory);
  const failing = checks.filter((c) => c.status === 'fail' && c.id !== 'adapter');
  if (vm.adapters.length === 0) return vm.invalidAdapters.length > 0 ? { kind: 'unreadable-adapter' } : { kind: 'no-adapter' };
  return failing.length === 0 ? { kind: 'ready' } : { kind: 'needs', failing };
}

/** The VM's readiness in a few words, as the tree's VM row and the panel's VM page both say it. */
export function readinessText(
  vm: VirtualMachine,
  inventory: Pick<HostInventory, 'gpus' | 'invalid'>,
  r: Readiness = readiness(vm, inventory),
): string {
  if (r.kind === 'no-adapter') return 'no GPU partition';
  if (r.kind === 'unreadable-adapter') return 'GPU partition could not be read';
  if (r.kind === 'ready') return 'GPU-PV ready';
  return `needs ${r.failing.map((c) => c.title.replace(/ ≥.*$/, '')).join(', ')}`;
}
