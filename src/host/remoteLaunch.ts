/**
 * The connect line of a remote host's shell: `Connect-GpuPvRemote -Payload '<base64 of JSON>'`,
 * sent over stdin after the module's import, like every call. The password is read from the
 * credential source when the shell starts and crosses the wire only sealed to that shell's session
 * key (a Secret until then): never in clear in the line, the shell's arguments, its environment,
 * the launch description or the log.
 */
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

/** The stored credential of a host (for a cluster's node, the cluster's), by host id. */
export type CredentialSource = (hostId: string) => Promise<RemoteCredential | undefined>;

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

export function connectLineFor(
  connection: RemoteConnection,
  credential: () => Promise<RemoteCredential | undefined>,
): () => Promise<string | LineBuilder> {
  return async () => {
    const line = connectLine(connectArgs(connection, connection.transport === 'winrm' ? await credential() : undefined));
    // The session reports a throw here as invalid connection settings.
    if (!line.ok) throw new Error(line.error.message);
    return line.value;
  };
}
