/**
 * The simulated host behind the shell: reads the state, applies an injected fault if one is
 * pending for the call, answers it through the operation table, and encodes the envelope the way
 * the host's PowerShell edition prints it.
 */
import { parseCall, parseConnect } from '../../host/wire';
import type { Envelope } from '../../host/protocol';
import { takeFault, type Fault } from '../faults/faults';
import { ERROR_CATALOG, isCatalogId } from '../hyperv/texts';
import { DiskDriverStore } from '../disks/diskDriverStore';
import { answerCallAsync, invalidArgumentEnvelope, unexpectedErrorEnvelope } from '../operations/answerCall';
import { diskGuestDisks } from '../operations/guestOperations';
import { Interruption, SimulatedCrash } from '../operations/syncOperations';
import { encodeEnvelope } from '../output/encode';
import type { PsEdition } from '../output/psValue';
import { StateStore } from '../persistence/stateStore';
import { resolveScenario } from '../scenarios/resolveScenario';
import type { CallHost, CallOutcome } from '../shell/interpreter';
import { answerConnect } from '../remote/remoteLogin';
import type { SimulatedRemoteOptions } from '../remote/remoteOptions';
import { SimulatedSessionKey } from '../secrets/sessionKeys';

/** What a stray progress record looks like when Windows PowerShell serialises it to a redirected stdout. */
const DEFAULT_GARBAGE = '#< CLIXML';
const DEFAULT_STDERR = 'WARNING: The Hyper-V Virtual Machine Management service reported a transient error.';
const DEFAULT_FAULT_MESSAGE = 'The operation failed because of an unexpected error in the Virtual Machine Management service.';

export class SimulatedHost implements CallHost {
  /** A host playing a remote one answers calls only once Connect-GpuPvRemote succeeded. */
  private connected = false;
  /** This shell's session key: in memory, gone with the process, as the module's. */
  private readonly localKey = new SimulatedSessionKey();
  /** Once connected, calls go to the remote host's copy of the module, which has a key of its own. */
  private readonly remoteKey = new SimulatedSessionKey();

  private constructor(
    readonly dir: string,
    readonly store: StateStore,
    private readonly roles: SimulatedRemoteOptions,
  ) {}

  /**
   * Opens (or initialises from the scenario) the state in `dir`. Without a scenario reference an
   * existing state is kept whatever it was made from; a new one starts from the default scenario.
   * Throws when the scenario or the state is unusable.
   */
  static open(dir: string, scenarioReference?: string, roles: SimulatedRemoteOptions = {}): SimulatedHost {
    const adoptExisting = !scenarioReference?.trim();
    return new SimulatedHost(dir, StateStore.open(dir, resolveScenario(scenarioReference), { adoptExisting }), roles);
  }

  async connect(line: string): Promise<CallOutcome> {
    let envelope: Envelope;
    try {
      const parsed = parseConnect(line);
      envelope = parsed
        ? await answerConnect(parsed.args, this.roles.remote, this.store.current().state, this.localKey)
        : invalidArgumentEnvelope("Expected Connect-GpuPvRemote -Payload '<base64 of JSON>'.");
    } catch (error) {
      envelope = unexpectedErrorEnvelope(error);
    }
    this.connected = envelope.ok;
    return this.reply(envelope);
  }

  /** The key of the module that answers calls: the remote host's once connected (Get-SessionKey is forwarded too). */
  private get key(): SimulatedSessionKey {
    return this.roles.remote && this.connected ? this.remoteKey : this.localKey;
  }

  edition(): PsEdition {
    try {
      return this.store.current().state.host.psEdition;
    } catch {
      return 'Core';
    }
  }

  async call(line: string): Promise<CallOutcome> {
    const operation = /-Operation '([^']*)'/.exec(line)?.[1] ?? '';
    // The real module would run the call on this computer instead: the extension never sends one
    // after a failed connect, and this refusal makes a test fail if it ever does. Only the session
    // key is asked of the local module before connecting, to seal the connect line's password.
    if (this.roles.remote && !this.connected && operation !== 'Get-SessionKey')
      return this.reply(unexpectedErrorEnvelope(new Error('Not connected to the remote host: Connect-GpuPvRemote did not succeed.')));
    let fault: Fault | null;
    try {
      fault = takeFault(this.dir, operation);
    } catch (error) {
      return this.reply(unexpectedErrorEnvelope(error));
    }
    switch (fault?.kind) {
      case 'crash':
        if (fault.afterItems === undefined) return { kind: 'crash' };
        break;
      case 'hang':
        return { kind: 'hang' };
      case 'error':
        return this.reply(faultEnvelope(fault));
      case 'garbage':
        return { kind: 'reply', stdout: [fault.message ?? DEFAULT_GARBAGE], stderr: [] };
      case 'delay':
        await new Promise((resolve) => setTimeout(resolve, fault.ms ?? 0));
        break;
      case 'new-key':
        this.key.renew();
        break;
      default:
        break;
    }
    let answered: Envelope;
    try {
      answered = await this.answer(line, new Interruption(fault?.kind === 'crash' ? (fault.afterItems ?? null) : null));
    } catch (error) {
      if (error instanceof SimulatedCrash) return { kind: 'crash' };
      throw error;
    }
    const encoded = this.encode(answered);
    if (fault?.kind === 'half-envelope') return { kind: 'reply', stdout: [encoded.slice(0, Math.floor(encoded.length / 2))], stderr: [] };
    if (fault?.kind === 'stderr') return { kind: 'reply', stdout: [encoded], stderr: [fault.message ?? DEFAULT_STDERR] };
    return { kind: 'reply', stdout: [encoded], stderr: [] };
  }

  private async answer(line: string, interruption: Interruption): Promise<Envelope> {
    try {
      let call: ReturnType<typeof parseCall>;
      try {
        call = parseCall(line);
      } catch (error) {
        return invalidArgumentEnvelope(`The payload is not base64 of JSON: ${(error as Error).message}`);
      }
      if (!call) return invalidArgumentEnvelope("Expected Invoke-GpuPv -Operation '<name>' -Payload '<base64 of JSON>'.");
      const model = this.store.current();
      return await answerCallAsync(
        model,
        call.operation,
        call.args,
        (rule) => this.store.mutate(rule),
        diskGuestDisks(this.dir, new DiskDriverStore(this.dir, model.state.gpus), interruption),
        this.roles.clusterNodes,
        this.key,
      );
    } catch (error) {
      if (error instanceof SimulatedCrash) throw error;
      return unexpectedErrorEnvelope(error);
    }
  }

  private encode(envelope: Envelope): string {
    return encodeEnvelope(envelope, this.edition());
  }

  private reply(envelope: Envelope): CallOutcome {
    return { kind: 'reply', stdout: [this.encode(envelope)], stderr: [] };
  }
}

function faultEnvelope(fault: Fault): Envelope {
  const entry = fault.catalogId !== undefined && isCatalogId(fault.catalogId) ? ERROR_CATALOG[fault.catalogId] : undefined;
  const fullyQualifiedErrorId = entry && 'fullyQualifiedErrorId' in entry ? entry.fullyQualifiedErrorId : 'OperationFailed,Invoke-GpuPv';
  return {
    ok: false,
    error: {
      id: 'hyperv-error',
      message: fault.message ?? entry?.message ?? DEFAULT_FAULT_MESSAGE,
      category: 'NotSpecified',
      fullyQualifiedErrorId,
    },
  };
}
