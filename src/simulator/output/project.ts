/**
 * The model as the cmdlets print it: PowerShell's property names, in the cmdlets' order, with the
 * property sets each Windows generation has. These are the shapes src/core/normalize/rawShapes.ts
 * parses, so the simulated host and a real one travel the same path.
 */
import { createHash } from 'node:crypto';
import { RESOURCE_KINDS } from '../../core/model';
import { deviceIdFromInstancePath, partitioningKind } from '../../core/gpuIdentity';
import { partitionSize } from '../hyperv/capacity';
import { inventoryCmdlet, isWindows10Generation, reportsLiveMigration, supportsInstancePath } from '../hyperv/hostGeneration';
import type { HyperVModel } from '../hyperv/model';
import type { AdapterState, GpuState, HostState, ReportedAs, VmState } from '../hyperv/state';
import { checkpointTypeEnum, startActionEnum, stopActionEnum, vmStateEnum } from './enums';
import type { JsonValue } from '../../core/json/losslessJson';
import { PsDate, PsPipeline, PsPropertyList, type PsObject, type PsValue } from './psValue';

const EMPTY_GUID = '00000000-0000-0000-0000-000000000000';

/** The cmdlet's output as the scenario says this host prints it (see ReportedAs). */
function reported(output: PsObject, as: ReportedAs | undefined): PsObject {
  if (!as) return output;
  const kept = Object.entries(output).filter(([key]) => !as.omit.includes(key));
  return { ...Object.fromEntries(kept), ...(as.set as Record<string, JsonValue>) };
}

/** What our module's Get-HostFacts gathers (Win32_OperatingSystem, $PSVersionTable, the token, Get-Command). */
export function projectHostFacts(state: HostState): PsObject {
  const host = state.host;
  return {
    ComputerName: host.computerName,
    OsCaption: host.osCaption,
    OsBuild: host.osBuild,
    OsEdition: host.osEdition,
    PSVersion: host.psVersion,
    PSEdition: host.psEdition,
    HyperVModule: host.hyperVModule,
    Elevated: host.elevated,
    HyperVAdministrator: host.hyperVAdministrator,
    InventoryCmdlet: inventoryCmdlet(host),
    SupportsInstancePath: supportsInstancePath(host),
  };
}

/** Get-VMGpuPartitionAdapter | Select * -ExcludeProperty CimSession */
export function projectAdapter(model: HyperVModel, vm: VmState, adapter: AdapterState): PsObject {
  const host = model.state.host;
  const identity: PsObject = {
    Name: 'GPU Partition Settings',
    Id: adapter.id,
    VMId: vm.vmId,
    VMName: vm.name,
    VMSnapshotId: EMPTY_GUID,
    VMSnapshotName: '',
    ComputerName: host.computerName,
    IsDeleted: false,
    VMCheckpointId: EMPTY_GUID,
    VMCheckpointName: '',
  };
  if (isWindows10Generation(host)) {
    // The older property set (Microsoft's GPU-PV doc): no runtime values, no instance path.
    const settings: Record<string, PsValue> = {};
    for (const kind of RESOURCE_KINDS) {
      for (const prefix of ['Min', 'Max', 'Optimal'] as const)
        settings[`${prefix}Partition${kind}`] = adapter.settings[`${prefix}Partition${kind}`];
    }
    return reported({ ...settings, ...identity }, adapter.reportedAs);
  }
  const gpu = model.gpuOf(adapter);
  const running = adapter.partitionId !== null;
  const values: Record<string, PsValue> = {};
  for (const kind of RESOURCE_KINDS) {
    values[`CurrentPartition${kind}`] = running && gpu ? currentValue(gpu, kind) : null;
    for (const prefix of ['Min', 'Max', 'Optimal'] as const)
      values[`${prefix}Partition${kind}`] = adapter.settings[`${prefix}Partition${kind}`];
  }
  const runtime: Record<string, PsValue> = {
    InstancePath: adapter.instancePath,
    PartitionId: adapter.partitionId,
    PartitionVfLuid: running ? vfLuid(adapter) : null,
  };
  if (reportsLiveMigration(host)) runtime.SupportsOutgoingLiveMigration = gpu?.supportsLiveMigration ?? false;
  return reported({ ...values, ...runtime, ...identity }, adapter.reportedAs);
}

/** GPU-PV partitions are not enforced (each VM sees the whole GPU); an SR-IOV partition is its fixed slice. */
function currentValue(gpu: GpuState, kind: (typeof RESOURCE_KINDS)[number]): bigint {
  return partitioningKind(gpu.instancePath) === 'sr-iov' ? partitionSize(gpu, kind) : gpu.totals[kind];
}

/** Looks like Hyper-V's "<high>-<low>" LUID of the virtual function, stable per adapter. */
function vfLuid(adapter: AdapterState): string {
  const low = createHash('sha1').update(adapter.id).digest().readUInt32BE(0) & 0x7fffffff;
  return `${adapter.partitionId ?? 0}-${low}`;
}

/** Get-VM's own properties that GPU-PV reads. */
function vmProperties(vm: VmState): PsObject {
  return {
    Name: vm.name,
    VMId: vm.vmId,
    State: vmStateEnum(vm.state),
    Generation: vm.generation,
    Version: vm.version,
    CheckpointType: checkpointTypeEnum(vm.checkpointType),
    AutomaticStopAction: stopActionEnum(vm.automaticStopAction),
    AutomaticStartAction: startActionEnum(vm.automaticStartAction),
    DynamicMemoryEnabled: vm.dynamicMemoryEnabled,
    MemoryStartup: vm.memoryStartup,
    ProcessorCount: vm.processorCount,
    GuestControlledCacheTypes: vm.guestControlledCacheTypes,
    LowMemoryMappedIoSpace: vm.lowMemoryMappedIoSpace,
    HighMemoryMappedIoSpace: vm.highMemoryMappedIoSpace,
    HighMemoryMappedIoBaseAddress: vm.highMemoryMappedIoBaseAddress,
  };
}

/** Get-VM projected to what GPU-PV needs, plus @(Get-VMGpuPartitionAdapter) in a property. */
export function projectVm(model: HyperVModel, vm: VmState): PsObject {
  return reported(
    {
      ...vmProperties(vm),
      GpuPartitionAdapters: new PsPropertyList(vm.adapters.map((adapter) => projectAdapter(model, vm, adapter))),
      DriverSyncRecord: vm.driverSyncRecord,
    },
    vm.reportedAs,
  );
}

/**
 * Get-VM's object as the Hyper-V double's cmdlet gives it (the real one has many more properties),
 * reported as oddly as the scenario says, so the module reads the same odd VM the simulator prints.
 */
export function projectVmObject(vm: VmState): PsObject {
  const { Name, VMId, ...rest } = vmProperties(vm);
  return reported({ Name, VMId, Id: vm.vmId, ...rest }, vm.reportedAs);
}

/** Get-VMHostPartitionableGpu (Get-VMPartitionableGpu on Windows 10) | Select * -ExcludeProperty CimSession */
export function projectGpu(model: HyperVModel, gpu: GpuState): PsObject {
  const capacity = model.capacity(gpu);
  const numbers: Record<string, PsValue> = {};
  for (const kind of RESOURCE_KINDS) {
    const c = capacity[kind];
    numbers[`Total${kind}`] = c.total;
    numbers[`Available${kind}`] = c.available;
    numbers[`MinPartition${kind}`] = c.min;
    numbers[`MaxPartition${kind}`] = c.max;
    numbers[`OptimalPartition${kind}`] = c.optimal;
  }
  return reported(
    {
      Name: gpu.instancePath,
      ValidPartitionCounts: [...gpu.validPartitionCounts],
      PartitionCount: gpu.partitionCount,
      ...numbers,
      ComputerName: model.state.host.computerName,
      IsDeleted: false,
    },
    gpu.reportedAs,
  );
}

/** Win32_PnPSignedDriver of the GPU's PnP device (DeviceID upper case, as PnP prints it). */
export function projectSignedDriver(gpu: GpuState, index: number): PsObject {
  const deviceId = deviceIdFromInstancePath(gpu.instancePath) ?? gpu.instancePath.toUpperCase();
  const hardwareId = deviceId.slice(0, deviceId.lastIndexOf('\\'));
  return {
    Caption: null,
    ClassGuid: '{4d36e968-e325-11ce-bfc1-08002be10318}',
    CompatID: hardwareId.replace(/&SUBSYS_[0-9A-F]+/i, ''),
    CreationClassName: null,
    Description: gpu.friendlyName,
    DeviceClass: 'DISPLAY',
    DeviceID: deviceId,
    DeviceName: gpu.friendlyName,
    DevLoader: null,
    DriverDate: new PsDate(gpu.driverDate),
    DriverName: null,
    DriverProviderName: gpu.driverProvider,
    DriverVersion: gpu.driverVersion,
    FriendlyName: null,
    HardWareID: hardwareId,
    InfName: gpu.infName,
    InstallDate: null,
    IsSigned: true,
    Location: gpu.location ?? `PCI bus ${index + 1}, device 0, function 0`,
    Manufacturer: gpu.manufacturer,
    Name: null,
    PDO: `\\Device\\NTPNP_PCI${String(16 + index).padStart(4, '0')}`,
    Signer: 'Microsoft Windows Hardware Compatibility Publisher',
    Started: null,
    StartMode: null,
    Status: null,
    SystemCreationClassName: null,
    SystemName: null,
  };
}

/** Get-Inventory: one round trip with the facts, every VM, every GPU and its driver record. */
export function projectInventory(model: HyperVModel): PsObject {
  const state = model.state;
  return {
    Facts: projectHostFacts(state),
    VMs: new PsPipeline(state.vms.map((vm) => projectVm(model, vm))),
    Gpus: new PsPipeline(state.gpus.map((gpu) => projectGpu(model, gpu))),
    Drivers: new PsPipeline(state.gpus.map((gpu, index) => projectSignedDriver(gpu, index))),
  };
}
