import type { HostConfig } from './hostConfig';
import type { RemoteCredential } from './remoteLaunch';

const DEMO_ACCOUNT: RemoteCredential = { userName: 'CONTOSO\\hvadmin', password: 'gpupv' };

/**
 * The simulated hosts "Open Demo Hosts" adds: one per shipped scenario, a simulated host reached
 * like a remote WinRM one, and a small simulated failover cluster of two nodes.
 */
export const DEMO_HOSTS: readonly HostConfig[] = [
  { kind: 'simulated', name: 'Demo: Windows 11 workstation', scenario: 'win11-workstation' },
  { kind: 'simulated', name: 'Demo: Windows 10 laptop', scenario: 'win10-laptop' },
  { kind: 'simulated', name: 'Demo: Server 2025 (SR-IOV)', scenario: 'server2025-sriov' },
  {
    kind: 'simulated',
    name: 'Demo: Remote server (WinRM)',
    scenario: 'server2025-sriov',
    remote: { transport: 'winrm', address: 'hv-remote.contoso.test', useSsl: true, latencyMs: 300 },
  },
  {
    kind: 'cluster',
    name: 'Demo: Failover cluster',
    clusterName: 'HV-CLUSTER',
    transport: 'winrm',
    simulated: {
      scenario: 'server2025-sriov',
      latencyMs: 200,
      nodes: [
        { name: 'HV-NODE1', scenario: 'server2025-sriov', state: 'Up' },
        { name: 'HV-NODE2', scenario: 'win11-workstation', state: 'Up' },
      ],
    },
  },
];

/**
 * The accounts "Open Demo Hosts" stores in SecretStorage for the demo hosts that sign in (a
 * simulated scenario's remote account, documented in the README): never written to settings.
 */
export const DEMO_CREDENTIALS: ReadonlyMap<string, RemoteCredential> = new Map([
  ['Demo: Remote server (WinRM)', DEMO_ACCOUNT],
  ['Demo: Failover cluster', DEMO_ACCOUNT],
]);

/** Set to 1, it makes the demo hosts the list a user who wrote no `gpupv.hosts` sees (the Run Extension launch configuration sets it). */
export const DEMO_HOSTS_VARIABLE = 'GPUPV_DEMO_HOSTS';

/** The hosts shown while the user has written no `gpupv.hosts`: the demo hosts when asked for, this computer on Windows, else none. */
export function unconfiguredHosts(platform: NodeJS.Platform, env: NodeJS.ProcessEnv): HostConfig[] {
  if (env[DEMO_HOSTS_VARIABLE] === '1') return [...DEMO_HOSTS];
  return platform === 'win32' ? [{ kind: 'local', name: 'This computer' }] : [];
}
