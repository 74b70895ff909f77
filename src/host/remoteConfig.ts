/**
 * The connection fields of a remote host or a failover cluster in `gpupv.hosts`, and the blocks
 * that let a simulated host play one. Never a password: those live in SecretStorage, by host id.
 */
import { z } from 'zod/v4';

export const TRANSPORTS = ['winrm', 'ssh'] as const;
export type Transport = (typeof TRANSPORTS)[number];
/** New-PSSession -Authentication values that make sense for a Hyper-V host (WinRM only). */
export const AUTHENTICATIONS = ['Default', 'Negotiate', 'Kerberos', 'CredSSP', 'Basic'] as const;
export type Authentication = (typeof AUTHENTICATIONS)[number];

/** A DNS name, NetBIOS name, IPv4 or IPv6 address: no spaces, quotes or shell characters. */
const ADDRESS = /^(?:[A-Za-z0-9](?:[A-Za-z0-9_.-]{0,252}[A-Za-z0-9])?|\[?[0-9A-Fa-f:.]{2,45}\]?)$/;
export const addressSchema = z.string().trim().min(1).max(254).regex(ADDRESS, 'expected a host name or an IP address');
/**
 * A Windows logon name has none of " / \ [ ] : ; | = , + * ? < > (Microsoft, "Naming conventions
 * in Active Directory"); anything else, an apostrophe (O'Brien) or a space included, is valid. The
 * name only travels inside JSON and base64 and is quoted for PowerShell where it is written out.
 */
const FORBIDDEN = String.raw`"/\\\[\]:;|=,+*?<>@\p{Cc}`;
const LOGON_NAME = `[^${FORBIDDEN}]+`;
const UPN_SUFFIX = String.raw`[^${FORBIDDEN}\s]+`;
/** DOMAIN\user, user@domain or user. */
export const userNameSchema = z
  .string()
  .trim()
  .min(1)
  .max(256)
  .regex(
    new RegExp(String.raw`^(?:${LOGON_NAME}\\)?${LOGON_NAME}(?:@${UPN_SUFFIX})?$`, 'u'),
    'an account is DOMAIN\\user, user@domain or user; a logon name has none of " / \\ [ ] : ; | = , + * ? < > @',
  );

const connectionFields = {
  transport: z.enum(TRANSPORTS),
  port: z.number().int().min(1).max(65535).optional(),
  /** WinRM over HTTPS (port 5986 unless `port`). */
  useSsl: z.boolean().optional(),
  authentication: z.enum(AUTHENTICATIONS).optional(),
  userName: userNameSchema.optional(),
  /** SSH only: the private key; SSH remoting has no password prompt we could answer. */
  keyFilePath: z.string().min(1).max(1024).optional(),
};

export const remoteConnection = z.object({ address: addressSchema, ...connectionFields });
export type RemoteConnection = z.output<typeof remoteConnection>;
export const clusterConnection = z.object({ clusterName: addressSchema, ...connectionFields });

/** Refuses fields of the other transport instead of silently ignoring them. */
export function checkConnection(connection: Omit<RemoteConnection, 'address'>, ctx: z.RefinementCtx, at: readonly string[]): void {
  const refuse = (field: string, why: string) => ctx.addIssue({ code: 'custom', path: [...at, field], message: why });
  if (connection.transport === 'ssh') {
    if (connection.useSsl !== undefined) refuse('useSsl', 'useSsl is for WinRM; SSH is always encrypted');
    if (connection.authentication !== undefined) refuse('authentication', 'authentication is for WinRM; SSH signs in with a key');
  } else if (connection.keyFilePath !== undefined) {
    refuse('keyFilePath', 'keyFilePath is for SSH; WinRM signs in with a user name and password');
  }
}

/** How a simulated host behaves as a remote one (its accounts are in its scenario). */
const simulatedBehaviour = {
  /** Every connection attempt fails as an unreachable host, after `latencyMs`. */
  unreachable: z.boolean().optional(),
  /** Added to the connection (and, once connected, to nothing else). */
  latencyMs: z.number().int().min(0).max(600_000).optional(),
  /** false: the SSH server has no powershell subsystem. */
  sshSubsystem: z.boolean().optional(),
  /** WinRM without SSL is refused unless Kerberos, as for a workgroup host. */
  trustedHostsRequired: z.boolean().optional(),
};
export type SimulatedBehaviour = { readonly [K in keyof typeof simulatedBehaviour]?: z.output<(typeof simulatedBehaviour)[K]> };
/** The behaviour alone, as the simulator reads it back from its environment (GPUPV_SIM_REMOTE). */
export const simulatedBehaviourSchema = z.object(simulatedBehaviour).strict();

export const simulatedRemoteSchema = z.object({ ...remoteConnection.shape, ...simulatedBehaviour });

export const CLUSTER_NODE_STATES = ['Up', 'Down', 'Paused', 'Joining'] as const;
/** A cluster's nodes as the simulator reads them back (GPUPV_SIM_CLUSTER_NODES, see clusterNodesEnv). */
export const clusterNodeStatesSchema = z.array(z.object({ name: z.string().min(1), state: z.enum(CLUSTER_NODE_STATES) }).strict());
export const simulatedClusterSchema = z.object({
  /** The scenario of the host that answers for the cluster name (its accounts sign in). */
  scenario: z.string().min(1),
  nodes: z
    .array(z.object({ name: addressSchema, scenario: z.string().min(1), state: z.enum(CLUSTER_NODE_STATES).default('Up') }))
    .min(1)
    .max(64),
  ...simulatedBehaviour,
});
export type SimulatedCluster = z.output<typeof simulatedClusterSchema>;

/** The simulator answers Get-ClusterNodes from this variable. */
export function clusterNodesEnv(cluster: SimulatedCluster): Record<string, string> {
  return { GPUPV_SIM_CLUSTER_NODES: JSON.stringify(cluster.nodes.map((n) => ({ name: n.name, state: n.state }))) };
}

export function behaviourOf(block: SimulatedBehaviour): SimulatedBehaviour {
  const { unreachable, latencyMs, sshSubsystem, trustedHostsRequired } = block;
  return { unreachable, latencyMs, sshSubsystem, trustedHostsRequired };
}
