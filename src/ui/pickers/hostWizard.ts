/**
 * The questions of Add Host…, Edit Host… and Add Failover Cluster…: how the host is reached (WinRM,
 * SSH, or a simulated host playing a WinRM one), its address, SSL, authentication, port, account,
 * and its name in the view. Each answer is validated where it is typed; Escape at any step cancels.
 */
import * as vscode from 'vscode';
import { connectionOf, hostConfigSchema, type HostConfig } from '../../host/hostConfig';
import {
  addressSchema,
  AUTHENTICATIONS,
  userNameSchema,
  type Authentication,
  type RemoteConnection,
  type Transport,
} from '../../host/remoteConfig';
import type { RemoteCredential } from '../../host/remoteLaunch';

/** The built-in scenarios a simulated remote host or cluster can run (src/simulator/scenarios). */
const SCENARIOS = ['server2025-sriov', 'win11-workstation', 'win10-laptop'] as const;

export type WizardKind = 'host' | 'cluster';

export interface WizardResult {
  readonly config: HostConfig;
  /** A new credential to store; undefined keeps what is stored (or none). */
  readonly credential?: RemoteCredential;
}

interface Way {
  readonly transport: Transport;
  readonly simulated: boolean;
}

const TITLES: Record<WizardKind, string> = { host: 'Add a Hyper-V host', cluster: 'Add a failover cluster' };

function zodProblem(
  schema: { safeParse(v: unknown): { success: boolean; error?: { issues: { message: string }[] } } },
  value: string,
): string | undefined {
  const parsed = schema.safeParse(value);
  return parsed.success ? undefined : (parsed.error?.issues[0]?.message ?? 'invalid');
}

/** Each question's title names its step ("Add a Hyper-V host: address"), so a script can answer it. */
async function ask(
  title: string,
  step: string,
  prompt: string,
  value: string,
  validate: (v: string) => string | undefined,
  password = false,
): Promise<string | undefined> {
  return vscode.window.showInputBox({ title: `${title}: ${step}`, prompt, value, password, ignoreFocusOut: true, validateInput: validate });
}

async function pick<T>(
  title: string,
  step: string,
  items: ReadonlyArray<vscode.QuickPickItem & { value: T }>,
  placeHolder: string,
): Promise<T | undefined> {
  const picked = await vscode.window.showQuickPick([...items], { title: `${title}: ${step}`, placeHolder, ignoreFocusOut: true });
  return picked?.value;
}

async function askWay(title: string, kind: WizardKind): Promise<Way | undefined> {
  return pick<Way>(
    title,
    'transport',
    [
      {
        label: '$(remote) WinRM',
        description: kind === 'host' ? 'New-PSSession -ComputerName' : 'Get-ClusterNode over WinRM',
        detail: 'Windows PowerShell 5.1 or PowerShell 7; HTTP 5985 or HTTPS 5986',
        value: { transport: 'winrm', simulated: false },
      },
      {
        label: '$(terminal) SSH',
        description: 'New-PSSession -HostName',
        detail: 'PowerShell 7 on both computers, sign-in with a key',
        value: { transport: 'ssh', simulated: false },
      },
      {
        label: kind === 'host' ? '$(beaker) Simulated remote host' : '$(beaker) Simulated failover cluster',
        description: 'no Windows needed',
        detail:
          kind === 'host'
            ? 'A simulated Hyper-V host reached like a WinRM one: same connect line, same errors'
            : 'Two simulated hosts behind a simulated cluster name',
        value: { transport: 'winrm', simulated: true },
      },
    ],
    'How is it reached?',
  );
}

/** The connection questions shared by hosts and clusters. */
async function askConnection(
  title: string,
  way: Way,
  existing: RemoteConnection | undefined,
): Promise<Omit<RemoteConnection, 'address'> | undefined> {
  let useSsl: boolean | undefined;
  let authentication: Authentication | undefined;
  if (way.transport === 'winrm') {
    useSsl = await pick(
      title,
      'security',
      [
        {
          label: 'HTTP',
          description: 'port 5985',
          detail: 'Encrypted by Kerberos or NTLM; outside a domain the host must be in this computer’s TrustedHosts',
          value: false,
          picked: !existing?.useSsl,
        },
        {
          label: 'HTTPS (SSL)',
          description: 'port 5986',
          detail: 'New-PSSession -UseSSL: needs an HTTPS listener with a certificate this computer trusts',
          value: true,
          picked: existing?.useSsl === true,
        },
      ],
      'Transport security',
    );
    if (useSsl === undefined) return undefined;
    authentication = await pick(
      title,
      'authentication',
      AUTHENTICATIONS.map((a) => ({
        label: a,
        description: a === 'Default' ? 'Kerberos in a domain, else Negotiate' : undefined,
        value: a,
        picked: (existing?.authentication ?? 'Default') === a,
      })),
      'Authentication (New-PSSession -Authentication)',
    );
    if (authentication === undefined) return undefined;
  }
  const portText = await ask(
    title,
    'port',
    `Port; empty for the default (${way.transport === 'ssh' ? 22 : useSsl ? 5986 : 5985})`,
    existing?.port?.toString() ?? '',
    (v) =>
      v.trim() === '' || (/^\d+$/.test(v.trim()) && Number(v) >= 1 && Number(v) <= 65535) ? undefined : 'a port from 1 to 65535, or empty',
  );
  if (portText === undefined) return undefined;
  const port = portText.trim() === '' ? undefined : Number(portText.trim());
  if (way.transport === 'winrm')
    return {
      transport: 'winrm',
      ...(port ? { port } : {}),
      ...(useSsl ? { useSsl } : {}),
      ...(authentication !== 'Default' ? { authentication } : {}),
    };
  const userName = await ask(title, 'user', 'User name on the host (empty: your SSH default)', existing?.userName ?? '', (v) =>
    v.trim() === '' ? undefined : zodProblem(userNameSchema, v),
  );
  if (userName === undefined) return undefined;
  const keyFilePath = await ask(
    title,
    'key file',
    'Private key file (empty: ssh-agent or ~/.ssh defaults). SSH remoting cannot answer a password prompt.',
    existing?.keyFilePath ?? '',
    () => undefined,
  );
  if (keyFilePath === undefined) return undefined;
  return {
    transport: 'ssh',
    ...(port ? { port } : {}),
    ...(userName.trim() ? { userName: userName.trim() } : {}),
    ...(keyFilePath.trim() ? { keyFilePath: keyFilePath.trim() } : {}),
  };
}

/** WinRM's account; empty signs in as the user running VS Code (Kerberos). The password never leaves SecretStorage. */
export async function askCredential(title: string, defaultUser: string, forWhat: string): Promise<RemoteCredential | 'none' | undefined> {
  const userName = await ask(
    title,
    'account',
    `Account on ${forWhat} (DOMAIN\\user or user@domain); empty to sign in as yourself`,
    defaultUser,
    (v) => (v.trim() === '' ? undefined : zodProblem(userNameSchema, v)),
  );
  if (userName === undefined) return undefined;
  if (userName.trim() === '') return 'none';
  const password = await ask(
    title,
    'password',
    `Password of ${userName.trim()}: kept in VS Code’s secret storage, never in settings or logs`,
    '',
    () => undefined,
    true,
  );
  if (password === undefined) return undefined;
  return { userName: userName.trim(), password };
}

/**
 * Asks for a new host or cluster, or (with `existing`) for changes to one. `takenNames`: names of
 * the other entries, which must stay unique.
 */
export async function runHostWizard(
  kind: WizardKind,
  takenNames: readonly string[],
  existing?: HostConfig,
): Promise<WizardResult | undefined> {
  const title = existing ? `Edit ${existing.name}` : TITLES[kind];
  const previous = existing && connectionOf(existing);
  const way = existing
    ? {
        transport: previous?.transport ?? 'winrm',
        simulated: existing.kind === 'simulated' || (existing.kind === 'cluster' && !!existing.simulated),
      }
    : await askWay(title, kind);
  if (!way) return undefined;

  let scenario: string | undefined;
  if (way.simulated && kind === 'host') {
    scenario =
      existing?.kind === 'simulated'
        ? existing.scenario
        : await pick(
            title,
            'scenario',
            SCENARIOS.map((s) => ({ label: s, value: s })),
            'Scenario of the simulated host',
          );
    if (!scenario) return undefined;
  }
  const addressPrompt =
    kind === 'cluster'
      ? 'Cluster name (the failover cluster’s network name)'
      : way.transport === 'ssh'
        ? 'Host name or IP address (New-PSSession -HostName)'
        : 'Computer name or IP address (New-PSSession -ComputerName)';
  const address = await ask(title, kind === 'cluster' ? 'cluster name' : 'address', addressPrompt, previous?.address ?? '', (v) =>
    zodProblem(addressSchema, v),
  );
  if (address === undefined) return undefined;
  const connection = await askConnection(title, way, previous);
  if (!connection) return undefined;

  let credential: RemoteCredential | undefined;
  if (connection.transport === 'winrm') {
    const answer = await askCredential(title, '', address.trim());
    if (answer === undefined) return undefined;
    if (answer !== 'none') credential = answer;
  }
  const name = await ask(title, 'name', 'Name in the Hosts view', existing?.name ?? address.trim(), (v) =>
    v.trim() === ''
      ? 'a name is needed'
      : v.includes('/')
        ? 'a name has no “/” (it separates a cluster from its nodes)'
        : takenNames.includes(v.trim())
          ? 'another host has this name'
          : undefined,
  );
  if (name === undefined) return undefined;

  const entry = buildEntry(kind, name.trim(), address.trim(), connection, way.simulated, scenario, existing);
  const parsed = hostConfigSchema.safeParse(entry);
  if (!parsed.success) {
    void vscode.window.showErrorMessage(
      `GPU-PV: the host’s settings are invalid: ${parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`,
    );
    return undefined;
  }
  return credential ? { config: parsed.data, credential } : { config: parsed.data };
}

function buildEntry(
  kind: WizardKind,
  name: string,
  address: string,
  connection: Omit<RemoteConnection, 'address'>,
  simulated: boolean,
  scenario: string | undefined,
  existing: HostConfig | undefined,
): unknown {
  if (kind === 'cluster') {
    const kept = existing?.kind === 'cluster' ? existing.simulated : undefined;
    const demo = {
      scenario: 'server2025-sriov',
      nodes: [
        { name: 'HV-NODE1', scenario: 'server2025-sriov' },
        { name: 'HV-NODE2', scenario: 'win11-workstation' },
      ],
    };
    return { kind: 'cluster', name, clusterName: address, ...connection, ...(simulated ? { simulated: kept ?? demo } : {}) };
  }
  if (simulated) {
    const behaviour =
      existing?.kind === 'simulated' && existing.remote
        ? {
            unreachable: existing.remote.unreachable,
            latencyMs: existing.remote.latencyMs,
            sshSubsystem: existing.remote.sshSubsystem,
            trustedHostsRequired: existing.remote.trustedHostsRequired,
          }
        : {};
    return { kind: 'simulated', name, scenario, remote: { address, ...connection, ...JSON.parse(JSON.stringify(behaviour)) } };
  }
  return { kind: 'remote', name, address, ...connection };
}
