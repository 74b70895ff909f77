/**
 * What the rest of the project (tests, benchmarks, the demo) uses of the simulated host, so they
 * need not know its internal layout. The process itself starts from main.ts.
 */
export { FAULT_KINDS, faultsPath, readFaults, takeFault, writeFaults, type Fault, type FaultKind } from './faults/faults';
export { HyperVModel, type AddAdapterRequest, type ModelResult, type PartitionHolder, type VmSettingsChange } from './hyperv/model';
export type { GuestCredential, GuestDisplayDevice, GuestDriverStore } from './hyperv/guestDisplay';
export type { AdapterSettings, AdapterState, GpuState, HostState, ScenarioInput, VmState } from './hyperv/state';
export { ERROR_CATALOG, type CatalogId, type HyperVError } from './hyperv/texts';
export { DiskDriverStore } from './disks/diskDriverStore';
export { guestHostDriverStoreDir, hostDriverStoreDir, vmDiskRoot } from './disks/layout';
export { ensureGuestDisk } from './disks/guestCopies';
export { ensureHostDriver } from './disks/hostDriverFiles';
export { driverLayout, writeDriverPackage, type PackageProfile } from './disks/driverPackages';
export { readStateFile, StateStore, statePath } from './persistence/stateStore';
export { BUILT_IN_SCENARIO_NAMES, DEFAULT_SCENARIO, type BuiltInScenarioName } from './scenarios/builtIn';
export { generateScenario, type GenerateOptions } from './scenarios/generateScenario';
export { parseScenario, resolveScenario, type ScenarioSource } from './scenarios/resolveScenario';
export { writeScenarioFile } from './scenarios/scenarioFile';
export { SimulatedHost } from './host/simulatedHost';
