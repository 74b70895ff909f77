import type { HostConfig } from './hostConfig';

/** The simulated hosts "Open Demo Hosts" adds: one per shipped scenario. */
export const DEMO_HOSTS: readonly HostConfig[] = [
  { kind: 'simulated', name: 'Demo: Windows 11 workstation', scenario: 'win11-workstation' },
  { kind: 'simulated', name: 'Demo: Windows 10 laptop', scenario: 'win10-laptop' },
  { kind: 'simulated', name: 'Demo: Server 2025 (SR-IOV)', scenario: 'server2025-sriov' },
];
