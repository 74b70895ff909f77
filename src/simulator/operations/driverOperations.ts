/**
 * Get-DriverPackages as our module runs it, answered from the simulated host's real files: the GPU's
 * Win32_PnPSignedDriver record (the inventory's projection), the lower-case CIM_DataFile names of its
 * files, the kernel service's Win32_SystemDriver record, and each package folder and loose file as
 * measured on host C: (generated there on first use). Like the module it needs no Hyper-V.
 */
import { deviceIdFromInstancePath } from '../../core/gpuIdentity';
import type { HyperVModel, ModelResult } from '../hyperv/model';
import * as texts from '../hyperv/texts';
import { projectSignedDriver } from '../output/project';
import { PsPipeline, type PsObject, type PsValue } from '../output/psValue';
import type { GuestDisks } from './guestOperations';

const DRIVER_PROPERTIES = [
  'DeviceID',
  'DeviceName',
  'DriverVersion',
  'DriverDate',
  'DriverProviderName',
  'InfName',
  'Manufacturer',
] as const;

export function getDriverPackages(model: HyperVModel, disks: GuestDisks, args: { readonly InstancePath: string }): ModelResult<PsValue> {
  const deviceId = deviceIdFromInstancePath(args.InstancePath);
  if (deviceId === null) return { ok: false, error: texts.instancePathNotPci(args.InstancePath) };
  // WMI compares the DeviceID ignoring case; the instance path's reference string does not matter.
  const index = model.state.gpus.findIndex((gpu) => deviceIdFromInstancePath(gpu.instancePath) === deviceId);
  const gpu = model.state.gpus[index];
  if (!gpu) return { ok: false, error: texts.noSignedDriver(args.InstancePath) };

  const record = projectSignedDriver(gpu, index);
  const driver: Record<string, PsValue> = {};
  for (const name of DRIVER_PROPERTIES) driver[name] = record[name] ?? null;
  const listing = disks.hostDriver(gpu);
  const value: PsObject = {
    Driver: driver,
    Service: { Name: listing.service.name, PathName: listing.service.pathName },
    Files: new PsPipeline(listing.files),
    Packages: new PsPipeline(listing.packages.map((p) => ({ Path: p.path, FileCount: p.fileCount, TotalBytes: p.totalBytes }))),
    LooseFiles: new PsPipeline(listing.looseFiles.map((f) => ({ Path: f.path, Length: f.length }))),
  };
  return { ok: true, value };
}
