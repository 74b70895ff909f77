/**
 * One call in, one envelope out: what Invoke-GpuPv in our PowerShell module does. Unknown
 * operations and arguments that fail the protocol's schema are refused before anything runs, and so
 * is a sealed secret this shell's session key cannot open (the handlers get the opened text); an
 * unexpected exception becomes a 'hyperv-error' envelope, never a crash. Write operations change
 * the model through `mutate` (the state store's, so a change persists); without one they change the
 * model in place.
 */
import type { JsonValue } from '../../core/json/losslessJson';
import { OPERATIONS, isOperationName, type Envelope, type OperationName } from '../../host/protocol';
import type { HyperVModel, ModelResult } from '../hyperv/model';
import type { HyperVError } from '../hyperv/texts';
import { renderPs, type PsValue } from '../output/psValue';
import { getDriverPackages } from './driverOperations';
import { getGuestDisplayDevices, NO_GUEST_DISKS, type GuestDisks } from './guestOperations';
import { getHostFacts, getInventory, getVmInventory } from './readOperations';
import {
  closeGuestDriverStore,
  copyDriverFilesToGuest,
  copyDriverFilesToGuestPipelined,
  getDriverFileList,
  invokeGuestFileOperations,
  openGuestDriverStore,
  setDriverSyncRecord,
  SimulatedCrash,
} from './syncOperations';
import { getClusterNodes, type ClusterNodes } from './clusterOperations';
import { SimulatedSessionKey, type Opened } from '../secrets/sessionKeys';
import {
  addGpuPartitionAdapter,
  mutateInPlace,
  removeGpuPartitionAdapter,
  removeVmSavedState,
  setGpuPartitionAdapter,
  setGpuPartitionCount,
  setVmGpuPvSettings,
  startVm,
  stopVm,
  type Mutate,
} from './writeOperations';

type Handler<Op extends OperationName> = (
  model: HyperVModel,
  args: OperationArgsOutput<Op>,
  mutate: Mutate,
  disks: GuestDisks,
  cluster: ClusterNodes,
  key: SimulatedSessionKey,
) => ModelResult<PsValue>;
type OperationArgsOutput<Op extends OperationName> = Opened<ReturnType<(typeof OPERATIONS)[Op]['args']['parse']>>;

const HANDLERS: { readonly [Op in OperationName]: Handler<Op> } = {
  'Get-SessionKey': (_model, _args, _mutate, _disks, _cluster, key) => ({ ok: true, value: key.publicKey() }),
  'Get-HostFacts': (model) => getHostFacts(model),
  'Get-Inventory': (model) => getInventory(model),
  'Get-VmInventory': (model, args) => getVmInventory(model, args),
  'Add-GpuPartitionAdapter': (model, args, mutate) => addGpuPartitionAdapter(model, mutate, args),
  'Set-GpuPartitionAdapter': (model, args, mutate) => setGpuPartitionAdapter(model, mutate, args),
  'Remove-GpuPartitionAdapter': (model, args, mutate) => removeGpuPartitionAdapter(model, mutate, args),
  'Set-VmGpuPvSettings': (model, args, mutate) => setVmGpuPvSettings(model, mutate, args),
  'Set-GpuPartitionCount': (model, args, mutate) => setGpuPartitionCount(model, mutate, args),
  'Start-Vm': (model, args, mutate) => startVm(model, mutate, args),
  'Stop-Vm': (model, args, mutate) => stopVm(model, mutate, args),
  'Remove-VmSavedState': (model, args, mutate) => removeVmSavedState(model, mutate, args),
  'Get-DriverPackages': (model, args, _mutate, disks) => getDriverPackages(model, disks, args),
  'Get-GuestDisplayDevices': (model, args, _mutate, disks) => getGuestDisplayDevices(model, disks, args),
  'Get-DriverFileList': (_model, args, _mutate, disks) => getDriverFileList(disks.sync, args),
  'Open-GuestDriverStore': (model, args, mutate, disks) => openGuestDriverStore(model, mutate, disks.sync, args),
  'Copy-DriverFilesToGuest': (model, args, _mutate, disks) => copyDriverFilesToGuest(model, disks.sync, args),
  'Invoke-GuestFileOperations': (model, args, _mutate, disks) => invokeGuestFileOperations(model, disks.sync, args),
  'Close-GuestDriverStore': (_model, args, mutate) => closeGuestDriverStore(mutate, args),
  'Set-DriverSyncRecord': (_model, args, mutate) => setDriverSyncRecord(mutate, args),
  'Get-ClusterNodes': (_model, _args, _mutate, _disks, cluster) => getClusterNodes(cluster),
};

export function errorEnvelope(error: HyperVError): Envelope {
  return {
    ok: false,
    error: { id: error.id, message: error.message, category: error.category, fullyQualifiedErrorId: error.fullyQualifiedErrorId },
  };
}

export function unexpectedErrorEnvelope(error: unknown): Envelope {
  const message = error instanceof Error ? error.message : String(error);
  return {
    ok: false,
    error: { id: 'hyperv-error', message, category: 'NotSpecified', fullyQualifiedErrorId: 'UnexpectedException,Invoke-GpuPv' },
  };
}

export function unknownOperationEnvelope(operation: string): Envelope {
  return {
    ok: false,
    error: {
      id: 'unknown-operation',
      message: `The GPU-PV module has no operation '${operation}'.`,
      category: 'InvalidArgument',
      fullyQualifiedErrorId: 'UnknownOperation,Invoke-GpuPv',
    },
  };
}

export function invalidArgumentEnvelope(message: string): Envelope {
  return {
    ok: false,
    error: { id: 'invalid-argument', message, category: 'InvalidArgument', fullyQualifiedErrorId: 'InvalidArgument,Invoke-GpuPv' },
  };
}

/** The call's arguments checked against the protocol, their secrets opened; or the envelope that refuses them. */
function openArguments<Op extends OperationName>(
  operation: Op,
  args: JsonValue,
  key: SimulatedSessionKey,
): { readonly args: OperationArgsOutput<Op> } | { readonly refusal: Envelope } {
  const parsed = OPERATIONS[operation].args.safeParse(args);
  if (!parsed.success) {
    const issues = parsed.error.issues.map((issue) => `${issue.path.join('.') || '(arguments)'}: ${issue.message}`).join('; ');
    return { refusal: invalidArgumentEnvelope(`Invalid arguments for '${operation}': ${issues}`) };
  }
  return key.openAll(parsed.data) as { readonly args: OperationArgsOutput<Op> } | { readonly refusal: Envelope };
}

export function answerCall(
  model: HyperVModel,
  operation: string,
  args: JsonValue,
  mutate: Mutate = mutateInPlace(model),
  disks: GuestDisks = NO_GUEST_DISKS,
  cluster?: ClusterNodes,
  key: SimulatedSessionKey = new SimulatedSessionKey(),
): Envelope {
  if (!isOperationName(operation)) return unknownOperationEnvelope(operation);
  try {
    const opened = openArguments(operation, args, key);
    if ('refusal' in opened) return opened.refusal;
    // The table pairs each operation with its own handler; TypeScript cannot follow that through the union.
    const handler = HANDLERS[operation] as Handler<OperationName>;
    const result = handler(model, opened.args as OperationArgsOutput<OperationName>, mutate, disks, cluster, key);
    if (!result.ok) return errorEnvelope(result.error);
    return { ok: true, result: renderPs(result.value, model.state.host.psEdition) };
  } catch (error) {
    if (error instanceof SimulatedCrash) throw error;
    return unexpectedErrorEnvelope(error);
  }
}

/**
 * What the host process answers with: the same as answerCall, except that the copy runs pipelined
 * (copy and hash overlap), which only an asynchronous caller can wait for.
 */
export async function answerCallAsync(
  model: HyperVModel,
  operation: string,
  args: JsonValue,
  mutate: Mutate,
  disks: GuestDisks,
  cluster: ClusterNodes | undefined,
  key: SimulatedSessionKey,
): Promise<Envelope> {
  if (operation !== 'Copy-DriverFilesToGuest') return answerCall(model, operation, args, mutate, disks, cluster, key);
  const opened = openArguments(operation, args, key);
  if ('refusal' in opened) return opened.refusal;
  try {
    const result = await copyDriverFilesToGuestPipelined(model, disks.sync, opened.args);
    return result.ok ? { ok: true, result: renderPs(result.value, model.state.host.psEdition) } : errorEnvelope(result.error);
  } catch (error) {
    if (error instanceof SimulatedCrash) throw error;
    return unexpectedErrorEnvelope(error);
  }
}
