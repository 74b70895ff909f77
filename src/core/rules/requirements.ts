/**
 * What a VM needs for GPU-PV, from the field guide: generation 2, a partition adapter whose GPU
 * still exists, at least 8 GB of high MMIO, low MMIO, write-combining, no checkpoints, ShutDown as
 * stop action, static memory. Each check says why it fails.
 */
import { formatBytes } from '../format';
import { GIB, type HostInventory, type VirtualMachine } from '../model';
import { plural } from '../format';

export type CheckStatus = 'pass' | 'fail' | 'unknown';

export type RequirementId =
  | 'generation'
  | 'adapter'
  | 'adapter-gpu-exists'
  | 'high-mmio'
  | 'low-mmio'
  | 'write-combining'
  | 'checkpoints'
  | 'stop-action'
  | 'static-memory';

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

export function checkVm(vm: VirtualMachine, inventory?: Pick<HostInventory, 'gpus'>): RequirementCheck[] {
  const checks: RequirementCheck[] = [];
  const add = (id: RequirementId, title: string, passed: boolean | null, detail: string) =>
    checks.push({ id, title, status: passed === null ? 'unknown' : passed ? 'pass' : 'fail', detail });

  add(
    'generation',
    'Generation 2',
    vm.generation === 2,
    vm.generation === 2 ? 'Generation 2 VM.' : `Generation ${vm.generation}: GPU-PV needs a generation 2 VM (recreate the VM).`,
  );
  add(
    'adapter',
    'GPU partition adapter',
    vm.adapters.length > 0,
    vm.adapters.length > 0 ? `${plural(vm.adapters.length, 'adapter')}.` : 'No GPU partition adapter: assign a GPU.',
  );
  if (vm.adapters.length > 0 && inventory) {
    const paths = new Set(inventory.gpus.map((g) => g.instancePath.toLowerCase()));
    const stale = vm.adapters.filter((a) => a.instancePath !== null && !paths.has(a.instancePath.toLowerCase()));
    const unknown = vm.adapters.some((a) => a.instancePath === null);
    add(
      'adapter-gpu-exists',
      'Adapter GPU present on the host',
      stale.length > 0 ? false : unknown ? null : true,
      stale.length > 0
        ? 'An adapter points to a GPU that no longer exists on this host (card moved or replaced): the VM will not start. Remove it and assign a current GPU.'
        : unknown
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
    vm.checkpointType === null ? null : vm.checkpointType === 'Disabled',
    vm.checkpointType === 'Disabled'
      ? 'Checkpoints are disabled.'
      : `Checkpoint type is ${vm.checkpointType ?? 'unknown'}: Hyper-V refuses checkpoints of VMs with GPU partitions.`,
  );
  add(
    'stop-action',
    'Stop action ShutDown',
    vm.automaticStopAction === null ? null : vm.automaticStopAction === 'ShutDown',
    vm.automaticStopAction === 'ShutDown'
      ? 'The host shuts the VM down when it stops.'
      : `Automatic stop action is ${vm.automaticStopAction ?? 'unknown'}: saving a VM with a GPU partition fails; use ShutDown.`,
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
  { readonly kind: 'no-adapter' } | { readonly kind: 'ready' } | { readonly kind: 'needs'; readonly failing: readonly RequirementCheck[] };

export function readiness(vm: VirtualMachine, inventory?: Pick<HostInventory, 'gpus'>): Readiness {
  const checks = checkVm(vm, inventory);
  const failing = checks.filter((c) => c.status === 'fail' && c.id !== 'adapter');
  if (vm.adapters.length === 0) return { kind: 'no-adapter' };
  return failing.length === 0 ? { kind: 'ready' } : { kind: 'needs', failing };
}
