/**
 * A driver sync into one VM over a host client: finds the driver of each GPU the VM uses
 * (Get-DriverPackages), then lets the core's runner drive the host's sync operations for the chosen
 * target: the VM's disk mounted on the host (VM off) or the running guest over PowerShell Direct.
 */
import { ok, type Result } from '../core/errors';
import type { PartitionableGpu, VirtualMachine } from '../core/model';
import { gpusOfVm } from '../core/drivers/sync/drift';
import type { DriverSyncPort } from '../core/drivers/sync/driverSyncPort';
import type { GpuDriver } from '../core/drivers/sync/hostSnapshot';
import { runDriverSync, type DriverSyncOutcome, type DriverSyncRequest } from '../core/drivers/sync/runDriverSync';
import type { HostClient } from './hostClient';
import { withoutCredential, type GuestTarget } from './protocol';

/** A copy call gets the normal timeout plus time for its bytes at a slow disk's (or guest link's) speed. */
const SLOW_BYTES_PER_SECOND = 10 * 1024 * 1024;
const BASE_TIMEOUT_MS = 60_000;

export function driverSyncPort(client: HostClient, target: GuestTarget): DriverSyncPort {
  // Online, the credential opens the guest session; every later call uses that session.
  const opened = withoutCredential(target);
  return {
    fileList: async (folders, files) => client.invoke('Get-DriverFileList', { Folders: [...folders], Files: [...files] }, BASE_TIMEOUT_MS),
    open: async (looseFiles) =>
      client.invoke('Open-GuestDriverStore', { Target: target, LooseFiles: [...looseFiles] }, BASE_TIMEOUT_MS * 2),
    copy: async (files, bytes) => {
      const timeout = BASE_TIMEOUT_MS + Math.ceil((Number(bytes) / SLOW_BYTES_PER_SECOND) * 1000);
      const result = await client.invoke(
        'Copy-DriverFilesToGuest',
        { Target: opened, Files: files.map((f) => ({ Source: f.Source, Destination: f.Destination })) },
        timeout,
      );
      return result.ok ? ok(result.value.Files) : result;
    },
    run: async (steps) => {
      const result = await client.invoke(
        'Invoke-GuestFileOperations',
        { Target: opened, Steps: [...steps] },
        BASE_TIMEOUT_MS + steps.length * 50,
      );
      return result.ok ? ok(result.value.Done) : result;
    },
    close: async () => {
      const result = await client.invoke('Close-GuestDriverStore', { Target: opened }, BASE_TIMEOUT_MS);
      return result.ok ? ok(result.value.Dismounted) : result;
    },
    record: async (record) => {
      const result = await client.invoke('Set-DriverSyncRecord', { VMId: target.VMId, Record: JSON.stringify(record) });
      return result.ok ? ok(null) : result;
    },
  };
}

export type SyncOptions = Omit<DriverSyncRequest, 'mode' | 'drivers'>;

/** Discovers the drivers of the VM's GPUs, then syncs them into the target. */
export async function syncVmDriver(
  client: HostClient,
  vm: VirtualMachine,
  gpus: readonly PartitionableGpu[],
  target: GuestTarget,
  options: SyncOptions = {},
  port: DriverSyncPort = driverSyncPort(client, target),
): Promise<Result<DriverSyncOutcome>> {
  const drivers: GpuDriver[] = [];
  for (const gpu of gpusOfVm(vm, gpus)) {
    const discovery = await client.driverPackages(gpu.instancePath);
    if (!discovery.ok) return discovery;
    drivers.push({ instancePath: gpu.instancePath, discovery: discovery.value });
  }
  return runDriverSync(port, { ...options, mode: target.Mode, drivers });
}
