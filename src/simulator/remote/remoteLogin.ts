/**
 * What a simulated host does with Connect-GpuPvRemote when it plays a remote host: the behaviour
 * of its `remote` block (unreachable, latency, no SSH subsystem, TrustedHosts needed) and the
 * accounts of its scenario decide between the remoting errors a real New-PSSession gives and a
 * connection. Nothing here keeps or prints the password it checks.
 */
import type { JsonValue } from '../../core/json/losslessJson';
import { connectArgsSchema, type ConnectArgs, type Envelope } from '../../host/protocol';
import type { SimulatedBehaviour } from '../../host/remoteConfig';
import type { HostState } from '../hyperv/state';
import { invalidArgumentEnvelope } from '../operations/answerCall';
import type { Opened, SimulatedSessionKey } from '../secrets/sessionKeys';
import * as texts from './remotingTexts';

export type { SimulatedBehaviour };

type OpenedConnectArgs = Opened<ConnectArgs>;

export async function answerConnect(
  rawArgs: JsonValue,
  behaviour: SimulatedBehaviour | undefined,
  state: HostState,
  key: SimulatedSessionKey,
): Promise<Envelope> {
  const parsed = connectArgsSchema.safeParse(rawArgs);
  if (!parsed.success)
    return invalidArgumentEnvelope(
      `Invalid connect arguments: ${parsed.error.issues.map((i) => `${i.path.join('.') || '(arguments)'}: ${i.message}`).join('; ')}`,
    );
  // The module opens the password into the PSCredential New-PSSession gets, before connecting.
  const opened = key.openAll(parsed.data);
  if ('refusal' in opened) return opened.refusal;
  const args = opened.args;
  if (!behaviour)
    return invalidArgumentEnvelope('This simulated host does not play a remote host: give its gpupv.hosts entry a "remote" block.');
  // The connection attempt takes its time, at most what New-PSSession was given.
  await new Promise((resolve) => setTimeout(resolve, Math.min(behaviour.latencyMs ?? 0, args.TimeoutMs)));
  return args.Transport === 'ssh' ? sshLogin(args, behaviour, state) : winRmLogin(args, behaviour, state);
}

function winRmLogin(args: OpenedConnectArgs, behaviour: SimulatedBehaviour, state: HostState): Envelope {
  if (behaviour.unreachable) return texts.winRmUnreachable(args.Address);
  if (behaviour.trustedHostsRequired && !args.UseSsl && args.Authentication !== 'Kerberos') return texts.winRmTrustedHosts(args.Address);
  // Without a credential WinRM signs in as the user running VS Code, whom a simulated host does not know.
  const account = args.Credential && findAccount(state, args.Credential.UserName);
  if (!account || account.password !== args.Credential?.Password) return texts.winRmAccessDenied(args.Address);
  return connected(state, account.hyperVAdministrator);
}

function sshLogin(args: OpenedConnectArgs, behaviour: SimulatedBehaviour, state: HostState): Envelope {
  if (behaviour.unreachable) return texts.sshUnreachable(args.Address, args.Port ?? 22);
  const userName = args.UserName ?? 'user';
  // Keys are not checked: an account of the scenario with a key file given signs in.
  const account = args.KeyFilePath ? findAccount(state, userName) : undefined;
  if (!account) return texts.sshPermissionDenied(args.Address, userName);
  if (behaviour.sshSubsystem === false) return texts.sshNoSubsystem(args.Address);
  return connected(state, account.hyperVAdministrator);
}

function findAccount(state: HostState, userName: string): HostState['host']['remoteAccounts'][number] | undefined {
  const bare = (name: string) =>
    name
      .replace(/^[^\\]*\\/, '')
      .replace(/@.*$/, '')
      .toLowerCase();
  return state.host.remoteAccounts.find((a) => bare(a.userName) === bare(userName));
}

function connected(state: HostState, hyperVAdministrator: boolean): Envelope {
  if (!hyperVAdministrator) return texts.notHyperVAdministrator(state.host.computerName);
  return {
    ok: true,
    result: { ComputerName: state.host.computerName, PSVersion: state.host.psVersion, HyperVAdministrator: true, Elevated: false },
  };
}
