/**
 * The cmdlet-level face of the simulated host: what Hyper-V's cmdlets (and the CIM classes the
 * module reads) answer, from the same model, state store and projections as the module-level face
 * in ../operations. The PowerShell double (./modules) forwards each cmdlet call here, so the real
 * module runs in real PowerShell against the rules the simulated host plays.
 */
import { RESOURCE_KINDS } from '../../core/model';
import type { AutomaticStopAction, CheckpointType } from '../../core/model';
import { isWindows10Generation, supportsInstancePath } from '../hyperv/hostGeneration';
import type { HyperVModel, ModelResult, VmSettingsChange } from '../hyperv/model';
import type { AdapterSettings, VmState } from '../hyperv/state';
import * as texts from '../hyperv/texts';
import { projectAdapter, projectGpu, projectVmObject } from '../output/project';
import type { PsValue } from '../output/psValue';
import type { Mutate } from '../operations/writeOperations';
import { getCimInstance } from './cimAnswers';
import * as disks from './diskAnswers';
import { newGuestSession } from './guestAnswers';

/** Parameters as the double sends them: UInt64 values as decimal strings, switches as booleans. */
export type CmdletParameters = Readonly<Record<string, unknown>>;

export interface CmdletAnswer {
  readonly output: readonly PsValue[];
  readonly error?: texts.HyperVError;
  readonly warning?: string;
}

/** Where the simulated host keeps its state and disks. */
export interface CmdletContext {
  readonly dir: string;
}

type Handler = (model: HyperVModel, mutate: Mutate, parameters: CmdletParameters, context: CmdletContext) => CmdletAnswer;

const SIZE_NAMES = RESOURCE_KINDS.flatMap((kind) => (['Min', 'Max', 'Optimal'] as const).map((p) => `${p}Partition${kind}` as const));

function text(parameters: CmdletParameters, name: string): string | undefined {
  const value = parameters[name];
  return typeof value === 'string' ? value : undefined;
}

function uint64(parameters: CmdletParameters, name: string): bigint | undefined {
  const value = text(parameters, name);
  return value === undefined ? undefined : BigInt(value);
}

function list(parameters: CmdletParameters, name: string): string[] | undefined {
  const values = parameters[name];
  if (values === undefined) return undefined;
  return Array.isArray(values) ? values.map(String) : [String(values)];
}

function refused(error: texts.HyperVError): CmdletAnswer {
  return { output: [], error };
}

function answer<T>(result: ModelResult<T>, output: (value: T) => readonly PsValue[] = () => []): CmdletAnswer {
  if (!result.ok) return refused(result.error);
  return { output: output(result.value), ...(result.warning === undefined ? {} : { warning: result.warning }) };
}

/** Hyper-V's permission, checked by every cmdlet: an elevated administrator or a Hyper-V Administrator. */
function denied(model: HyperVModel): texts.HyperVError | null {
  const host = model.state.host;
  return host.elevated || host.hyperVAdministrator ? null : texts.permissionDenied(host.computerName);
}

/** The VMs a call names by id (-VM objects, Get-VM -Id) or by name (-VMName); the first unknown one refuses. */
function namedVms(model: HyperVModel, parameters: CmdletParameters, cmdletClass: string): VmState[] | texts.HyperVError {
  const found: VmState[] = [];
  for (const id of list(parameters, 'VMId') ?? []) {
    const vm = model.findVm(id);
    if (!vm) return texts.vmNotFoundById(id, cmdletClass);
    found.push(vm);
  }
  for (const name of list(parameters, 'VMName') ?? []) {
    const vms = model.state.vms.filter((vm) => vm.name.toLowerCase() === name.toLowerCase());
    if (vms.length === 0) return texts.vmNotFoundByName(name, cmdletClass);
    found.push(...vms);
  }
  return found;
}

function getVm(model: HyperVModel, _mutate: Mutate, parameters: CmdletParameters): CmdletAnswer {
  if (parameters.VMId === undefined && parameters.VMName === undefined) return { output: model.state.vms.map(projectVmObject) };
  const vms = namedVms(model, parameters, 'GetVM');
  return Array.isArray(vms) ? { output: vms.map(projectVmObject) } : refused(vms);
}

function getAdapters(model: HyperVModel, _mutate: Mutate, parameters: CmdletParameters): CmdletAnswer {
  const vms = namedVms(model, parameters, 'GetVMGpuPartitionAdapter');
  if (!Array.isArray(vms)) return refused(vms);
  const adapterId = text(parameters, 'AdapterId')?.toLowerCase();
  return {
    output: vms.flatMap((vm) =>
      vm.adapters.filter((a) => adapterId === undefined || a.id.toLowerCase() === adapterId).map((a) => projectAdapter(model, vm, a)),
    ),
  };
}

function sizes(parameters: CmdletParameters): Partial<AdapterSettings> {
  const settings: Partial<AdapterSettings> = {};
  for (const name of SIZE_NAMES) {
    const value = uint64(parameters, name);
    if (value !== undefined) settings[name] = value;
  }
  return settings;
}

/** Runs `rule` for each VM the call names, as the cmdlet does for each VM of its -VM array. */
function eachVm(
  model: HyperVModel,
  parameters: CmdletParameters,
  cmdletClass: string,
  rule: (vmId: string) => ModelResult<unknown>,
): CmdletAnswer {
  const vms = namedVms(model, parameters, cmdletClass);
  if (!Array.isArray(vms)) return refused(vms);
  for (const vm of vms) {
    const result = rule(vm.vmId);
    if (!result.ok) return refused(result.error);
  }
  return { output: [] };
}

function addAdapter(model: HyperVModel, mutate: Mutate, parameters: CmdletParameters): CmdletAnswer {
  const instancePath = text(parameters, 'InstancePath');
  return eachVm(model, parameters, 'AddVMGpuPartitionAdapter', (vmId) =>
    mutate((m) => m.addAdapter(vmId, { ...(instancePath === undefined ? {} : { instancePath }), settings: sizes(parameters) })),
  );
}

function setAdapter(model: HyperVModel, mutate: Mutate, parameters: CmdletParameters): CmdletAnswer {
  return eachVm(model, parameters, 'SetVMGpuPartitionAdapter', (vmId) =>
    mutate((m) => m.setAdapter(vmId, sizes(parameters), text(parameters, 'AdapterId'))),
  );
}

function removeAdapter(model: HyperVModel, mutate: Mutate, parameters: CmdletParameters): CmdletAnswer {
  return eachVm(model, parameters, 'RemoveVMGpuPartitionAdapter', (vmId) =>
    mutate((m) => m.removeAdapter(vmId, text(parameters, 'AdapterId'))),
  );
}

function vmChange(parameters: CmdletParameters): VmSettingsChange {
  const change: { -readonly [K in keyof VmSettingsChange]: VmSettingsChange[K] } = {};
  if (typeof parameters.GuestControlledCacheTypes === 'boolean') change.guestControlledCacheTypes = parameters.GuestControlledCacheTypes;
  const low = uint64(parameters, 'LowMemoryMappedIoSpace');
  if (low !== undefined) change.lowMemoryMappedIoSpace = low;
  const high = uint64(parameters, 'HighMemoryMappedIoSpace');
  if (high !== undefined) change.highMemoryMappedIoSpace = high;
  const checkpointType = text(parameters, 'CheckpointType');
  if (checkpointType !== undefined) change.checkpointType = checkpointType as CheckpointType;
  const stopAction = text(parameters, 'AutomaticStopAction');
  if (stopAction !== undefined) change.automaticStopAction = stopAction as AutomaticStopAction;
  if (typeof parameters.DynamicMemoryEnabled === 'boolean') change.dynamicMemoryEnabled = parameters.DynamicMemoryEnabled;
  return change;
}

function setVm(cmdletClass: string): Handler {
  return (model, mutate, parameters) =>
    eachVm(model, parameters, cmdletClass, (vmId) => mutate((m) => m.setVm(vmId, vmChange(parameters))));
}

function startVm(model: HyperVModel, mutate: Mutate, parameters: CmdletParameters): CmdletAnswer {
  const vms = namedVms(model, parameters, 'StartVM');
  if (!Array.isArray(vms)) return refused(vms);
  const results = vms.map((vm) => mutate((m) => m.startVm(vm.vmId)));
  const failed = results.find((r) => !r.ok);
  return failed ? answer(failed) : answer(results[0] ?? { ok: true, value: null });
}

function stopVm(model: HyperVModel, mutate: Mutate, parameters: CmdletParameters): CmdletAnswer {
  const vms = namedVms(model, parameters, 'StopVM');
  if (!Array.isArray(vms)) return refused(vms);
  const results = vms.map((vm) => mutate((m) => (parameters.TurnOff === true ? m.turnOffVm(vm.vmId) : m.shutDownVm(vm.vmId))));
  const failed = results.find((r) => !r.ok);
  return failed ? answer(failed) : answer(results[0] ?? { ok: true, value: null });
}

function removeSavedState(model: HyperVModel, mutate: Mutate, parameters: CmdletParameters): CmdletAnswer {
  const vms = namedVms(model, parameters, 'RemoveVMSavedState');
  if (!Array.isArray(vms)) return refused(vms);
  const results = vms.map((vm) => mutate((m) => m.discardSavedState(vm.vmId)));
  const failed = results.find((r) => !r.ok);
  return failed ? answer(failed) : { output: [] };
}

function getGpus(model: HyperVModel): CmdletAnswer {
  return { output: model.state.gpus.map((gpu) => projectGpu(model, gpu)) };
}

/** Set-VMHostPartitionableGpu (Windows 10: Set-VMPartitionableGpu, whose errors name that class). */
function setPartitionCount(cmdletClass: string): Handler {
  return (_model, mutate, parameters) => {
    const result = mutate((m) => m.setPartitionCount(text(parameters, 'Name') ?? '', Number(parameters.PartitionCount)));
    if (result.ok) return { output: [] };
    const fqid = result.error.fullyQualifiedErrorId.replace(/[^.]+$/, cmdletClass);
    return refused({ ...result.error, fullyQualifiedErrorId: fqid });
  };
}

/** What the Hyper-V double asks when it loads: which cmdlet set and parameters this host's Windows has. */
function hostGeneration(model: HyperVModel): CmdletAnswer {
  const host = model.state.host;
  return {
    output: [{ HyperVModule: host.hyperVModule, Windows10: isWindows10Generation(host), SupportsInstancePath: supportsInstancePath(host) }],
  };
}

const HYPERV_CMDLETS: Readonly<Record<string, Handler>> = {
  'Get-VM': getVm,
  'Get-VMGpuPartitionAdapter': getAdapters,
  'Add-VMGpuPartitionAdapter': addAdapter,
  'Set-VMGpuPartitionAdapter': setAdapter,
  'Remove-VMGpuPartitionAdapter': removeAdapter,
  'Get-VMHostPartitionableGpu': getGpus,
  'Get-VMPartitionableGpu': getGpus,
  'Set-VMHostPartitionableGpu': setPartitionCount('SetVMHostPartitionableGpu'),
  'Set-VMPartitionableGpu': setPartitionCount('SetVMPartitionableGpu'),
  'Set-VM': setVm('SetVM'),
  'Set-VMMemory': setVm('SetVMMemory'),
  'Start-VM': startVm,
  'Stop-VM': stopVm,
  'Remove-VMSavedState': removeSavedState,
  'Get-VMHardDiskDrive': (model, _mutate, parameters) => {
    const vms = namedVms(model, parameters, 'GetVMHardDiskDrive');
    return Array.isArray(vms) ? disks.getVmHardDiskDrive(vms) : refused(vms);
  },
  'Get-VHD': disks.getVhd,
  'Mount-VHD': disks.mountVhd,
  'Dismount-VHD': disks.dismountVhd,
};

const OTHER_CMDLETS: Readonly<Record<string, Handler>> = {
  'Get-CimInstance': (model, _mutate, parameters, context) => getCimInstance(model, parameters, context),
  'Get-GpuPvDoubleHost': hostGeneration,
  'Get-Disk': disks.getDisk,
  'Get-Partition': disks.getPartition,
  'Add-PartitionAccessPath': disks.addPartitionAccessPath,
  'Remove-PartitionAccessPath': disks.removePartitionAccessPath,
  'Get-BitLockerVolume': disks.getBitLockerVolume,
  'New-PSSession': newGuestSession,
};

/** Answers one cmdlet call; an unknown cmdlet is the double's own mistake, reported as such. */
export function answerCmdlet(
  model: HyperVModel,
  mutate: Mutate,
  cmdlet: string,
  parameters: CmdletParameters,
  context: CmdletContext,
): CmdletAnswer {
  const hyperV = HYPERV_CMDLETS[cmdlet];
  if (hyperV) {
    const refusal = denied(model);
    return refusal ? refused(refusal) : hyperV(model, mutate, parameters, context);
  }
  const other = OTHER_CMDLETS[cmdlet];
  if (other) return other(model, mutate, parameters, context);
  return refused({
    id: 'hyperv-error',
    message: `The cmdlet double has no answer for ${cmdlet}.`,
    category: 'NotImplemented',
    fullyQualifiedErrorId: 'DoubleNotImplemented',
  });
}
