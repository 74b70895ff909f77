/**
 * The write operations of protocol.ts, as our module runs them: the module checks what it can
 * itself (-InstancePath on Windows 10, ValidPartitionCounts, partitions in use), then calls the
 * cmdlets of the "show as PowerShell" preview, then answers the VM (or GPU) through the same
 * projection as the read operations. Each rule runs through the state store, so a change persists
 * and a refusal leaves the state as it was.
 *
 * Error ids: the module only names the failures it detects itself ('no-instancepath-on-win10',
 * 'partition-count-invalid', 'partition-in-use', plus 'hyperv-missing' / 'invalid-argument' of the
 * dispatcher). Anything a cmdlet throws reaches the client as 'hyperv-error' with Hyper-V's text,
 * which the client classifies (src/core/hostErrors.ts). The simulator answers the same way, with
 * the model's verbatim texts, so a simulated run takes the client's real classification path.
 */
import type { ErrorId } from '../../core/errors';
import type { PartitionSizes, VmSettingsChange as ProtocolSettings } from '../../host/protocol';
import { isWindows10Generation, supportsInstancePath } from '../hyperv/hostGeneration';
import type { HyperVModel, ModelResult, VmSettingsChange } from '../hyperv/model';
import type { AdapterSettings } from '../hyperv/state';
import * as texts from '../hyperv/texts';
import { projectGpu, projectVm } from '../output/project';
import type { PsValue } from '../output/psValue';

/** Runs one model rule; the state store persists the state when it succeeds. */
export type Mutate = <T>(rule: (model: HyperVModel) => ModelResult<T>) => ModelResult<T>;

/** Without a store (a bare model, e.g. in unit tests) a rule simply runs on the model. */
export function mutateInPlace(model: HyperVModel): Mutate {
  return (rule) => rule(model);
}

/** The failures our module names itself; every other error comes from a cmdlet. */
const MODULE_ERROR_IDS: ReadonlySet<ErrorId> = new Set<ErrorId>([
  'no-instancepath-on-win10',
  'partition-count-invalid',
  'partition-in-use',
  'hyperv-missing',
  'invalid-argument',
]);

/** What the module's envelope carries for a refusal: the cmdlet's exception becomes 'hyperv-error'. */
function asModuleAnswers(error: texts.HyperVError): texts.HyperVError {
  return MODULE_ERROR_IDS.has(error.id) ? error : { ...error, id: 'hyperv-error' };
}

function refused<T>(error: texts.HyperVError): ModelResult<T> {
  return { ok: false, error: asModuleAnswers(error) };
}

/** Hyper-V's permission: an elevated administrator, or a member of Hyper-V Administrators. */
function hyperVAccess(model: HyperVModel): texts.HyperVError | null {
  const host = model.state.host;
  if (!host.hyperVModule) return texts.hyperVModuleMissing();
  if (!host.elevated && !host.hyperVAdministrator) return texts.permissionDenied(host.computerName);
  return null;
}

/** Runs a rule through `mutate` and hands back the model it ran on, for the answer. */
function run<T>(
  mutate: Mutate,
  rule: (model: HyperVModel) => ModelResult<T>,
): { readonly result: ModelResult<T>; readonly model: HyperVModel | null } {
  let used: HyperVModel | null = null;
  const result = mutate((current) => {
    used = current;
    return rule(current);
  });
  return { result, model: used };
}

/** `$vm = Get-VM -Id ...` (the first line of every VM preview), then the rule, then the VM as it is afterwards. */
function onVm(model: HyperVModel, mutate: Mutate, vmId: string, rule: (model: HyperVModel) => ModelResult<unknown>): ModelResult<PsValue> {
  const denied = hyperVAccess(model);
  if (denied) return refused(denied);
  if (!model.findVm(vmId)) return refused(texts.vmNotFoundById(vmId));
  const { result, model: after } = run(mutate, rule);
  if (!result.ok) return refused(result.error);
  const vm = after?.findVm(vmId);
  if (!after || !vm) return refused(texts.vmNotFoundById(vmId));
  return { ok: true, value: projectVm(after, vm) };
}

function adapterSettings(sizes: PartitionSizes | undefined): Partial<AdapterSettings> {
  const settings: Partial<AdapterSettings> = {};
  for (const [key, value] of Object.entries(sizes ?? {}) as [keyof AdapterSettings, bigint | undefined][]) {
    if (value !== undefined) settings[key] = value;
  }
  return settings;
}

function modelSettings(settings: ProtocolSettings): VmSettingsChange {
  const change: { -readonly [K in keyof VmSettingsChange]: VmSettingsChange[K] } = {};
  if (settings.GuestControlledCacheTypes !== undefined) change.guestControlledCacheTypes = settings.GuestControlledCacheTypes;
  if (settings.LowMemoryMappedIoSpace !== undefined) change.lowMemoryMappedIoSpace = settings.LowMemoryMappedIoSpace;
  if (settings.HighMemoryMappedIoSpace !== undefined) change.highMemoryMappedIoSpace = settings.HighMemoryMappedIoSpace;
  if (settings.CheckpointType !== undefined) change.checkpointType = settings.CheckpointType;
  if (settings.AutomaticStopAction !== undefined) change.automaticStopAction = settings.AutomaticStopAction;
  if (settings.DynamicMemoryEnabled !== undefined) change.dynamicMemoryEnabled = settings.DynamicMemoryEnabled;
  return change;
}

export function addGpuPartitionAdapter(
  model: HyperVModel,
  mutate: Mutate,
  args: { readonly VMId: string; readonly InstancePath?: string | undefined; readonly Sizes?: PartitionSizes | undefined },
): ModelResult<PsValue> {
  if (!model.state.host.hyperVModule) return refused(texts.hyperVModuleMissing());
  // The module feature-detects -InstancePath and answers without calling the cmdlet.
  if (args.InstancePath !== undefined && !supportsInstancePath(model.state.host)) {
    return refused({ ...texts.noInstancePathParameter(), id: 'no-instancepath-on-win10' });
  }
  return onVm(model, mutate, args.VMId, (current) =>
    current.addAdapter(args.VMId, {
      ...(args.InstancePath !== undefined ? { instancePath: args.InstancePath } : {}),
      settings: adapterSettings(args.Sizes),
    }),
  );
}

export function setGpuPartitionAdapter(
  model: HyperVModel,
  mutate: Mutate,
  args: { readonly VMId: string; readonly AdapterId?: string | undefined; readonly Sizes: PartitionSizes },
): ModelResult<PsValue> {
  return onVm(model, mutate, args.VMId, (current) => current.setAdapter(args.VMId, adapterSettings(args.Sizes), args.AdapterId));
}

export function removeGpuPartitionAdapter(
  model: HyperVModel,
  mutate: Mutate,
  args: { readonly VMId: string; readonly AdapterId?: string | undefined },
): ModelResult<PsValue> {
  return onVm(model, mutate, args.VMId, (current) => current.removeAdapter(args.VMId, args.AdapterId));
}

export function setVmGpuPvSettings(
  model: HyperVModel,
  mutate: Mutate,
  args: { readonly VMId: string; readonly Settings: ProtocolSettings },
): ModelResult<PsValue> {
  return onVm(model, mutate, args.VMId, (current) => current.setVm(args.VMId, modelSettings(args.Settings)));
}

export function startVm(model: HyperVModel, mutate: Mutate, args: { readonly VMId: string }): ModelResult<PsValue> {
  return onVm(model, mutate, args.VMId, (current) => current.startVm(args.VMId));
}

export function stopVm(
  model: HyperVModel,
  mutate: Mutate,
  args: { readonly VMId: string; readonly TurnOff: boolean },
): ModelResult<PsValue> {
  return onVm(model, mutate, args.VMId, (current) => (args.TurnOff ? current.turnOffVm(args.VMId) : current.shutDownVm(args.VMId)));
}

export function removeVmSavedState(model: HyperVModel, mutate: Mutate, args: { readonly VMId: string }): ModelResult<PsValue> {
  return onVm(model, mutate, args.VMId, (current) => current.discardSavedState(args.VMId));
}

/** Windows 10 has Set-VMPartitionableGpu, the older name; its errors name that cmdlet. */
function onHostGeneration(model: HyperVModel, error: texts.HyperVError): texts.HyperVError {
  if (!isWindows10Generation(model.state.host)) return error;
  return { ...error, fullyQualifiedErrorId: error.fullyQualifiedErrorId.replace(/SetVMHostPartitionableGpu$/, 'SetVMPartitionableGpu') };
}

export function setGpuPartitionCount(
  model: HyperVModel,
  mutate: Mutate,
  args: { readonly InstancePath: string; readonly PartitionCount: number },
): ModelResult<PsValue> {
  const denied = hyperVAccess(model);
  if (denied) return refused(denied);
  const { result, model: after } = run(mutate, (current) => current.setPartitionCount(args.InstancePath, args.PartitionCount));
  if (!result.ok) return refused(onHostGeneration(model, result.error));
  const gpu = after?.findGpu(args.InstancePath);
  if (!after || !gpu) return refused(texts.gpuNotFound(args.InstancePath));
  return { ok: true, value: projectGpu(after, gpu) };
}
