/**
 * What a GPU's instance path says about it. Hyper-V names a partitionable GPU by its device
 * interface path, e.g. `\\?\PCI#VEN_10DE&DEV_2504&SUBSYS_...&REV_A1#4&1c5d7d4&0&0009#{064092b3-...}\GPUPARAV`.
 */
import type { GpuPartitioningKind, PartitionableGpu } from './model';

const PCI_VENDORS: Record<string, string> = {
  '10DE': 'NVIDIA',
  '1002': 'AMD',
  '1022': 'AMD',
  '8086': 'Intel',
  '1414': 'Microsoft',
  '5143': 'Qualcomm',
};

/**
 * A device interface path, `\\?\<enumerator>#<device>#<instance>#{<interface class GUID>}`, and what
 * follows the GUID (the reference string, if any).
 */
const INTERFACE_PATH = /^\\\\\?\\[^#\\]+#[^#\\]+#[^#\\]+#\{[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\}(\\.*)?$/i;

/**
 * GPU-PV paravirtualised devices carry the `\GPUPARAV` reference string after the device interface
 * GUID; SR-IOV GPU-P devices end at the GUID. A path with another reference string (a partitioning
 * Windows may add) or in no device-interface form at all is `unknown`: neither told that its numbers
 * are placeholders nor that they are enforced.
 */
export function partitioningKind(instancePath: string): GpuPartitioningKind {
  const tail = INTERFACE_PATH.exec(instancePath);
  if (!tail) return 'unknown';
  if (tail[1] === undefined) return 'sr-iov';
  return tail[1].toUpperCase() === '\\GPUPARAV' ? 'gpu-pv' : 'unknown';
}

/** Why a GPU's partitioning kind is unknown, for its tooltip and the panel. */
export function unknownPartitioningText(instancePath: string): string {
  const tail = INTERFACE_PATH.exec(instancePath)?.[1];
  const form = tail ? `ends in ${tail}` : 'is not a device interface path (\\\\?\\PCI#…#{GUID})';
  return `Partitioning kind unknown: the instance path ${form}, which neither GPU-PV (\\GPUPARAV) nor SR-IOV (no suffix) uses. The numbers are shown as the host reports them; whether the device enforces them is not known.`;
}

/** How the partitioning kind reads in a list: "GPU-PV", "SR-IOV GPU-P", "partitioning unknown". */
export function partitioningLabel(kind: GpuPartitioningKind): string {
  if (kind === 'gpu-pv') return 'GPU-PV';
  return kind === 'sr-iov' ? 'SR-IOV GPU-P' : 'partitioning unknown';
}

/**
 * The PnP device ID (`PCI\VEN_..&DEV_..\4&1C5D7D4&0&0009`, upper case as Win32_PnPSignedDriver
 * prints it) that the instance path points to, or null when the path has another form.
 */
export function deviceIdFromInstancePath(instancePath: string): string | null {
  const match = /^\\\\\?\\([^#]+)#([^#]+)#([^#]+)#\{[0-9a-f-]+\}/i.exec(instancePath);
  if (!match) return null;
  return `${match[1]}\\${match[2]}\\${match[3]}`.toUpperCase();
}

export function vendorFromInstancePath(instancePath: string): string | null {
  const match = /VEN_([0-9A-F]{4})/i.exec(instancePath);
  return match ? (PCI_VENDORS[match[1]!.toUpperCase()] ?? null) : null;
}

/** A short label for a GPU whose friendly name could not be resolved: vendor and device id. */
export function fallbackGpuLabel(instancePath: string): string {
  const device = /DEV_([0-9A-F]{4})/i.exec(instancePath)?.[1];
  const vendor = vendorFromInstancePath(instancePath) ?? 'GPU';
  return device ? `${vendor} device ${device.toUpperCase()}` : vendor;
}

/** The name a GPU is shown by: its friendly name, or what its instance path says. */
export function gpuName(gpu: Pick<PartitionableGpu, 'friendlyName' | 'instancePath'>): string {
  return gpu.friendlyName ?? fallbackGpuLabel(gpu.instancePath);
}
