import {
  RESOURCE_KINDS,
  type GpuPartitionAdapter,
  type HostFacts,
  type HostInventory,
  type PartitionableGpu,
  type ResourceCapacity,
  type ResourceKind,
  type VirtualMachine,
} from '../model';
import { deviceIdFromInstancePath, partitioningKind, vendorFromInstancePath } from '../gpuIdentity';
import { parseDriverSyncRecord } from './driverSync';
import type { RawAdapter, RawHostFacts, RawInventory, RawPartitionableGpu, RawSignedDriver, RawVm } from './rawShapes';

function perResource<T>(make: (kind: ResourceKind) => T): Record<ResourceKind, T> {
  return Object.fromEntries(RESOURCE_KINDS.map((kind) => [kind, make(kind)])) as Record<ResourceKind, T>;
}

export function normalizeHostFacts(raw: RawHostFacts): HostFacts {
  return {
    computerName: raw.ComputerName,
    osCaption: raw.OsCaption,
    osBuild: raw.OsBuild,
    osEdition: raw.OsEdition,
    psVersion: raw.PSVersion,
    psEdition: raw.PSEdition,
    hyperVModule: raw.HyperVModule,
    elevated: raw.Elevated,
    hyperVAdministrator: raw.HyperVAdministrator,
    inventoryCmdlet: raw.InventoryCmdlet,
    supportsInstancePath: raw.SupportsInstancePath,
  };
}

export function normalizeAdapter(raw: RawAdapter): GpuPartitionAdapter {
  return {
    id: raw.Id,
    instancePath: raw.InstancePath,
    settings: perResource((kind) => ({
      min: raw[`MinPartition${kind}`],
      max: raw[`MaxPartition${kind}`],
      optimal: raw[`OptimalPartition${kind}`],
    })),
    current: perResource((kind) => raw[`CurrentPartition${kind}`]),
    partitionId: raw.PartitionId,
    supportsOutgoingLiveMigration: raw.SupportsOutgoingLiveMigration,
  };
}

export function normalizeVm(raw: RawVm): VirtualMachine {
  return {
    id: raw.VMId.toLowerCase(),
    name: raw.Name,
    state: raw.State.state,
    stateCritical: raw.State.critical,
    generation: raw.Generation,
    configurationVersion: raw.Version,
    checkpointType: raw.CheckpointType,
    automaticStopAction: raw.AutomaticStopAction,
    automaticStartAction: raw.AutomaticStartAction,
    dynamicMemoryEnabled: raw.DynamicMemoryEnabled,
    memoryStartup: raw.MemoryStartup,
    processorCount: raw.ProcessorCount,
    guestControlledCacheTypes: raw.GuestControlledCacheTypes,
    lowMemoryMappedIoSpace: raw.LowMemoryMappedIoSpace,
    highMemoryMappedIoSpace: raw.HighMemoryMappedIoSpace,
    highMemoryMappedIoBaseAddress: raw.HighMemoryMappedIoBaseAddress,
    adapters: raw.GpuPartitionAdapters.ok.map(normalizeAdapter),
    invalidAdapters: raw.GpuPartitionAdapters.invalid,
    driverSync: parseDriverSyncRecord(raw.DriverSyncRecord ?? null),
  };
}

export function normalizeGpu(raw: RawPartitionableGpu, drivers: readonly RawSignedDriver[]): PartitionableGpu {
  const deviceId = deviceIdFromInstancePath(raw.Name);
  const driver = deviceId ? drivers.find((d) => d.DeviceID.toUpperCase() === deviceId) : undefined;
  return {
    instancePath: raw.Name,
    kind: partitioningKind(raw.Name),
    vendor: driver?.Manufacturer ?? vendorFromInstancePath(raw.Name),
    friendlyName: driver?.DeviceName ?? driver?.Description ?? null,
    driverVersion: driver?.DriverVersion ?? null,
    driverProvider: driver?.DriverProviderName ?? null,
    infName: driver?.InfName ?? null,
    validPartitionCounts: raw.ValidPartitionCounts,
    partitionCount: raw.PartitionCount,
    resources: perResource((kind): ResourceCapacity => ({
      total: raw[`Total${kind}`],
      available: raw[`Available${kind}`],
      min: raw[`MinPartition${kind}`],
      max: raw[`MaxPartition${kind}`],
      optimal: raw[`OptimalPartition${kind}`],
    })),
  };
}

export function normalizeInventory(raw: RawInventory): HostInventory {
  return {
    facts: normalizeHostFacts(raw.Facts),
    vms: raw.VMs.ok.map(normalizeVm).sort((a, b) => a.name.localeCompare(b.name)),
    gpus: raw.Gpus.ok.map((gpu) => normalizeGpu(gpu, raw.Drivers.ok)),
    invalid: [...raw.VMs.invalid, ...raw.Gpus.invalid, ...raw.Drivers.invalid],
  };
}
