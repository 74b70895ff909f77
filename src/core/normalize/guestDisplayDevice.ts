/**
 * A guest display device as the extension shows it, declared once: the normaliser builds it, the
 * panel's model extends it. A file of its own, zod only, so the panel's page bundles no more.
 */
import { z } from 'zod/v4';

/** A display device as the extension shows it; the panel's model adds how it reads (panelModel.ts). */
export const guestDisplayDevice = z.object({
  name: z.string(),
  pnpDeviceId: z.string(),
  /** 'OK', 'Error', 'Degraded', 'Unknown' as Win32_PnPEntity.Status says. */
  status: z.string(),
  /** ConfigManagerErrorCode; 0 = working. */
  problemCode: z.number().int(),
  problemText: z.string(),
  present: z.boolean(),
  service: z.string().nullable(),
  /** The Microsoft Virtual Render device GPU-PV gives the guest (PCI\VEN_1414&DEV_008E). */
  virtualRender: z.boolean(),
  driverProvider: z.string().nullable(),
  driverVersion: z.string().nullable(),
  infName: z.string().nullable(),
});
export type GuestDisplayDevice = Readonly<z.output<typeof guestDisplayDevice>>;
