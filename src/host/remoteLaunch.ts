/**
 * The connect line of a remote host's shell: `Connect-GpuPvRemote -Payload '<base64 of JSON>'`,
 * sent over stdin after the module's import, like every call. The password is read from the
 * credential source when the shell starts and crosses the wire only sealed to that shell's session
 * key (a Secret until then): never in clear in the line, the shell's arguments, its environment,
 * the launch description or the log.
 *
 * A stored password the host refused is recorded as refused and never sent again until it is
 * replaced; sign-ins with a credential that has not worked yet go one at a time per owner (a
 * cluster's nodes share its credential), so one refusal is one refused sign-in (see SignInGate).
 */
import { fail, ok, type Result } from '../core/errors';
import { refusedCredentialText, refusedKeyText, type Credential, type SignInGate } from '../core/signInGate';
import { connectLine } from './callLine';
import type { RemoteConnection } from './remoteConfig';
import type { ConnectArgs } from './protocol';
import { Secret } from './secrets/secret';
import type { Unsealed } from './secrets/sealArgs';
import type { LineBuilder } from './session';

export interface RemoteCredential {
  readonly userName: string;
  readonly password: string;
}

/** The stored credentials of remote hosts, by host id. */
export interface CredentialSource {
  /** Whose credential a host signs in with: its own, or for a cluster's node the cluster's. */
  ownerOf(hostId: string): string;
  read(ownerId: string): Promise<Credential | undefined>;
  /** The owner's host refused `credential`: it is kept as refused, and not offered again until replaced. */
  refused(ownerId: string, credential: Credential): Promise<void>;
}

/** Sends a connect line and answers how the sign-in went. */
export type SendConnect = (line: string | LineBuilder) => Promise<Result<void>>;

/** How long New-PSSession may try before the host counts as unreachable. */
export const CONNECT_TIMEOUT_MS = 20_000;

/** The connect line's arguments; the password a Secret, sealed when the line is sent. */
export function connectArgs(connection: RemoteConnection, credential: RemoteCredential | undefined): Unsealed<ConnectArgs> {
  const args: { -readonly [K in keyof Unsealed<ConnectArgs>]: Unsealed<ConnectArgs>[K] } = {
    Transport: connection.transport,
    Address: connection.address,
    TimeoutMs: CONNECT_TIMEOUT_MS,
  };
  if (connection.port !== undefined) args.Port = connection.port;
  if (connection.transport === 'winrm') {
    if (connection.useSsl) args.UseSsl = true;
    if (connection.authentication && connection.authentication !== 'Default') args.Authentication = connection.authentication;
    // WinRM signs in as the stored account, or without one as the user running VS Code (Kerberos).
    if (credential) args.Credential = { UserName: credential.userName, Password: new Secret(credential.password) };
  } else {
    if (connection.userName) args.UserName = connection.userName;
    if (connection.keyFilePath) args.KeyFilePath = connection.keyFilePath;
  }
  return args;
}

export interface RemoteSignIn {
  /** Before a shell starts: refuses at once when the stored credential is known to be refused. */
  check(): Promise<Result<void>>;
  connect(send: SendConnect): Promise<Result<void>>;
}

function refused(hostLabel: string, credential: Credential): Result<void> {
  return fail('remote-auth-failed', refusedCredentialText(hostLabel, credential));
}

/**
 * The sign-in of a host's shell. SSH signs in with a key (no stored password); WinRM with the
 * owner's stored credential, or without one as the user running VS Code.
 */
export function remoteSignIn(
  connection: RemoteConnection,
  hostId: string,
  hostLabel: string,
  source: CredentialSource | undefined,
  gate: SignInGate,
): RemoteSignIn {
  if (connection.transport === 'ssh') return sshSignIn(connection, hostLabel, gate);
  if (!source) return { check: async () => ok(undefined), connect: (send) => sendLine(send, connectArgs(connection, undefined)) };
  const owner = () => source.ownerOf(hostId);
  return {
    check: async () => {
      const stored = await source.read(owner());
      return stored?.refusedAt === undefined ? ok(undefined) : refused(hostLabel, stored);
    },
    connect: (send) => {
      const ownerId = owner();
      return gate.run(ownerId, {
        read: () => source.read(ownerId),
        attempt: async (stored) => {
          if (stored?.refusedAt !== undefined) return refused(hostLabel, stored);
          const result = await sendLine(send, connectArgs(connection, stored));
          if (!result.ok && result.error.id === 'remote-auth-failed' && stored) await source.refused(ownerId, stored);
          return result;
        },
      });
    },
  };
}

/** Which key a connection offers to which account where: the SSH key refusals are kept by it. */
export function sshKeyIdentity(connection: RemoteConnection): string {
  return JSON.stringify([connection.address.toLowerCase(), connection.port ?? 22, connection.userName ?? '', connection.keyFilePath ?? '']);
}

/** SSH signs in with a key: once the host refused it, it is not offered again until the user says so. */
function sshSignIn(connection: RemoteConnection, hostLabel: string, gate: SignInGate): RemoteSignIn {
  const identity = sshKeyIdentity(connection);
  const key = `the SSH key ${connection.keyFilePath ?? '(ssh’s default)'} of ${connection.userName ?? 'the user running VS Code'}`;
  const check = async (): Promise<Result<void>> => {
    const at = gate.keyRefusedAt(identity);
    return at === undefined ? ok(undefined) : fail('remote-auth-failed', refusedKeyText(hostLabel, key, at));
  };
  return {
    check,
    connect: async (send) => {
      const known = await check();
      if (!known.ok) return known;
      const result = await sendLine(send, connectArgs(connection, undefined));
      if (!result.ok && result.error.id === 'remote-auth-failed') gate.keyRefused(identity);
      return result;
    },
  };
}

/** Settings the protocol refuses never reach a shell: their error answers the sign-in. */
function sendLine(send: SendConnect, args: Unsealed<ConnectArgs>): Promise<Result<void>> {
  const line = connectLine(args);
  return line.ok ? send(line.value) : Promise.resolve(line);
}
