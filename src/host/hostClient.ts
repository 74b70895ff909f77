/**
 * One typed call per operation. Validates the arguments before they leave and the result when it
 * comes back, maps host errors to error ids, and logs every call with its duration.
 */
import { fail, ok, type Result } from '../core/errors';
import { classifyHostError } from '../core/hostErrors';
import { silentLogger, type Logger } from '../core/logger';
import type { HostInventory, VirtualMachine } from '../core/model';
import { resolveDriverFiles, type DriverDiscovery } from '../core/drivers/discovery';
import { invalidEntryDetails, invalidEntryLogLine, unreadableEntries } from '../core/invalidEntryText';
import type { Entry, InvalidEntry } from '../core/normalize/entries';
import { normalizeGpu, normalizeHostFacts, normalizeInventory, normalizeVm } from '../core/normalize/inventory';
import type { HostFacts, PartitionableGpu } from '../core/model';
import type { GpuPvAction } from '../core/actions/gpuPvAction';
import { callFor } from './actionCall';
import type { ClusterNodeInfo } from './fleet';
import { callLine } from './callLine';
import { OPERATIONS, type CallArgs, type OperationName, type OperationResult } from './protocol';
import type { PowerShellSession } from './session';
import { decodeReply } from './wire';

/**
 * What a change answers: the VM (or GPU) as it is afterwards, or, when the host's answer for it
 * cannot be read, that entry: the change happened, the tree shows the VM as unreadable.
 */
export type ActionAnswer = { readonly vm: VirtualMachine } | { readonly gpu: PartitionableGpu } | { readonly unreadable: InvalidEntry };

export class HostClient {
  constructor(
    private readonly session: PowerShellSession,
    private readonly hostLabel: string,
    private readonly log: Logger = silentLogger,
  ) {}

  /** A secret among the arguments (a Secret) is sealed to the receiving shell's key when the line is sent. */
  async invoke<Op extends OperationName>(operation: Op, args: CallArgs<Op>, timeoutMs?: number): Promise<Result<OperationResult<Op>>> {
    const line = callLine(operation, args);
    if (!line.ok) return line;
    const started = performance.now();
    const reply = await this.session.call(line.value, timeoutMs);
    const result = this.interpret(operation, reply);
    // The remote session behind this shell broke: a new shell reconnects on the next call.
    if (!result.ok && result.error.id === 'remote-connection-lost') await this.session.restartShell();
    const ms = Math.round(performance.now() - started);
    if (result.ok) this.log.info(`[${this.hostLabel}] ${operation} ${ms} ms`);
    else
      this.log.warn(
        `[${this.hostLabel}] ${operation} ${ms} ms failed: ${result.error.id}: ${result.error.message}${result.error.detail ? ` | ${result.error.detail}` : ''}`,
      );
    return result;
  }

  /** Every VM, GPU and driver record; entries that could not be read are in the inventory too, and in the log once. */
  async inventory(): Promise<Result<HostInventory>> {
    const result = map(await this.invoke('Get-Inventory', {}), normalizeInventory);
    if (result.ok) this.logUnreadable(unreadableEntries(result.value));
    return result;
  }

  async hostFacts(): Promise<Result<HostFacts>> {
    return map(await this.invoke('Get-HostFacts', {}), normalizeHostFacts);
  }

  /** The per-VM read: the VM, or an invalid entry when the host's answer for it cannot be read. */
  async vmEntry(vmId: string): Promise<Result<Entry<VirtualMachine>>> {
    return map(await this.invoke('Get-VmInventory', { VMId: vmId }), (entry) => this.vmOf(entry));
  }

  /** The per-VM read for a caller that needs a VM it can act on: an unreadable one is a failure. */
  async vm(vmId: string): Promise<Result<VirtualMachine>> {
    const read = await this.vmEntry(vmId);
    if (!read.ok) return read;
    if (read.value.ok) return ok(read.value.value);
    return fail('protocol-invalid', 'The host’s answer for this VM could not be read.', invalidEntryDetails(read.value.invalid).join('; '));
  }

  /** The nodes of the failover cluster this host answers for (Get-ClusterNode). */
  async clusterNodes(): Promise<Result<ClusterNodeInfo[]>> {
    return map(await this.invoke('Get-ClusterNodes', {}), (nodes) => {
      this.logUnreadable(nodes.invalid);
      return nodes.ok.map((n) => ({ name: n.Name, state: n.State === null || n.State === undefined ? 'Unknown' : String(n.State) }));
    });
  }

  /**
   * The driver of one host GPU: its package folders under DriverStore\FileRepository and its loose
   * files, with their guest paths, version, file count and size.
   */
  async driverPackages(instancePath: string, timeoutMs?: number): Promise<Result<DriverDiscovery>> {
    return map(await this.invoke('Get-DriverPackages', { InstancePath: instancePath }, timeoutMs), resolveDriverFiles);
  }

  /**
   * Runs a change. Answers the VM as it is afterwards, or for a partition count the GPU (without
   * its driver record: the caller refreshes the host for that).
   */
  async run(action: GpuPvAction, timeoutMs?: number): Promise<Result<ActionAnswer>> {
    const call = callFor(action);
    if (call.operation === 'Set-GpuPartitionCount') {
      return map(await this.invoke(call.operation, call.args, timeoutMs), (entry): ActionAnswer => {
        if (entry.ok) return { gpu: normalizeGpu(entry.value, []) };
        this.logUnreadable([entry.invalid]);
        return { unreadable: entry.invalid };
      });
    }
    // Every other write answers the VM (see protocol.ts); TypeScript cannot pair operation and
    // arguments through the union, so the pairing made by callFor is asserted here.
    const result = await this.invoke(call.operation, call.args as CallArgs<'Start-Vm'>, timeoutMs);
    return map(result as Result<OperationResult<'Get-VmInventory'>>, (raw): ActionAnswer => {
      const entry = this.vmOf(raw);
      return entry.ok ? { vm: entry.value } : { unreadable: entry.invalid };
    });
  }

  private vmOf(entry: OperationResult<'Get-VmInventory'>): Entry<VirtualMachine> {
    if (!entry.ok) {
      this.logUnreadable([entry.invalid]);
      return entry;
    }
    const vm = normalizeVm(entry.value);
    this.logUnreadable(vm.invalidAdapters);
    return { ok: true, value: vm };
  }

  /** Once per read of the host: what was odd and the raw value, which the tree shows only in tooltips. */
  private logUnreadable(entries: readonly InvalidEntry[]): void {
    for (const entry of entries) this.log.warn(`[${this.hostLabel}] ${invalidEntryLogLine(entry)}`);
  }

  private interpret<Op extends OperationName>(operation: Op, reply: Result<string>): Result<OperationResult<Op>> {
    if (!reply.ok) return reply;
    const envelope = decodeReply(reply.value);
    if (!envelope.ok) return envelope;
    if (!envelope.value.ok) return { ok: false, error: classifyHostError(envelope.value.error) };
    const checked = OPERATIONS[operation].result.safeParse(envelope.value.result);
    if (!checked.success) {
      const issues = checked.error.issues.slice(0, 5).map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`);
      return fail('protocol-invalid', `The host’s answer to ${operation} has an unexpected shape.`, issues.join('; '));
    }
    return ok(checked.data as OperationResult<Op>);
  }
}

function map<T, U>(result: Result<T>, transform: (value: T) => U): Result<U> {
  return result.ok ? ok(transform(result.value)) : result;
}
