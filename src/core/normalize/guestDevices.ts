/**
 * The guest's display devices as Device Manager shows them: Win32_PnPEntity (PNPClass 'Display')
 * read inside the guest over PowerShell Direct, joined with the guest's Win32_PnPSignedDriver
 * records (provider, version, inf) when the module could read them, plus the package folder names
 * under the guest's Windows\System32\HostDriverStore\FileRepository.
 */
import { z } from 'zod/v4';
import { entriesOf, type InvalidEntry } from './entries';
import { bool, listOf, optionalText, smallInt } from './fields';
import { GUEST_LIMITS } from './guestLimits';
import type { GuestDisplayDevice } from './guestDisplayDevice';

export type { GuestDisplayDevice } from './guestDisplayDevice';

// Every string here is the guest's to choose (a guest administrator can rename a device): bounded.
const text = z.string().max(GUEST_LIMITS.text);
const optionalGuestText = optionalText(GUEST_LIMITS.text);

export const rawGuestPnpEntity = z.object({
  Name: optionalGuestText,
  PNPDeviceID: text,
  PNPClass: optionalGuestText.optional(),
  Status: optionalGuestText.optional(),
  ConfigManagerErrorCode: smallInt.nullish(),
  Present: bool.nullish(),
  Service: optionalGuestText.optional(),
  HardwareID: listOf(text, GUEST_LIMITS.listItems).optional(),
});

export const rawGuestSignedDriver = z.object({
  DeviceID: text,
  DriverProviderName: optionalGuestText.optional(),
  DriverVersion: optionalGuestText.optional(),
  InfName: optionalGuestText.optional(),
});

/** Devices and driver records read entry by entry: one odd device still leaves the others to diagnose. */
export const rawGuestDisplay = z.object({
  Devices: entriesOf(rawGuestPnpEntity, 'guest-device', GUEST_LIMITS.devices),
  Drivers: entriesOf(rawGuestSignedDriver, 'guest-driver', GUEST_LIMITS.devices),
  DriverStore: listOf(text, GUEST_LIMITS.storeNames).optional(),
});
export type RawGuestDisplay = z.output<typeof rawGuestDisplay>;

export interface GuestDisplay {
  readonly devices: readonly GuestDisplayDevice[];
  /** Package folder names in the guest's HostDriverStore\FileRepository. */
  readonly driverStore: readonly string[];
  /** Devices and driver records the guest listed that could not be read. */
  readonly invalid: readonly InvalidEntry[];
}

/** Device Manager's texts for the problem codes a GPU can show (CM_PROB_*). */
const PROBLEM_TEXTS: Readonly<Record<number, string>> = {
  0: 'This device is working properly.',
  1: 'This device is not configured correctly. (Code 1)',
  3: 'The driver for this device might be corrupted, or your system may be running low on memory or other resources. (Code 3)',
  10: 'This device cannot start. (Code 10)',
  12: 'This device cannot find enough free resources that it can use. (Code 12)',
  18: 'Reinstall the drivers for this device. (Code 18)',
  22: 'This device is disabled. (Code 22)',
  24: 'This device is not present, is not working properly, or does not have all its drivers installed. (Code 24)',
  28: 'The drivers for this device are not installed. (Code 28)',
  31: 'This device is not working properly because Windows cannot load the drivers required for this device. (Code 31)',
  39: 'Windows cannot load the device driver for this hardware. The driver may be corrupted or missing. (Code 39)',
  43: 'Windows has stopped this device because it has reported problems. (Code 43)',
  45: 'Currently, this hardware device is not connected to the computer. (Code 45)',
  52: 'Windows cannot verify the digital signature for the drivers required for this device. (Code 52)',
};

export function problemText(code: number): string {
  return PROBLEM_TEXTS[code] ?? `The device reports problem code ${code}.`;
}

/**
 * The device GPU-PV gives the guest: PCI\VEN_1414&DEV_008E (Microsoft's vendor id), driven by the
 * inbox vrd.inf whose service is VirtualRender. Its name is the host GPU's, so it is never told by
 * name; a device bound to VirtualRender under another id counts too.
 */
const VIRTUAL_RENDER = /^PCI\\VEN_1414&DEV_008E(?=[&\\]|$)/i;

export function normalizeGuestDisplay(raw: RawGuestDisplay): GuestDisplay {
  const drivers = new Map(raw.Drivers.ok.map((d) => [d.DeviceID.toUpperCase(), d]));
  const devices = raw.Devices.ok.map((d): GuestDisplayDevice => {
    const code = d.ConfigManagerErrorCode ?? 0;
    const driver = drivers.get(d.PNPDeviceID.toUpperCase());
    return {
      name: d.Name ?? d.PNPDeviceID,
      pnpDeviceId: d.PNPDeviceID,
      status: d.Status ?? (code === 0 ? 'OK' : 'Error'),
      problemCode: code,
      problemText: problemText(code),
      present: d.Present ?? true,
      service: d.Service ?? null,
      virtualRender: VIRTUAL_RENDER.test(d.PNPDeviceID) || (d.Service ?? '').toLowerCase() === 'virtualrender',
      driverProvider: driver?.DriverProviderName ?? null,
      driverVersion: driver?.DriverVersion ?? null,
      infName: driver?.InfName ?? null,
    };
  });
  return { devices, driverStore: raw.DriverStore ?? [], invalid: [...raw.Devices.invalid, ...raw.Drivers.invalid] };
}
