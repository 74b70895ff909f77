/**
 * Which Hyper-V cmdlet set a host has. Windows 10 (and Server before 2022) ship the old
 * Get-VMPartitionableGpu and an Add-VMGpuPartitionAdapter without -InstancePath; Windows 11 and
 * Server 2022 have Get-VMHostPartitionableGpu and -InstancePath; build 26100 (24H2 / Server 2025)
 * adds SupportsOutgoingLiveMigration.
 */
import type { InventoryCmdlet } from '../../core/model';
import type { HostFactsState } from './state';

const FIRST_CLIENT_BUILD_WITH_INSTANCE_PATH = 22000; // Windows 11 21H2
const FIRST_SERVER_BUILD_WITH_INSTANCE_PATH = 20348; // Windows Server 2022
const FIRST_BUILD_WITH_LIVE_MIGRATION = 26100; // Windows 11 24H2 / Server 2025

export function isWindows10Generation(host: HostFactsState): boolean {
  const first = host.productType === 'Server' ? FIRST_SERVER_BUILD_WITH_INSTANCE_PATH : FIRST_CLIENT_BUILD_WITH_INSTANCE_PATH;
  return host.osBuild < first;
}

export function inventoryCmdlet(host: HostFactsState): InventoryCmdlet | null {
  if (!host.hyperVModule) return null;
  return isWindows10Generation(host) ? 'Get-VMPartitionableGpu' : 'Get-VMHostPartitionableGpu';
}

export function supportsInstancePath(host: HostFactsState): boolean {
  return host.hyperVModule && !isWindows10Generation(host);
}

export function reportsLiveMigration(host: HostFactsState): boolean {
  return host.osBuild >= FIRST_BUILD_WITH_LIVE_MIGRATION;
}
