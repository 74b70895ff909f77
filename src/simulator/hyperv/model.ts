/**
 * Hyper-V's rules for GPU partitioning, over the host state. Every method either changes the state
 * and returns what changed, or refuses with Hyper-V's own error and leaves the state untouched
 * (all checks run before the first write). No I/O: the guest's disk is reached through the
 * `GuestDriverStore` it is given, persistence is the caller's business.
 */
import { randomUUID } from 'node:crypto';
import type { AutomaticStartAction, AutomaticStopAction, CheckpointType } from '../../core/model';
import { gpuCapacity, type GpuCapacity } from './capacity';
import { deriveGuestDisplayDevices, type GuestCredential, type GuestDisplayDevice, type GuestDriverStore } from './guestDisplay';
import { supportsInstancePath } from './hostGeneration';
import { adapterIdFor, adapterInstanceGuid } from './ids';
import { ADAPTER_SETTING_KEYS, type AdapterSettings, type AdapterState, type GpuState, type HostState, type VmState } from './state';
import * as texts from './texts';
import type { HyperVError } from './texts';

export type ModelResult<T> =
  { readonly ok: true; readonly value: T; readonly warning?: string } | { readonly ok: false; readonly error: HyperVError };

function success<T>(value: T, warning?: string): ModelResult<T> {
  return warning === undefined ? { ok: true, value } : { ok: true, value, warning };
}

function refuse<T>(error: HyperVError): ModelResult<T> {
  return { ok: false, error };
}

export interface AddAdapterRequest {
  /** Add-VMGpuPartitionAdapter -InstancePath; without it Hyper-V takes the first partitionable GPU. */
  readonly instancePath?: string;
  readonly settings?: Partial<AdapterSettings>;
}

export interface VmSettingsChange {
  readonly guestControlledCacheTypes?: boolean;
  readonly lowMemoryMappedIoSpace?: bigint;
  readonly highMemoryMappedIoSpace?: bigint;
  readonly highMemoryMappedIoBaseAddress?: bigint;
  readonly memoryStartup?: bigint;
  readonly dynamicMemoryEnabled?: boolean;
  readonly processorCount?: number;
  readonly checkpointType?: CheckpointType;
  readonly automaticStopAction?: AutomaticStopAction;
  readonly automaticStartAction?: AutomaticStartAction;
}

/** Hyper-V only applies these while the VM is off (all GPU-PV tools stop the VM first). */
const OFF_ONLY_SETTINGS: readonly (keyof VmSettingsChange)[] = [
  'guestControlledCacheTypes',
  'lowMemoryMappedIoSpace',
  'highMemoryMappedIoSpace',
  'highMemoryMappedIoBaseAddress',
  'memoryStartup',
  'dynamicMemoryEnabled',
  'processorCount',
];

const UINT32_MAX = 0xffff_ffffn;

/** A VM holds a partition of a GPU from the moment an adapter on that GPU is in its configuration. */
export interface PartitionHolder {
  readonly vm: VmState;
  readonly adapter: AdapterState;
}

export class HyperVModel {
  constructor(readonly state: HostState) {}

  // --- queries ---------------------------------------------------------------------------------

  findVm(vmId: string): VmState | undefined {
    const wanted = vmId.toLowerCase();
    return this.state.vms.find((vm) => vm.vmId === wanted);
  }

  /** Instance paths compare case-insensitively, like Windows; the exact spelling is tried first because it is the common case and cheap. */
  findGpu(instancePath: string): GpuState | undefined {
    const exact = this.state.gpus.find((gpu) => gpu.instancePath === instancePath);
    if (exact) return exact;
    const wanted = instancePath.toLowerCase();
    return this.state.gpus.find((gpu) => gpu.instancePath.toLowerCase() === wanted);
  }

  /** The GPU Hyper-V picks when no instance path is given: the first partitionable one. */
  defaultGpu(): GpuState | undefined {
    return this.state.gpus[0];
  }

  /** The GPU an adapter's partition comes from, or undefined when its pinned path is gone. */
  gpuOf(adapter: AdapterState): GpuState | undefined {
    return adapter.instancePath === null ? this.defaultGpu() : this.findGpu(adapter.instancePath);
  }

  partitionHolders(gpu: GpuState): PartitionHolder[] {
    return this.state.vms.flatMap((vm) => vm.adapters.filter((adapter) => this.gpuOf(adapter) === gpu).map((adapter) => ({ vm, adapter })));
  }

  /** Only running VMs take a partition's resources (Available "changes as vGPUs start and stop running"). */
  capacity(gpu: GpuState): GpuCapacity {
    return gpuCapacity(gpu, this.runningPartitions(gpu).length);
  }

  // --- GPU partition adapters ------------------------------------------------------------------

  addAdapter(vmId: string, request: AddAdapterRequest = {}, newGuid: () => string = randomUUID): ModelResult<AdapterState> {
    // PowerShell's parameter binder refuses an unknown parameter before the cmdlet looks at anything.
    if (request.instancePath !== undefined && !supportsInstancePath(this.state.host)) return refuse(texts.noInstancePathParameter());
    const vm = this.findVm(vmId);
    if (!vm) return refuse(texts.vmNotFoundById(vmId, 'AddVMGpuPartitionAdapter'));
    if (vm.state !== 'Off') return refuse(texts.mustBeOff('AddVMGpuPartitionAdapter'));
    let instancePath: string | null;
    if (request.instancePath !== undefined) {
      const gpu = this.findGpu(request.instancePath);
      if (!gpu) return refuse(texts.gpuNotFound(request.instancePath));
      instancePath = gpu.instancePath;
    } else {
      const gpu = this.defaultGpu();
      if (!gpu) return refuse(texts.gpuNotFound());
      // Windows 10 resolves the default GPU itself and does not report which one it took.
      instancePath = supportsInstancePath(this.state.host) ? gpu.instancePath : null;
    }
    const adapter: AdapterState = {
      id: adapterIdFor(vm.vmId, newGuid()),
      instancePath,
      settings: { ...emptySettings(), ...definedSettings(request.settings) },
      partitionId: null,
    };
    vm.adapters.push(adapter);
    return success(adapter);
  }

  /** Set-VMGpuPartitionAdapter: without an adapter id it changes every adapter of the VM. */
  setAdapter(vmId: string, settings: Partial<AdapterSettings>, adapterId?: string): ModelResult<readonly AdapterState[]> {
    const vm = this.findVm(vmId);
    if (!vm) return refuse(texts.vmNotFoundById(vmId, 'SetVMGpuPartitionAdapter'));
    const targets = selectAdapters(vm, adapterId);
    if (targets.length === 0) return refuse(texts.adapterNotFound('SetVMGpuPartitionAdapter'));
    if (vm.state !== 'Off') return refuse(texts.mustBeOff('SetVMGpuPartitionAdapter'));
    for (const adapter of targets) Object.assign(adapter.settings, definedSettings(settings));
    return success(targets);
  }

  /** Remove-VMGpuPartitionAdapter: without an adapter id it removes all of them. Returns the removed ones. */
  removeAdapter(vmId: string, adapterId?: string): ModelResult<readonly AdapterState[]> {
    const vm = this.findVm(vmId);
    if (!vm) return refuse(texts.vmNotFoundById(vmId, 'RemoveVMGpuPartitionAdapter'));
    const targets = selectAdapters(vm, adapterId);
    if (targets.length === 0) return refuse(texts.adapterNotFound('RemoveVMGpuPartitionAdapter'));
    if (vm.state !== 'Off') return refuse(texts.mustBeOff('RemoveVMGpuPartitionAdapter'));
    vm.adapters = vm.adapters.filter((adapter) => !targets.includes(adapter));
    return success(targets);
  }

  // --- VM settings -------------------------------------------------------------------------------

  setVm(vmId: string, change: VmSettingsChange): ModelResult<VmState> {
    const vm = this.findVm(vmId);
    if (!vm) return refuse(texts.vmNotFoundById(vmId, 'SetVM'));
    if (change.lowMemoryMappedIoSpace !== undefined && change.lowMemoryMappedIoSpace > UINT32_MAX) {
      return refuse(texts.cannotConvertParameter('LowMemoryMappedIoSpace', change.lowMemoryMappedIoSpace, 'UInt32', 'SetVM'));
    }
    const needsOff = OFF_ONLY_SETTINGS.some((key) => change[key] !== undefined && change[key] !== vm[key]);
    if (needsOff && vm.state !== 'Off') return refuse(texts.mustBeOff('SetVM'));
    for (const [key, value] of Object.entries(change) as [keyof VmSettingsChange, VmSettingsChange[keyof VmSettingsChange]][]) {
      if (value !== undefined) Object.assign(vm, { [key]: value });
    }
    return success(vm);
  }

  // --- host GPUs ---------------------------------------------------------------------------------

  /** Set-VMHostPartitionableGpu -PartitionCount: a value from ValidPartitionCounts, and only while no VM holds a partition. */
  setPartitionCount(instancePath: string, count: number): ModelResult<GpuState> {
    const gpu = this.findGpu(instancePath);
    if (!gpu) return refuse(texts.gpuNotFound(instancePath));
    if (!gpu.validPartitionCounts.includes(count))
      return refuse(texts.partitionCountInvalid(gpu.instancePath, count, gpu.validPartitionCounts));
    const holders = this.partitionHolders(gpu);
    if (holders.length > 0) return refuse(texts.partitionInUse(gpu.instancePath, [...new Set(holders.map((h) => h.vm.name))]));
    gpu.partitionCount = count;
    return success(gpu);
  }

  /** A hardware change (card swapped or moved): the GPU's instance path disappears from the host. */
  removeHostGpu(instancePath: string): ModelResult<GpuState> {
    const gpu = this.findGpu(instancePath);
    if (!gpu) return refuse(texts.gpuNotFound(instancePath));
    this.state.gpus = this.state.gpus.filter((g) => g !== gpu);
    return success(gpu);
  }

  // --- power -------------------------------------------------------------------------------------

  startVm(vmId: string): ModelResult<VmState> {
    const vm = this.findVm(vmId);
    if (!vm) return refuse(texts.vmNotFoundById(vmId, 'StartVM'));
    if (vm.state === 'Running') return success(vm, texts.ALREADY_IN_STATE_WARNING);
    if (vm.state === 'Paused') {
      vm.state = 'Running';
      return success(vm);
    }
    if (vm.state !== 'Off' && vm.state !== 'Saved') return refuse(texts.invalidStateChange(vm, 'StartVM'));
    if (vm.mountedDisks.length > 0) return refuse(texts.diskInUse(vm, vm.mountedDisks[0]!));
    const refusal = this.startRefusal(vm);
    if (refusal) return refuse(refusal);
    this.resolvePartitions(vm);
    vm.state = 'Running';
    return success(vm);
  }

  /** Stop-VM: a graceful shutdown through the guest. */
  shutDownVm(vmId: string): ModelResult<VmState> {
    const vm = this.findVm(vmId);
    if (!vm) return refuse(texts.vmNotFoundById(vmId, 'StopVM'));
    if (vm.state === 'Off') return success(vm, texts.ALREADY_IN_STATE_WARNING);
    if (vm.state !== 'Running') return refuse(texts.invalidStateChange(vm, 'StopVM'));
    this.powerOff(vm);
    return success(vm);
  }

  /** Stop-VM -TurnOff: pulls the plug, also discards a saved state. */
  turnOffVm(vmId: string): ModelResult<VmState> {
    const vm = this.findVm(vmId);
    if (!vm) return refuse(texts.vmNotFoundById(vmId, 'StopVM'));
    if (vm.state === 'Off') return success(vm, texts.ALREADY_IN_STATE_WARNING);
    this.powerOff(vm);
    return success(vm);
  }

  /** Remove-VMSavedState: only a Saved VM has one; the VM is Off afterwards, its memory gone. */
  discardSavedState(vmId: string): ModelResult<VmState> {
    const vm = this.findVm(vmId);
    if (!vm) return refuse(texts.vmNotFoundById(vmId, 'RemoveVMSavedState'));
    if (vm.state !== 'Saved') return refuse(texts.invalidStateChange(vm, 'RemoveVMSavedState'));
    this.powerOff(vm);
    return success(vm);
  }

  saveVm(vmId: string): ModelResult<VmState> {
    const vm = this.findVm(vmId);
    if (!vm) return refuse(texts.vmNotFoundById(vmId, 'SaveVM'));
    if (vm.adapters.length > 0) return refuse(texts.gpupBlocksOperation('SaveVM'));
    if (vm.state === 'Saved') return success(vm, texts.ALREADY_IN_STATE_WARNING);
    if (vm.state !== 'Running' && vm.state !== 'Paused') return refuse(texts.invalidStateChange(vm, 'SaveVM'));
    vm.state = 'Saved';
    return success(vm);
  }

  /** Checkpoint-VM: the simulator keeps no checkpoint tree; it models only whether Hyper-V allows one. */
  checkpointVm(vmId: string): ModelResult<VmState> {
    const vm = this.findVm(vmId);
    if (!vm) return refuse(texts.vmNotFoundById(vmId, 'CheckpointVM'));
    if (vm.adapters.length > 0) return refuse(texts.gpupBlocksOperation('CheckpointVM'));
    if (vm.checkpointType === 'Disabled') return refuse(texts.checkpointsDisabled(vm));
    return success(vm);
  }

  // --- guest -------------------------------------------------------------------------------------

  /** Win32_PnPEntity display devices inside the guest, over PowerShell Direct. */
  guestDisplayDevices(
    vmId: string,
    credential: GuestCredential,
    driverStore: GuestDriverStore,
  ): ModelResult<readonly GuestDisplayDevice[]> {
    const session = this.guestSession(vmId, credential);
    if (!session.ok) return session;
    return success(deriveGuestDisplayDevices(session.value, (adapter) => this.gpuOf(adapter), driverStore));
  }

  /** What New-PSSession -VMId -Credential checks: the VM runs and the guest accepts the credential. */
  guestSession(vmId: string, credential: GuestCredential): ModelResult<VmState> {
    const vm = this.findVm(vmId);
    if (!vm) return refuse(texts.vmNotFoundById(vmId));
    if (vm.state !== 'Running') return refuse(texts.guestNotRunning(vm));
    const guest = vm.guest;
    if (!guest || guest.user.toLowerCase() !== credential.user.toLowerCase() || guest.password !== credential.password) {
      return refuse(texts.guestCredentialInvalid());
    }
    return success(vm);
  }

  /**
   * Mount-VHD of the VM's disks in order until one holds Windows: the VM must be off; a locked
   * BitLocker volume is refused; disks that are not the system disk are dismounted again.
   */
  mountSystemDisk(vmId: string): ModelResult<{ readonly vm: VmState; readonly diskPath: string; readonly disksSearched: number }> {
    const vm = this.findVm(vmId);
    if (!vm) return refuse(texts.vmNotFoundById(vmId));
    if (vm.state !== 'Off') return refuse(texts.syncNeedsVmOff(vm, vm.state));
    let searched = 0;
    for (const disk of vm.disks) {
      searched += 1;
      if (!disk.holdsWindows) continue;
      if (disk.bitLocker === 'Locked') return refuse(texts.guestVolumeLocked(vm, disk.path));
      // What an earlier run left mounted is dismounted first, as the module does.
      vm.mountedDisks = [];
      const mounted = this.mountVhd(disk.path);
      if (!mounted.ok) return mounted;
      return success({ vm, diskPath: disk.path, disksSearched: searched });
    }
    return refuse(texts.guestVolumeNotFound(vm, vm.disks.length, vm.disks.length * 3));
  }

  /** The VM a virtual disk file belongs to (paths compared without case, as Windows does). */
  diskOwner(path: string): { readonly vm: VmState; readonly disk: VmState['disks'][number]; readonly number: number } | undefined {
    let number = 0;
    for (const vm of this.state.vms) {
      for (const disk of vm.disks) {
        // Disk 0 is the host's own; the VMs' disks are numbered after it, in order, while attached.
        number += 1;
        if (disk.path.toLowerCase() === path.toLowerCase()) return { vm, disk, number };
      }
    }
    return undefined;
  }

  /** Mount-VHD: the disk of a VM that runs is held by the VM (Hyper-V's sharing violation). */
  mountVhd(path: string): ModelResult<VmState> {
    const owner = this.diskOwner(path);
    if (!owner) return refuse(texts.vhdNotFound(path));
    const { vm, disk } = owner;
    if (vm.state !== 'Off') return refuse(texts.vhdInUse(disk.path));
    if (vm.mountedDisks.some((p) => p.toLowerCase() === disk.path.toLowerCase())) return refuse(texts.vhdAlreadyAttached(disk.path));
    vm.mountedDisks = [...vm.mountedDisks, disk.path];
    return success(vm);
  }

  /** Dismount-VHD of one disk file. */
  dismountVhd(path: string): ModelResult<VmState> {
    const owner = this.diskOwner(path);
    if (!owner) return refuse(texts.vhdNotFound(path));
    const { vm, disk } = owner;
    if (!vm.mountedDisks.some((p) => p.toLowerCase() === disk.path.toLowerCase())) return refuse(texts.vhdNotAttached(disk.path));
    vm.mountedDisks = vm.mountedDisks.filter((p) => p.toLowerCase() !== disk.path.toLowerCase());
    return success(vm);
  }

  /** Dismount-VHD of every disk of the VM mounted on the host; true when there was one. */
  dismountDisks(vmId: string): ModelResult<boolean> {
    const vm = this.findVm(vmId);
    if (!vm) return refuse(texts.vmNotFoundById(vmId));
    const had = vm.mountedDisks.length > 0;
    vm.mountedDisks = [];
    return success(had);
  }

  setDriverSyncRecord(vmId: string, record: string | null): ModelResult<null> {
    const vm = this.findVm(vmId);
    if (!vm) return refuse(texts.vmNotFoundById(vmId));
    vm.driverSyncRecord = record;
    return success(null);
  }

  /**
   * Brings runtime values in line with the VM states, e.g. after a scenario put VMs straight into
   * Running: running VMs get their partitions resolved, all others hold none.
   */
  settleRuntime(): void {
    for (const vm of this.state.vms) {
      if (vm.state === 'Running' || vm.state === 'Paused') continue;
      for (const adapter of vm.adapters) adapter.partitionId = null;
    }
    for (const vm of this.state.vms) {
      if ((vm.state === 'Running' || vm.state === 'Paused') && vm.adapters.some((a) => a.partitionId === null)) this.resolvePartitions(vm);
    }
  }

  // --- internals ---------------------------------------------------------------------------------

  /** What Hyper-V checks when it builds the VM's worker: memory layout first, then each partition. */
  private startRefusal(vm: VmState): HyperVError | null {
    const limit = 1n << BigInt(this.state.host.cpuPhysicalAddressBits);
    const regionEnd = vm.highMemoryMappedIoBaseAddress + vm.highMemoryMappedIoSpace;
    if (regionEnd > limit) return texts.mmioAboveRange(vm, regionEnd - 0x1000n, limit);
    const starting = new Map<GpuState, number>();
    for (const adapter of vm.adapters) {
      const gpu = this.gpuOf(adapter);
      if (!gpu) return texts.insufficientResources(vm, adapterInstanceGuid(adapter.id));
      if (this.groupPolicyBlocks(gpu)) return texts.groupPolicyNotCompliant(gpu.instancePath);
      const inUse = this.runningPartitions(gpu).length + (starting.get(gpu) ?? 0);
      if (inUse >= gpu.partitionCount) return texts.insufficientResources(vm, adapterInstanceGuid(adapter.id));
      starting.set(gpu, (starting.get(gpu) ?? 0) + 1);
    }
    return null;
  }

  /** Windows Server refuses uncertified GPUs unless both policy values are 0. */
  private groupPolicyBlocks(gpu: GpuState): boolean {
    const { productType, groupPolicy } = this.state.host;
    if (productType !== 'Server' || gpu.certifiedForAssignment) return false;
    return groupPolicy.RequireSecureDeviceAssignment !== 0 || groupPolicy.RequireSupportedDeviceAssignment !== 0;
  }

  private runningPartitions(gpu: GpuState): PartitionHolder[] {
    return this.partitionHolders(gpu).filter((holder) => holder.adapter.partitionId !== null);
  }

  /** "Partitions are resolved only when the VM is started": each adapter gets the lowest free partition id. */
  private resolvePartitions(vm: VmState): void {
    for (const adapter of vm.adapters) {
      if (adapter.partitionId !== null) continue;
      const gpu = this.gpuOf(adapter);
      if (!gpu) continue;
      const taken = new Set(this.runningPartitions(gpu).map((holder) => holder.adapter.partitionId));
      let id = 0;
      while (taken.has(id)) id++;
      adapter.partitionId = id;
    }
  }

  private powerOff(vm: VmState): void {
    vm.state = 'Off';
    for (const adapter of vm.adapters) adapter.partitionId = null;
  }
}

function selectAdapters(vm: VmState, adapterId: string | undefined): AdapterState[] {
  if (adapterId === undefined) return [...vm.adapters];
  return vm.adapters.filter((adapter) => adapter.id.toLowerCase() === adapterId.toLowerCase());
}

function emptySettings(): AdapterSettings {
  return Object.fromEntries(ADAPTER_SETTING_KEYS.map((key) => [key, null])) as AdapterSettings;
}

function definedSettings(settings: Partial<AdapterSettings> | undefined): Partial<AdapterSettings> {
  return Object.fromEntries(Object.entries(settings ?? {}).filter(([, value]) => value !== undefined));
}
