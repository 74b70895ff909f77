/**
 * Get-GuestDisplayDevices as our module runs it over PowerShell Direct: the VM must run and the
 * credential must be the guest's. It answers the guest's Win32_PnPEntity display devices (derived
 * from the VM's configuration by the model: code 43 for a too small high MMIO space, write-combining
 * off or a missing/different driver copy), their Win32_PnPSignedDriver records, and the package
 * folders of the guest's HostDriverStore (the simulated VM disk).
 */
import { existsSync, readdirSync } from 'node:fs';
import { ensureGuestDisk } from '../disks/guestCopies';
import { hostDriverListing, type HostDriverListing } from '../disks/hostDriverFiles';
import { guestHostDriverStoreDir } from '../disks/layout';
import type { GuestDriverStore } from '../hyperv/guestDisplay';
import type { HyperVModel, ModelResult } from '../hyperv/model';
import type { GpuState } from '../hyperv/state';
import * as texts from '../hyperv/texts';
import { boundText, GUEST_LIMITS } from '../../core/normalize/guestLimits';
import { PsPipeline, PsPropertyList, type PsObject, type PsValue } from '../output/psValue';
import { Interruption, type SyncContext } from './syncOperations';

/** What the guest's disk holds, as seen from the host. */
export interface GuestDisks extends GuestDriverStore {
  /** Package folder names under the guest's HostDriverStore\FileRepository. */
  packages(vmId: string): string[];
  /** The GPU's driver files on host C: (generated on first use), as Get-DriverPackages reads them. */
  hostDriver(gpu: GpuState): HostDriverListing;
  /** The state directory and the call's fault budget, for the driver-sync operations. */
  readonly sync: SyncContext;
}

/** A simulated host without disks: nothing copied into any guest, no driver file on the host to measure. */
export const NO_GUEST_DISKS: GuestDisks = {
  compare: () => 'missing',
  packages: () => [],
  hostDriver: (gpu) => hostDriverListing(null, gpu),
  sync: { dir: null, interruption: new Interruption(null) },
};

export function diskGuestDisks(dir: string, store: GuestDriverStore, interruption: Interruption = new Interruption(null)): GuestDisks {
  return {
    sync: { dir, interruption },
    compare: (vmId, driverPackage) => store.compare(vmId, driverPackage),
    hostDriver: (gpu) => hostDriverListing(dir, gpu),
    packages: (vmId) => {
      ensureGuestDisk(dir, vmId);
      const folder = guestHostDriverStoreDir(dir, vmId);
      if (!existsSync(folder)) return [];
      return readdirSync(folder, { withFileTypes: true })
        .filter((e) => e.isDirectory())
        .map((e) => e.name)
        .sort();
    },
  };
}

const INF_OF_SERVICE: Record<string, string> = { VirtualRender: 'vrd.inf', HyperVideo: 'wvmbusvideo.inf' };

export function getGuestDisplayDevices(
  model: HyperVModel,
  disks: GuestDisks,
  args: { readonly VMId: string; readonly Credential: { readonly UserName: string; readonly Password: string } },
): ModelResult<PsValue> {
  const vm = model.findVm(args.VMId);
  if (!vm) return { ok: false, error: texts.vmNotFoundById(args.VMId) };
  const result = model.guestDisplayDevices(vm.vmId, { user: args.Credential.UserName, password: args.Credential.Password }, disks);
  if (!result.ok) return result;
  const build = vm.guest?.osBuild ?? 26100;
  const derived = result.value.map((d): PsObject => ({ ...d, HardwareID: new PsPropertyList(d.HardwareID) }));
  const derivedDrivers = result.value.map((d): PsObject => ({
    DeviceID: d.PNPDeviceID.toUpperCase(),
    DriverProviderName: INF_OF_SERVICE[d.Service] ? 'Microsoft' : d.Name.split(' ')[0]!,
    DriverVersion: INF_OF_SERVICE[d.Service] ? `10.0.${build}.1` : null,
    InfName: INF_OF_SERVICE[d.Service] ?? 'oem1.inf',
  }));
  const planted = vm.guest?.plantedDevices ?? [];
  const plantedId = (i: number): string => `PCI\\VEN_1AF4&DEV_1050\\PLANTED${i}`;
  const devices = [
    ...derived,
    ...planted.map((p, i): PsObject => ({
      Name: p.name,
      PNPDeviceID: plantedId(i),
      PNPClass: 'Display',
      Status: 'OK',
      ConfigManagerErrorCode: 0,
    })),
  ];
  const drivers = [
    ...derivedDrivers,
    ...planted.map((p, i): PsObject => ({
      DeviceID: plantedId(i),
      DriverProviderName: p.driverProvider,
      DriverVersion: p.driverVersion,
      InfName: p.infName,
    })),
  ];
  // As the module does before it answers: what the guest said, bounded in count and length.
  return {
    ok: true,
    value: {
      Devices: new PsPipeline(devices.slice(0, GUEST_LIMITS.devices).map(boundStrings)),
      Drivers: new PsPipeline(drivers.slice(0, GUEST_LIMITS.devices).map(boundStrings)),
      DriverStore: new PsPipeline(
        disks
          .packages(vm.vmId)
          .slice(0, GUEST_LIMITS.storeNames)
          .map((name) => boundText(name, GUEST_LIMITS.text)),
      ),
    },
  };
}

function boundStrings(record: PsObject): PsObject {
  return Object.fromEntries(
    Object.entries(record).map(([key, value]) => [key, typeof value === 'string' ? boundText(value, GUEST_LIMITS.text) : value]),
  );
}
