/**
 * Get-CimInstance of the WMI classes the module reads on the host, from the simulated host's model
 * and its driver files: the OS caption, the GPUs' signed-driver records, the driver's files
 * (Win32_PnPSignedDriverCIMDataFile), its kernel service (Win32_PnPEntity -> Win32_SystemDriver).
 * The filters the module sends (DeviceID, Antecedent, Name) are applied as WMI applies them.
 */
import { deviceIdFromInstancePath } from '../../core/gpuIdentity';
import { hostDriverListing } from '../disks/hostDriverFiles';
import type { HyperVModel } from '../hyperv/model';
import type { GpuState } from '../hyperv/state';
import type { HyperVError } from '../hyperv/texts';
import { projectSignedDriver } from '../output/project';
import type { PsObject } from '../output/psValue';
import type { CmdletAnswer, CmdletContext, CmdletParameters } from './cmdletAnswers';

const INVALID_CLASS: HyperVError = {
  id: 'hyperv-error',
  message: 'Invalid class ',
  category: 'MetadataError',
  fullyQualifiedErrorId: 'HRESULT 0x80041010,Microsoft.Management.Infrastructure.CimCmdlets.GetCimInstanceCommand',
};

/** The value of `Property='...'` in a WQL filter, its backslash escapes undone; null when the filter names none. */
function filterValue(filter: string | undefined, property: string): string | null {
  const match = new RegExp(`${property}\\s*=\\s*'((?:[^'\\\\]|\\\\.)*)'`, 'i').exec(filter ?? '');
  return match ? match[1]!.replace(/\\(.)/g, '$1') : null;
}

/** The DeviceID of an object path `\\HOST\ROOT\cimv2:Win32_PnPSignedDriver.DeviceID="..."` (its escapes undone). */
function objectPathDeviceId(objectPath: string | null): string | null {
  const match = /DeviceID="((?:[^"\\]|\\.)*)"/i.exec(objectPath ?? '');
  return match ? match[1]!.replace(/\\(.)/g, '$1') : null;
}

function gpusWithDeviceId(model: HyperVModel, deviceId: string | null): { gpu: GpuState; index: number }[] {
  return model.state.gpus
    .map((gpu, index) => ({ gpu, index }))
    .filter(({ gpu }) => deviceId === null || deviceIdFromInstancePath(gpu.instancePath)?.toLowerCase() === deviceId.toLowerCase());
}

function dataFiles(model: HyperVModel, context: CmdletContext, filter: string | undefined): PsObject[] {
  const deviceId = objectPathDeviceId(filterValue(filter, 'Antecedent'));
  if (deviceId === null) return [];
  return gpusWithDeviceId(model, deviceId).flatMap(({ gpu }) =>
    hostDriverListing(context.dir, gpu, 'disk').files.map((name): PsObject => ({ Antecedent: null, Dependent: { Name: name } })),
  );
}

function entities(model: HyperVModel, context: CmdletContext, filter: string | undefined): PsObject[] {
  return gpusWithDeviceId(model, filterValue(filter, 'DeviceID')).map(({ gpu }) => ({
    DeviceID: deviceIdFromInstancePath(gpu.instancePath),
    Service: hostDriverListing(context.dir, gpu, 'disk').service.name,
  }));
}

function systemDrivers(model: HyperVModel, context: CmdletContext, filter: string | undefined): PsObject[] {
  const name = filterValue(filter, 'Name')?.toLowerCase();
  return model.state.gpus
    .map((gpu) => hostDriverListing(context.dir, gpu, 'disk').service)
    .filter((service) => name === undefined || service.name.toLowerCase() === name)
    .map((service) => ({ Name: service.name, PathName: service.pathName }));
}

export function getCimInstance(model: HyperVModel, parameters: CmdletParameters, context: CmdletContext): CmdletAnswer {
  const className = typeof parameters.ClassName === 'string' ? parameters.ClassName.toLowerCase() : '';
  const filter = typeof parameters.Filter === 'string' ? parameters.Filter : undefined;
  switch (className) {
    case 'win32_operatingsystem':
      return { output: [{ Caption: model.state.host.osCaption }] };
    case 'win32_pnpsigneddriver': {
      const deviceId = filterValue(filter, 'DeviceID');
      return { output: gpusWithDeviceId(model, deviceId).map(({ gpu, index }) => projectSignedDriver(gpu, index)) };
    }
    case 'win32_pnpsigneddrivercimdatafile':
      return { output: dataFiles(model, context, filter) };
    case 'win32_pnpentity':
      return { output: entities(model, context, filter) };
    case 'win32_systemdriver':
      return { output: systemDrivers(model, context, filter) };
    default:
      return { output: [], error: INVALID_CLASS };
  }
}
